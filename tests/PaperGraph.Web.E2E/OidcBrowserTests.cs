using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>A PaperGraph whose sign-in goes to a team's identity provider (an OpenIddict issuer started in the
/// test), and a headless Debian Chromium following the real redirects and cookies.</summary>
public sealed class OidcBrowserTests : IAsyncLifetime
{
    private OidcIssuer _issuer = null!;
    private PaperGraphServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _issuer = new OidcIssuer { NextUser = new OidcUser("olivia", "curator") };
        _server = new PaperGraphServer(new PaperGraphServerOptions { Settings = _issuer.Settings(), SeedFromGraphSeed = true });
        (_playwright, _browser) = await DebianChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task Sign_in_with_your_organisation_comes_back_to_the_same_paper_signed_in_with_the_issuers_role()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.Address.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/#/paper/lora");

        await page.ClickAsync("#sign-in-toggle");
        await page.ClickAsync("#sign-in-organisation");

        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("olivia (curator)", new() { Timeout = 20_000 });
        Assert.EndsWith("/#/paper/lora", page.Url, StringComparison.Ordinal);
    }
}
