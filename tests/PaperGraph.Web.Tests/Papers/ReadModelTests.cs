using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Tests.Papers;

/// <summary>The explorer's read model applies committed changes instead of reading the whole graph again.</summary>
public sealed class ReadModelTests
{
    private static async Task<PaperGraphServer> StartAsync(Func<IGraphChangeFeed, IGraphChangeFeed>? wrap = null)
    {
        var server = new PaperGraphServer(new PaperGraphServerOptions
        {
            ConfigureServices = wrap is null ? null : services => services.AddSingleton(sp =>
                wrap((IGraphChangeFeed)sp.GetRequiredService<IGraphDatabase>())),
        });
        await ExplorerServer.SeedAsync(server.Database);
        return server;
    }

    private static async Task<JsonElement> GraphAsync(HttpClient client) =>
        JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative))).RootElement;

    private static bool HasEdge(JsonElement graph, string from, string to) =>
        graph.GetProperty("edges").EnumerateArray().Any(e => e.GetProperty("from").GetString() == from && e.GetProperty("to").GetString() == to);

    private static async Task AddEdgeAsync(HttpClient admin, string from, string to)
    {
        var response = await admin.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
            new { from, to, reason = $"{to} builds on {from}." });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_curated_edge_is_applied_to_the_read_model_without_reading_the_graph_again()
    {
        await using var server = await StartAsync();
        var reader = server.Services.GetRequiredService<PaperGraphReader>();
        using var admin = server.Admin();
        await GraphAsync(admin);
        var fullReads = reader.FullReads;

        foreach (var from in new[] { "word2vec", "glove", "elmo" })
        {
            await AddEdgeAsync(admin, from, "qlora");
            var graph = await GraphAsync(admin); // read-your-writes: the answer right after the POST has the edge
            Assert.True(HasEdge(graph, from, "qlora"));
            Assert.Equal(((IGraphChangeFeed)server.Database).LastSequence, graph.GetProperty("sequence").GetInt64());
        }

        Assert.Equal(fullReads, reader.FullReads);
        Assert.True(reader.AppliedChanges >= 3, $"applied {reader.AppliedChanges}");
    }

    [Fact]
    public async Task The_hub_message_for_a_curated_edge_carries_the_edge_for_pages_to_apply()
    {
        await using var server = await StartAsync();
        using var admin = server.Admin();
        await GraphAsync(admin);
        var received = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/graph")).Build();
        connection.On<JsonElement>("GraphChanged", m => received.Writer.TryWrite(m));
        await connection.StartAsync();

        await AddEdgeAsync(admin, "word2vec", "qlora");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await received.Reader.ReadAsync(timeout.Token);
        var delta = message.GetProperty("delta");
        var edge = Assert.Single(delta.GetProperty("edges").EnumerateArray());
        Assert.Equal("word2vec", edge.GetProperty("from").GetString());
        Assert.Equal("qlora", edge.GetProperty("to").GetString());
        Assert.Equal("qlora builds on word2vec.", edge.GetProperty("reason").GetString());
        Assert.Empty(delta.GetProperty("removedEdges").EnumerateArray());
        Assert.Empty(delta.GetProperty("papers").EnumerateArray());
        // With a delta, the store's raw change is left out: every open page gets the message.
        foreach (var raw in new[] { "nodes", "relationships", "deletedNodeIds", "deletedRelationshipIds" })
            Assert.False(message.TryGetProperty(raw, out _), $"{raw} sent along with the delta");
        Assert.Equal("add-edge", Assert.Single(message.GetProperty("curation").EnumerateArray()).GetProperty("action").GetString());
        Assert.True(message.GetRawText().Length < 1024, $"{message.GetRawText().Length} characters: {message.GetRawText()}");
    }

    [Theory]
    [InlineData("/api/graph")]
    [InlineData("/api/plans/qlora")]
    public async Task A_reader_that_holds_the_answer_revalidates_with_its_etag_and_gets_304_until_the_graph_changes(string path)
    {
        await using var server = await StartAsync();
        using var admin = server.Admin();
        using var reader = server.Anonymous();
        var url = new Uri(path, UriKind.Relative);

        using var first = await reader.GetAsync(url);
        first.EnsureSuccessStatusCode();
        var etag = Assert.IsType<System.Net.Http.Headers.EntityTagHeaderValue>(first.Headers.ETag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl?.NoCache, "the answer must be revalidated: the graph may change any moment");
        var body = await first.Content.ReadAsStringAsync();
        Assert.Equal(body, await reader.GetStringAsync(url)); // the same bytes, not a new serialisation

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        using var unchanged = await reader.SendAsync(again);
        Assert.Equal(System.Net.HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());

        await AddEdgeAsync(admin, "word2vec", "qlora");
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, url);
        afterChange.Headers.IfNoneMatch.Add(etag);
        using var changed = await reader.SendAsync(afterChange);
        Assert.Equal(System.Net.HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.DoesNotContain("qlora builds on word2vec.", body);
        Assert.Contains("qlora builds on word2vec.", await changed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_gap_in_the_change_feed_costs_one_full_read_and_loses_nothing()
    {
        ScriptedFeed? feed = null;
        await using var server = await StartAsync(inner => feed = new ScriptedFeed(inner));
        var reader = server.Services.GetRequiredService<PaperGraphReader>();
        using var admin = server.Admin();
        await GraphAsync(admin);
        var fullReads = reader.FullReads;

        feed!.Forget = true; // the next change is neither announced nor kept: a gap
        await AddEdgeAsync(admin, "word2vec", "qlora");
        feed.Forget = false;
        await AddEdgeAsync(admin, "glove", "qlora");

        var graph = await GraphAsync(admin);
        Assert.True(HasEdge(graph, "word2vec", "qlora"), "the change lost in the gap is there after the one read");
        Assert.True(HasEdge(graph, "glove", "qlora"));
        Assert.Equal(fullReads + 1, reader.FullReads);
    }

    [Fact]
    public async Task A_change_known_only_by_its_sequence_makes_the_model_read_the_graph_again()
    {
        ScriptedFeed? feed = null;
        await using var server = await StartAsync(inner => feed = new ScriptedFeed(inner) { Unitemise = true });
        var reader = server.Services.GetRequiredService<PaperGraphReader>();
        using var admin = server.Admin();
        await GraphAsync(admin);
        var fullReads = reader.FullReads;

        await AddEdgeAsync(admin, "word2vec", "qlora");

        Assert.True(HasEdge(await GraphAsync(admin), "word2vec", "qlora"));
        Assert.Equal(fullReads + 1, reader.FullReads);
    }

    [Fact]
    public async Task After_any_run_of_writes_the_applied_model_equals_a_fresh_read()
    {
        await using var server = await StartAsync();
        var reader = server.Services.GetRequiredService<PaperGraphReader>();
        var fresh = new PaperGraphReader(new WithoutFeed(server.Database),
            new GraphChangeFeeds(new ServiceCollection().AddSingleton<IGraphDatabase>(new WithoutFeed(server.Database)).BuildServiceProvider()),
            NullLogger<PaperGraphReader>.Instance);
        var page = new PageCopy(await reader.ReadAsync(CancellationToken.None));
        var fullReads = reader.FullReads;
        var applied = 0;

        string[] keys = ["word2vec", "glove", "transformer", "elmo", "bert", "gpt-2", "lora", "qlora", "new-a", "new-b"];
        string[] sections = ["1.1", "1.2", "1.3", "1.5"];
        var key = Gen.OneOf(keys);
        var write = Gen.OneOf(
            // MERGE: the explorer shows one edge per pair of papers (a second one between the same two is a curation matter).
            Gen.Select(key, key).Select((a, b) => $"MATCH (a:Paper {{key: '{a}'}}), (b:Paper {{key: '{b}'}}) WHERE a <> b MERGE (a)-[r:PREREQUISITE_OF]->(b) ON CREATE SET r.reason = 'because', r.curator = 'p'"),
            Gen.Select(key, key, Gen.Int[0, 99]).Select((a, b, n) => $"MATCH (:Paper {{key: '{a}'}})-[r:PREREQUISITE_OF]->(:Paper {{key: '{b}'}}) SET r.reason = 'reworded {n}'"),
            Gen.Select(key, key).Select((a, b) => $"MATCH (:Paper {{key: '{a}'}})-[r:PREREQUISITE_OF]->(:Paper {{key: '{b}'}}) DELETE r"),
            Gen.Select(key, Gen.Int[1990, 2030]).Select((a, y) => $"MATCH (p:Paper {{key: '{a}'}}) SET p.year = {y}, p.title = 'Title {y}'"),
            Gen.Select(key, Gen.OneOf(sections)).Select((a, s) => $"MATCH (p:Paper {{key: '{a}'}}) OPTIONAL MATCH (p)-[m:IN_SECTION]->() DELETE m WITH DISTINCT p MATCH (s:Section {{key: '{s}'}}) CREATE (p)-[:IN_SECTION]->(s)"),
            Gen.Select(key, Gen.OneOf(sections)).Select((a, s) => $"MERGE (p:Paper {{key: '{a}'}}) ON CREATE SET p.title = 'New {a}' WITH p MATCH (s:Section {{key: '{s}'}}) MERGE (p)-[:IN_SECTION]->(s)"),
            key.Select(a => $"MATCH (p:Paper {{key: '{a}'}}) DETACH DELETE p"),
            Gen.Select(Gen.OneOf(sections), Gen.Int[0, 9]).Select((s, o) => $"MATCH (s:Section {{key: '{s}'}}) SET s.order = {o}"),
            Gen.Select(key, key).Select((a, b) => $"MATCH (p:Paper {{key: '{a}'}}) WHERE NOT EXISTS {{ MATCH (:Paper {{key: '{b}'}}) }} SET p.key = '{b}'"));

        await write.Array[1, 6].SampleAsync(async statements =>
        {
            foreach (var statement in statements)
            {
                try { await server.Database.ExecuteAsync(new CypherQuery(statement) { Actor = "property" }); }
                catch (GraphException) { /* a write the rules refuse (a cycle, say) changes nothing */ }
            }
            var model = await reader.ReadAsync(CancellationToken.None);
            var read = await fresh.ReadAsync(CancellationToken.None);
            Assert.Equal(Describe(read), Describe(model));

            // A page that applies each change's delta (or reads the graph where there is none) draws the same graph.
            for (var seq = page.Sequence + 1; seq <= model.Sequence; seq++)
            {
                if (reader.KnownDelta(seq) is { } delta) { page.Apply(delta, seq); applied++; }
                else page = new PageCopy(model);
            }
            Assert.Equal(Describe(read, withUrlEtc: false), page.Describe());
            return true;
        }, iter: 40, threads: 1, print: s => string.Join("\n", s));

        Assert.Equal(fullReads, reader.FullReads);
        Assert.True(applied > 20, $"only {applied} deltas applied");
    }

    internal static string Describe(PaperGraphModel model, bool withUrlEtc = true) =>
        (withUrlEtc ? string.Concat(model.Sections.Select(s => $"S {s.Key} {s.Title} {s.Part} {s.Order.ToString(CultureInfo.InvariantCulture)}\n")) : "")
        + Describe(model.Papers.Select(p => (p.Key, p.Title, p.Year, p.Section, p.Sections, withUrlEtc ? p.Url + string.Join(";", p.Authors) : "")),
            model.Edges);

    private static string Describe(IEnumerable<(string Key, string Title, long? Year, string? Section, IReadOnlyList<string> Sections, string More)> papers,
        IEnumerable<PrerequisiteEdge> edges)
    {
        var text = new StringBuilder();
        foreach (var p in papers.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"P {p.Key} {p.Title} {p.Year} {p.Section} [{string.Join(",", p.Sections)}] {p.More}\n");
        foreach (var e in edges.OrderBy(e => e.From, StringComparer.Ordinal).ThenBy(e => e.To, StringComparer.Ordinal).ThenBy(e => e.Reason, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"E {e.From} {e.To} {e.Reason} {e.Curator}\n");
        return text.ToString();
    }

    /// <summary>What a page holds: papers by key and edges by their ends, changed only by deltas.</summary>
    internal sealed class PageCopy
    {
        private readonly Dictionary<string, GraphPaper> _papers = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string), PrerequisiteEdge> _edges = [];

        public PageCopy(PaperGraphModel model)
        {
            foreach (var p in model.Papers)
                _papers[p.Key] = new GraphPaper(p.Key, p.Title, p.Year, p.Kind, p.Section, p.Sections, p.CuratedAddition, p.Aliases);
            foreach (var e in model.Edges) _edges[(e.From, e.To)] = e;
            Sequence = model.Sequence;
        }

        public long Sequence { get; private set; }

        public void Apply(GraphDelta delta, long sequence)
        {
            foreach (var key in delta.RemovedPapers) _papers.Remove(key);
            foreach (var e in delta.RemovedEdges) _edges.Remove((e.From, e.To));
            foreach (var p in delta.Papers) _papers[p.Key] = p;
            foreach (var e in delta.Edges) _edges[(e.From, e.To)] = e;
            Sequence = sequence;
        }

        public string Describe() =>
            ReadModelTests.Describe(_papers.Values.Select(p => (p.Key, p.Title, p.Year, p.Section, p.Sections, "")), _edges.Values);
    }

    /// <summary>The embedded feed, with switches to lose changes (a gap) or hide what they changed (a poller).</summary>
    private sealed class ScriptedFeed(IGraphChangeFeed inner) : IGraphChangeFeed
    {
        private readonly HashSet<long> _forgotten = [];

        public volatile bool Forget;

        public bool Unitemise { get; init; }

        public long LastSequence => inner.LastSequence;

        public IDisposable Subscribe(Action<GraphChange> onCommitted) => inner.Subscribe(change =>
        {
            if (Forget)
            {
                lock (_forgotten) _forgotten.Add(change.Sequence);
                return;
            }
            onCommitted(Unitemise ? GraphChange.Unitemised(change.Sequence, change.CommittedAt) : change);
        });

        public IReadOnlyList<GraphChange>? ChangesSince(long sequence)
        {
            var run = inner.ChangesSince(sequence);
            lock (_forgotten)
            {
                if (run is null || run.Any(c => _forgotten.Contains(c.Sequence))) return null;
            }
            return Unitemise ? run.Select(c => GraphChange.Unitemised(c.Sequence, c.CommittedAt)).ToList() : run;
        }
    }

    /// <summary>The database without its change feed, as a backend that keeps none.</summary>
    internal sealed class WithoutFeed(IGraphDatabase inner) : IGraphDatabase
    {
        public Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default) =>
            inner.ExecuteAsync(query, cancellationToken);

        public Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write, CancellationToken cancellationToken = default) =>
            inner.BeginTransactionAsync(accessMode, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
