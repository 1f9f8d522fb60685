using System.Diagnostics;
using System.Net;
using PaperGraph.Testing;

namespace PaperGraph.Web.Tests.Accounts;

/// <summary>Wrong passwords are counted per account and per address; past the limit even the right one waits.</summary>
public sealed class CredentialRateLimitTests : IDisposable
{
    private readonly AuthServer _server = new(settings: new()
    {
        ["Auth:FailedSignIns:PerAccount"] = "3",
        ["Auth:FailedSignIns:PerAddress"] = "6",
        ["Auth:FailedSignIns:WindowSeconds"] = "60",
    });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task After_too_many_wrong_passwords_for_an_account_even_the_right_one_gets_429_with_retry_after()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        await _server.AddAccountAsync("dan", "velvet-harbor-913", "curator");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Browser().SignInAsync("cara", $"guess-{i}")).Status);

        var (form, _, problem) = await _server.Browser().SignInAsync("cara", "orchid-lantern-42");
        using var basic = await _server.Basic("cara", "orchid-lantern-42").PostAsync(QueryApiClient.QueryPath,
            new StringContent("""{"statement":"RETURN 1"}""", System.Text.Encoding.UTF8, "application/json"));
        var (other, _, _) = await _server.Browser().SignInAsync("dan", "velvet-harbor-913");

        Assert.Equal(HttpStatusCode.TooManyRequests, form);
        Assert.Contains("Too many", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, basic.StatusCode);
        Assert.True(basic.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var body = System.Text.Json.JsonDocument.Parse(await basic.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Neo.ClientError.Security.AuthenticationRateLimit", body.ErrorCode());
        Assert.Equal(HttpStatusCode.OK, other); // another account from the same address is still under its limits
        Assert.Contains(_server.Logs, l => l.Contains("too many wrong passwords for account 'cara'", StringComparison.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Wrong_passwords_from_one_address_over_many_names_are_limited_too()
    {
        await _server.AddAccountAsync("cara", "orchid-lantern-42", "curator");
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Browser().SignInAsync($"user{i}", "guess")).Status);

        var (status, _, _) = await _server.Browser().SignInAsync("cara", "orchid-lantern-42");

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
    }

    [Fact]
    public async Task The_window_ends_and_the_right_password_works_again()
    {
        using var server = new AuthServer(settings: new()
        {
            ["Auth:FailedSignIns:PerAccount"] = "2",
            ["Auth:FailedSignIns:WindowSeconds"] = "2",
        });
        // Fixed windows start on their own clock: keep guessing (bounded) until the limit answers 429.
        var clock = Stopwatch.StartNew();
        var throttled = false;
        for (var i = 0; i < 20 && !throttled; i++)
            throttled = (await server.Browser().SignInAsync("neo4j", $"guess-{i}")).Status == HttpStatusCode.TooManyRequests;
        Assert.True(throttled, "wrong passwords were never limited");

        HttpStatusCode status;
        do
        {
            await Task.Delay(250);
            status = (await server.Browser().SignInAsync("neo4j", AuthServer.AdminPassword)).Status;
        } while (status != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
