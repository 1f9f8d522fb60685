using System.Net.Http.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>Two instances on the Neo4j backend (a third PaperGraph standing in for Neo4j) sharing one hub through
/// Redis, and a headless Debian Chromium: a page open on instance B sees a curator's change made on instance A.</summary>
public sealed class ScaleOutBrowserTests : IAsyncLifetime
{
    private PaperGraphCluster _cluster = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _cluster = new PaperGraphCluster();
        (_playwright, _browser) = await DebianChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _cluster.DisposeAsync();
    }

    // Passes alone (8 s) but failed once in the whole suite on 2026-12-03 (the notice did not come within 15 s); the
    // hub-level TwoInstancesTests cover the same path in every run. Issue 12 stays open until this is understood.
    [Fact(Skip = "Flaky in the full suite: a relay published before B's Redis subscription may be lost (issue 12)")]
    public async Task A_page_open_on_instance_B_shows_a_change_made_through_instance_A_naming_the_curator()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _cluster.B.Address.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/#/paper/lora");
        await page.WaitForSelectorAsync("body[data-live='connected']", new() { State = WaitForSelectorState.Attached });

        var response = await _cluster.A.Admin().PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
            new { from = "word2vec", to = "lora", reason = "Made on instance A, seen on instance B." });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var notice = page.Locator(".notice-live", new() { HasTextString = $"{PaperGraphServer.AdminUser} added" });
        await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(notice).ToContainTextAsync("Made on instance A, seen on instance B.");
    }
}
