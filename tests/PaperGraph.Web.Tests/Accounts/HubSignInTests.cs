using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using PaperGraph.Web.Infrastructure.Hubs;

namespace PaperGraph.Web.Tests.Accounts;

public sealed class HubSignInTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pg-auth-hub-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Signed_in_browser_connects_to_the_hub_with_its_cookie_and_a_forged_cookie_is_refused_nothing()
    {
        using var server = new AuthServer(_folder);
        using var response = await server.Plain().PostAsJsonAsync("/api/session", new { name = AuthServer.AdminUser, password = AuthServer.AdminPassword });
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("papergraph.auth=", StringComparison.Ordinal)).Split(';')[0];
        var address = new Uri(server.Admin().BaseAddress!, "/hubs/graph");

        await using var signedIn = new HubConnectionBuilder().WithUrl(address, o => o.Headers["Cookie"] = cookie).Build();
        await signedIn.StartAsync();
        var catchUp = await signedIn.InvokeAsync<GraphCatchUp>(nameof(GraphHub.Resume), 0L);

        Assert.Equal(HubConnectionState.Connected, signedIn.State);
        Assert.True(catchUp.LastSequence >= 0);
        Assert.Contains(server.Logs, l => l.Contains($"Signed in '{AuthServer.AdminUser}' (admin)", StringComparison.Ordinal));

        // A tampered cookie is no sign-in: the hub still serves the public graph, as to any reader.
        await using var forged = new HubConnectionBuilder().WithUrl(address, o => o.Headers["Cookie"] = cookie[..^4] + "AAAA").Build();
        await forged.StartAsync();
        Assert.Equal(HubConnectionState.Connected, forged.State);
        var plain = server.Plain();
        plain.DefaultRequestHeaders.Add("Cookie", cookie[..^4] + "AAAA");
        Assert.Equal("reader", (await plain.SessionAsync()).Role);
    }
}
