using System.Text.Json;
using Microsoft.Playwright;
using PaperGraph.Graph;

namespace PaperGraph.Web.E2E;

/// <summary>
/// A class fixture: a fresh <see cref="PaperGraphServer"/> (real Kestrel on 127.0.0.1, its own temporary store,
/// filled by the start-up seed import unless <see cref="SeedFromGraphSeed"/> is false), and a headless Debian
/// Chromium driven by Playwright (never a downloaded browser).
/// </summary>
public class BrowserServer : IAsyncLifetime
{
    /// <summary>The administrator the server starts with (HTTP Basic and the sign-in form).</summary>
    public const string AdminUser = PaperGraphServer.AdminUser;
    public const string AdminPassword = PaperGraphServer.AdminPassword;

    private PaperGraphServer _server = null!;
    private IPlaywright? _playwright;

    /// <summary>Import graph-seed/ at start (the real reading list); false for a generated graph.</summary>
    protected virtual bool SeedFromGraphSeed => true;

    /// <summary>Configuration overrides for the server.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public Uri Address => _server.Address;
    public IBrowser Browser { get; private set; } = null!;
    public IGraphDatabase Database => _server.Database;
    public IServiceProvider Services => _server.Services;

    /// <summary>The repository root (the folder holding PaperGraph.sln).</summary>
    public static string RepositoryRoot => PaperGraphServer.RepositoryRoot;

    public virtual async Task InitializeAsync()
    {
        _server = new PaperGraphServer(new PaperGraphServerOptions { SeedFromGraphSeed = SeedFromGraphSeed, Settings = Settings });
        // The seed import runs before the server takes requests; this checks it found the reading list.
        if (SeedFromGraphSeed && await PaperCountAsync() < 36)
            throw new InvalidOperationException("The seed import left fewer than 36 papers: is graph-seed/ complete?");

        (_playwright, Browser) = await DebianChromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    /// <summary>A new browser page (its own context: fresh localStorage) of the given size.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>An HTTP client for the real server (anonymous unless <paramref name="admin"/>).</summary>
    public HttpClient Client(bool admin = false) => _server.Client(admin);

    /// <summary>How many papers the API says the graph holds.</summary>
    public async Task<int> PaperCountAsync()
    {
        using var client = Client();
        var graph = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/graph?limit=1", UriKind.Relative))).RootElement;
        return graph.GetProperty("total").GetInt32();
    }
}
