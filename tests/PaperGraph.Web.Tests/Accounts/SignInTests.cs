using System.Net;
using System.Net.Http.Json;
using System.Text;
using PaperGraph.Testing;

namespace PaperGraph.Web.Tests.Accounts;

public sealed class SignInTests : IDisposable
{
    private readonly AuthServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Wrong_password_is_refused_with_401_and_signs_nobody_in()
    {
        var browser = _server.Browser();

        var (status, session, problem) = await browser.SignInAsync("neo4j", "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Null(session);
        Assert.Contains("wrong", problem.Detail(), StringComparison.Ordinal);
        var now = await browser.SessionAsync();
        Assert.Null(now.Name);
        Assert.Equal("reader", now.Role);
    }

    [Fact]
    public async Task Right_password_signs_in_with_a_strict_httponly_cookie_and_the_role_then_sign_out_ends_it()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        var browser = _server.Plain();

        using var response = await browser.PostAsJsonAsync("/api/session", new { name = "cara", password = "orchid-lantern-42" });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("papergraph.auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("orchid", cookie, StringComparison.Ordinal);

        var signedIn = _server.Browser();
        var (status, session, _) = await signedIn.SignInAsync("cara", "orchid-lantern-42");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("cara", "curator"), (session!.Name, session.Role));
        Assert.Equal(("cara", "curator"), ((await signedIn.SessionAsync()).Name, (await signedIn.SessionAsync()).Role));

        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/api/session");
        signOut.Headers.Add("X-XSRF-TOKEN", (await signedIn.SessionAsync()).AntiforgeryToken);
        Assert.Equal(HttpStatusCode.NoContent, (await signedIn.SendAsync(signOut)).StatusCode);
        Assert.Equal("reader", (await signedIn.SessionAsync()).Role);
    }

    [Fact]
    public async Task Form_post_signs_in_too()
    {
        var browser = _server.Browser();

        using var response = await browser.PostAsync("/api/session",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "neo4j", ["password"] = AuthServer.AdminPassword }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", (await browser.SessionAsync()).Role);
    }

    [Fact]
    public async Task Cookie_write_without_the_antiforgery_token_is_refused_with_403_and_with_it_goes_through()
    {
        var browser = _server.Browser();
        var (_, session, _) = await browser.SignInAsync("neo4j", AuthServer.AdminPassword);

        var (refused, body, _) = await browser.QueryAsync(new { statement = "CREATE (:Pwned)" });
        using var noToken = await browser.PostAsJsonAsync("/api/accounts", new { name = "eve", password = "orchid-lantern-42", role = "admin" });

        Assert.Equal(403, refused);
        Assert.Contains("antiforgery", body.ErrorMessage(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        var (_, count, _) = await _server.Admin().QueryAsync(new { statement = "MATCH (n:Pwned) RETURN count(n) AS n" });
        Assert.Equal(0, count.GetProperty("data").GetProperty("values")[0][0].GetInt32());

        browser.DefaultRequestHeaders.Add("X-XSRF-TOKEN", session!.AntiforgeryToken);
        var (allowed, _, _) = await browser.QueryAsync(new { statement = "CREATE (:Allowed)" });
        using var withToken = await browser.PostAsJsonAsync("/api/accounts", new { name = "eve", password = "orchid-lantern-42", role = "admin" });
        Assert.Equal(202, allowed);
        Assert.Equal(HttpStatusCode.Created, withToken.StatusCode);
    }

    [Fact]
    public async Task Basic_callers_need_no_antiforgery_token()
    {
        using var response = await _server.Admin().PostAsJsonAsync("/api/accounts", new { name = "eve", password = "orchid-lantern-42", role = "contributor" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Removed_accounts_cookie_signs_nobody_in_and_a_changed_role_applies_at_once()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        await _server.AddAccountAsync("dan", "velvet-harbor-913", "curator");
        var cara = _server.Browser();
        var dan = _server.Browser();
        await cara.SignInAsync("cara", "orchid-lantern-42");
        await dan.SignInAsync("dan", "velvet-harbor-913");

        await _server.Admin().DeleteAsync("/api/accounts/cara");
        await _server.Admin().PatchAsJsonAsync("/api/accounts/dan", new { role = "contributor" });

        Assert.Equal("reader", (await cara.SessionAsync()).Role);
        Assert.Equal("contributor", (await dan.SessionAsync()).Role);
    }

    [Fact]
    public async Task Sign_ins_and_refusals_are_logged_with_address_and_name_never_the_password()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        await _server.Browser().SignInAsync("cara", "wrong-guess-xyz");
        await _server.Browser().SignInAsync("cara", "orchid-lantern-42");
        await _server.Basic("cara", "another-wrong-guess").QueryAsync(new { statement = "RETURN 1" });

        var lines = _server.Logs.ToList();
        Assert.Contains(lines, l => l.Contains("Wrong password for account 'cara' from 127.0.0.1 (form)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Wrong password for account 'cara' from 127.0.0.1 (basic)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Signed in 'cara' (curator) from 127.0.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("orchid", StringComparison.Ordinal) || l.Contains("wrong-guess", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_in_without_a_name_or_with_a_bad_body_is_400()
    {
        var (missing, _, _) = await _server.Plain().SignInAsync("", "x");
        using var bad = await _server.Plain().PostAsync("/api/session", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
