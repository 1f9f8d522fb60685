using System.Net;
using System.Net.Http.Json;

namespace PaperGraph.Web.Tests.Accounts;

/// <summary>Accounts and sign-ins live in the store's folder and survive a restart.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pg-auth-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_restart_signs_nobody_out_and_keeps_the_accounts()
    {
        string cookie;
        using (var first = new AuthServer(_folder))
        {
            await first.AddAccountAsync("cara", "orchid-lantern-42", "curator");
            using var response = await first.Plain().PostAsJsonAsync("/api/session", new { name = "cara", password = "orchid-lantern-42" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("papergraph.auth=", StringComparison.Ordinal)).Split(';')[0];
        }

        using var second = new AuthServer(_folder);
        var browser = second.Plain();
        browser.DefaultRequestHeaders.Add("Cookie", cookie);
        var session = await browser.SessionAsync();

        Assert.Equal(("cara", "curator"), (session.Name, session.Role));
        Assert.True(Directory.EnumerateFiles(Path.Combine(_folder, "keys"), "key-*.xml").Any());
        Assert.Equal(HttpStatusCode.OK, (await second.Browser().SignInAsync("cara", "orchid-lantern-42")).Status);
    }

    [Fact]
    public async Task Accounts_file_holds_hashes_only_and_is_readable_by_its_owner_only()
    {
        using (var server = new AuthServer(_folder))
            await server.AddAccountAsync("cara", "orchid-lantern-42", "curator");

        var file = Path.Combine(_folder, "accounts.db");
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.DoesNotContain("orchid-lantern-42", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("cara", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }
}
