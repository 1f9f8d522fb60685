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
        // .First: while the accept's refresh and the live change's refresh overlap, the queue may be drawn twice for a moment.
        await Assertions.Expect(cara.Locator("li[data-proposal]", new() { HasTextString = "proposed in the browser" }).First).ToContainTextAsync("accepted by cara");
        await Assertions.Expect(cara.Locator(".history-view li[data-seq]", new() { HasTextString = "proposed by cody" }).First).ToBeVisibleAsync();

        await cody.GotoAsync("/#/history");
        await Assertions.Expect(cody.Locator("li[data-proposal]", new() { HasTextString = "proposed in the browser" }).First).ToContainTextAsync("accepted by cara");
    }
}
