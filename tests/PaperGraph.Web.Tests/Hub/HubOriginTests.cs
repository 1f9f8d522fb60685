using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR.Client;

namespace PaperGraph.Web.Tests.Hub;

/// <summary>The live-update hub answers its own pages and Origin-less clients, never another site's page.</summary>
public sealed class HubOriginTests : IDisposable
{
    private readonly PaperGraphServer _server = new();

    public void Dispose() => _server.Dispose();

    private async Task<HttpStatusCode> NegotiateAsync(string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/graph/negotiate?negotiateVersion=1");
        if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
        using var response = await _server.Anonymous().SendAsync(request);
        return response.StatusCode;
    }

    private async Task<WebSocketState> WebSocketAsync(string origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(_server.Address) { Scheme = "ws", Path = "/hubs/graph" }.Uri;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException)
        {
        }
        return socket.State;
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("null")]
    public async Task Cross_origin_negotiation_is_refused_with_403(string origin) =>
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync(origin));

    [Fact]
    public async Task Cross_origin_websocket_is_refused()
    {
        Assert.NotEqual(WebSocketState.Open, await WebSocketAsync("https://evil.example"));
        Assert.Equal(WebSocketState.Open, await WebSocketAsync(_server.Address.GetLeftPart(UriPartial.Authority)));
    }

    [Fact]
    public async Task Same_origin_and_origin_less_negotiation_work()
    {
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(_server.Address.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(null));
    }

    [Fact]
    public async Task The_dotnet_signalr_client_sending_no_origin_connects()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(_server.Address, "/hubs/graph")).Build();
        await connection.StartAsync();

        Assert.Equal(HubConnectionState.Connected, connection.State);
    }
}
