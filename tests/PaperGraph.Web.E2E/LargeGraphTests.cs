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

/// <summary>
/// The 5,000-paper figures: time from navigation to a painted graph, and frame times during a scripted pan and zoom
/// with real mouse input. Re-run by hand with
/// <c>dotnet test tests/PaperGraph.Web.E2E --filter LargeGraphTests --logger "console;verbosity=detailed"</c>
/// (PAPERGRAPH_BENCH_QUERY=?cap=1500 draws another number of papers; PAPERGRAPH_PROFILE=/tmp/p.json saves a V8
/// CPU profile of the run). The bounds are generous (a shared, loaded machine); the printed figures are the point.
/// </summary>
public sealed class LargeGraphTests(LargeGraphServer server, ITestOutputHelper output) : IClassFixture<LargeGraphServer>
{
    [Fact]
    public async Task A_5000_paper_graph_draws_every_paper_with_WebGL_and_pans_and_zooms_without_stalls()
    {
        Assert.Equal(LargeGraphServer.Papers, await server.PaperCountAsync());
        using (var client = server.Client())
        {
            var api = Stopwatch.StartNew();
            var body = await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative));
            output.WriteLine($"GET /api/graph: {api.ElapsedMilliseconds} ms, {body.Length:N0} bytes (cached afterwards until the next commit)");
        }
        var page = await server.NewPageAsync(1280, 800);
        var profile = Environment.GetEnvironmentVariable("PAPERGRAPH_PROFILE");
        ICDPSession? cdp = null;
        if (profile is not null)
        {
            cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Profiler.enable");
            await cdp.SendAsync("Profiler.start");
        }
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/" + Environment.GetEnvironmentVariable("PAPERGRAPH_BENCH_QUERY"));
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        clock.Stop();
        var drawn = await page.EvaluateAsync<int>("() => window.paperGraph.nodeCount()");
        var sinceNavigation = await page.EvaluateAsync<double>("() => window.paperGraph.readyMs");
        output.WriteLine($"in the page: {await page.EvaluateAsync<string>("() => JSON.stringify(window.paperGraph.timings, (k, v) => typeof v === 'number' ? Math.round(v) : v)")}");
        var status = await page.InnerTextAsync("#graph-status");
        output.WriteLine($"5,000 papers: {drawn} drawn ({await page.EvaluateAsync<string>("() => window.paperGraph.renderer()")}) and painted {sinceNavigation:N0} ms after navigation (page clock; {clock.ElapsedMilliseconds} ms by the test's); status: {status}");
        Assert.Equal($"{LargeGraphServer.Papers:N0} papers · {await EdgeCountAsync()} prerequisites".Replace(",", "", StringComparison.Ordinal), status.Replace(",", "", StringComparison.Ordinal));
        Assert.Equal(LargeGraphServer.Papers, drawn);
        Assert.Equal("webgl", await page.EvaluateAsync<string>("() => window.paperGraph.renderer()"));
        // 1.0-1.5 s quiet; the bound leaves room for a loaded shared machine.
        Assert.True(sinceNavigation < 10_000, $"drawn {sinceNavigation:N0} ms after navigation");
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotTests.Folder, "large-graph.png") });

        page.Console += (_, m) => output.WriteLine("console: " + m.Text);
        // Opening a paper highlights it and its neighbours among 3,000 drawn papers and zooms to them.
        var open = await page.EvaluateAsync<double>("""
            async () => {
              const started = performance.now();
              location.hash = '#/paper/p1500';
              while (!document.querySelector('#paper-title')) await new Promise(r => setTimeout(r, 5));
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              return performance.now() - started;
            }
            """);
        output.WriteLine($"opening a paper (panel, highlight, zoom) took {open:N0} ms until painted");
        Assert.True(open < 3_000, $"opening a paper took {open:N0} ms");
        Assert.True(await page.EvaluateAsync<bool>("() => window.paperGraph.current() === 'p1500'"));
        Assert.True(await HugeGraphTests.MarkedEdgePixelsAsync(page) > 100, "the open paper's prerequisites and unlocks are drawn");
        await FrameProbe.StartAsync(page);
        await FrameProbe.PanAndZoomAsync(page, "#graph");
        var near = await FrameProbe.StopAsync(page);
        output.WriteLine($"pan/zoom with the mouse around that paper: {near}");

        // The whole graph in view: the hardest case, every drawn paper on screen.
        await page.EvaluateAsync("() => { location.hash = '#/'; }");
        await page.WaitForSelectorAsync(".welcome");
        Assert.Equal(0, await HugeGraphTests.MarkedEdgePixelsAsync(page)); // closed: no edge marked, all drawn again
        await page.ClickAsync("#fit-button");
        await FrameProbe.StartAsync(page);
        await FrameProbe.PanAndZoomAsync(page, "#graph");
        var frames = await FrameProbe.StopAsync(page);
        output.WriteLine($"pan/zoom with the mouse, whole graph in view: {frames}");
        if (cdp is not null)
        {
            var result = await cdp.SendAsync("Profiler.stop");
            await File.WriteAllTextAsync(profile!, result!.Value.GetProperty("profile").GetRawText());
        }
        // Software WebGL (no GPU here) on a loaded machine: p95 183-267 ms at load average 24-32; the bounds leave room.
        Assert.True(near.P95 < 500 && near.Max < 5_000, near.ToString());
        Assert.True(frames.Frames >= 30, frames.ToString());
        Assert.True(frames.P50 < 100, frames.ToString());
        Assert.True(frames.P95 < 500, frames.ToString());
        Assert.True(frames.Max < 5_000, frames.ToString());
    }

    private async Task<int> EdgeCountAsync()
    {
        using var client = server.Client();
        var graph = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative))).RootElement;
        return graph.GetProperty("edges").GetArrayLength();
    }
}
