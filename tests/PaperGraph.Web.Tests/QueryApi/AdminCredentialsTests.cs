using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperGraph.Hosting;
using PaperGraph.Web.Auth;

namespace PaperGraph.Web.Tests.QueryApi;

public sealed class AdminCredentialsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "papergraph-auth-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private AdminCredentials Create(string? password = null, string user = "neo4j") => new(
        Options.Create(new AuthOptions { Admin = { User = user, Password = password } }),
        Options.Create(new StorageOptions { Path = _folder }),
        NullLogger<AdminCredentials>.Instance);

    [Fact]
    public void Generated_password_is_stored_only_as_a_hash_and_stays_valid_after_a_restart()
    {
        var first = Create();
        var password = first.GeneratedPassword!;

        var second = Create();

        Assert.True(password.Length >= 20);
        Assert.Null(second.GeneratedPassword);
        Assert.True(second.Verify("neo4j", password));
        Assert.False(second.Verify("neo4j", password + "x"));
        var stored = File.ReadAllText(Path.Combine(_folder, "admin-credential.json"));
        Assert.DoesNotContain(password, stored);
        Assert.Contains("AspNetCoreIdentity-PasswordHasher", stored);
    }

    [Fact]
    public void Configured_password_wins_and_nothing_is_generated()
    {
        var credentials = Create("chosen-one");

        Assert.Null(credentials.GeneratedPassword);
        Assert.True(credentials.Verify("neo4j", "chosen-one"));
        Assert.True(credentials.Verify("neo4j", "chosen-one")); // second time from the verified cache
        Assert.False(credentials.Verify("neo4jx", "chosen-one"));
        Assert.False(credentials.Verify("neo4j", "Chosen-one"));
        Assert.False(File.Exists(Path.Combine(_folder, "admin-credential.json")));
    }

    [Fact]
    public async Task Server_without_configured_password_prints_nothing_secret_to_clients_and_refuses_guesses()
    {
        using var server = new PaperGraphServer(new FakeGraphDatabase(), new()
        {
            ["Auth:Admin:Password"] = null,
            ["Storage:Path"] = _folder,
        });

        var (status, body, _) = await server.WithBasic("neo4j", "neo4j").QueryAsync(new { statement = "RETURN $a AS a", parameters = new { a = 1 } });

        Assert.Equal(401, status);
        Assert.Equal("Neo.ClientError.Security.Unauthorized", body.ErrorCode());
        Assert.True(File.Exists(Path.Combine(_folder, "admin-credential.json")));
    }
}
