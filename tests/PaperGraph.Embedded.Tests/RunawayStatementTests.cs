using System.Diagnostics;
using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

/// <summary>
/// Statements written to take the process down (issue 8): values nested without end, work hidden inside one
/// expression, memory grown without bound. Each must end with a clear client error, in time, and leave the process
/// as it was.
/// </summary>
/// <remarks>Statements that could recurse run on a thread with a 512 MiB stack: should a walk over values lose its
/// bound again, the value still fits there, so the test fails on its assertion instead of killing the test host
/// with a stack overflow.</remarks>
public sealed class RunawayStatementTests
{
    private const long TestBudget = 64L * 1024 * 1024;

    private static EmbeddedGraphDatabase Open(double timeoutSeconds = 30, long memory = TestBudget) =>
        Db.Open(new EmbeddedDatabaseOptions { QueryTimeout = TimeSpan.FromSeconds(timeoutSeconds), QueryMemoryBytes = memory });

    /// <summary>Runs <paramref name="action"/> on a thread with a stack far larger than any bounded walk needs.</summary>
    private static T OnLargeStack<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 512 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result;
    }

    private static string ChainedWiths(int levels) =>
        "WITH 1 AS x " + string.Concat(Enumerable.Repeat("WITH [x] AS x ", levels)) + "RETURN x";

    public static TheoryData<string> DeepStatements => new()
    {
        "RETURN reduce(l = [], i IN range(1, 100000) | [l]) AS deep",
        "RETURN reduce(m = {}, i IN range(1, 20000) | {a: m}) AS deep",
        "WITH reduce(l = [], i IN range(1, 100000) | [l]) AS d RETURN d = d",
        "WITH reduce(l = [], i IN range(1, 100000) | [l]) AS d RETURN toString(d)",
        "UNWIND [1, 2] AS x WITH x, reduce(l = [], i IN range(1, 100000) | [l]) AS d RETURN count(DISTINCT d)",
        "UNWIND [1, 2] AS x WITH x, reduce(l = [], i IN range(1, 100000) | [l, x]) AS d RETURN x ORDER BY d",
        "RETURN reduce(m = {k: 0}, i IN range(1, 1000) | m {a: m}) AS deep",
        "RETURN reduce(l = [0], i IN range(1, 1000) | [x IN [1] | l]) AS deep",
        "RETURN reduce(l = [0], i IN range(1, 1000) | l + [l]) AS deep",
        "RETURN reduce(l = [0], i IN range(1, 1000) | COLLECT { RETURN l AS inner }) AS deep",
        "UNWIND range(1, 3) AS i WITH collect(reduce(l = [], j IN range(1, 255) | [l])) AS c RETURN collect(c)",
    };

    [Theory]
    [MemberData(nameof(DeepStatements))]
    public async Task A_value_nested_past_the_limit_is_a_clear_argument_error(string statement)
    {
        await using var db = Open();
        var error = OnLargeStack(() => db.Fails(statement));
        Assert.Equal(GraphErrorCodes.ArgumentError, error.Code);
        Assert.Contains($"more than {GraphValues.MaxDepth} levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, db.Scalar("RETURN 1"));
    }

    [Fact]
    public async Task Deep_values_made_by_a_chain_of_clauses_are_refused_too()
    {
        await using var db = Open();
        var error = OnLargeStack(() => db.Fails(ChainedWiths(GraphValues.MaxDepth + 5)));
        Assert.Equal(GraphErrorCodes.ArgumentError, error.Code);
    }

    [Fact]
    public async Task A_value_at_the_limit_is_built_compared_and_returned()
    {
        await using var db = Open();
        var statement = $"WITH reduce(l = [], i IN range(1, {GraphValues.MaxDepth - 1}) | [l]) AS d " +
                        "RETURN d = d AS same, size(toString(size(d))) AS s, d";
        var row = OnLargeStack(() => db.Run(statement)).Values[0];
        Assert.Equal(true, row[0]);
        var depth = 0;
        for (var v = row[2]; v is IReadOnlyList<object?> list; v = list.Count > 0 ? list[0] : null)
        {
            depth++;
        }

        Assert.Equal(GraphValues.MaxDepth, depth);
    }

    [Fact]
    public async Task A_parameter_nested_past_the_limit_is_a_clear_argument_error()
    {
        await using var db = Open();
        object? deep = 1L;
        for (var i = 0; i < GraphValues.MaxDepth + 10; i++)
        {
            deep = new List<object?> { deep };
        }

        var error = OnLargeStack(() => Assert.Throws<GraphException>(() =>
            db.Run("RETURN $p AS p", new Dictionary<string, object?> { ["p"] = deep })));
        Assert.Equal(GraphErrorCodes.ArgumentError, error.Code);
    }

    public static TheoryData<string> SlowStatements => new()
    {
        "RETURN reduce(a = 0, i IN range(1, 1000000000) | a + i) AS sum",
        "RETURN reduce(a = 0, i IN range(1, 2000000000) | a + i) AS sum",
        "RETURN size([x IN range(1, 2000000000) WHERE x < 0 | x]) AS none",
        "RETURN any(x IN range(1, 2000000000) WHERE x < 0) AS none",
        "RETURN range(1, 2000000000) = range(1, 2000000000) AS same",
        "UNWIND range(1, 1000000000) AS x RETURN count(x)",
        "UNWIND range(1, 1000000000) AS x RETURN count(DISTINCT x % 1000)",
        "RETURN reduce(s = '', i IN range(1, 1000000000) | s + 'x') AS text",
        "RETURN size(reduce(l = [], i IN range(1, 1000000) | l + [i])) AS n",
    };

    [Theory]
    [MemberData(nameof(SlowStatements))]
    public async Task Work_inside_an_expression_stops_within_the_timeout_plus_a_second(string statement)
    {
        await using var db = Open(timeoutSeconds: 1, memory: 1L << 40);
        var watch = Stopwatch.StartNew();
        var error = db.Fails(statement);
        watch.Stop();
        Assert.Equal(GraphErrorCodes.TransactionTimedOut, error.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{statement} took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_caller_who_goes_away_stops_a_statement_inside_an_expression()
    {
        await using var db = Open();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(
            new CypherQuery("RETURN reduce(a = 0, i IN range(1, 2000000000) | a + i) AS sum"), cts.Token));
        Assert.Equal(GraphErrorCodes.Terminated, error.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.3), $"took {watch.Elapsed}");
    }

    public static TheoryData<string> HungryStatements => new()
    {
        "UNWIND range(1, 100000000) AS x RETURN size(collect(x)) AS n",
        "UNWIND range(1, 100000000) AS x RETURN size(collect(DISTINCT x)) AS n",
        "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n",
        "RETURN size([x IN range(1, 150000000) | x]) AS n",
        "UNWIND range(1, 100000000) AS x WITH x ORDER BY -x RETURN count(*) AS n",
        "UNWIND range(1, 100000000) AS x WITH DISTINCT x RETURN count(*) AS n",
        "UNWIND range(1, 100000000) AS x WITH x % 10000000 AS k, count(*) AS c RETURN count(*) AS n",
        "RETURN range(1, 1000000000) AS big",
        "WITH reduce(s = 'x', i IN range(1, 22) | s + s) AS s RETURN size(split(s, '')) AS n",
        "WITH reduce(s = 'a', i IN range(1, 14) | s + s) AS s RETURN size(replace(s, 'a', s)) AS n",
        "UNWIND range(1, 1000) AS i RETURN [x IN range(1, 1000000) | x] AS l",
        "RETURN [i IN range(1, 1000) | [x IN range(1, 1000000) | x]] AS l",
    };

    [Theory]
    [MemberData(nameof(HungryStatements))]
    public async Task A_statement_growing_past_its_memory_budget_ends_and_gives_the_memory_back(string statement)
    {
        await using var db = Open(timeoutSeconds: 60);
        db.Run("RETURN 1");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var error = db.Fails(statement);
        watch.Stop();
        Assert.Equal(GraphErrorCodes.TransactionOutOfMemory, error.Code);
        Assert.Contains("Storage:QueryMemoryMB", error.Message, StringComparison.Ordinal);
        Assert.Null(error.PartialResult); // the rows that exhausted the budget are let go, not handed back
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 32L * 1024 * 1024, $"heap {before / 1048576} MiB before, {after / 1048576} MiB after");
    }

    public static TheoryData<string, object> StatementsWithinBudget => new()
    {
        { "UNWIND range(1, 2000000) AS i WITH [i, i] AS l RETURN count(l) AS n", 2000000L },
        { "RETURN size(reduce(acc = [], x IN range(1, 20000) | acc + [x])) AS n", 20000L },
        { "RETURN size(reduce(s = '', x IN range(1, 20000) | s + 'xy')) AS n", 40000L },
        { "RETURN size([x IN range(1, 200000) | size([y IN range(1, 50) | y])]) AS n", 200000L },
        { "UNWIND range(1, 100000) AS x WITH collect(x) AS all UNWIND all AS a WITH a ORDER BY a DESC RETURN count(*) AS n", 100000L },
        { "WITH range(1, 100000) AS r RETURN size([i IN range(1, 1000) | r]) AS n", 1000L },
    };

    [Theory]
    [MemberData(nameof(StatementsWithinBudget))]
    public async Task Garbage_and_shared_values_are_not_held_against_the_budget(string statement, object expected)
    {
        await using var db = Open();
        Assert.Equal(expected, db.Scalar(statement));
    }
}
