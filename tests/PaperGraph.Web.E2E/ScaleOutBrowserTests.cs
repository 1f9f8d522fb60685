using System.Net.Http.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>Two instances on the Neo4j backend (a third PaperGraph standing in for Neo4j) sharing one hub through
/// Redis, and a headless Debian Chromium: a page open on instance B sees a curator's change made on instance A.</summary>
public sealed class ScaleOutBrowserTests : IAsyncLifetime
{
    private PaperGraphCluster _cluster = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _cluster = new PaperGraphCluster();
        try
        {
            (_playwright, _browser) = await DebianChromium.LaunchAsync();
        }
        catch
        {
            // xunit does not dispose a test class whose InitializeAsync failed: stop what was started here.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_browser is not null) await _browser.DisposeAsync();
            _playwright?.Dispose();
        }
        finally
        {
            await _cluster.DisposeAsync();
        }
    }

    // Was flaky under load: the page's first catch-up was answered from B's feed before B had polled a change that A
    // had already relayed over Redis before the page's connection was registered (lost between the handshake and
    // the registration). Each instance now sends its own feed to its own pages, and the catch-up reads that feed.
    [Fact]
    public async Task A_page_open_on_instance_B_shows_a_change_made_through_instance_A_naming_the_curator()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = _cluster.B.Address.ToString() });
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
