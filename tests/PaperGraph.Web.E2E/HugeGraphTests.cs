using System.Diagnostics;
using Microsoft.Playwright;
using PaperGraph.Graph;
using Xunit.Abstractions;

namespace PaperGraph.Web.E2E;

/// <summary>A generated graph of 50,000 papers in 20 sections and 250,000 prerequisite edges, each from an earlier
/// paper (so it is a DAG), most within the previous 3,000 papers; written through the seam in batches.</summary>
public sealed class HugeGraphServer : BrowserServer
{
    public const int Papers = 50_000;
    public const int Edges = 250_000;
    protected override bool SeedFromGraphSeed => false;

    /// <summary>Writing 250,000 edges takes minutes on the loaded machine: no statement timeout while filling it.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?> { ["Storage:QueryTimeoutSeconds"] = "600" };

    /// <summary>How long writing the graph took (printed by the test).</summary>
    public TimeSpan Loading { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var clock = Stopwatch.StartNew();
        var random = new Random(50_000);
        // The key constraint gives MATCH (:Paper {key: …}) an index (the seed import makes it too); without it each
        // edge scanned every paper.
        await Database.ExecuteAsync(new CypherQuery("CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (p:Paper) REQUIRE p.key IS UNIQUE"));
        await Database.ExecuteAsync(new CypherQuery("UNWIND range(1, 20) AS i CREATE (:Section {key: 'g' + toString(i), title: 'Generated section ' + toString(i), order: i})"));
        for (var start = 0; start < Papers; start += 10_000)
        {
            var batch = Enumerable.Range(start, Math.Min(10_000, Papers - start)).Select(i => (object?)new Dictionary<string, object?>
            {
                ["key"] = $"p{i}", ["title"] = $"Generated paper {i} on topic {i % 97}", ["year"] = 1980 + i * 45 / Papers, ["section"] = $"g{1 + i * 20 / Papers}",
            }).ToList();
            await Database.ExecuteAsync(new CypherQuery(
                "UNWIND $batch AS b MATCH (s:Section {key: b.section}) CREATE (p:Paper {key: b.key, title: b.title, year: b.year})-[:IN_SECTION]->(s)",
                new Dictionary<string, object?> { ["batch"] = batch }));
        }
        var pairs = new HashSet<(int, int)>();
        for (var i = 1; pairs.Count < Edges; i = i % (Papers - 1) + 1)
        {
            var from = random.Next(Math.Max(0, i - 3_000), i);
            pairs.Add((from, i));
        }
        var edges = pairs.OrderBy(p => p.Item1).ThenBy(p => p.Item2).Select(p => (object?)new object?[] { $"p{p.Item1}", $"p{p.Item2}" }).ToList();
        for (var start = 0; start < edges.Count; start += 10_000)
        {
            await Database.ExecuteAsync(new CypherQuery(
                "UNWIND $edges AS e MATCH (a:Paper {key: e[0]}) MATCH (b:Paper {key: e[1]}) CREATE (a)-[:PREREQUISITE_OF {reason: 'generated'}]->(b)",
                new Dictionary<string, object?> { ["edges"] = edges.Skip(start).Take(10_000).ToList() }));
            Console.WriteLine($"HugeGraphServer: {start + 10_000:N0} edges written after {clock.Elapsed.TotalSeconds:N0} s");
        }
        Loading = clock.Elapsed;
    }
}

/// <summary>
/// 50,000 papers and 250,000 edges, all drawn (WebGL) and usable: pan and zoom frame times with real mouse input,
/// opening a paper, and a search. The bounds are for the shared, loaded 2-core machine; the printed figures are the
/// point (the README has them, quiet and loaded). Re-run with
/// <c>dotnet test tests/PaperGraph.Web.E2E --filter HugeGraphTests --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class HugeGraphTests(HugeGraphServer server, ITestOutputHelper output) : IClassFixture<HugeGraphServer>
{
    /// <summary>The graph's drawings since the last call (the page's 'graph drawn' measures), then forgets them.</summary>
    internal static Task<string> DrawingsAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          const d = performance.getEntriesByName('graph drawn').map(e => e.duration);
          performance.clearMeasures('graph drawn');
          return d.length ? `${d.length} drawings of the graph: ${d.map(x => Math.round(x)).join(' ')} ms` : 'no drawing of the graph';
        }
        """);

    /// <summary>How many pixels the marked edges cover (the WebGL view draws them on their own 2D canvas), after
    /// the next frame.</summary>
    internal static Task<int> MarkedEdgePixelsAsync(IPage page) => page.EvaluateAsync<int>("""
        async () => {
          await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
          const canvas = document.querySelector('canvas.sigma-marks');
          if (!canvas || !canvas.width) return 0;
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let n = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
          return n;
        }
        """);

    [Fact]
    public async Task A_50000_paper_graph_is_all_drawn_and_pans_zooms_opens_and_searches_in_time()
    {
        output.WriteLine($"writing {HugeGraphServer.Papers:N0} papers and {HugeGraphServer.Edges:N0} edges took {server.Loading.TotalSeconds:N1} s");
        using (var client = server.Client())
        {
            var api = Stopwatch.StartNew();
            var body = await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative));
            output.WriteLine($"GET /api/graph (first, read through the seam): {api.ElapsedMilliseconds} ms, {body.Length:N0} bytes");
            api.Restart();
            await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative));
            output.WriteLine($"GET /api/graph (cached): {api.ElapsedMilliseconds} ms");
        }
        var page = await server.NewPageAsync(1280, 800);
        page.Console += (_, m) => output.WriteLine($"console: {m.Text}");
        page.SetDefaultTimeout(120_000);
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached, Timeout = 180_000 });
        var drawn = await page.EvaluateAsync<int>("() => window.paperGraph.nodeCount()");
        var ready = await page.EvaluateAsync<double>("() => window.paperGraph.readyMs");
        output.WriteLine($"50,000 papers: {drawn:N0} drawn ({await page.EvaluateAsync<string>("() => window.paperGraph.renderer()")}), painted {ready:N0} ms after navigation; " +
            $"in the page: {await page.EvaluateAsync<string>("() => JSON.stringify(window.paperGraph.timings, (k, v) => typeof v === 'number' ? Math.round(v) : v)")}");
        Assert.Equal(HugeGraphServer.Papers, drawn);
        Assert.Equal("webgl", await page.EvaluateAsync<string>("() => window.paperGraph.renderer()"));
        Assert.Contains("50,000 papers · 250,000 prerequisites", await page.InnerTextAsync("#graph-status"));

        // The whole graph in view: every paper on screen while the mouse pans and zooms.
        await FrameProbe.StartAsync(page);
        await FrameProbe.PanAndZoomAsync(page, "#graph");
        var whole = await FrameProbe.StopAsync(page);
        output.WriteLine($"pan/zoom with the mouse, whole graph in view: {whole}; {await DrawingsAsync(page)}");

        // Opening a paper: its panel (an API call), its neighbours marked, the view moved to them, painted. Measured
        // from a page at rest: the probe's last drawing (after the gesture's rest) is done first.
        await page.WaitForTimeoutAsync(1_000);
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        output.WriteLine($"before opening: {await DrawingsAsync(page)}");
        // PAPERGRAPH_TRACE=/tmp/open.json saves a Chromium trace of the opening (chrome://tracing, Perfetto).
        var trace = Environment.GetEnvironmentVariable("PAPERGRAPH_TRACE");
        var tracing = trace is null ? null : await ChromiumTrace.StartAsync(page);
        var open = await page.EvaluateAsync<double>("""
            async () => {
              const started = performance.now();
              location.hash = '#/paper/p25000';
              while (!document.querySelector('#paper-title')) await new Promise(r => setTimeout(r, 2));
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              return performance.now() - started;
            }
            """);
        if (tracing is not null) await tracing.StopAsync(trace!);
        output.WriteLine($"opening a paper (panel, highlight, zoom) took {open:N0} ms until painted; {await DrawingsAsync(page)}");
        Assert.Equal("p25000", await page.EvaluateAsync<string>("() => window.paperGraph.current()"));
        StringAssert.StartsWith("Generated paper 25000", await page.InnerTextAsync("#paper-title"));
        // Its prerequisites and unlocks are drawn (the other edges are left out while a paper is open).
        var marked = await MarkedEdgePixelsAsync(page);
        output.WriteLine($"the paper's edges cover {marked:N0} pixels");
        Assert.True(marked > 100, $"the open paper's edges cover {marked} pixels");

        await FrameProbe.StartAsync(page);
        await FrameProbe.PanAndZoomAsync(page, "#graph");
        var near = await FrameProbe.StopAsync(page);
        output.WriteLine($"pan/zoom with the mouse around that paper: {near}; {await DrawingsAsync(page)}");

        // Search: from the last keystroke to the list of matches on screen (the box waits for a pause in typing first).
        var search = page.GetByRole(AriaRole.Combobox, new() { Name = "Search papers" });
        var searched = new List<double>();
        foreach (var text in new[] { "paper 4242", "topic 17", "generated 3999" })
        {
            await search.FillAsync("");
            searched.Add(await page.EvaluateAsync<double>("""
                async text => {
                  const input = document.querySelector('#search-input');
                  const list = document.querySelector('#search-results');
                  const before = list.innerHTML;
                  input.value = text;
                  const started = performance.now();
                  input.dispatchEvent(new Event('input', { bubbles: true }));
                  while (list.hidden || list.innerHTML === before || !list.querySelector('[role=option]')) await new Promise(r => setTimeout(r, 1));
                  await new Promise(r => requestAnimationFrame(r));
                  return performance.now() - started;
                }
                """, text));
        }
        output.WriteLine($"search, keystroke to matches shown: {string.Join(", ", searched.Select(s => $"{s:N0} ms"))}");
        using (var client = server.Client())
        {
            var times = new List<long>();
            foreach (var q in new[] { "paper 4242", "topic 17", "generated 3999", "gen paper", "xyzzy" })
            {
                var clock = Stopwatch.StartNew();
                await client.GetStringAsync(new Uri($"/api/search?q={Uri.EscapeDataString(q)}", UriKind.Relative));
                times.Add(clock.ElapsedMilliseconds);
            }
            output.WriteLine($"GET /api/search over 50,000 papers: {string.Join(", ", times.Select(t => $"{t} ms"))}");
        }

        // Guards against a hang, not the goals: the machine is shared (2 cores, no GPU: software WebGL), so the bounds
        // are ten times the goals or more. At load average 24-30 a run measured opening 183 ms, search 60-124 ms,
        // frames p95 33.3-33.4 ms (goals: opening <= 300 ms, search <= 100 ms, p95 <= 33 ms); README has the figures.
        Assert.True(whole.Frames >= 20, whole.ToString());
        Assert.True(whole.P95 < 1_000, whole.ToString());
        Assert.True(near.P95 < 1_000, near.ToString());
        Assert.True(open < 5_000, $"opening a paper took {open:N0} ms");
        Assert.True(searched.Max() < 2_000, string.Join(", ", searched));
    }
}
