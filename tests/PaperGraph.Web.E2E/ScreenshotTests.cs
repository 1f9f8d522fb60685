using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PaperGraph.Web.E2E;

/// <summary>
/// Every view at desktop and phone width, light and dark. The pictures go to the test's output folder, and to
/// docs/screenshots/ when PAPERGRAPH_SCREENSHOTS=1 (to refresh the README's).
/// </summary>
public sealed class ScreenshotTests(BrowserServer server, ITestOutputHelper output) : IClassFixture<BrowserServer>
{
    internal static readonly string Folder = Environment.GetEnvironmentVariable("PAPERGRAPH_SCREENSHOTS") == "1"
        ? Path.Combine(BrowserServer.RepositoryRoot, "docs", "screenshots")
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    private async Task<byte[]> ShotAsync(IPage page, string name, bool fullPage = false)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        var bytes = await page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        output.WriteLine($"{name}: {path}");
        return bytes;
    }

    private static Task<int> HorizontalOverflowAsync(IPage page) =>
        page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    [Fact]
    public async Task Every_view_fits_a_1280_px_screen()
    {
        var page = await server.NewPageAsync(1280, 800);
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForSelectorAsync(".welcome .ready-list a");
        await ShotAsync(page, "home");
        Assert.Equal(0, await HorizontalOverflowAsync(page));

        await page.GotoAsync("/#/paper/bert");
        await page.WaitForSelectorAsync("#paper-title");
        await ShotAsync(page, "paper-panel");
        Assert.Equal(0, await HorizontalOverflowAsync(page));

        await page.GotoAsync("/#/plan/lora");
        await page.WaitForSelectorAsync(".plan-steps li");
        await ShotAsync(page, "plan");
        Assert.Equal(0, await HorizontalOverflowAsync(page));

        await page.GotoAsync("/#/cypher?q=" + Uri.EscapeDataString("MATCH (g:Paper {key: 'gpt-2'})-[r:PREREQUISITE_OF]-(n:Paper)\nRETURN g.title AS paper, type(r) AS rel, n.title AS neighbour, r.reason AS reason"));
        await page.WaitForSelectorAsync("#cypher-view table.results tbody tr");
        await ShotAsync(page, "cypher-console");
        Assert.Equal(0, await HorizontalOverflowAsync(page));

        // The lint underlines a mistake while typing, with its message on hover.
        await page.ClickAsync(".cm-content");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("MATCH (p:Paper {key: 'lora'})<-[:PREREQUISITE_OF*]-(pre)\nWHERE pre.year < 2018\nRETRUN pre.title ORDER BY pre.year");
        await page.Keyboard.PressAsync("Escape");
        await page.Locator(".cm-lintRange-error").First.HoverAsync();
        await page.WaitForSelectorAsync(".cm-tooltip-lint");
        await ShotAsync(page, "cypher-lint");
    }

    [Fact]
    public async Task The_phone_layout_at_390_px_never_scrolls_sideways()
    {
        var page = await server.NewPageAsync(390, 844);
        await page.GotoAsync("/#/paper/lora");
        await page.WaitForSelectorAsync("#paper-title");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        await ShotAsync(page, "phone", fullPage: true);
        Assert.Equal(0, await HorizontalOverflowAsync(page));
        Assert.True(await page.GetByRole(AriaRole.Combobox, new() { Name = "Search papers" }).IsVisibleAsync());
    }

    [Fact]
    public async Task The_dark_theme_follows_the_system_and_the_toggle()
    {
        var page = await server.NewPageAsync(1280, 800, ColorScheme.Dark);
        await page.GotoAsync("/#/paper/gpt-2");
        await page.WaitForSelectorAsync("#paper-title");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await ShotAsync(page, "dark");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(15, 17, 21)", background);

        await page.GetByRole(AriaRole.Button, new() { Name = "Dark theme" }).ClickAsync();
        Assert.Equal("light", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await page.ReloadAsync();
        Assert.Equal("light", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
    }
}
