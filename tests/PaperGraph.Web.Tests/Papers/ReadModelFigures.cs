using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Infrastructure;
using Xunit.Abstractions;

namespace PaperGraph.Web.Tests.Papers;

/// <summary>
/// The README's read-model figure: on a generated graph (PAPERGRAPH_READMODEL_PAPERS papers, default 5,000, with
/// twice as many edges), how long the explorer's next read takes after one committed edge when the change is
/// applied, against reading the whole graph again. Only the outcome is asserted; the times are reported.
/// </summary>
public sealed class ReadModelFigures(ITestOutputHelper output)
{
    [Fact]
    public async Task After_one_edge_the_next_read_applies_it_and_the_times_are_reported()
    {
        var papers = int.TryParse(Environment.GetEnvironmentVariable("PAPERGRAPH_READMODEL_PAPERS"), out var n) && n is >= 100 and <= 50_000 ? n : 5_000;
        // The generated graph is written in three big statements: give them time on a busy machine.
        await using var server = new PaperGraphServer(new PaperGraphServerOptions
        {
            Settings = new Dictionary<string, string?> { ["Storage:QueryTimeoutSeconds"] = "300" },
        });
        var db = server.Database;
        await db.ExecuteAsync(new CypherQuery("UNWIND range(0, 19) AS s CREATE (:Section {key: 's' + s, title: 'Section ' + s, order: s})"));
        await db.ExecuteAsync(new CypherQuery("""
            UNWIND range(0, $n - 1) AS i
            MATCH (s:Section {key: 's' + (i % 20)})
            CREATE (p:Paper {key: 'p' + i, title: 'Paper ' + i, year: 1990 + i % 35})-[:IN_SECTION]->(s)
            """, new Dictionary<string, object?> { ["n"] = (long)papers }));
        // Edges from a lower number to a higher one: a DAG, two per paper.
        await db.ExecuteAsync(new CypherQuery("""
            UNWIND range(1, $n - 1) AS i
            UNWIND [i / 2, i - 1] AS j
            WITH DISTINCT i, j
            MATCH (a:Paper {key: 'p' + j})
            MATCH (b:Paper {key: 'p' + i})
            CREATE (a)-[:PREREQUISITE_OF {reason: 'generated', curator: 'bench'}]->(b)
            """, new Dictionary<string, object?> { ["n"] = (long)papers }));

        var reader = server.Services.GetRequiredService<PaperGraphReader>();
        var withoutFeed = new ReadModelTests.WithoutFeed(db);
        var fresh = new PaperGraphReader(withoutFeed,
            new GraphChangeFeeds(new ServiceCollection().AddSingleton<IGraphDatabase>(withoutFeed).BuildServiceProvider()), NullLogger<PaperGraphReader>.Instance);
        await reader.ReadAsync(CancellationToken.None);
        var fullReads = reader.FullReads;

        var applied = new List<double>();
        var reread = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            await db.ExecuteAsync(new CypherQuery(
                $"MATCH (a:Paper {{key: 'p{round}'}}), (b:Paper {{key: 'p{papers - 1 - round}'}}) CREATE (a)-[:PREREQUISITE_OF {{reason: 'round {round}', curator: 'bench'}}]->(b)"));
            var clock = Stopwatch.StartNew();
            var model = await reader.ReadAsync(CancellationToken.None);
            applied.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Contains(model.UnlocksOf($"p{round}"), e => e.To == $"p{papers - 1 - round}");

            clock.Restart();
            var whole = await fresh.ReadAsync(CancellationToken.None);
            reread.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Equal(whole.Edges.Count, model.Edges.Count);
        }
        Assert.Equal(fullReads, reader.FullReads);
        applied.Sort();
        reread.Sort();
        output.WriteLine($"{papers} papers, {await CountAsync(db)} edges: next read after one edge, applied: median {applied[2]:0.0} ms; " +
            $"whole graph read again: median {reread[2]:0.0} ms (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }

    /// <summary>
    /// The same graph on the Neo4j backend (a PaperGraph serving the Query API in Neo4j's place): after a curated
    /// removal, how long <c>GET /api/papers/{key}</c> takes before the read model is projected again (answered by
    /// Cypher), the projection of the whole model (the change is already applied), the same GET from the projected
    /// model, the paper's statement alone, and reading the whole graph again (what every removal cost before removals
    /// were itemised). Only the outcome is asserted.
    /// </summary>
    [Fact]
    public async Task On_the_Neo4j_backend_a_paper_after_a_removal_is_answered_without_projecting_the_whole_model_and_the_times_are_reported()
    {
        var papers = int.TryParse(Environment.GetEnvironmentVariable("PAPERGRAPH_READMODEL_PAPERS"), out var n) && n is >= 100 and <= 50_000 ? n : 5_000;
        await using var store = new PaperGraphServer(new PaperGraphServerOptions
        {
            Settings = new Dictionary<string, string?> { ["Storage:QueryTimeoutSeconds"] = "300" },
        });
        await GenerateAsync(store.Database, papers);
        await using var app = new PaperGraphServer(new PaperGraphServerOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "Neo4j",
                ["Neo4j:Uri"] = store.Address.ToString(),
                ["Neo4j:User"] = PaperGraphServer.AdminUser,
                ["Neo4j:Password"] = PaperGraphServer.AdminPassword,
            },
        });
        var reader = app.Services.GetRequiredService<PaperGraphReader>();
        var withoutFeed = new ReadModelTests.WithoutFeed(app.Database);
        using var fresh = new PaperGraphReader(withoutFeed,
            new GraphChangeFeeds(new ServiceCollection().AddSingleton<IGraphDatabase>(withoutFeed).BuildServiceProvider()), NullLogger<PaperGraphReader>.Instance);
        using var curator = app.Admin();
        using var visitor = app.Anonymous();
        await reader.ReadAsync(CancellationToken.None);
        var fullReads = reader.FullReads;

        var (first, projection, again, cypher, whole) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < 5; round++)
        {
            // Generated edges run p(i/2) -> p(i) and p(i-1) -> p(i); remove one in the middle of the graph.
            var (from, to) = ($"p{papers / 2 + round - 1}", $"p{papers / 2 + round}");
            var removed = await curator.DeleteAsync(new Uri($"/api/curation/edges/{from}/{to}", UriKind.Relative));
            Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());

            var clock = Stopwatch.StartNew();
            var detail = await visitor.GetStringAsync(new Uri($"/api/papers/{to}", UriKind.Relative));
            first.Add(clock.Elapsed.TotalMilliseconds);
            Assert.DoesNotContain($"\"key\":\"{from}\"", detail, StringComparison.Ordinal);
            clock.Restart();
            await reader.ReadAsync(CancellationToken.None);
            projection.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await visitor.GetStringAsync(new Uri($"/api/papers/{to}", UriKind.Relative));
            again.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            var one = await app.Database.ExecuteAsync(CypherQuery.Read(PaperNeighbourhood.Query, new Dictionary<string, object?> { ["key"] = to }));
            cypher.Add(clock.Elapsed.TotalMilliseconds);
            Assert.Single(one.Values);

            clock.Restart();
            await fresh.ReadAsync(CancellationToken.None);
            whole.Add(clock.Elapsed.TotalMilliseconds);
        }
        Assert.Equal(fullReads, reader.FullReads);
        foreach (var list in new[] { first, projection, again, cypher, whole }) list.Sort();
        output.WriteLine($"Neo4j backend, {papers} papers, {await CountAsync(store.Database)} edges, after a curated removal: " +
            $"GET /api/papers/{{key}} before the model is projected (by Cypher): median {first[2]:0.0} ms; projecting the model: median {projection[2]:0.0} ms; " +
            $"GET /api/papers/{{key}} from the projected model: median {again[2]:0.0} ms; the paper's statement alone: median {cypher[2]:0.0} ms; " +
            $"the whole graph read again: median {whole[2]:0.0} ms " +
            $"(load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }

    private static async Task GenerateAsync(IGraphDatabase db, int papers)
    {
        await db.ExecuteAsync(new CypherQuery("UNWIND range(0, 19) AS s CREATE (:Section {key: 's' + s, title: 'Section ' + s, order: s})"));
        await db.ExecuteAsync(new CypherQuery("""
            UNWIND range(0, $n - 1) AS i
            MATCH (s:Section {key: 's' + (i % 20)})
            CREATE (p:Paper {key: 'p' + i, title: 'Paper ' + i, year: 1990 + i % 35})-[:IN_SECTION]->(s)
            """, new Dictionary<string, object?> { ["n"] = (long)papers }));
        await db.ExecuteAsync(new CypherQuery("""
            UNWIND range(1, $n - 1) AS i
            UNWIND [i / 2, i - 1] AS j
            WITH DISTINCT i, j
            MATCH (a:Paper {key: 'p' + j})
            MATCH (b:Paper {key: 'p' + i})
            CREATE (a)-[:PREREQUISITE_OF {reason: 'generated', curator: 'bench'}]->(b)
            """, new Dictionary<string, object?> { ["n"] = (long)papers }));
    }

    private static async Task<long> CountAsync(IGraphDatabase db) =>
        (long)(await db.ExecuteAsync(new CypherQuery("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)"))).Values[0][0]!;
}
