using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaperGraph.Web.Tests.Accounts;

/// <summary>
/// The web app on Kestrel (127.0.0.1, a free port) with the administrator <c>neo4j</c>/<c>s3cret-pass</c>, no seed,
/// a store folder of the test's choosing (in memory when none), and every log line kept in <see cref="Logs"/>.
/// </summary>
public sealed class AuthServer : WebApplicationFactory<Program>
{
    public const string AdminUser = "neo4j";
    public const string AdminPassword = "s3cret-pass";

    private readonly Dictionary<string, string?> _settings;

    public AuthServer(string? storePath = null, Dictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = storePath ?? ":memory:",
            ["Import:Seed"] = "false",
            ["Auth:Admin:User"] = AdminUser,
            ["Auth:Admin:Password"] = AdminPassword,
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
        UseKestrel(0);
        StartServer();
    }

    /// <summary>Every log line written, as "Category: message".</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services => services.AddLogging(l => l.AddProvider(new ListLoggerProvider(Logs))));
    }

    /// <summary>A client keeping cookies, like a browser.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, HandleCookies = true });

    /// <summary>A client that sends no cookies on its own.</summary>
    public HttpClient Plain() => CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ClientOptions.BaseAddress, HandleCookies = false });

    public HttpClient Basic(string user, string password)
    {
        var client = Plain();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public HttpClient Admin() => Basic(AdminUser, AdminPassword);

    /// <summary>Creates an account through the API as the administrator.</summary>
    public async Task AddAccountAsync(string name, string password, string role)
    {
        using var response = await Admin().PostAsJsonAsync("/api/accounts", new { name, password, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
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
