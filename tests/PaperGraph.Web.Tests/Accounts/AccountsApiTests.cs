using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperGraph.Testing;

namespace PaperGraph.Web.Tests.Accounts;

public sealed class AccountsApiTests : IDisposable
{
    private readonly AuthServer _server = new();

    public void Dispose() => _server.Dispose();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Administrator_creates_lists_changes_and_removes_an_account()
    {
        var admin = _server.Admin();

        var (created, body) = await SendAsync(admin, HttpMethod.Post, "/api/accounts", new { name = "cara", password = "orchid-lantern-42", role = "curator" });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("curator", body.GetProperty("role").GetString());
        Assert.False(body.TryGetProperty("password", out _));

        var (listed, list) = await SendAsync(admin, HttpMethod.Get, "/api/accounts");
        Assert.Equal(HttpStatusCode.OK, listed);
        var names = list.EnumerateArray().Select(a => $"{a.GetProperty("name").GetString()}:{a.GetProperty("role").GetString()}").ToList();
        Assert.Equal(["neo4j:admin", "cara:curator"], names);
        Assert.DoesNotContain("orchid", list.GetRawText(), StringComparison.Ordinal);

        var (changed, after) = await SendAsync(admin, HttpMethod.Patch, "/api/accounts/cara", new { role = "contributor" });
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("contributor", after.GetProperty("role").GetString());

        var (removed, _) = await SendAsync(admin, HttpMethod.Delete, "/api/accounts/cara");
        Assert.Equal(HttpStatusCode.NoContent, removed);
        var (again, problem) = await SendAsync(admin, HttpMethod.Delete, "/api/accounts/cara");
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Contains("cara", problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Taken_name_is_refused_with_409_whatever_its_case()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");

        var (status, problem) = await SendAsync(_server.Admin(), HttpMethod.Post, "/api/accounts", new { name = "CARA", password = "another-good-one-7", role = "contributor" });
        var (bootstrap, _) = await SendAsync(_server.Admin(), HttpMethod.Post, "/api/accounts", new { name = "neo4j", password = "another-good-one-7", role = "admin" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("taken", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, bootstrap);
    }

    [Theory]
    [InlineData("short1", "too short")]
    [InlineData("aaaaaaaaaaaaaaaa", "different")]
    [InlineData("my-dave-password", "name")]
    [InlineData("password123", "common")]
    public async Task Weak_password_is_refused_with_400_saying_what_is_weak(string password, string said)
    {
        var (status, problem) = await SendAsync(_server.Admin(), HttpMethod.Post, "/api/accounts", new { name = "dave", password, role = "contributor" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("Weak password", problem.GetProperty("title").GetString());
        Assert.Contains(said, problem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_role_and_malformed_name_are_refused_with_400()
    {
        var (role, roleProblem) = await SendAsync(_server.Admin(), HttpMethod.Post, "/api/accounts", new { name = "dave", password = "orchid-lantern-42", role = "owner" });
        var (name, nameProblem) = await SendAsync(_server.Admin(), HttpMethod.Post, "/api/accounts", new { name = "da:ve", password = "orchid-lantern-42", role = "curator" });

        Assert.Equal(HttpStatusCode.BadRequest, role);
        Assert.Contains("contributor, curator, admin", roleProblem.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, name);
        Assert.Contains("':'", nameProblem.Detail(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bootstrap_administrator_and_unknown_accounts_cannot_be_changed()
    {
        var (bootstrap, problem) = await SendAsync(_server.Admin(), HttpMethod.Patch, "/api/accounts/neo4j", new { role = "curator" });
        var (unknown, _) = await SendAsync(_server.Admin(), HttpMethod.Patch, "/api/accounts/nobody", new { role = "curator" });
        var (delete, _) = await SendAsync(_server.Admin(), HttpMethod.Delete, "/api/accounts/neo4j");

        Assert.Equal(HttpStatusCode.Conflict, bootstrap);
        Assert.Contains("Auth:Admin", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.Conflict, delete);
    }

    [Fact]
    public async Task Accounts_api_is_for_the_administrator_only()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        var curator = _server.Basic("cara", "orchid-lantern-42");

        var (anonymous, _) = await SendAsync(_server.Plain(), HttpMethod.Get, "/api/accounts");
        var (curatorList, _) = await SendAsync(curator, HttpMethod.Get, "/api/accounts");
        var (curatorAdd, _) = await SendAsync(curator, HttpMethod.Post, "/api/accounts", new { name = "eve", password = "orchid-lantern-42", role = "admin" });
        var (anonymousDelete, _) = await SendAsync(_server.Plain(), HttpMethod.Delete, "/api/accounts/cara");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);
        Assert.Equal(HttpStatusCode.Forbidden, curatorList);
        Assert.Equal(HttpStatusCode.Forbidden, curatorAdd);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousDelete);
    }

    [Fact]
    public async Task Only_admin_accounts_write_cypher_others_read_and_get_400_forbidden_as_on_Neo4j()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        await _server.AddAccountAsync("ada", "velvet-harbor-913", "admin");

        var (curatorWrite, refusal, _) = await _server.Basic("cara", "orchid-lantern-42").QueryAsync(new { statement = "CREATE (:Pwned)" });
        var (curatorRead, _, _) = await _server.Basic("cara", "orchid-lantern-42").QueryAsync(new { statement = "MATCH (n:Pwned) RETURN count(n) AS n" });
        var (adminWrite, _, _) = await _server.Basic("ada", "velvet-harbor-913").QueryAsync(new { statement = "CREATE (:Allowed)" });

        Assert.Equal(400, curatorWrite); // Neo4j answers every client error, Forbidden included, with 400
        Assert.Equal("Neo.ClientError.Security.Forbidden", refusal.ErrorCode());
        Assert.Contains("Only the administrator", refusal.ErrorMessage(), StringComparison.Ordinal);
        Assert.Equal(202, curatorRead);
        Assert.Equal(202, adminWrite);
    }

    [Fact]
    public async Task Removed_account_can_no_longer_authenticate()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        var (before, _, _) = await _server.Basic("cara", "orchid-lantern-42").QueryAsync(new { statement = "RETURN 1" });

        await SendAsync(_server.Admin(), HttpMethod.Delete, "/api/accounts/cara");
        var (after, body, _) = await _server.Basic("cara", "orchid-lantern-42").QueryAsync(new { statement = "RETURN 1" });

        Assert.Equal(202, before);
        Assert.Equal(401, after);
        Assert.Equal("Neo.ClientError.Security.Unauthorized", body.ErrorCode());
    }
}
