using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>A page applies live changes in place (no new read of the graph, nothing that did not change moves),
/// says how a change altered my open plan, and on return lists what changed since my last visit.</summary>
public sealed class LiveUpdateBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private const string PositionsScript = """
        () => Object.fromEntries(window.paperGraph.cy.nodes('[kind = "paper"]').map(n => [n.id(), [n.position().x, n.position().y]]))
        """;

    private sealed record Graph(List<string> Papers, List<(string From, string To)> Edges)
    {
        public bool Reaches(string from, string to)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { from };
            var queue = new Queue<string>([from]);
            while (queue.TryDequeue(out var at))
            {
                if (at == to) return true;
                foreach (var (a, b) in Edges)
                    if (a == at && seen.Add(b)) queue.Enqueue(b);
            }
            return false;
        }
    }

    private async Task<Graph> GraphAsync(HttpClient client)
    {
        var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative))).RootElement;
        return new Graph(
            json.GetProperty("papers").EnumerateArray().Select(p => p.GetProperty("key").GetString()!).ToList(),
            json.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!)).ToList());
    }

    private static async Task<List<string>> PlanStepsAsync(HttpClient client, string goal)
    {
        var plan = JsonDocument.Parse(await client.GetStringAsync(new Uri($"/api/plans/{goal}", UriKind.Relative))).RootElement;
        return plan.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).ToList();
    }

    /// <summary>A paper outside <paramref name="goal"/>'s plan that can become its prerequisite (no cycle) and
    /// brings nothing else into the plan (its own prerequisites are in it already).</summary>
    private static string NewPrerequisite(Graph graph, List<string> steps, string goal) =>
        graph.Papers.First(p => !steps.Contains(p) && !graph.Reaches(goal, p) && graph.Edges.Any(e => e.From == p || e.To == p)
            && graph.Papers.All(q => q == p || !graph.Reaches(q, p) || steps.Contains(q)));

    private static async Task AddEdgeAsync(HttpClient admin, string from, string to, string reason)
    {
        var response = await admin.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative), new { from, to, reason });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task RemoveEdgeAsync(HttpClient admin, string from, string to) =>
        await admin.DeleteAsync(new Uri($"/api/curation/edges/{from}/{to}", UriKind.Relative));

    [Fact]
    public async Task An_edge_added_through_the_API_updates_the_open_plan_in_place_without_reading_the_graph_and_nothing_else_moves()
    {
        using var admin = server.Client(admin: true);
        var graph = await GraphAsync(admin);
        var steps = await PlanStepsAsync(admin, "lora");
        var newcomer = NewPrerequisite(graph, steps, "lora");

        var page = await server.NewPageAsync();
        var graphRequests = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/api/graph", StringComparison.Ordinal)) Interlocked.Increment(ref graphRequests); };
        await page.GotoAsync("/#/plan/lora");
        await page.WaitForSelectorAsync(".plan-step[data-key='lora']");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        var requestsBefore = Volatile.Read(ref graphRequests);
        var before = await page.EvaluateAsync<Dictionary<string, double[]>>(PositionsScript);
        var viewBefore = await page.EvaluateAsync<double[]>("() => [window.paperGraph.cy.zoom(), window.paperGraph.cy.pan().x, window.paperGraph.cy.pan().y]");

        await AddEdgeAsync(admin, newcomer, "lora", "Live in-place test: read this before LoRA.");
        try
        {
            // The open plan gains the paper, in place, and a notice says how and who.
            await page.WaitForSelectorAsync($".plan-step[data-key='{newcomer}']");
            var notice = page.Locator(".notice-live", new() { HasTextString = "plan:" });
            await notice.First.WaitForAsync();
            var text = await notice.First.InnerTextAsync();
            Assert.Matches(@"^Your .+ plan: \+1 paper, .+ at step \d+ — by neo4j$", text);
            await page.WaitForFunctionAsync($"() => window.paperGraph.cy.getElementById('{newcomer}->lora').nonempty()");

            Assert.Equal(requestsBefore, Volatile.Read(ref graphRequests));
            Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was not reloaded");
            var after = await page.EvaluateAsync<Dictionary<string, double[]>>(PositionsScript);
            Assert.Equal(before.Keys.Order(), after.Keys.Order());
            foreach (var (key, at) in before)
            {
                Assert.True(Math.Abs(at[0] - after[key][0]) < 0.01 && Math.Abs(at[1] - after[key][1]) < 0.01,
                    $"{key} moved from ({at[0]}, {at[1]}) to ({after[key][0]}, {after[key][1]})");
            }
            var viewAfter = await page.EvaluateAsync<double[]>("() => [window.paperGraph.cy.zoom(), window.paperGraph.cy.pan().x, window.paperGraph.cy.pan().y]");
            Assert.Equal(viewBefore, viewAfter);
            Assert.Equal(await page.EvaluateAsync<long>("() => window.paperGraph.sequence()"), await SequenceAsync(admin));
        }
        finally
        {
            await RemoveEdgeAsync(admin, newcomer, "lora");
        }
    }

    [Fact]
    public async Task A_paper_added_with_an_edge_is_placed_next_to_its_neighbour_and_the_rest_stay()
    {
        using var admin = server.Client(admin: true);
        var page = await server.NewPageAsync();
        var graphRequests = 0;
        page.Request += (_, request) => { if (request.Url.Contains("/api/graph", StringComparison.Ordinal)) Interlocked.Increment(ref graphRequests); };
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForFunctionAsync("() => document.body.dataset.live === 'connected'");
        var requestsBefore = Volatile.Read(ref graphRequests);
        var before = await page.EvaluateAsync<Dictionary<string, double[]>>(PositionsScript);

        var key = $"live-paper-{Guid.NewGuid():N}"[..20];
        var added = await admin.PostAsJsonAsync(new Uri("/api/curation/papers", UriKind.Relative),
            new { key, title = "Live Placement: A Paper Added While You Watch", year = 2024, kind = "paper" });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        await AddEdgeAsync(admin, "lora", key, "Live placement test: it builds on LoRA.");

        await page.WaitForFunctionAsync($"() => window.paperGraph.cy.getElementById('lora->{key}').nonempty()");
        Assert.Equal(requestsBefore, Volatile.Read(ref graphRequests));
        var after = await page.EvaluateAsync<Dictionary<string, double[]>>(PositionsScript);
        foreach (var (k, at) in before)
            Assert.True(Math.Abs(at[0] - after[k][0]) < 0.01 && Math.Abs(at[1] - after[k][1]) < 0.01, $"{k} moved");
        // Next to its prerequisite: closer to LoRA than most papers are.
        double Distance(double[] a, double[] b) => Math.Sqrt(Math.Pow(a[0] - b[0], 2) + Math.Pow(a[1] - b[1], 2));
        var near = Distance(after[key], after["lora"]);
        var typical = before.Values.Select(p => Distance(p, after["lora"])).Order().ElementAt(before.Count / 4);
        Assert.True(near <= typical, $"the new paper is {near:0} from LoRA; a quarter of the papers are within {typical:0}");
    }

    [Fact]
    public async Task On_return_the_page_lists_what_changed_since_the_last_visit_my_plans_papers_first_each_linking_to_the_graph_as_of_it()
    {
        using var admin = server.Client(admin: true);
        var graph = await GraphAsync(admin);
        var steps = await PlanStepsAsync(admin, "lora");
        var inPlan = NewPrerequisite(graph, steps, "lora");
        // An edge between two papers outside the plan, made after the one that touches it (so newest-first alone
        // would list it first).
        var outside = graph.Papers.Where(p => !steps.Contains(p) && p != inPlan).ToList();
        var (a, b) = outside.SelectMany(x => outside.Select(y => (x, y)))
            .First(e => e.x != e.y && !graph.Reaches(e.y, e.x) && !graph.Edges.Contains(e) && !graph.Reaches("lora", e.x) && !graph.Reaches("lora", e.y)
                && !graph.Reaches(e.x, "lora") && !graph.Reaches(e.y, "lora"));

        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/plan/lora");
        await page.WaitForSelectorAsync(".plan-step[data-key='lora']");
        await page.WaitForFunctionAsync("() => localStorage.getItem('papergraph.lastSeenChange') !== null");
        Assert.Equal(0, await page.Locator(".since-visit").CountAsync());
        await page.CloseAsync(); // the visit ends; the browser (its localStorage) stays

        await AddEdgeAsync(admin, inPlan, "lora", "Last-visit test: this one touches your plan.");
        await AddEdgeAsync(admin, a, b, "Last-visit test: this one does not.");
        try
        {
            var history = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/history?limit=2", UriKind.Relative))).RootElement
                .EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToList();
            var (planSeq, otherSeq) = (history[1], history[0]);

            var back = await page.Context.NewPageAsync();
            await back.GotoAsync("/");
            var items = back.Locator(".since-visit li");
            await items.First.WaitForAsync();
            Assert.Equal(2, await items.CountAsync());
            Assert.Contains("your", await items.Nth(0).InnerTextAsync());
            Assert.Equal($"#/?asOf={planSeq}", await items.Nth(0).Locator("a").GetAttributeAsync("href"));
            Assert.Equal($"#/?asOf={otherSeq}", await items.Nth(1).Locator("a").GetAttributeAsync("href"));
            Assert.Contains("neo4j added", await items.Nth(1).InnerTextAsync());

            // Each links to the graph as it stood right after that change.
            await items.Nth(0).Locator("a").ClickAsync();
            await back.WaitForSelectorAsync($".as-of-banner:has-text('right after change {planSeq}')");

            // Seen once, not listed again on the next visit.
            var again = await page.Context.NewPageAsync();
            await again.GotoAsync("/");
            await again.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
            await again.WaitForTimeoutAsync(500);
            Assert.Equal(0, await again.Locator(".since-visit li").CountAsync());
            // Nothing secret is kept: change numbers and paper keys only.
            var stored = await again.EvaluateAsync<string>("() => JSON.stringify(Object.entries(localStorage))");
            Assert.DoesNotContain(BrowserServer.AdminPassword, stored);
        }
        finally
        {
            await RemoveEdgeAsync(admin, a, b);
            await RemoveEdgeAsync(admin, inPlan, "lora");
        }
    }

    private static async Task<long> SequenceAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/graph?limit=1", UriKind.Relative))).RootElement.GetProperty("sequence").GetInt64();
}
