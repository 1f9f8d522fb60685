using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaperGraph.Web.Tests.Accounts;

/// <summary>
/// The shared <see cref="PaperGraphServer"/> harness for the account tests: administrator
/// <see cref="AdminUser"/>/<see cref="AdminPassword"/>, no seed, a store folder of the test's choosing (a fresh
/// temporary one when none), and every log line kept in <see cref="Logs"/>.
/// </summary>
public sealed class AuthServer : IDisposable
{
    public const string AdminUser = PaperGraphServer.AdminUser;
    public const string AdminPassword = PaperGraphServer.AdminPassword;

    private readonly PaperGraphServer _server;

    public AuthServer(string? storePath = null, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        if (storePath is not null) all["Storage:Path"] = storePath;
        _server = new PaperGraphServer(new PaperGraphServerOptions { Settings = all, CaptureLogs = true });
    }

    /// <summary>Every log line written, as "Category: message".</summary>
    public ConcurrentQueue<string> Logs => _server.Logs;

    /// <summary>A client keeping cookies, like a browser.</summary>
    public HttpClient Browser() => _server.Browser();

    /// <summary>A client that sends no cookies on its own.</summary>
    public HttpClient Plain() => _server.Anonymous();

    public HttpClient Basic(string user, string password) => _server.WithBasic(user, password);

    public HttpClient Admin() => _server.Admin();

    /// <summary>Creates an account through the API as the administrator.</summary>
    public async Task AddAccountAsync(string name, string password, string role)
    {
        using var response = await Admin().PostAsJsonAsync("/api/accounts", new { name, password, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public void Dispose() => _server.Dispose();
}

/// <summary>Signing in the way the browser client does.</summary>
internal static class SessionClient
{
    public sealed record Session(string? Name, string Role, string? AntiforgeryToken);

    public static async Task<(HttpStatusCode Status, Session? Session, JsonElement Body)> SignInAsync(this HttpClient client, string name, string password)
    {
        using var response = await client.PostAsJsonAsync("/api/session", new { name, password });
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, response.IsSuccessStatusCode ? body.Deserialize<Session>(JsonSerializerOptions.Web) : null, body);
    }

    public static async Task<Session> SessionAsync(this HttpClient client) =>
        (await client.GetFromJsonAsync<Session>("/api/session", JsonSerializerOptions.Web))!;

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString()!;
}
