using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperGraph.Testing;

namespace PaperGraph.Web.Tests.Accounts;

/// <summary>
/// The shared <see cref="PaperGraphServer"/> harness (administrator <c>neo4j</c>/<c>s3cret-pass</c>, no seed, its
/// own temporary store unless the test names one) with every log line kept in <see cref="Logs"/>, and clients that
/// keep cookies like a browser.
/// </summary>
public sealed class AuthServer : IDisposable
{
    public const string AdminUser = PaperGraphServer.AdminUser;
    public const string AdminPassword = PaperGraphServer.AdminPassword;

    private readonly PaperGraphServer _server;
    private readonly List<HttpClient> _clients = [];

    public AuthServer(string? storePath = null, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        if (storePath is not null) all["Storage:Path"] = storePath;
        _server = new PaperGraphServer(new PaperGraphServerOptions
        {
            Settings = all,
            ConfigureServices = services => services.AddLogging(l => l.AddProvider(new ListLoggerProvider(Logs))),
        });
    }

    /// <summary>Every log line written, as "Category: message".</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>A client keeping cookies, like a browser.</summary>
    public HttpClient Browser() => Track(new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = _server.Address });

    /// <summary>A client that sends no cookies on its own.</summary>
    public HttpClient Plain() => Track(new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = _server.Address });

    public HttpClient Basic(string user, string password) => _server.WithBasic(user, password);

    public HttpClient Admin() => _server.Admin();

    /// <summary>Creates an account through the API as the administrator.</summary>
    public async Task AddAccountAsync(string name, string password, string role)
    {
        using var response = await Admin().PostAsJsonAsync("/api/accounts", new { name, password, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        _server.Dispose();
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }

    private sealed class ListLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, lines);
        public void Dispose() { }
    }

    private sealed class ListLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)}");
    }
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
