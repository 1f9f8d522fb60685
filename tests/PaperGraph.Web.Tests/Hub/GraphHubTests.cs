using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Infrastructure.Hubs;
using PaperGraph.Web.Tests.Papers;

namespace PaperGraph.Web.Tests.Hub;

public sealed class GraphHubTests(ExplorerServer server) : IClassFixture<ExplorerServer>
{
    private async Task<(HubConnection, Channel<GraphChangedMessage>)> ConnectAsync()
    {
        var received = Channel.CreateUnbounded<GraphChangedMessage>();
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server.Address, "/hubs/graph")).Build();
        connection.On<GraphChangedMessage>(nameof(IGraphClient.GraphChanged), change => received.Writer.TryWrite(change));
        await connection.StartAsync();
        return (connection, received);
    }

    private static async Task<GraphChangedMessage> NextAsync(Channel<GraphChangedMessage> channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await channel.Reader.ReadAsync(timeout.Token);
    }

    [Fact]
    public async Task A_curated_edge_reaches_every_connected_client_once_with_a_growing_sequence()
    {
        var (first, firstInbox) = await ConnectAsync();
        var (second, secondInbox) = await ConnectAsync();
        await using var _ = first;
        await using var __ = second;
        var before = ((IGraphChangeFeed)server.Database).LastSequence;

        using var admin = server.Client(admin: true);
        // As a page does: it reads the graph, then gets the changes after it (the read model holds the graph).
        (await admin.GetAsync(new Uri("/api/graph", UriKind.Relative))).EnsureSuccessStatusCode();
        var response = await admin.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
            new { from = "glove", to = "qlora", reason = "Embeddings again, for the quantization chapter." });
        response.EnsureSuccessStatusCode();

        var a = await NextAsync(firstInbox);
        var b = await NextAsync(secondInbox);
        Assert.Equal(a.Sequence, b.Sequence);
        Assert.True(a.Sequence > before);
        // What changed, as pages apply it; the store's raw change stays out of a message that has it.
        var edge = Assert.Single(Assert.IsType<GraphDelta>(a.Delta).Edges);
        Assert.Equal(("glove", "qlora", "Embeddings again, for the quantization chapter."), (edge.From, edge.To, edge.Reason));
        Assert.Null(a.Relationships);
        Assert.Null(a.Nodes);
        // Who did it.
        Assert.Equal((PaperGraphServer.AdminUser, "add-edge"), (a.Curator, a.Action));
        Assert.False(firstInbox.Reader.TryRead(out var extra), $"one message per transaction, got another: {extra?.Sequence}");

        // The explorer's reads see the change right after the broadcast.
        var paper = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/api/papers/qlora", UriKind.Relative));
        Assert.Contains(paper.GetProperty("prerequisites").EnumerateArray(), p => p.GetProperty("key").GetString() == "glove");
    }

    [Fact]
    public async Task A_client_that_resumes_gets_the_changes_it_missed_in_order()
    {
        var feed = (IGraphChangeFeed)server.Database;
        var seen = feed.LastSequence;
        await server.Database.ExecuteAsync(new CypherQuery("MATCH (p:Paper {key: 'lora'}) SET p.year = 2022"));
        await server.Database.ExecuteAsync(new CypherQuery("MATCH (p:Paper {key: 'lora'}) SET p.year = 2021"));

        var (connection, _) = await ConnectAsync();
        await using var _c = connection;
        var catchUp = await connection.InvokeAsync<GraphCatchUp>(nameof(GraphHub.Resume), seen);
        Assert.False(catchUp.Reload);
        Assert.Equal(2, catchUp.Changes.Count);
        Assert.True(catchUp.Changes[0].Sequence < catchUp.Changes[1].Sequence);
        Assert.Equal(feed.LastSequence, catchUp.LastSequence);
    }

    [Fact]
    public async Task A_client_with_a_sequence_the_server_never_issued_is_told_to_reload()
    {
        var (connection, _) = await ConnectAsync();
        await using var _c = connection;
        var catchUp = await connection.InvokeAsync<GraphCatchUp>(nameof(GraphHub.Resume), long.MaxValue);
        Assert.True(catchUp.Reload);
        Assert.Empty(catchUp.Changes);
    }
}
