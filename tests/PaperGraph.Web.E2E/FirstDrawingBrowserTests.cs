using System.Text.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>The home page's first drawing: the seed map painted from the HTML before any of the app's JavaScript,
/// legible, in the reader's theme, and replaced by the Cytoscape drawing without anything moving.</summary>
public sealed class FirstDrawingBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private const string PaperBoxes = """
        () => Object.fromEntries([...document.querySelectorAll('#first-drawing [data-key]')].map(g => {
          const r = g.querySelector('rect').getBoundingClientRect();
          return [g.dataset.key, [r.x + r.width / 2, r.y + r.height / 2, r.width, r.height, getComputedStyle(g.querySelector('rect')).fill]];
        }))
        """;

    private const string CytoscapeBoxes = """
        () => {
          const cy = window.paperGraph.cy, box = cy.container().getBoundingClientRect();
          return Object.fromEntries(cy.nodes('[kind = "paper"]').map(n => {
            const b = n.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
            return [n.id(), [box.x + (b.x1 + b.x2) / 2, box.y + (b.y1 + b.y2) / 2, b.w, b.h, n.data('color')]];
          }));
        }
        """;

    private static string Rgb(string hex) =>
        $"rgb({Convert.ToInt32(hex[1..3], 16)}, {Convert.ToInt32(hex[3..5], 16)}, {Convert.ToInt32(hex[5..7], 16)})";

    [Fact]
    public async Task Without_any_script_the_home_page_shows_every_seed_paper_with_legible_labels()
    {
        var total = await server.PaperCountAsync();
        var page = await server.NewPageAsync();
        await page.RouteAsync("**/assets/*.js", route => route.AbortAsync());
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-painted='true']", new() { State = WaitForSelectorState.Attached });

        Assert.Equal(total, await page.Locator("#first-drawing [data-key]").CountAsync());
        foreach (var key in new[] { "word2vec", "bert", "gpt-2", "lora" })
            Assert.Equal(1, await page.Locator($"#first-drawing [data-key='{key}']").CountAsync());
        // Labels are 13 px in the map's units: at the start zoom they are at least 11 px on screen.
        var scale = await page.EvaluateAsync<double>("() => document.getElementById('first-drawing').getScreenCTM().a");
        Assert.True(scale * 13 >= 11 - 1e-6, $"labels drawn at {scale * 13:F1} px");
        // Some papers are inside the window, with their labels.
        var inView = await page.EvaluateAsync<int>("""
            () => [...document.querySelectorAll('#first-drawing [data-key] rect')].filter(r => {
              const b = r.getBoundingClientRect(), g = document.getElementById('graph').getBoundingClientRect();
              return b.left >= g.left && b.right <= g.right && b.top >= g.top && b.bottom <= g.bottom;
            }).length
            """);
        Assert.True(inView >= 10, $"{inView} papers in view");
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#first-drawing [data-key='lora'] text").First.TextContentAsync()));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Cytoscape_takes_over_the_drawing_in_the_dark_theme_without_moving_or_recolouring_a_paper()
    {
        var page = await server.NewPageAsync(scheme: ColorScheme.Dark);
        // The app's script is held back a moment, so the server's picture can be read before it is replaced.
        await page.RouteAsync("**/assets/index-*.js", async route => { await Task.Delay(4000); await route.ContinueAsync(); });
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-painted='true']", new() { State = WaitForSelectorState.Attached });
        var before = JsonSerializer.Deserialize<Dictionary<string, JsonElement[]>>(await page.EvaluateAsync<string>($"() => JSON.stringify(({PaperBoxes})())"))!;
        Assert.True(before.Count > 0, await page.EvaluateAsync<string>("() => JSON.stringify({ dataset: document.body.dataset, svg: !!document.getElementById('first-drawing'), app: !!window.paperGraph, w: document.getElementById('graph').clientWidth, h: document.getElementById('graph').clientHeight })"));
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        var after = JsonSerializer.Deserialize<Dictionary<string, JsonElement[]>>(await page.EvaluateAsync<string>($"() => JSON.stringify(({CytoscapeBoxes})())"))!;

        Assert.Equal(0, await page.Locator("#first-drawing").CountAsync());
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, b) in before)
        {
            var a = after[key];
            for (var i = 0; i < 4; i++)
                Assert.True(Math.Abs(b[i].GetDouble() - a[i].GetDouble()) <= 2, $"{key}: [{string.Join(", ", b.Take(4))}] drawn again at [{string.Join(", ", a.Take(4))}]");
            Assert.Equal(Rgb(a[4].GetString()!), b[4].GetString());
        }
        Assert.Contains(before.Values, v => v[4].GetString() == "rgb(147, 197, 253)"); // the first section's dark colour
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_server_lays_the_seed_out_as_the_client_would()
    {
        // '?layout=client': a page with a query string has no server drawing, so the client lays the graph out itself.
        var positions = new List<Dictionary<string, double[]>>();
        foreach (var address in new[] { "/", "/?layout=client" })
        {
            var page = await server.NewPageAsync();
            await page.GotoAsync(address);
            await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
            positions.Add(JsonSerializer.Deserialize<Dictionary<string, double[]>>(await page.EvaluateAsync<string>(
                "() => JSON.stringify(Object.fromEntries(window.paperGraph.cy.nodes('[kind = \"paper\"]').map(n => [n.id(), [n.position().x, n.position().y]])))"))!);
            await page.Context.CloseAsync();
        }
        var (server0, client0) = (positions[0], positions[1]);
        Assert.Equal(server0.Keys.Order(StringComparer.Ordinal), client0.Keys.Order(StringComparer.Ordinal));
        // Same columns (ranks), and the same order inside each column.
        static Dictionary<string, int> Columns(Dictionary<string, double[]> p)
        {
            var xs = p.Values.Select(v => Math.Round(v[0], 1)).Distinct().Order().ToList();
            return p.ToDictionary(kv => kv.Key, kv => xs.IndexOf(Math.Round(kv.Value[0], 1)));
        }
        var (cs, cc) = (Columns(server0), Columns(client0));
        Assert.All(server0.Keys, k => Assert.True(cs[k] == cc[k], $"{k}: column {cs[k]} on the server, {cc[k]} in the client"));
        foreach (var column in server0.Keys.GroupBy(k => cs[k]))
        {
            var byServer = column.OrderBy(k => server0[k][1]).ToList();
            var byClient = column.OrderBy(k => client0[k][1]).ToList();
            Assert.Equal(byClient, byServer);
        }
    }

    [Fact]
    public async Task A_deep_link_never_shows_the_home_drawing()
    {
        var page = await server.NewPageAsync();
        await page.RouteAsync("**/assets/*.js", route => route.AbortAsync());
        await page.GotoAsync("/#/paper/lora");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        Assert.Equal(0, await page.Locator("#first-drawing").CountAsync());
        await page.Context.CloseAsync();
    }
}
