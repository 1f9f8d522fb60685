using System.Net.Http.Json;
using PaperGraph.Testing;
using PaperGraph.Web.Tests.Papers;

namespace PaperGraph.Web.Tests.Curation;

/// <summary>A fresh server per test with the small spine graph and three accounts: cara and carl (curators) and
/// cody (contributor).</summary>
public abstract class CurationTestBase : IAsyncLifetime
{
    public const string Password = "curation-tests-pass-2026";

    protected PaperGraphServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = new PaperGraphServer();
        await ExplorerServer.SeedAsync(Server.Database);
        using var admin = Server.Admin();
        foreach (var (name, role) in new[] { ("cara", "curator"), ("carl", "curator"), ("cody", "contributor") })
        {
            var created = await admin.PostAsJsonAsync("/api/accounts", new { name, password = Password, role });
            Assert.True(created.IsSuccessStatusCode, $"{name}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected HttpClient As(string name) => Server.WithBasic(name, Password);
}
