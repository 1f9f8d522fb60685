using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PaperGraph.Graph;

namespace PaperGraph.Web.E2E;

/// <summary>
/// A fresh PaperGraph on a real Kestrel server at 127.0.0.1 with its own temporary store (filled by the
/// start-up seed import unless <see cref="SeedFromGraphSeed"/> is false), and a headless Debian Chromium
/// driven by Playwright (never a downloaded browser).
/// </summary>
public class BrowserServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminUser = "neo4j";
    public const string AdminPassword = "e2e-curator-secret";

    private readonly string _storePath = Path.Combine(Path.GetTempPath(), "papergraph-e2e-" + Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public BrowserServer() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// <summary>Import graph-seed/ at start (the real reading list); false for a generated graph.</summary>
    protected virtual bool SeedFromGraphSeed => true;

    /// <summary>The reading list imported at start (graph-seed/ unless a test brings its own).</summary>
    protected virtual string SeedPath => Path.Combine(RepositoryRoot, "graph-seed");

    /// <summary>How many papers the imported list holds at least (start-up waits for them).</summary>
    protected virtual int SeedPapers => 36;

    public Uri Address { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public IGraphDatabase Database => Services.GetRequiredService<IGraphDatabase>();

    /// <summary>The repository root (the folder holding PaperGraph.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = _storePath,
            ["Import:Seed"] = SeedFromGraphSeed ? "true" : "false",
            ["Import:SeedPath"] = SeedPath,
            ["Auth:Admin:User"] = AdminUser,
            ["Auth:Admin:Password"] = AdminPassword,
        };
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
    }

    public virtual async Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First());
        if (SeedFromGraphSeed)
            await WaitForSeedAsync();

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PAPERGRAPH_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
        });
    }

    public new async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        try { Directory.Delete(_storePath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
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

    public HttpClient Client(bool admin = false)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (admin)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
        return client;
    }

    /// <summary>How many papers the API says the graph holds.</summary>
    public async Task<int> PaperCountAsync()
    {
        using var client = Client();
        var graph = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/graph?limit=1", UriKind.Relative))).RootElement;
        return graph.GetProperty("total").GetInt32();
    }

    private async Task WaitForSeedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                if (await PaperCountAsync() >= SeedPapers)
                    return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The seed import did not finish within 120 s: /api/graph holds fewer than {SeedPapers} papers.");
            await Task.Delay(250);
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PaperGraph.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("PaperGraph.sln not found above " + AppContext.BaseDirectory);
    }
}
