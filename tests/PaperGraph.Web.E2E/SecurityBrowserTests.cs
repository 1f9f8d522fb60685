using System.Net.Http.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>The page under its Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval'), and URLs that must
/// never become links.</summary>
public sealed class SecurityBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    /// <summary>A page that records every CSP violation and every console error mentioning the policy.</summary>
    private async Task<(IPage Page, List<string> Violations)> WatchedPageAsync()
    {
        var page = await server.NewPageAsync();
        var violations = new List<string>();
        await page.AddInitScriptAsync("""
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e =>
              window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                lock (violations) violations.Add("console: " + message.Text);
        };
        return (page, violations);
    }

    private static async Task<IReadOnlyList<string>> ReportedAsync(IPage page, List<string> console)
    {
        var events = await page.EvaluateAsync<string[]>("() => window.__cspViolations");
        lock (console) return [.. events, .. console];
    }

    [Fact]
    public async Task Home_page_paper_and_cypher_console_run_with_zero_csp_violations()
    {
        var (page, console) = await WatchedPageAsync();

        var response = await page.GotoAsync("/");
        var csp = await response!.HeaderValueAsync("content-security-policy");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });

        await page.GotoAsync("/#/paper/lora");
        await page.WaitForSelectorAsync("#paper-title");

        await page.GotoAsync("/#/cypher");
        await page.WaitForSelectorAsync(".cm-content");
        await page.ClickAsync(".cm-content");
        await page.Keyboard.TypeAsync("MATCH (p:Paper {key: 'lora'}) RETURN p.title AS title");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Control+Enter");
        await page.WaitForSelectorAsync("table.results tbody tr");
        // CodeMirror's own stylesheet (mounted with the nonce) took effect: its base theme lays the editor out as flex.
        var editorDisplay = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.cm-editor')).display");

        Assert.NotNull(csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("flex", editorDisplay);
        Assert.Contains("LoRA", await page.InnerTextAsync("table.results tbody"));
        var reported = await ReportedAsync(page, console);
        Assert.True(reported.Count == 0, string.Join("\n", reported.Distinct()));
    }

    [Fact]
    public async Task A_stored_javascript_url_never_becomes_a_link()
    {
        using (var admin = server.Client(admin: true))
        {
            // Written through Cypher, as a curator could: the importer refuses such a URL, Cypher does not.
            var write = await admin.PostAsJsonAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative), new
            {
                statement = "MATCH (s:Section) WITH s LIMIT 1 " +
                            "CREATE (:Paper {key: 'evil-link', title: 'Evil link', year: 2024, url: 'javascript:alert(document.domain)'})-[:IN_SECTION]->(s)",
            });
            write.EnsureSuccessStatusCode();
        }
        var (page, console) = await WatchedPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };

        await page.GotoAsync("/#/paper/evil-link");
        await page.WaitForSelectorAsync("#paper-title");
        var title = page.Locator("#paper-title");
        if (await title.Locator("a").CountAsync() > 0) await title.Locator("a").ClickAsync();
        var hrefs = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'))");

        Assert.Equal("Evil link", await title.InnerTextAsync());
        Assert.Equal(0, await title.Locator("a").CountAsync());
        Assert.DoesNotContain(hrefs, h => h.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, dialogs);
        var reported = await ReportedAsync(page, console);
        Assert.True(reported.Count == 0, string.Join("\n", reported.Distinct()));
    }
}
