using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using PaperGraph.Graph;
using Xunit.Abstractions;

namespace PaperGraph.Web.E2E;

/// <summary>A generated graph of 5,000 papers in 12 sections, each with up to three prerequisites among earlier papers.</summary>
public sealed class LargeGraphServer : BrowserServer
{
    public const int Papers = 5_000;
    protected override bool SeedFromGraphSeed => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var random = new Random(5000);
        await Database.ExecuteAsync(new CypherQuery("UNWIND range(1, 12) AS i CREATE (:Section {key: 'g' + toString(i), title: 'Generated section ' + toString(i), order: i})"));
        for (var start = 0; start < Papers; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, Papers - start)).Select(i => (object?)new Dictionary<string, object?>
            {
                ["key"] = $"p{i}", ["title"] = $"Generated paper {i}", ["year"] = 1990 + i * 35 / Papers, ["section"] = $"g{1 + i * 12 / Papers}",
            }).ToList();
            await Database.ExecuteAsync(new CypherQuery(
                "UNWIND $batch AS b MATCH (s:Section {key: b.section}) CREATE (p:Paper {key: b.key, title: b.title, year: b.year})-[:IN_SECTION]->(s)",
                new Dictionary<string, object?> { ["batch"] = batch }));
        }
        var edges = new List<object?>();
        for (var i = 1; i < Papers; i++)
            for (var k = random.Next(0, 4); k > 0; k--)
                edges.Add(new object?[] { $"p{random.Next(Math.Max(0, i - 300), i)}", $"p{i}" });
        for (var start = 0; start < edges.Count; start += 2000)
            await Database.ExecuteAsync(new CypherQuery(
                "UNWIND $edges AS e MATCH (a:Paper {key: e[0]}), (b:Paper {key: e[1]}) MERGE (a)-[:PREREQUISITE_OF {reason: 'generated'}]->(b)",
                new Dictionary<string, object?> { ["edges"] = edges.Skip(start).Take(2000).ToList() }));
    }
}

public sealed class LargeGraphTests(LargeGraphServer server, ITestOutputHelper output) : IClassFixture<LargeGraphServer>
{
    [Fact]
    public async Task A_5000_paper_graph_draws_its_first_papers_says_how_many_and_stays_responsive()
    {
        Assert.Equal(LargeGraphServer.Papers, await server.PaperCountAsync());
        using (var client = server.Client())
        {
            var api = Stopwatch.StartNew();
            var body = await client.GetStringAsync(new Uri("/api/graph?limit=3000", UriKind.Relative));
            output.WriteLine($"GET /api/graph?limit=3000: {api.ElapsedMilliseconds} ms, {body.Length:N0} bytes (cached afterwards until the next commit)");
        }
        var page = await server.NewPageAsync(1280, 800);
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        clock.Stop();
        var drawn = await page.EvaluateAsync<int>("() => window.paperGraph.nodeCount()");
        output.WriteLine($"in the page: fetch + model + layout + draw took {await page.EvaluateAsync<double>("() => window.paperGraph.drawnMs"):N0} ms");
        var status = await page.InnerTextAsync("#graph-status");
        output.WriteLine($"5,000 papers: {drawn} drawn {clock.ElapsedMilliseconds} ms after navigation; status: {status}");
        Assert.Contains($"of {LargeGraphServer.Papers:N0} papers", status);
        Assert.True(drawn < LargeGraphServer.Papers);

        // A scripted pan and zoom, timing every animation frame while it runs.
        var frames = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const cy = window.paperGraph.cy;
              const times = [];
              let last = performance.now();
              let running = true;
              const tick = now => { times.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
              requestAnimationFrame(tick);
              for (let i = 0; i < 60; i++) {
                cy.panBy({ x: i % 20 < 10 ? 25 : -25, y: 12 });
                if (i % 3 === 0) cy.zoom({ level: cy.zoom() * (i < 30 ? 1.08 : 0.92), renderedPosition: { x: 640, y: 360 } });
                await new Promise(r => requestAnimationFrame(r));
              }
              running = false;
              times.sort((a, b) => a - b);
              const p = q => times[Math.min(times.length - 1, Math.floor(q * times.length))];
              return { count: times.length, median: p(0.5), p95: p(0.95), max: times[times.length - 1] };
            }
            """);
        output.WriteLine($"pan/zoom frames: {frames}");
        Assert.True(frames.GetProperty("count").GetInt32() >= 60);
        Assert.True(frames.GetProperty("median").GetDouble() < 250, $"median frame {frames.GetProperty("median")} ms");
    }
}
