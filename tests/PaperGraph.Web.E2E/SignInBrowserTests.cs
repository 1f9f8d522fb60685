using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace PaperGraph.Web.E2E;

/// <summary>Signing in and out in the header, the accounts page, and links to the console that must not write.</summary>
public sealed class SignInBrowserTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private async Task<IPage> SignedInPageAsync(string name, string password, string path = "/")
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync(path);
        await page.ClickAsync("#sign-in-toggle");
        await page.FillAsync("#sign-in-name", name);
        await page.FillAsync("#sign-in-password", password);
        await page.PressAsync("#sign-in-password", "Enter");
        await page.WaitForSelectorAsync("#signed-in-as:not([hidden])");
        return page;
    }

    private async Task<long> CountAsync(string label)
    {
        using var client = server.Client(admin: true);
        using var response = await client.PostAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative),
            new StringContent($$"""{"statement":"MATCH (n:{{label}}) RETURN count(n) AS n"}""", Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return body.GetProperty("data").GetProperty("values")[0][0].GetInt64();
    }

    [Fact]
    public async Task Wrong_password_in_the_header_says_so_and_signs_nobody_in()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.ClickAsync("#sign-in-toggle");
        await page.FillAsync("#sign-in-name", PaperGraphServer.AdminUser);
        await page.FillAsync("#sign-in-password", "not-the-password");
        await page.PressAsync("#sign-in-password", "Enter");

        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("wrong");
        Assert.True(await page.Locator("#signed-in-as").IsHiddenAsync());
        var session = await page.EvaluateAsync<JsonElement>("() => fetch('/api/session').then(r => r.json())");
        Assert.Equal("reader", session.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Right_password_shows_the_name_and_role_keeps_no_password_in_the_page_and_sign_out_ends_it()
    {
        var page = await SignedInPageAsync(PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword);

        Assert.Equal($"{PaperGraphServer.AdminUser} (admin)", await page.InnerTextAsync("#signed-in-as"));
        Assert.True(await page.Locator("#accounts-link").IsVisibleAsync(), "the administrator sees the accounts page");
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])");
        Assert.DoesNotContain(PaperGraphServer.AdminPassword, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("papergraph.auth", stored, StringComparison.Ordinal); // HttpOnly: the page cannot read it

        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync($"{PaperGraphServer.AdminUser} (admin)");
        await page.ClickAsync("#sign-out");
        await Assertions.Expect(page.Locator("#sign-in-toggle")).ToBeVisibleAsync();
        Assert.True(await page.Locator("#accounts-link").IsHiddenAsync());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#sign-in-toggle")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Administrator_adds_an_account_on_the_accounts_page_and_it_signs_in_with_its_role()
    {
        var page = await SignedInPageAsync(PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword);
        await page.ClickAsync("#accounts-link");
        await page.WaitForSelectorAsync($"tr[data-account='{PaperGraphServer.AdminUser}']");

        await page.FillAsync("#account-name", "weak");
        await page.FillAsync("#account-password", "short");
        await page.ClickAsync("text=Add account");
        await Assertions.Expect(page.Locator("#account-error")).ToContainTextAsync("too short");

        await page.FillAsync("#account-name", "cara");
        await page.FillAsync("#account-password", "orchid-lantern-42");
        await page.SelectOptionAsync("#account-role", "curator");
        await page.ClickAsync("text=Add account");
        await page.WaitForSelectorAsync("tr[data-account='cara']");

        var other = await SignedInPageAsync("cara", "orchid-lantern-42");
        Assert.Equal("cara (curator)", await other.InnerTextAsync("#signed-in-as"));
        Assert.True(await other.Locator("#accounts-link").IsHiddenAsync(), "a curator does not see the accounts page");
    }

    [Fact]
    public async Task A_shared_link_with_a_write_does_not_write_even_for_the_administrator_until_Run_is_pressed()
    {
        var page = await SignedInPageAsync(PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword);

        await page.GotoAsync("/#/cypher?q=" + Uri.EscapeDataString("CREATE (:Pwned)"));
        await Assertions.Expect(page.Locator(".cypher-error")).ToContainTextAsync("not run");
        Assert.Equal(0, await CountAsync("Pwned"));

        await page.ClickAsync(".cypher-actions button.primary");
        await Assertions.Expect(page.Locator(".cypher-status")).ToContainTextAsync("nodes created");
        Assert.Equal(1, await CountAsync("Pwned"));
        using var cleanup = server.Client(admin: true);
        await cleanup.PostAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative),
            new StringContent("""{"statement":"MATCH (n:Pwned) DELETE n"}""", Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task A_shared_link_with_a_read_runs_at_once()
    {
        var page = await server.NewPageAsync();

        await page.GotoAsync("/#/cypher?q=" + Uri.EscapeDataString("MATCH (p:Paper {key: 'bert'}) RETURN p.title AS title"));

        await page.WaitForSelectorAsync(".cypher-status:has-text('row'), .cypher-error:not([hidden])", new() { Timeout = 30_000 });
        Assert.True(await page.Locator(".cypher-error").IsHiddenAsync(), await page.InnerTextAsync(".cypher-error"));
        Assert.Contains("BERT", await page.InnerTextAsync(".result-table"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_write_without_the_antiforgery_token_is_refused()
    {
        var page = await SignedInPageAsync(PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword);

        var status = await page.EvaluateAsync<int>("""
            () => fetch('/db/neo4j/query/v2', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ statement: 'CREATE (:Forged)' }) }).then(r => r.status)
            """);

        Assert.Equal(403, status);
        Assert.Equal(0, await CountAsync("Forged"));
    }

    [Fact]
    public async Task The_consoles_sign_in_verifies_the_password()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/#/cypher");
        await page.ClickAsync("details.auth summary");
        await page.FillAsync("#cypher-user", PaperGraphServer.AdminUser);
        await page.FillAsync("#cypher-password", "not-the-password");
        await page.PressAsync("#cypher-password", "Enter");
        await Assertions.Expect(page.Locator("form.sign-in .form-error")).ToContainTextAsync("wrong");
        Assert.Contains("Anonymous: read-only", await page.InnerTextAsync(".auth-state"), StringComparison.Ordinal);

        await page.FillAsync("#cypher-password", PaperGraphServer.AdminPassword);
        await page.PressAsync("#cypher-password", "Enter");
        await Assertions.Expect(page.Locator(".auth-state")).ToContainTextAsync($"Signed in as {PaperGraphServer.AdminUser} (admin)");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync($"{PaperGraphServer.AdminUser} (admin)"); // the header agrees
    }
}
