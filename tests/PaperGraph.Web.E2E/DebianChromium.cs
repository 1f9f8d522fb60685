using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>The browser every test drives: Debian's chromium (browser downloads fail here), headless, without a GPU
/// or sandbox; <c>PAPERGRAPH_CHROMIUM</c> names another build.</summary>
public static class DebianChromium
{
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PAPERGRAPH_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
        });
        return (playwright, browser);
    }
}
