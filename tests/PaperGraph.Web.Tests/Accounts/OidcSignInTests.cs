using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaperGraph.Web.Tests.Accounts;

/// <summary>An OpenIddict issuer started in the test, and one PaperGraph signing in there (<c>Auth:Oidc</c>).</summary>
public sealed class OidcFixture : IAsyncLifetime
{
    public OidcIssuer Issuer { get; private set; } = null!;
    public PaperGraphServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Issuer = new OidcIssuer();
        var settings = Issuer.Settings();
        settings["Auth:Oidc:Roles:papergraph-editors"] = "curator";
        Server = new PaperGraphServer(new PaperGraphServerOptions { Settings = settings, SeedFromGraphSeed = true, CaptureLogs = true });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

public sealed class OidcSignInTests(OidcFixture fixture) : IClassFixture<OidcFixture>
{
    private PaperGraphServer Server => fixture.Server;

    /// <summary>What a browser does: follows the redirects to the issuer and back, keeping cookies.</summary>
    private async Task<(HttpClient Browser, HttpResponseMessage Last)> SignInAsync(OidcUser user, string returnUrl = "/%23/paper/lora")
    {
        fixture.Issuer.NextUser = user;
        var cookies = new CookieContainer();
        var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        var next = new Uri(Server.Address, "/api/session/oidc?returnUrl=" + returnUrl);
        HttpResponseMessage response = null!;
        for (var hops = 0; hops < 10; hops++)
        {
            response = await browser.GetAsync(next);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
                break;
            next = new Uri(next, response.Headers.Location!);
            if (next.AbsolutePath == "/" && next.Authority == Server.Address.Authority) break;
        }
        return (browser, response);
    }

    [Fact]
    public async Task A_team_member_signs_in_at_the_identity_provider_and_gets_the_role_its_claim_names()
    {
        var (browser, last) = await SignInAsync(new OidcUser("olivia", "reader-group", "curator"));
        Assert.True(last.StatusCode == HttpStatusCode.Redirect || last.StatusCode == HttpStatusCode.Found,
            $"{(int)last.StatusCode}: {await last.Content.ReadAsStringAsync()}");
        Assert.True("/#/paper/lora" == last.Headers.Location!.OriginalString,
            string.Join('\n', Server.Logs.Where(l => l.Contains("identity provider", StringComparison.Ordinal) || l.Contains("Oidc", StringComparison.Ordinal))));

        var session = await browser.GetFromJsonAsync<JsonElement>(new Uri(Server.Address, "/api/session"));
        Assert.Equal("olivia", session.GetProperty("name").GetString());
        Assert.Equal("curator", session.GetProperty("role").GetString());

        // A curator may curate, under the name the issuer gave (it is what history records).
        using var write = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Address, "/api/curation/edges"))
        {
            Content = JsonContent.Create(new { from = "word2vec", to = "lora", reason = "Signed in through the team's identity provider." }),
        };
        write.Headers.Add("X-XSRF-TOKEN", session.GetProperty("antiforgeryToken").GetString());
        using var written = await browser.SendAsync(write);
        Assert.True(written.IsSuccessStatusCode, $"{(int)written.StatusCode}: {await written.Content.ReadAsStringAsync()}");
        var history = await Server.Anonymous().GetFromJsonAsync<JsonElement>(new Uri("/api/history?paper=lora&limit=1", UriKind.Relative));
        Assert.Contains("olivia", history.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_are_mapped_from_the_issuers_own_values_and_someone_without_one_is_a_reader()
    {
        var (mapped, _) = await SignInAsync(new OidcUser("mapo", "papergraph-editors"));
        var session = await mapped.GetFromJsonAsync<JsonElement>(new Uri(Server.Address, "/api/session"));
        Assert.Equal(("mapo", "curator"), (session.GetProperty("name").GetString(), session.GetProperty("role").GetString()));

        var (nobody, _) = await SignInAsync(new OidcUser("rita", "marketing"));
        session = await nobody.GetFromJsonAsync<JsonElement>(new Uri(Server.Address, "/api/session"));
        Assert.Equal(("rita", "reader"), (session.GetProperty("name").GetString(), session.GetProperty("role").GetString()));
        using var write = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Address, "/api/curation/edges"))
        {
            Content = JsonContent.Create(new { from = "glove", to = "lora", reason = "A reader may not." }),
        };
        write.Headers.Add("X-XSRF-TOKEN", session.GetProperty("antiforgeryToken").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.SendAsync(write)).StatusCode);
    }

    [Fact]
    public async Task The_issuers_access_tokens_work_as_bearer_tokens_on_the_query_api_with_their_role()
    {
        var admin = await fixture.Issuer.TokenForAsync(new OidcUser("deploy-bot", "admin"));
        var curator = await fixture.Issuer.TokenForAsync(new OidcUser("cura-bot", "curator"));

        async Task<(HttpStatusCode, string)> RunAsync(string token, string statement)
        {
            using var client = Server.Anonymous();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.PostAsJsonAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative), new { statement });
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (status, body) = await RunAsync(admin, "CREATE (n:BotNote {by: 'deploy-bot'}) RETURN n.by AS author");
        Assert.True(status == HttpStatusCode.Accepted, $"{(int)status}: {body}");
        (status, body) = await RunAsync(curator, "MATCH (p:Paper {key: 'lora'}) RETURN p.title AS title");
        Assert.True(status == HttpStatusCode.Accepted, $"{(int)status}: {body}");
        (status, body) = await RunAsync(curator, "CREATE (n:BotNote {by: 'cura-bot'})");
        Assert.Contains("Neo.ClientError.Security.Forbidden", body, StringComparison.Ordinal);

        // A token that is not the issuer's (its signature broken) is refused as Neo4j refuses one.
        (status, body) = await RunAsync(admin[..^6] + "AAAAAA", "RETURN 1");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("Neo.ClientError.Security.Unauthorized", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_in_returns_only_to_a_path_on_this_site()
    {
        foreach (var returnUrl in new[] { "//evil.example/x", "https://evil.example/x" })
        {
            var (_, last) = await SignInAsync(new OidcUser("olivia", "curator"), returnUrl);
            Assert.True(last.Headers.Location is not null, $"{(int)last.StatusCode}: {await last.Content.ReadAsStringAsync()}");
            Assert.Equal("/", last.Headers.Location.OriginalString);
        }
    }
}
