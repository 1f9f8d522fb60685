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

    private static async Task<long> CountAsync(IGraphDatabase db) =>
        (long)(await db.ExecuteAsync(new CypherQuery("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)"))).Values[0][0]!;
}
