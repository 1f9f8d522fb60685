using System.Diagnostics;
using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

public sealed class GuardrailTests
{
    private static void CompleteGraph(IGraphDatabase db, int n) =>
        db.Run("UNWIND range(1, $n) AS i CREATE (:N {i: i}) WITH count(*) AS c " +
               "MATCH (a:N), (b:N) WHERE a.i < b.i CREATE (a)-[:R]->(b)", new { n });

    [Fact]
    public async Task A_quantified_path_pattern_repeated_five_thousand_times_along_a_chain_answers_without_exhausting_the_stack()
    {
        await using var db = Db.Open(new EmbeddedDatabaseOptions { QueryTimeout = TimeSpan.FromSeconds(60) });
        db.Run("CREATE INDEX n_i IF NOT EXISTS FOR (n:N) ON (n.i)");
        db.Run("UNWIND range(0, 10000) AS i CREATE (:N {i: i})");
        db.Run("MATCH (a:N) WHERE a.i < 10000 MATCH (b:N {i: a.i + 1}) CREATE (a)-[:NEXT]->(b)");

        // Each iteration takes two relationships: 5,000 iterations deep from the head of the chain.
        var longest = db.Scalar("MATCH (a:N {i: 0}) (()-[:NEXT]->()-[:NEXT]->())+ (b) RETURN max(b.i)");
        Assert.Equal(10000L, longest);
    }

    [Fact]
    public async Task Unbounded_expansion_ends_with_a_clear_error_instead_of_hanging()
    {
        await using var db = Db.Open(new EmbeddedDatabaseOptions { QueryTimeout = TimeSpan.FromSeconds(2) });
        CompleteGraph(db, 12);
        var watch = Stopwatch.StartNew();
        var error = db.Fails("MATCH p = (a)-[*]-(b) RETURN count(p)");
        Assert.Contains(error.Code, new[] { GraphErrorCodes.TransactionTimedOut, GraphErrorCodes.ResultTooLarge });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Statement_over_the_timeout_is_terminated_with_transaction_timed_out()
    {
        await using var db = Db.Open(new EmbeddedDatabaseOptions { QueryTimeout = TimeSpan.FromMilliseconds(200) });
        CompleteGraph(db, 30);
        var error = db.Fails("MATCH (a), (b), (c), (d), (e), (f) RETURN count(*)");
        Assert.Equal(GraphErrorCodes.TransactionTimedOut, error.Code);
    }

    [Fact]
    public async Task Cancelled_caller_terminates_the_statement()
    {
        await using var db = Db.Open();
        CompleteGraph(db, 10);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var error = await Assert.ThrowsAsync<GraphException>(() =>
            db.ExecuteAsync(new CypherQuery("MATCH (a), (b) RETURN count(*)"), cts.Token));
        Assert.Equal(GraphErrorCodes.Terminated, error.Code);
    }

    [Fact]
    public async Task Result_over_the_row_cap_fails_with_a_clear_error()
    {
        await using var db = Db.Open(new EmbeddedDatabaseOptions { MaxResultRows = 10 });
        var error = db.Fails("UNWIND range(1, 11) AS x RETURN x");
        Assert.Equal(GraphErrorCodes.ResultTooLarge, error.Code);
        Assert.Contains("10", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, db.Run("UNWIND range(1, 10) AS x RETURN x").Values.Count);
    }

    [Theory]
    [InlineData("CREATE (:X)")]
    [InlineData("MATCH (n) SET n.x = 1")]
    [InlineData("MATCH (n) DETACH DELETE n")]
    [InlineData("MERGE (:X)")]
    [InlineData("CREATE CONSTRAINT c FOR (n:X) REQUIRE n.k IS UNIQUE")]
    public async Task Read_mode_refuses_every_write_and_changes_nothing(string statement)
    {
        await using var db = Db.Open();
        db.Run("CREATE (:Keep {x: 0})");
        var error = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(CypherQuery.Read(statement)));
        Assert.Equal(GraphErrorCodes.AccessMode, error.Code);
        Assert.Equal(0L, db.Scalar("MATCH (n:Keep) RETURN n.x"));
        Assert.Equal(1L, db.Scalar("MATCH (n) RETURN count(n)"));
    }

    [Fact]
    public async Task Read_only_database_refuses_writes_but_answers_reads()
    {
        await using var db = Db.Open(new EmbeddedDatabaseOptions { ReadOnly = true });
        Assert.Equal(GraphErrorCodes.AccessMode, db.Fails("CREATE ()").Code);
        Assert.Equal(0L, db.Scalar("MATCH (n) RETURN count(n)"));
    }

    [Fact]
    public async Task A_failing_statement_leaves_nothing_half_written()
    {
        await using var db = Db.Open();
        var error = db.Fails("UNWIND [1, 2, 0] AS x CREATE (:N {v: 10 / x})");
        Assert.Equal(GraphErrorCodes.ArithmeticError, error.Code);
        Assert.Equal(0L, db.Scalar("MATCH (n) RETURN count(n)"));
    }

    [Fact]
    public async Task Deleting_a_node_with_relationships_fails_and_keeps_it()
    {
        await using var db = Db.Open();
        db.Run("CREATE (:A)-[:R]->(:B)");
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, db.Fails("MATCH (a:A) DELETE a").Code);
        Assert.Equal(2L, db.Scalar("MATCH (n) RETURN count(n)"));
        var detached = db.Run("MATCH (a:A) DETACH DELETE a");
        Assert.Equal(1, detached.Counters.NodesDeleted);
        Assert.Equal(1, detached.Counters.RelationshipsDeleted);
    }

    [Fact]
    public async Task Reading_a_deleted_node_is_entity_not_found()
    {
        await using var db = Db.Open();
        db.Run("CREATE (:A {x: 1})");
        Assert.Equal(GraphErrorCodes.EntityNotFound, db.Fails("MATCH (a:A) DELETE a RETURN a.x").Code);
    }
}
