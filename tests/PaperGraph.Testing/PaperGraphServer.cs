using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperGraph.Graph;

namespace PaperGraph.Testing;

/// <summary>What a <see cref="PaperGraphServer"/> is started with.</summary>
public sealed record PaperGraphServerOptions
{
    /// <summary>Configuration overrides (<c>"Section:Key"</c> to value; a null value unsets the key). They win over
    /// the harness's own defaults, e.g. <c>["Storage:Path"] = ":memory:"</c> or a folder the test owns.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>A database to serve instead of the configured backend (e.g. a <see cref="FakeGraphDatabase"/>).</summary>
    public IGraphDatabase? Database { get; init; }

    /// <summary>A clock to use instead of the system's (e.g. a <c>FakeTimeProvider</c>).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Import the repository's <c>graph-seed/</c> at start (the real reading list); off by default.</summary>
    public bool SeedFromGraphSeed { get; init; }

    /// <summary>More service registrations, applied after the app's own (last registration wins).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Keep every log line (all levels) in <see cref="PaperGraphServer.Logs"/>.</summary>
    public bool CaptureLogs { get; init; }
}

/// <summary>
/// The PaperGraph web app on a real Kestrel server on 127.0.0.1 (a free port), the one server harness every test
/// project uses: its own fresh temporary store (a folder deleted on disposal), the administrator
/// <see cref="AdminUser"/>/<see cref="AdminPassword"/>, no seed import unless asked, and any configuration
/// overrides. Clients from <see cref="Anonymous"/>, <see cref="Admin"/> and <see cref="WithBasic"/> speak HTTP to
/// the real socket, as a browser or the .NET SignalR client would.
/// </summary>
/// <remarks>The server is started by the constructor (a bad configuration throws there, with the start-up
/// error); disposing it stops the server and removes the temporary store.</remarks>
public sealed class PaperGraphServer : IDisposable, IAsyncDisposable
{
    public const string AdminUser = "neo4j";
    public const string AdminPassword = "s3cret-pass";

    private readonly Host _host;
    private readonly string? _ownedStore;
    private readonly List<HttpClient> _clients = [];
    private int _disposed;

    /// <summary>A server with the harness's defaults.</summary>
    public PaperGraphServer() : this(new PaperGraphServerOptions())
    {
    }

    public PaperGraphServer(PaperGraphServerOptions options)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Import:Seed"] = options.SeedFromGraphSeed ? "true" : "false",
            ["Auth:Admin:User"] = AdminUser,
            ["Auth:Admin:Password"] = AdminPassword,
        };
        if (options.SeedFromGraphSeed)
            settings["Import:SeedPath"] = Path.Combine(RepositoryRoot, "graph-seed");
        if (!options.Settings.ContainsKey("Storage:Path"))
        {
            _ownedStore = Path.Combine(Path.GetTempPath(), "papergraph-test-" + Guid.NewGuid().ToString("N"));
            settings["Storage:Path"] = _ownedStore;
        }
        foreach (var (key, value) in options.Settings) settings[key] = value;

        _host = new Host(settings, options);
        try
        {
            _host.Start();
            var addresses = _host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
            Address = new Uri(addresses.Addresses.First());
        }
        catch
        {
            _host.Dispose();
            DeleteStore();
            throw;
        }
    }

    /// <summary>A server with a database in place of the configured backend and/or configuration overrides.</summary>
    public PaperGraphServer(IGraphDatabase? database = null, Dictionary<string, string?>? settings = null, TimeProvider? time = null)
        : this(new PaperGraphServerOptions { Database = database, Settings = settings ?? new Dictionary<string, string?>(), Time = time })
    {
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The app's services (the real container, after start).</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The graph the app serves (the configured backend, or the database given in the options).</summary>
    public IGraphDatabase Database => Services.GetRequiredService<IGraphDatabase>();

    /// <summary>The temporary store folder this server owns (deleted on disposal), or null when the test chose
    /// <c>Storage:Path</c>.</summary>
    public string? StorePath => _ownedStore;

    /// <summary>The repository root (the folder holding PaperGraph.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Every log line written, as "Category: message", when <see cref="PaperGraphServerOptions.CaptureLogs"/>.</summary>
    public ConcurrentQueue<string> Logs => _host.Logs;

    /// <summary>A client sending no credentials: no Authorization header, and no cookies kept.</summary>
    public HttpClient Anonymous() => Track(new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Address });

    /// <summary>A client keeping cookies, like a browser (signed in once it signs in).</summary>
    public HttpClient Browser() => Track(new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = Address,
    });

    /// <summary>A client authenticated (HTTP Basic) as the administrator.</summary>
    public HttpClient Admin() => WithBasic(AdminUser, AdminPassword);

    /// <summary>An anonymous client, or the administrator's when <paramref name="admin"/> is true.</summary>
    public HttpClient Client(bool admin = false) => admin ? Admin() : Anonymous();

    /// <summary>A client sending the given HTTP Basic credentials.</summary>
    public HttpClient WithBasic(string user, string password)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        DisposeClients();
        _host.Dispose();
        DeleteStore();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        DisposeClients();
        await _host.DisposeAsync();
        DeleteStore();
    }

    private HttpClient Track(HttpClient client)
    {
        lock (_clients) _clients.Add(client);
        return client;
    }

    private void DisposeClients()
    {
        lock (_clients)
        {
            foreach (var client in _clients) client.Dispose();
            _clients.Clear();
        }
    }

    private void DeleteStore()
    {
        if (_ownedStore is null) return;
        try { Directory.Delete(_ownedStore, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PaperGraph.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("PaperGraph.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The app factory, kept private so that tests see one harness with one way to start it.</summary>
    private sealed class Host(IReadOnlyDictionary<string, string?> settings, PaperGraphServerOptions options)
        : WebApplicationFactory<Program>
    {
        public ConcurrentQueue<string> Logs { get; } = new();

        public void Start()
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            StartServer();
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            // Both: host settings are seen while Program builds its services, and the in-memory source added last
            // wins over appsettings.json.
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
            builder.ConfigureTestServices(services =>
            {
                if (options.Database is { } database) services.AddSingleton(database);
                if (options.Time is { } time) services.AddSingleton(time);
                if (options.CaptureLogs) services.AddLogging(l => l.AddProvider(new ListLoggerProvider(Logs)));
                options.ConfigureServices?.Invoke(services);
            });
        }
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
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)}");
    }
}
