using PaperGraph.Embedded;
using PaperGraph.Graph.Contract.Tests.Neo4jHttp;

namespace PaperGraph.Graph.Contract.Tests;

/// <summary>
/// The rules of prerequisite edges hold for raw Cypher on every backend, race-free: the embedded database checks in
/// its one write transaction before commit; the Neo4j backend takes the curation lock (the ChangeLog node) and checks
/// before commit.
/// </summary>
public abstract class CurationRulesContract : IAsyncLifetime
{
    protected IGraphDatabase Db { get; private set; } = null!;

    protected abstract IGraphDatabase Open();

    public Task InitializeAsync()
    {
        Db = Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();

    private Task<QueryResult> RunAsync(string text, IReadOnlyDictionary<string, object?>? parameters = null, string? actor = null) =>
        Db.ExecuteAsync(new CypherQuery(text, parameters) { Actor = actor });

    private const string AddEdge = """
        MATCH (a:Paper {key: $from}), (b:Paper {key: $to})
        CREATE (a)-[:PREREQUISITE_OF {reason: $reason, curator: $curator}]->(b)
        """;

    private static Dictionary<string, object?> Edge(string from, string to, string reason = "because") =>
        new(StringComparer.Ordinal) { ["from"] = from, ["to"] = to, ["reason"] = reason, ["curator"] = "test" };

    private async Task ChainAsync()
    {
        await RunAsync("UNWIND ['word2vec', 'bert', 'gpt-2', 'lora'] AS k CREATE (:Paper {key: k})");
        await RunAsync(AddEdge, Edge("word2vec", "bert"));
        await RunAsync(AddEdge, Edge("bert", "gpt-2"));
        await RunAsync(AddEdge, Edge("gpt-2", "lora"));
    }

    [SkippableFact]
    public async Task A_cypher_write_closing_a_cycle_is_rolled_back_with_ConstraintValidationFailed_naming_the_cycle()
    {
        await ChainAsync();
        var error = await Assert.ThrowsAsync<GraphException>(() => RunAsync(AddEdge, Edge("lora", "word2vec")));
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        // The keys in order (the Neo4j backend, checking the whole graph, may start the cycle elsewhere).
        foreach (var step in new[] { "lora -> word2vec", "word2vec -> bert", "bert -> gpt-2", "gpt-2 -> lora" })
            Assert.Contains(step, error.Message);
        var count = await RunAsync("MATCH (:Paper)-[r:PREREQUISITE_OF]->(:Paper) RETURN count(r)");
        Assert.Equal(3L, count.Values[0][0]);
    }

    [SkippableTheory]
    [InlineData("MATCH (a:Paper {key: 'bert'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'r'}]->(a)")]
    [InlineData("MATCH (a:Paper {key: 'bert'}), (b:Paper {key: 'lora'}) CREATE (a)-[:PREREQUISITE_OF {reason: ' '}]->(b)")]
    [InlineData("MATCH (a:Paper {key: 'bert'}), (b:Paper {key: 'lora'}) CREATE (a)-[:PREREQUISITE_OF]->(b)")]
    [InlineData("MATCH (a:Paper {key: 'bert'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'r'}]->(:Note)")]
    public async Task Self_loops_blank_reasons_and_edges_to_non_papers_are_refused(string statement)
    {
        await ChainAsync();
        var error = await Assert.ThrowsAsync<GraphException>(() => RunAsync(statement));
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        var count = await RunAsync("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)");
        Assert.Equal(3L, count.Values[0][0]);
    }

    [SkippableFact]
    public async Task A_curated_write_is_recorded_in_history_with_its_actor()
    {
        await ChainAsync();
        await RunAsync(AddEdge, Edge("word2vec", "lora", "vectors"), actor: "cli");
        var last = await RunAsync("MATCH (c:Change) RETURN c.curator, c.action ORDER BY c.seq DESC LIMIT 1");
        Assert.Equal("cli", last.Values[0][0]);
        Assert.Contains(last.Values[0][1] as string, new[] { "add-edge", "cypher" });
    }

    /// <summary>Two curators write opposite edges x→y and y→x for many pairs at once: one of each pair wins.</summary>
    [SkippableFact]
    public async Task Opposite_edges_written_in_parallel_leave_no_cycle_and_every_refusal_is_a_constraint_error()
    {
        const int pairs = 20;
        await RunAsync("UNWIND range(0, $n - 1) AS i CREATE (:Paper {key: 'x' + toString(i)}), (:Paper {key: 'y' + toString(i)})",
            new Dictionary<string, object?> { ["n"] = (long)pairs });
        var writes = Enumerable.Range(0, pairs).SelectMany(i => new[]
        {
            (From: $"x{i}", To: $"y{i}", Actor: "ann"),
            (From: $"y{i}", To: $"x{i}", Actor: "bob"),
        }).ToList();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // Eight in flight at once: over HTTP each waiting transaction holds a server thread until the writer is free.
        using var inFlight = new SemaphoreSlim(8);
        var outcomes = await Task.WhenAll(writes.Select(w => Task.Run(async () =>
        {
            await inFlight.WaitAsync(deadline.Token);
            try
            {
                await Db.ExecuteAsync(new CypherQuery(AddEdge, Edge(w.From, w.To)) { Actor = w.Actor }, deadline.Token);
                return "created";
            }
            catch (GraphException e)
            {
                return e.Code;
            }
            finally
            {
                inFlight.Release();
            }
        })));
        Assert.True(pairs == outcomes.Count(o => o == "created"), string.Join(", ", outcomes.Distinct()));
        Assert.All(outcomes.Where(o => o != "created"), o => Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, o));
        var cycles = await RunAsync("MATCH (a:Paper)-[:PREREQUISITE_OF]->(b:Paper)-[:PREREQUISITE_OF]->(a) RETURN count(*)");
        Assert.Equal(0L, cycles.Values[0][0]);
    }
}

public sealed class EmbeddedCurationRules : CurationRulesContract
{
    protected override IGraphDatabase Open() => EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions());
}

/// <summary>The rules through the Neo4j backend, against a server that does not check them itself (as Neo4j does
/// not): the backend's own lock and check are all that hold them.</summary>
public sealed class Neo4jHttpCurationRules : CurationRulesContract
{
    protected override IGraphDatabase Open() => Neo4jHttpBackend.Start(serverChecksRules: false);
}

/// <summary>The rules through the Neo4j backend against a live Neo4j (skipped without <c>NEO4J_URI</c>).</summary>
[Collection(LiveNeo4j.LiveNeo4jServer.Collection)]
public sealed class LiveNeo4jCurationRules : CurationRulesContract
{
    protected override IGraphDatabase Open() => new PaperGraph.Neo4j.CurationRulesDatabase(LiveNeo4j.LiveNeo4jServer.OpenEmpty());
}
