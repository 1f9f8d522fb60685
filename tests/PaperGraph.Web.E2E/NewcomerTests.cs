using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>The rough edges a newcomer hit (issue 13): links without '#', unknown papers, copying links, the keys,
/// the console's messages and the list's reasons.</summary>
public sealed class NewcomerTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private static Task WaitForGraphAsync(IPage page) =>
        page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });

    [Fact]
    public async Task A_paper_address_typed_without_the_hash_opens_the_paper_in_the_app()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/paper/lora");
        await page.WaitForSelectorAsync("#paper-title");
        StringAssert.StartsWith("LoRA", await page.InnerTextAsync("#paper-title"));
        Assert.EndsWith("/#/paper/lora", page.Url);
    }

    [Fact]
    public async Task An_unknown_paper_says_not_found_suggests_the_closest_and_dims_nothing()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/paper/lora-adapters");
        await WaitForGraphAsync(page);
        await page.WaitForSelectorAsync(".side-panel .error");
        Assert.Contains("Paper not found", await page.InnerTextAsync(".side-panel .error h2"));
        var suggested = await page.Locator(".side-panel .suggestions a").EvaluateAllAsync<string[]>("els => els.map(a => a.getAttribute('href'))");
        Assert.Contains("#/paper/lora", suggested);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.paperGraph.cy.elements('.faded').length"));
        await page.Locator(".side-panel .suggestions a[href='#/paper/lora']").ClickAsync();
        await page.WaitForSelectorAsync("#paper-title");
        StringAssert.StartsWith("LoRA", await page.InnerTextAsync("#paper-title"));
    }

    [Theory]
    [InlineData("/#/paper/bert", ".paper-panel")]
    [InlineData("/#/plan/lora", ".plan-view")]
    [InlineData("/#/path/word2vec/lora", ".path-view")]
    [InlineData("/#/cypher?q=RETURN%201", "#cypher-view")]
    public async Task Copy_link_copies_the_address_of_the_view(string address, string view)
    {
        var page = await server.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GotoAsync(address);
        var button = page.Locator($"{view} button.copy-link");
        await button.ClickAsync();
        await page.WaitForFunctionAsync("b => b.textContent !== 'Copy link'", await button.ElementHandleAsync());
        Assert.Equal("Link copied", await button.InnerTextAsync());
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        // The console re-encodes its query in the address after running it (RETURN%201 -> RETURN+1): the same link.
        static string Same(string url) => Uri.UnescapeDataString(url.Replace('+', ' '));
        Assert.Equal(Same(page.Url), Same(copied));
        Assert.Contains(address.Split('?')[0], copied, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_mark_shows_the_keys_slash_focuses_search_and_Home_and_End_walk_to_the_ends()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await WaitForGraphAsync(page);
        await page.Keyboard.PressAsync("?");
        await page.WaitForSelectorAsync("#keys-help[open]");
        Assert.Contains("Home / End", await page.InnerTextAsync("#keys-help"));
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForSelectorAsync("#keys-help:not([open])", new() { State = WaitForSelectorState.Attached });

        await page.Keyboard.PressAsync("/");
        Assert.Equal("search-input", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync("?/");
        Assert.Equal("?/", await page.InputValueAsync("#search-input"));

        var ends = await page.EvaluateAsync<string[]>(
            "() => fetch('/api/graph?limit=3000').then(r => r.json()).then(g => [g.papers[0].key, g.papers[g.papers.length - 1].key])");
        await page.FocusAsync("#graph");
        await page.Keyboard.PressAsync("End");
        await page.WaitForFunctionAsync("k => location.hash === '#/paper/' + encodeURIComponent(k)", ends[1]);
        await page.Keyboard.PressAsync("Home");
        await page.WaitForFunctionAsync("k => location.hash === '#/paper/' + encodeURIComponent(k)", ends[0]);
    }

    [Fact]
    public async Task An_anonymous_write_in_the_console_says_to_sign_in()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/cypher");
        await page.WaitForSelectorAsync(".cm-content");
        await page.ClickAsync(".cm-content");
        await page.Keyboard.TypeAsync("CREATE (:Paper {key: 'x-anon'})");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Control+Enter");
        await page.WaitForSelectorAsync(".cypher-error:not([hidden])");
        var text = await page.InnerTextAsync(".cypher-error");
        Assert.Contains("sign in to write", text);
        Assert.DoesNotContain("access mode", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_console_says_why_the_Graph_tab_is_off_closes_completions_on_run_and_numbers_no_empty_history()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/cypher");
        await page.WaitForSelectorAsync(".cm-content");
        Assert.Contains("nodes, relationships or paths", await page.InnerTextAsync("#graph-tab-why"));
        Assert.Equal("none", await page.Locator(".history-list > li.muted").EvaluateAsync<string>("li => getComputedStyle(li).listStyleType"));

        await page.ClickAsync(".cm-content");
        await page.Keyboard.TypeAsync("MATCH (p:Paper) RETURN p.key LIMIT 3 PRO");
        await page.WaitForSelectorAsync(".cm-tooltip-autocomplete");
        var icon = await page.Locator(".cm-tooltip-autocomplete .cm-completionIcon-keyword").First
            .EvaluateAsync<string>("el => getComputedStyle(el, '::after').content");
        Assert.Equal("\"K\"", icon);
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Control+a");
        await page.Keyboard.TypeAsync("MATCH (p:Paper) RETURN p.key LIMIT 3 ");
        await page.Keyboard.PressAsync("Control+Space");
        await page.WaitForSelectorAsync(".cm-tooltip-autocomplete");
        await page.Keyboard.PressAsync("Control+Enter");
        await page.WaitForSelectorAsync("table.results tbody tr");
        Assert.Equal(0, await page.Locator(".cm-tooltip-autocomplete").CountAsync());
        Assert.Contains("no nodes, relationships or paths", await page.InnerTextAsync("#graph-tab-why"));
    }

    [Fact]
    public async Task The_list_view_never_joins_reasons_with_a_full_stop_and_a_semicolon()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/list");
        await WaitForGraphAsync(page);
        await page.WaitForSelectorAsync("#list-content .needs li");
        Assert.DoesNotContain(".;", await page.InnerTextAsync("#list-content"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seed_opens_with_labels_at_least_11_px_and_Fit_shows_the_whole_map()
    {
        var page = await server.NewPageAsync(1280, 800);
        await page.GotoAsync("/");
        await WaitForGraphAsync(page);
        var zoom = await page.EvaluateAsync<double>("() => window.paperGraph.cy.zoom()");
        Assert.True(13 * zoom >= 11 - 1e-9, $"labels are {13 * zoom:0.0} px on screen at the opening zoom");
        await page.ClickAsync("#fit-button");
        var inView = await page.EvaluateAsync<bool>(@"() => { const cy = window.paperGraph.cy; const e = cy.extent();
            const b = cy.nodes().boundingBox({ includeLabels: false }); return b.x1 >= e.x1 - 1 && b.x2 <= e.x2 + 1 && b.y1 >= e.y1 - 1 && b.y2 <= e.y2 + 1; }");
        Assert.True(inView, "Fit shows every paper");
        // Node labels are short names; the full title is on hover and in the panel.
        var labels = await page.EvaluateAsync<string[]>("() => window.paperGraph.cy.nodes('[kind = \"paper\"]').map(n => n.data('label'))");
        Assert.All(labels, l => Assert.True(l.Replace("\u200b", "").Length <= 50, l));
        Assert.Equal(labels.Length, labels.Distinct().Count());
        // No label wider than its box (white text outside its box cannot be read).
        var overflowing = await page.EvaluateAsync<string[]>(@"() => window.paperGraph.cy.nodes('[kind = ""paper""]')
            .filter(n => n.boundingBox({ includeLabels: true, includeNodes: false }).w > n.width() + 2).map(n => n.data('label'))");
        Assert.Empty(overflowing);
    }

    [Fact]
    public async Task A_chain_between_two_lecture_notes_names_them_apart()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/path/cs224n-neural-networks/cs224n-language-models");
        await page.WaitForSelectorAsync("#path-title");
        var title = await page.InnerTextAsync("#path-title");
        Assert.Contains("Neural Networks", title);
        Assert.Contains("Language Models", title);
    }

    [Fact]
    public async Task On_a_phone_the_intro_says_how_the_map_reads_and_an_opened_paper_is_on_the_first_screen()
    {
        var page = await server.NewPageAsync(390, 844);
        await page.GotoAsync("/");
        await WaitForGraphAsync(page);
        await page.WaitForSelectorAsync(".welcome");
        var intro = await page.InnerTextAsync(".welcome");
        Assert.Contains("top to bottom", intro);
        Assert.DoesNotContain("left to right", intro);

        await page.GotoAsync("/#/paper/lora");
        await page.WaitForSelectorAsync("#paper-title");
        var box = await page.Locator("#paper-title").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box!.Y + box.Height <= 844, $"the paper's title is at {box.Y:0} px, below the first screen");
        await WaitForGraphAsync(page);
        var shown = await page.EvaluateAsync<bool>(@"() => { const cy = window.paperGraph.cy; const p = cy.getElementById('lora').renderedPosition();
            return p.x >= 0 && p.x <= cy.width() && p.y >= 0 && p.y <= cy.height(); }");
        Assert.True(shown, "the opened paper is in view in the graph");
    }
}
