using System.Net.Http.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>Curating in the browser: the paper panel's form with its live preview, a refusal in words, undo, the
/// history with as-of links, a contributor's proposal accepted by a curator, and a second page seeing it live.</summary>
public sealed class CurationBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>, IAsyncLifetime
{
    private const string Password = "curation-e2e-pass-2026";

    public async Task InitializeAsync()
    {
        // The shared build machine runs at load averages of 20-80: give each expectation time.
        Assertions.SetDefaultExpectTimeout(20_000);
        using var admin = server.Client(admin: true);
        foreach (var (name, role) in new[] { ("cara", "curator"), ("cody", "contributor") })
            await admin.PostAsJsonAsync(new Uri("/api/accounts", UriKind.Relative), new { name, password = Password, role }); // 409 when it exists
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<IPage> SignedInAsync(string name, string path)
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.ClickAsync("#sign-in-toggle");
        await page.FillAsync("#sign-in-name", name);
        await page.FillAsync("#sign-in-password", Password);
        await page.PressAsync("#sign-in-password", "Enter");
        await page.WaitForSelectorAsync("#signed-in-as:not([hidden])");
        await page.GotoAsync(path);
        return page;
    }

    private static async Task PickAsync(IPage page, string query, string direction)
    {
        var form = page.Locator(".curate-form");
        await form.Locator("select[name=direction]").SelectOptionAsync(direction);
        await form.Locator("input[name=other]").FillAsync(query);
        await form.Locator("ul[role=listbox] li").First.ClickAsync();
    }

    [Fact]
    public async Task Readers_see_no_editing_controls()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/paper/bert");
        await page.WaitForSelectorAsync("#paper-title");
        Assert.Equal(0, await page.Locator(".curation").CountAsync());
        Assert.False(await page.Locator("#draw-edges").IsVisibleAsync());
        await page.GotoAsync("/#/history");
        await Assertions.Expect(page.Locator(".history-view li[data-seq]").First).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-undo], li[data-proposal], .history-view section[aria-label=Proposals]").CountAsync());
    }

    [Fact]
    public async Task A_curator_adds_an_edge_by_the_form_with_its_preview_and_another_page_sees_it_live_naming_her()
    {
        var reader = await server.NewPageAsync();
        await reader.GotoAsync("/");
        await reader.WaitForSelectorAsync("body[data-live='connected']", new() { State = WaitForSelectorState.Attached });

        var page = await SignedInAsync("cara", "/#/paper/elmo");
        await page.WaitForSelectorAsync(".curate-form");
        await PickAsync(page, "FlashAttention", "unlock");
        await page.FillAsync(".curate-form textarea[name=reason]", "Attention kernels after contextual embeddings");
        await Assertions.Expect(page.Locator("[data-preview]")).ToContainTextAsync("learning plan");
        await page.ClickAsync(".curate-form button[type=submit]");

        await Assertions.Expect(page.Locator("[data-remove='elmo>flashattention']")).ToBeVisibleAsync();
        var notice = reader.Locator(".notice-live", new() { HasTextString = "cara added ELMo" });
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(notice).ToContainTextAsync("Attention kernels after contextual embeddings");

        // Undo: the edge goes away again.
        await page.ClickAsync("#undo-last");
        await Assertions.Expect(page.Locator("[data-remove='elmo>flashattention']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_live_change_to_the_open_paper_keeps_the_reason_a_curator_is_typing()
    {
        var page = await SignedInAsync("cara", "/#/paper/speculative-decoding");
        await page.WaitForSelectorAsync("body[data-live='connected']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForSelectorAsync(".curate-form");
        await PickAsync(page, "Chinchilla", "prerequisite");
        await page.FillAsync(".curate-form textarea[name=reason]", "Half-typed: scaling laws explain why the draft model");

        // Someone else changes this paper meanwhile: the panel redraws with the new prerequisite.
        using (var admin = server.Client(admin: true))
        {
            var added = await admin.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
                new { from = "gradient-checkpointing", to = "speculative-decoding", reason = "Memory tricks before decoding tricks" });
            Assert.True(added.IsSuccessStatusCode, $"adding the other edge answered {(int)added.StatusCode}");
        }
        await Assertions.Expect(page.Locator("[data-remove='gradient-checkpointing>speculative-decoding']")).ToBeVisibleAsync();

        await Assertions.Expect(page.Locator(".curate-form textarea[name=reason]")).ToHaveValueAsync("Half-typed: scaling laws explain why the draft model");
        await page.ClickAsync(".curate-form button[type=submit]");
        await Assertions.Expect(page.Locator("[data-remove='chinchilla>speculative-decoding']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_edge_that_would_close_a_cycle_is_refused_in_words_next_to_the_form()
    {
        var page = await SignedInAsync("cara", "/#/paper/vllm");
        await page.WaitForSelectorAsync(".curate-form");
        await PickAsync(page, "GloVe", "unlock");
        await page.FillAsync(".curate-form textarea[name=reason]", "backwards");
        await Assertions.Expect(page.Locator("[data-preview]")).ToContainTextAsync("cycle");
        await page.ClickAsync(".curate-form button[type=submit]");
        await Assertions.Expect(page.Locator("[data-refusal]")).ToContainTextAsync("Would create a cycle");
    }

    /// <summary>Drags with the mouse from one paper's box to another's on the graph (Cytoscape draws on a canvas:
    /// the boxes' places come from the page's own paperGraph.cy, the instance the explorer draws with).</summary>
    private static async Task DrawEdgeAsync(IPage page, string from, string to)
    {
        async Task<(float X, float Y)> CentreAsync(string key)
        {
            var xy = await page.EvaluateAsync<float[]>("""
                key => {
                  const node = window.paperGraph.cy.getElementById(key);
                  const p = node.renderedPosition();
                  const r = node.cy().container().getBoundingClientRect();
                  return [r.left + p.x, r.top + p.y];
                }
                """, key);
            return (xy[0], xy[1]);
        }
        // The live connection starts after the first paint and may redraw the graph as it catches up: draw after it.
        await page.WaitForSelectorAsync("body[data-live='connected']", new() { State = WaitForSelectorState.Attached });
        // Both papers in view, as a user would pan and zoom to them first.
        await page.EvaluateAsync("([a, b]) => { const cy = window.paperGraph.cy; cy.fit(cy.getElementById(a).union(cy.getElementById(b)), 120); }", new[] { from, to });
        var (x1, y1) = await CentreAsync(from);
        var (x2, y2) = await CentreAsync(to);
        await page.Mouse.MoveAsync(x1, y1);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((x1 + x2) / 2, (y1 + y2) / 2, new() { Steps = 8 });
        await page.Mouse.MoveAsync(x2, y2, new() { Steps = 8 });
        // The gesture settles on its target at up to 15 checks a second: hold still over it for a moment.
        await Assertions.Expect(page.Locator("body.drawing-edges")).ToHaveCountAsync(1);
        await page.WaitForTimeoutAsync(400);
        await page.Mouse.MoveAsync(x2 + 1, y2 + 1);
        await page.WaitForTimeoutAsync(200);
        await page.Mouse.UpAsync();
    }

    [Fact]
    public async Task A_curator_draws_an_edge_on_the_graph_types_a_reason_and_another_page_sees_it_live()
    {
        var reader = await server.NewPageAsync();
        await reader.GotoAsync("/#/paper/word2vec");
        await reader.WaitForSelectorAsync("body[data-live='connected']", new() { State = WaitForSelectorState.Attached });
        await reader.WaitForSelectorAsync("#paper-title");
        Assert.False(await reader.Locator("#draw-edges").IsVisibleAsync());

        var page = await SignedInAsync("cara", "/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.ClickAsync("#draw-edges");
        await DrawEdgeAsync(page, "word2vec", "transformer");

        var form = page.Locator(".draw-panel .curate-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".draw-panel .drawn-ends")).ToContainTextAsync("word2vec → ");
        await form.Locator("textarea[name=reason]").FillAsync("Embeddings are the Transformer's input: know them first");
        await Assertions.Expect(form.Locator("[data-preview]")).ToContainTextAsync("learning plan");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".draw-panel")).ToBeHiddenAsync();

        var notice = reader.Locator(".notice-live", new() { HasTextString = "cara added word2vec" });
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(notice).ToContainTextAsync("Embeddings are the Transformer's input");
        Assert.True(await reader.EvaluateAsync<bool>("() => window.paperGraph.cy.edges('[source = \"word2vec\"][target = \"transformer\"]').nonempty()"));
        // The notice sits over the graph, never over the open paper's panel.
        var noticeBox = (await notice.BoundingBoxAsync())!;
        var panelBox = (await reader.Locator("#side-panel").BoundingBoxAsync())!;
        Assert.True(noticeBox.X + noticeBox.Width <= panelBox.X || noticeBox.Y + noticeBox.Height <= panelBox.Y,
            $"notice at {noticeBox.X},{noticeBox.Y} {noticeBox.Width}x{noticeBox.Height} covers the panel at {panelBox.X},{panelBox.Y}");

        using var admin = server.Client(admin: true);
        await admin.DeleteAsync(new Uri("/api/curation/edges/word2vec/transformer", UriKind.Relative));
    }

    [Fact]
    public async Task A_drawn_edge_that_would_close_a_cycle_is_refused_in_words()
    {
        var page = await SignedInAsync("cara", "/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.ClickAsync("#draw-edges");
        await DrawEdgeAsync(page, "glove", "word2vec");

        var form = page.Locator(".draw-panel .curate-form");
        await form.Locator("textarea[name=reason]").FillAsync("backwards");
        await Assertions.Expect(form.Locator("[data-preview]")).ToContainTextAsync("cycle");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-refusal]")).ToContainTextAsync("Would create a cycle");
        // Cancel takes the drawn line away; nothing was written.
        await page.ClickAsync(".draw-panel [data-cancel]");
        await Assertions.Expect(page.Locator(".draw-panel")).ToBeHiddenAsync();
        using var anonymous = server.Client();
        var edge = await anonymous.GetAsync(new Uri("/api/curation/edges/glove/word2vec", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, edge.StatusCode);
    }

    [Fact]
    public async Task A_contributor_draws_an_edge_as_a_proposal_and_the_queue_holds_it()
    {
        var page = await SignedInAsync("cody", "/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.ClickAsync("#draw-edges");
        await DrawEdgeAsync(page, "glove", "transformer");

        var form = page.Locator(".draw-panel .curate-form");
        await Assertions.Expect(form.Locator("button[type=submit]")).ToHaveTextAsync("Propose");
        await form.Locator("textarea[name=reason]").FillAsync("drawn proposal: vectors before attention");
        await form.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(form.Locator("[data-refusal]")).ToContainTextAsync("Proposed");

        using var cara = new HttpClient { BaseAddress = server.Address };
        cara.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"cara:{Password}")));
        var open = await cara.GetStringAsync(new Uri("/api/curation/proposals?status=open", UriKind.Relative));
        Assert.Contains("drawn proposal: vectors before attention", open, StringComparison.Ordinal);
        using var anonymous = server.Client();
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await anonymous.GetAsync(new Uri("/api/curation/edges/glove/transformer", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task History_lists_the_change_and_links_to_the_graph_as_of_it()
    {
        using var cara = new HttpClient { BaseAddress = server.Address };
        cara.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"cara:{Password}")));
        var added = await cara.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative), new { from = "elmo", to = "vllm", reason = "history test" });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());

        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/history?curator=cara");
        var entry = page.Locator(".history-view li", new() { HasTextString = "history test" });
        await Assertions.Expect(entry).ToBeVisibleAsync();
        await entry.Locator("a[href^='#/?asOf=']").ClickAsync();
        await Assertions.Expect(page.Locator(".as-of-banner")).ToContainTextAsync("right after change");
        await cara.DeleteAsync(new Uri("/api/curation/edges/elmo/vllm", UriKind.Relative));
    }

    [Fact]
    public async Task A_contributors_proposal_is_accepted_by_a_curator_and_the_contributor_sees_the_outcome()
    {
        var cody = await SignedInAsync("cody", "/#/paper/elmo");
        await cody.WaitForSelectorAsync(".curate-form");
        await PickAsync(cody, "Speculative", "unlock");
        await cody.FillAsync(".curate-form textarea[name=reason]", "proposed in the browser");
        await cody.ClickAsync(".curate-form button[type=submit]");
        await Assertions.Expect(cody.Locator("[data-refusal]")).ToContainTextAsync("Proposed");

        var cara = await SignedInAsync("cara", "/#/history");
        var proposal = cara.Locator("li[data-proposal]", new() { HasTextString = "proposed in the browser" });
        var answer = cara.WaitForResponseAsync(r => r.Url.Contains("/accept", StringComparison.Ordinal));
        await proposal.Locator("button", new() { HasTextString = "Accept" }).ClickAsync();
        var response = await answer;
        Assert.True(response.Ok, $"{response.Status}: {await response.TextAsync()}");
        // Exactly one entry (a strict locator): the accept's refresh and the live change's refresh overlap, and once
        // both appended their proposals queue to the view (fixed in curation-history.ts: only the newest render fills it).
        await Assertions.Expect(cara.Locator("li[data-proposal]", new() { HasTextString = "proposed in the browser" })).ToContainTextAsync("accepted by cara");
        await Assertions.Expect(cara.Locator(".history-view section[aria-label=Proposals]")).ToHaveCountAsync(1);
        await Assertions.Expect(cara.Locator(".history-view li[data-seq]", new() { HasTextString = "proposed by cody" }).First).ToBeVisibleAsync();

        await cody.GotoAsync("/#/history");
        await Assertions.Expect(cody.Locator("li[data-proposal]", new() { HasTextString = "proposed in the browser" })).ToContainTextAsync("accepted by cara");
    }
}
