using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Infrastructure.Hubs;

namespace PaperGraph.Web.Tests.ScaleOut;

/// <summary>One Redis, one store (a PaperGraph serving the Query API in Neo4j's place) and two instances on the
/// Neo4j backend, started once for the class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public PaperGraphCluster Cluster { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Cluster = new PaperGraphCluster();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>What the hub tests share: a client on one instance and its inbox.</summary>
internal static class HubClients
{
    public static async Task<(HubConnection Connection, Channel<GraphChangedMessage> Inbox)> ConnectAsync(PaperGraphServer server)
    {
        var inbox = Channel.CreateUnbounded<GraphChangedMessage>();
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server.Address, "/hubs/graph")).Build();
        connection.On<GraphChangedMessage>(nameof(IGraphClient.GraphChanged), m => inbox.Writer.TryWrite(m));
        await connection.StartAsync();
        return (connection, inbox);
    }

    /// <summary>The first message about change number <paramref name="sequence"/> or later, within <paramref name="within"/>.</summary>
    public static async Task<GraphChangedMessage> NextAsync(Channel<GraphChangedMessage> inbox, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await inbox.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The first message that <paramref name="matches"/>, skipping others (earlier tests' changes may still
    /// be arriving on a shared cluster).</summary>
    public static async Task<GraphChangedMessage> NextMatchingAsync(Channel<GraphChangedMessage> inbox,
        Func<GraphChangedMessage, bool> matches, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (true)
        {
            var message = await inbox.Reader.ReadAsync(timeout.Token);
            if (matches(message)) return message;
        }
    }

    /// <summary>Whether a message is about the edge <paramref name="from"/> → <paramref name="to"/>.</summary>
    public static bool About(GraphChangedMessage m, string from, string to) => m.Curation.Any(n => n.From == from && n.To == to);

    public static async Task<HttpResponseMessage> AddEdgeAsync(PaperGraphServer server, string from, string to, string reason)
    {
        var response = await server.Admin().PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative), new { from, to, reason });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public static async Task<bool> GraphHasEdgeAsync(PaperGraphServer server, string from, string to)
    {
        var graph = await server.Anonymous().GetFromJsonAsync<JsonElement>(new Uri("/api/graph", UriKind.Relative));
        return graph.GetProperty("edges").EnumerateArray().Any(e =>
            e.GetProperty("from").GetString() == from && e.GetProperty("to").GetString() == to);
    }
}

public sealed class TwoInstancesTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private PaperGraphCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_change_made_through_A_reaches_hub_clients_on_both_instances_exactly_once()
    {
        var (onB, inboxB) = await HubClients.ConnectAsync(Cluster.B);
        var (onA, inboxA) = await HubClients.ConnectAsync(Cluster.A);
        await using var _ = onB;
        await using var __ = onA;
        // Both read models hold the graph before the change (each instance's pages get the delta of its own model).
        await HubClients.GraphHasEdgeAsync(Cluster.A, "word2vec", "lora");
        await HubClients.GraphHasEdgeAsync(Cluster.B, "word2vec", "lora");

        await HubClients.AddEdgeAsync(Cluster.A, "word2vec", "lora", "LoRA's low-rank idea is easier after seeing dense vectors.");

        var atB = await HubClients.NextMatchingAsync(inboxB, m => HubClients.About(m, "word2vec", "lora"), TimeSpan.FromSeconds(10));
        var atA = await HubClients.NextMatchingAsync(inboxA, m => HubClients.About(m, "word2vec", "lora"), TimeSpan.FromSeconds(10));
        Assert.Equal(atA.Sequence, atB.Sequence);
        var notice = Assert.Single(atB.Curation);
        Assert.Equal(("add-edge", "word2vec", "lora", PaperGraphServer.AdminUser), (notice.Action, notice.From, notice.To, notice.Curator));
        // The store's raw change is left out of a message that carries the delta.
        Assert.Null(atB.Relationships);
        // The papers' sections come along unchanged: pages get the edge to apply, they need not read the graph.
        foreach (var message in new[] { atA, atB })
        {
            var added = Assert.Single(Assert.IsType<GraphDelta>(message.Delta).Edges);
            Assert.Empty(message.Delta.Papers); // the papers at the edge's ends came along unchanged: not sent
            Assert.Equal(("word2vec", "lora", "LoRA's low-rank idea is easier after seeing dense vectors."), (added.From, added.To, added.Reason));
        }

        // Each instance sends its own pages each change once (B's poll sees it again later: nothing more is sent).
        await Task.Delay(TimeSpan.FromMilliseconds(PaperGraphCluster.PollMilliseconds * 5));
        while (inboxB.Reader.TryRead(out var later)) Assert.NotEqual(atB.Sequence, later.Sequence);
        while (inboxA.Reader.TryRead(out var later)) Assert.NotEqual(atA.Sequence, later.Sequence);

        // B's read model has it too, and B's hub can replay it to a client that missed it.
        Assert.True(await HubClients.GraphHasEdgeAsync(Cluster.B, "word2vec", "lora"));
        var catchUp = await onB.InvokeAsync<GraphCatchUp>(nameof(GraphHub.Resume), atB.Sequence - 1);
        Assert.False(catchUp.Reload);
        Assert.Equal(atB.Sequence, Assert.Single(catchUp.Changes).Sequence);
    }

    [Fact]
    public async Task A_client_connecting_to_B_while_A_commits_gets_the_change_by_catch_up_or_by_message()
    {
        // As a page does: connect, then Resume from the sequence its graph was read at. A change committed through A
        // meanwhile must reach it one way or the other, never be lost between B's handshake and B's catch-up.
        // From a paper nothing leads to, so no edge can close a cycle.
        const string from = "cs224n-word-vectors";
        string[] targets = ["vllm", "dpo", "alpaca", "vicuna", "flan", "speculative-decoding"];
        for (var round = 0; round < targets.Length; round++)
        {
            var to = targets[round];
            var graph = await Cluster.B.Anonymous().GetFromJsonAsync<JsonElement>(new Uri("/api/graph", UriKind.Relative));
            var heldAt = graph.GetProperty("sequence").GetInt64();

            var write = HubClients.AddEdgeAsync(Cluster.A, from, to, $"Race round {round}: committed while a page on B connects.");
            var (onB, inboxB) = await HubClients.ConnectAsync(Cluster.B);
            await using var _ = onB;
            var catchUp = await onB.InvokeAsync<GraphCatchUp>(nameof(GraphHub.Resume), heldAt);
            await write;

            var got = catchUp.Changes.Any(m => HubClients.About(m, from, to));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (!got && !catchUp.Reload)
                got = HubClients.About(await inboxB.Reader.ReadAsync(deadline.Token), from, to);
        }
    }

    [Fact]
    public async Task An_edge_removed_through_A_leaves_Bs_graph_and_the_message_on_B_carries_the_removal()
    {
        await HubClients.AddEdgeAsync(Cluster.A, "glove", "qlora", "Removal test: to be removed.");
        var (onB, inboxB) = await HubClients.ConnectAsync(Cluster.B);
        await using var _ = onB;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await HubClients.GraphHasEdgeAsync(Cluster.B, "glove", "qlora"))
            await Task.Delay(PaperGraphCluster.PollMilliseconds, deadline.Token);
        while (inboxB.Reader.TryRead(out var _)) { }
        var fullReads = Cluster.B.Services.GetRequiredService<PaperGraphReader>().FullReads;

        var removed = await Cluster.A.Admin().DeleteAsync(new Uri("/api/curation/edges/glove/qlora", UriKind.Relative));
        Assert.True(removed.IsSuccessStatusCode, await removed.Content.ReadAsStringAsync());

        // The change records the element id of the relationship it deleted, so B's feed itemises it: B's read model
        // drops the edge without reading the graph again, and B's pages get the removal to apply.
        var message = await HubClients.NextMatchingAsync(inboxB, m => HubClients.About(m, "glove", "qlora"), TimeSpan.FromSeconds(10));
        Assert.Equal("remove-edge", Assert.Single(message.Curation).Action);
        Assert.True(message.Itemised);
        Assert.Null(message.Nodes); // with a delta, the raw change is left out
        var delta = Assert.IsType<GraphDelta>(message.Delta);
        Assert.Equal([new EdgeEnds("glove", "qlora")], delta.RemovedEdges);
        Assert.Empty(delta.Edges);
        Assert.Empty(delta.Papers);
        Assert.False(await HubClients.GraphHasEdgeAsync(Cluster.B, "glove", "qlora"));
        Assert.Equal(fullReads, Cluster.B.Services.GetRequiredService<PaperGraphReader>().FullReads);
    }

    [Fact]
    public async Task A_write_made_to_the_store_without_either_instance_reaches_clients_by_polling()
    {
        var (onB, inboxB) = await HubClients.ConnectAsync(Cluster.B);
        await using var _ = onB;

        // Straight to the store's Query API, as Neo4j Browser or cypher-shell would write to Neo4j.
        var response = await Cluster.Store.Admin().PostAsJsonAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative),
            new { statement = "MATCH (p:Paper {key: 'bert'}) SET p.title = 'BERT (edited elsewhere)'" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var message = await HubClients.NextMatchingAsync(inboxB, m => (m.Nodes ?? []).Any(n => n.Labels.Contains("Paper")
            && n.Properties["title"]?.ToString() == "BERT (edited elsewhere)"), TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromMilliseconds(PaperGraphCluster.PollMilliseconds * 5));
        while (inboxB.Reader.TryRead(out var later)) Assert.NotEqual(message.Sequence, later.Sequence);
        // B's read model follows too (a raw write cannot be itemised: B reads the graph again).
        var paper = await Cluster.B.Anonymous().GetFromJsonAsync<JsonElement>(new Uri("/api/papers/bert", UriKind.Relative));
        Assert.Equal("BERT (edited elsewhere)", paper.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_sign_in_made_on_A_holds_on_B_for_reads_and_antiforgery_protected_writes()
    {
        // One cookie jar for both: cookies belong to the host (127.0.0.1), whatever the port, as behind one proxy.
        var browser = Cluster.A.Browser();
        using var signIn = await browser.PostAsJsonAsync(new Uri("/api/session", UriKind.Relative),
            new { name = PaperGraphServer.AdminUser, password = PaperGraphServer.AdminPassword });
        signIn.EnsureSuccessStatusCode();
        var token = (await signIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("antiforgeryToken").GetString();

        var onB = await browser.GetFromJsonAsync<JsonElement>(new Uri(Cluster.B.Address, "/api/session"));
        Assert.Equal(PaperGraphServer.AdminUser, onB.GetProperty("name").GetString());
        Assert.Equal("admin", onB.GetProperty("role").GetString());

        using var write = new HttpRequestMessage(HttpMethod.Post, new Uri(Cluster.B.Address, "/api/curation/edges"))
        {
            Content = JsonContent.Create(new { from = "glove", to = "gpt-2", reason = "Signed in on A, written on B." }),
        };
        write.Headers.Add("X-XSRF-TOKEN", token);
        using var written = await browser.SendAsync(write);
        Assert.True(written.IsSuccessStatusCode, $"{(int)written.StatusCode}: {await written.Content.ReadAsStringAsync()}");
        Assert.True(await HubClients.GraphHasEdgeAsync(Cluster.A, "glove", "gpt-2"));
    }
}

public sealed class RedisRestartTests
{
    [Fact]
    public async Task After_a_Redis_restart_clients_on_both_instances_get_the_changes_made_meanwhile_once_each_in_sequence_order()
    {
        await using var cluster = new PaperGraphCluster();
        var (onA, inboxA) = await HubClients.ConnectAsync(cluster.A);
        var (onB, inboxB) = await HubClients.ConnectAsync(cluster.B);
        await using var _ = onA;
        await using var __ = onB;
        await HubClients.AddEdgeAsync(cluster.A, "word2vec", "gpt-2", "Before the restart.");
        var before = await HubClients.NextAsync(inboxB, TimeSpan.FromSeconds(10));
        Assert.Equal(before.Sequence, (await HubClients.NextAsync(inboxA, TimeSpan.FromSeconds(10))).Sequence);

        cluster.Redis.Stop();
        // Made through both instances while Redis is away, so that each instance learns some of them by polling.
        await HubClients.AddEdgeAsync(cluster.A, "glove", "gpt-2", "While Redis is away (through A).");
        await HubClients.AddEdgeAsync(cluster.B, "word2vec", "bert", "While Redis is away (through B).");
        await HubClients.AddEdgeAsync(cluster.A, "glove", "bert", "While Redis is away (through A again).");
        // Both keep serving, and their read models follow the store by polling, Redis or not.
        Assert.True(await WithinAsync(TimeSpan.FromSeconds(10), () => HubClients.GraphHasEdgeAsync(cluster.B, "glove", "bert")));
        Assert.True(await WithinAsync(TimeSpan.FromSeconds(10), () => HubClients.GraphHasEdgeAsync(cluster.A, "word2vec", "bert")));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await cluster.B.Anonymous().GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);

        cluster.Redis.Start();
        var restarted = System.Diagnostics.Stopwatch.StartNew();
        var expected = new[] { before.Sequence + 1, before.Sequence + 2, before.Sequence + 3 };
        foreach (var (name, inbox) in new[] { ("A", inboxA), ("B", inboxB) })
        {
            var held = new List<GraphChangedMessage> { await HubClients.NextAsync(inbox, TimeSpan.FromSeconds(60)) };
            Console.WriteLine($"Redis restarted: the first held change reached {name}'s client after {restarted.ElapsedMilliseconds} ms");
            while (held.Count < expected.Length) held.Add(await HubClients.NextAsync(inbox, TimeSpan.FromSeconds(10)));
            // All three, once each, in the order they were committed, whichever instance made them.
            Assert.Equal(expected, held.Select(m => m.Sequence));
            Assert.True(HubClients.About(held[0], "glove", "gpt-2"), name);
            Assert.True(HubClients.About(held[1], "word2vec", "bert"), name);
            Assert.True(HubClients.About(held[2], "glove", "bert"), name);
        }
        Assert.Equal(HubConnectionState.Connected, onB.State);
        Assert.Equal(HubConnectionState.Connected, onA.State);

        // And live delivery works again for what comes next, with nothing sent twice in between.
        await HubClients.AddEdgeAsync(cluster.B, "glove", "lora", "After the restart.");
        Assert.Equal(before.Sequence + 4, (await HubClients.NextAsync(inboxB, TimeSpan.FromSeconds(10))).Sequence);
        Assert.Equal(before.Sequence + 4, (await HubClients.NextAsync(inboxA, TimeSpan.FromSeconds(10))).Sequence);
        Assert.Contains(cluster.B.Logs, l => l.Contains("Redis", StringComparison.Ordinal));
    }

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return await condition();
    }
}
