using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using PaperGraph.Graph;

namespace PaperGraph.Testing;

/// <summary>
/// A stand-in database for HTTP-shape tests, honouring the seam's contract (access modes, transactions, errors)
/// for a handful of statements: <c>CREATE (:Thing {name: $name})</c>, <c>MATCH (t:Thing) RETURN t.name AS name</c>,
/// <c>RETURN $a AS a, $b AS b…</c> (echo), <c>RETURN graph</c> (a node, a relationship and a path),
/// <c>FAIL code</c>, <c>EXPLAIN …</c>, <c>SLEEP</c> (waits until cancelled), and the health counts.
/// </summary>
public sealed partial class FakeGraphDatabase : IGraphDatabase
{
    private readonly Lock _lock = new();
    private readonly List<string> _things = [];

    private int _sleeping;

    /// <summary>How many <c>SLEEP</c> statements are running now.</summary>
    public int Sleeping => Volatile.Read(ref _sleeping);

    public TaskCompletionSource SleepCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource SleepStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<CypherQuery> Received { get; } = new();

    public IReadOnlyList<string> Things
    {
        get { lock (_lock) return [.. _things]; }
    }

    public static readonly GraphNode Word2Vec = new("4:pg:1", ["Paper"],
        new Dictionary<string, object?> { ["title"] = "word2vec", ["year"] = 2013L });
    public static readonly GraphNode Bert = new("4:pg:2", ["Paper"],
        new Dictionary<string, object?> { ["title"] = "BERT", ["year"] = 2018L, ["score"] = 0.5 });
    public static readonly GraphRelationship Prerequisite = new("5:pg:9", "4:pg:1", "4:pg:2", "PREREQUISITE_OF",
        new Dictionary<string, object?> { ["reason"] = "embeddings first" });

    public Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(query, null, cancellationToken);

    public Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write, CancellationToken cancellationToken = default) =>
        Task.FromResult<IGraphTransaction>(new Transaction(this, accessMode));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<QueryResult> RunAsync(CypherQuery query, Transaction? tx, CancellationToken ct)
    {
        Received.Enqueue(query);
        var text = query.Text.Trim();
        var mode = tx?.Mode == AccessMode.Read ? AccessMode.Read : query.AccessMode;
        if (text == "CREATE (:Thing {name: $name})")
        {
            if (mode == AccessMode.Read)
                throw new GraphException(GraphErrorCodes.AccessMode, "Writing in read access mode not allowed.");
            var name = (string)(query.ParametersOrEmpty.GetValueOrDefault("name") ?? throw Missing("name"));
            if (tx is not null) tx.Pending.Add(name);
            else lock (_lock) _things.Add(name);
            return new QueryResult([], [], new QueryCounters { NodesCreated = 1, LabelsAdded = 1, PropertiesSet = 1 });
        }
        if (text == "MATCH (t:Thing) RETURN t.name AS name")
        {
            List<string> names;
            lock (_lock) names = [.. _things];
            if (tx is not null) names.AddRange(tx.Pending);
            return new QueryResult(["name"], names.Select(n => (IReadOnlyList<object?>)[n]).ToList());
        }
        if (text == "MATCH (n) RETURN count(n) AS count")
        {
            lock (_lock) return new QueryResult(["count"], [[(long)_things.Count]]);
        }
        if (text == "RETURN 1")
            return new QueryResult(["1"], [[1L]]);
        if (text.StartsWith("PROFILE ", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                return new QueryResult(["name"], _things.Select(n => (IReadOnlyList<object?>)[n]).ToList())
                {
                    ProfiledQueryPlan = new GraphPlan("Project", new Dictionary<string, object?> { ["Details"] = "t.name AS name" }, ["t", "name"],
                        [new GraphPlan("NodeScan", new Dictionary<string, object?> { ["Details"] = "t:Thing" }, ["t"], [])
                            { Rows = _things.Count, DbHits = _things.Count + 1, Time = 1200 }])
                        { Rows = _things.Count, DbHits = _things.Count, Time = 300 },
                };
            }
        }
        if (text == "MATCH ()-[r]->() RETURN count(r) AS count")
            return new QueryResult(["count"], [[0L]]);
        if (text == "RETURN graph")
        {
            var path = new GraphPath([Bert, Word2Vec], [Prerequisite]);
            return new QueryResult(["n", "r", "p"], [[Bert, Prerequisite, path]]);
        }
        if (text == "SLEEP")
        {
            Interlocked.Increment(ref _sleeping);
            SleepStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                SleepCancelled.TrySetResult();
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _sleeping);
            }
        }
        if (text.StartsWith("EXPLAIN ", StringComparison.Ordinal))
            return new QueryResult(["p"], [])
            {
                Plan = "Project(Filter(NodeScan(p:Paper), p.year > 2000))",
                QueryPlan = new GraphPlan("Project", new Dictionary<string, object?>
                {
                    ["string-representation"] = "Project(Filter(NodeScan(p:Paper), p.year > 2000))",
                    ["EstimatedRows"] = 10.0,
                }, ["p"], [new GraphPlan("Filter", new Dictionary<string, object?> { ["Details"] = "p.year > 2000" }, ["p"],
                    [new GraphPlan("NodeScan", new Dictionary<string, object?> { ["Details"] = "p:Paper" }, ["p"], [])])]),
            };
        if (text.StartsWith("FAIL ", StringComparison.Ordinal))
        {
            var code = text[5..];
            if (code == "crash") throw new InvalidOperationException("secret internal detail");
            throw new GraphException(code, $"failed as asked: {code}");
        }
        var echo = EchoPattern().Match(text);
        if (echo.Success)
        {
            var names = echo.Groups["name"].Captures.Select(c => c.Value).ToList();
            var row = names.Select(n => query.ParametersOrEmpty.TryGetValue(n, out var v) ? v : throw Missing(n)).ToList();
            return new QueryResult(echo.Groups["alias"].Captures.Select(c => c.Value).ToList(), [row]);
        }
        throw new GraphException(GraphErrorCodes.SyntaxError, $"Invalid input '{text}' (line 1, column 1 (offset: 0))",
            new SourcePosition(0, 1, 1));
    }

    private static GraphException Missing(string name) =>
        new(GraphErrorCodes.ParameterMissing, $"Expected parameter(s): {name}");

    [GeneratedRegex(@"^RETURN (?:\$(?<name>\w+) AS (?<alias>\w+)(?:, )?)+$")]
    private static partial Regex EchoPattern();

    private sealed class Transaction(FakeGraphDatabase db, AccessMode mode) : IGraphTransaction
    {
        public AccessMode Mode { get; } = mode;
        public List<string> Pending { get; } = [];
        private bool _done;

        public async Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
        {
            if (_done) throw new GraphException(GraphErrorCodes.TransactionNotFound, "finished");
            try
            {
                return await db.RunAsync(query, this, cancellationToken);
            }
            catch
            {
                _done = true;
                Pending.Clear();
                throw;
            }
        }

        public Task CommitAsync(CancellationToken cancellationToken = default)
        {
            if (_done) throw new GraphException(GraphErrorCodes.TransactionNotFound, "finished");
            _done = true;
            lock (db._lock) db._things.AddRange(Pending);
            return Task.CompletedTask;
        }

        public Task RollbackAsync(CancellationToken cancellationToken = default)
        {
            _done = true;
            Pending.Clear();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _done = true;
            return ValueTask.CompletedTask;
        }
    }
}
