using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Tests.Papers;

/// <summary>
/// The read model on the Neo4j backend, whose change feed is the history read back from the database: every curated
/// change (removals, paper edits, section moves and undos included) is applied without reading the graph again, and
/// the model stays equal to a fresh read. A PaperGraph serving the Query API stands in for Neo4j.
/// </summary>
public sealed class Neo4jReadModelTests
{
    /// <summary>A store seeded from <c>graph-seed/</c> and one instance on the Neo4j backend against it.</summary>
    private sealed class Neo4jInstance : IAsyncDisposable
    {
        public Neo4jInstance()
        {
            Store = new PaperGraphServer(new PaperGraphServerOptions { SeedFromGraphSeed = true });
            try
            {
                App = new PaperGraphServer(new PaperGraphServerOptions
                {
                    Settings = new Dictionary<string, string?>
                    {
                        ["Storage:Provider"] = "Neo4j",
                        ["Neo4j:Uri"] = Store.Address.ToString(),
                        ["Neo4j:User"] = PaperGraphServer.AdminUser,
                        ["Neo4j:Password"] = PaperGraphServer.AdminPassword,
                        ["Neo4j:ChangePollMilliseconds"] = "300",
                    },
                });
            }
            catch
            {
                Store.Dispose();
                throw;
            }
            Reader = App.Services.GetRequiredService<PaperGraphReader>();
            var withoutFeed = new ReadModelTests.WithoutFeed(App.Database);
            Fresh = new PaperGraphReader(withoutFeed,
                new GraphChangeFeeds(new ServiceCollection().AddSingleton<IGraphDatabase>(withoutFeed).BuildServiceProvider()),
                NullLogger<PaperGraphReader>.Instance);
            Curator = App.Admin();
        }

        public PaperGraphServer Store { get; }

        public PaperGraphServer App { get; }

        public PaperGraphReader Reader { get; }

        /// <summary>The instance's graph read whole each time, straight from the database.</summary>
        public PaperGraphReader Fresh { get; }

        public HttpClient Curator { get; }

        public long LastSequence => ((IGraphChangeFeed)App.Database).LastSequence;

        /// <summary>Waits for the feed's first read of the history (a change committed before it is part of the state
        /// the instance starts from, not news: the model would read the graph again for it), then reads the model.</summary>
        public async Task<PaperGraphModel> ReadyAsync()
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (LastSequence == 0 && clock.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
            Assert.True(LastSequence > 0, "the feed never read the history");
            return await Reader.ReadAsync(CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            Fresh.Dispose();
            await App.DisposeAsync();
            await Store.DisposeAsync();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await client.SendAsync(request);
        Assert.True((int)response.StatusCode < 500, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    [Fact]
    public async Task Every_kind_of_curated_change_is_applied_to_the_read_model_without_reading_the_graph_again()
    {
        await using var pg = new Neo4jInstance();
        await pg.ReadyAsync();
        var fullReads = pg.Reader.FullReads;

        (string Name, HttpMethod Method, string Path, object? Body)[] steps =
        [
            ("add an edge", HttpMethod.Post, "/api/curation/edges", new { from = "word2vec", to = "qlora", reason = "Vectors before adapters." }),
            ("re-word it", HttpMethod.Post, "/api/curation/edges", new { from = "word2vec", to = "qlora", reason = "Dense vectors before low-rank adapters." }),
            ("remove it", HttpMethod.Delete, "/api/curation/edges/word2vec/qlora", null),
            ("undo the removal", HttpMethod.Post, "/api/history/{last}/undo", null),
            ("undo the undo (a removal again)", HttpMethod.Post, "/api/history/{last}/undo", null),
            ("add a paper in a section", HttpMethod.Post, "/api/curation/papers", new { key = "rope", title = "RoFormer: Rotary Position Embedding", year = 2021, section = "1.3" }),
            ("edit its title and year", HttpMethod.Patch, "/api/curation/papers/rope", new { title = "RoPE", year = 2022 }),
            ("move it to another section", HttpMethod.Patch, "/api/curation/papers/rope", new { section = "2.2" }),
            ("undo the move", HttpMethod.Post, "/api/history/{last}/undo", null),
            ("remove the paper", HttpMethod.Delete, "/api/curation/papers/rope", null),
            ("undo the removal of the paper", HttpMethod.Post, "/api/history/{last}/undo", null),
            ("undo the paper's return (a removal again)", HttpMethod.Post, "/api/history/{last}/undo", null),
        ];
        var sequenceOf = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, method, path, body) in steps)
        {
            var before = pg.LastSequence;
            sequenceOf[name] = before + 1;
            var response = await SendAsync(pg.Curator, method, path.Replace("{last}", before.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), body);
            Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(before + 1, pg.LastSequence);

            var model = await pg.Reader.ReadAsync(CancellationToken.None);
            Assert.Equal(before + 1, model.Sequence);
            Assert.Equal(ReadModelTests.Describe(await pg.Fresh.ReadAsync(CancellationToken.None)), ReadModelTests.Describe(model));
            Assert.True(fullReads == pg.Reader.FullReads, $"{name}: the read model read the whole graph again");
            Assert.True(pg.Reader.KnownDelta(before + 1) is not null, $"{name}: no delta for pages");
        }

        // What pages are told, for the removals: the edge and the paper that went.
        var model2 = await pg.Reader.ReadAsync(CancellationToken.None);
        Assert.Null(model2.Find("rope"));
        Assert.DoesNotContain(model2.Edges, e => e.From == "word2vec" && e.To == "qlora");
        var edgeRemoved = pg.Reader.KnownDelta(sequenceOf["remove it"])!;
        Assert.Equal([new EdgeEnds("word2vec", "qlora")], edgeRemoved.RemovedEdges);
        Assert.Empty(edgeRemoved.Papers); // the papers at its ends did not change
        var paperRemoved = pg.Reader.KnownDelta(sequenceOf["remove the paper"])!;
        Assert.Equal(["rope"], paperRemoved.RemovedPapers);
        var moved = pg.Reader.KnownDelta(sequenceOf["move it to another section"])!;
        Assert.Equal(["2.2"], Assert.Single(moved.Papers).Sections);
    }

    [Fact]
    public async Task A_paper_asked_for_before_the_model_is_projected_is_answered_by_cypher_exactly_as_the_model_answers_it()
    {
        await using var pg = new Neo4jInstance();
        var keys = (await pg.ReadyAsync()).Papers.Select(p => p.Key).ToList();
        // A section move, so that sections and neighbours' sections matter too.
        var moved = await SendAsync(pg.Curator, HttpMethod.Patch, "/api/curation/papers/lora", new { section = "1.1" });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        Assert.Null(pg.Reader.CurrentModel); // not projected yet: papers are read by Cypher

        using var visitor = pg.App.Anonymous();
        var byCypher = new List<string>();
        foreach (var key in keys) byCypher.Add(await visitor.GetStringAsync(new Uri($"/api/papers/{key}", UriKind.Relative)));
        Assert.Null(pg.Reader.CurrentModel);
        await visitor.GetStringAsync(new Uri("/api/graph", UriKind.Relative));
        Assert.NotNull(pg.Reader.CurrentModel);
        for (var i = 0; i < keys.Count; i++)
            Assert.Equal(await visitor.GetStringAsync(new Uri($"/api/papers/{keys[i]}", UriKind.Relative)), byCypher[i]);
        Assert.Contains("\"key\":\"1.1\"", byCypher[keys.IndexOf("lora")], StringComparison.Ordinal);

        var unknown = await visitor.GetAsync(new Uri("/api/papers/loraa", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("lora", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raw_cypher_write_still_costs_one_full_read()
    {
        await using var pg = new Neo4jInstance();
        await pg.ReadyAsync();
        var fullReads = pg.Reader.FullReads;

        var response = await SendAsync(pg.Curator, HttpMethod.Post, "/db/neo4j/query/v2",
            new { statement = "MATCH (p:Paper {key: 'lora'}) SET p.title = 'LoRA (raw)'" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var model = await pg.Reader.ReadAsync(CancellationToken.None);
        Assert.Equal("LoRA (raw)", model.Find("lora")!.Title);
        Assert.Equal(fullReads + 1, pg.Reader.FullReads);
    }

    [Fact]
    public async Task After_any_run_of_curated_changes_and_undos_the_applied_model_equals_a_fresh_read()
    {
        await using var pg = new Neo4jInstance();
        var page = new ReadModelTests.PageCopy(await pg.ReadyAsync());
        var fullReads = pg.Reader.FullReads;
        var applied = 0;
        var kinds = new HashSet<string>(StringComparer.Ordinal);

        string[] keys = ["word2vec", "glove", "elmo", "bert", "gpt-2", "lora", "qlora", "adapters", "new-a", "new-b"];
        var added = Gen.OneOf("new-a", "new-b", "new-c");
        string[] sections = ["1.1", "1.2", "1.5", "2.2"];
        var key = Gen.OneOf(keys);
        var step = Gen.OneOf<(string Kind, HttpMethod Method, string Path, object? Body)>(
            Gen.Select(key, key, Gen.Int[0, 9]).Select((a, b, n) => ("edge", HttpMethod.Post, "/api/curation/edges", (object?)new { from = a, to = b, reason = $"{b} builds on {a} ({n})." })),
            Gen.Select(key, key).Select((a, b) => ("remove-edge", HttpMethod.Delete, $"/api/curation/edges/{a}/{b}", (object?)null)),
            // One of the edges there are (a random pair rarely has one).
            Gen.Int[0, 999].Select(n => ("remove-edge", HttpMethod.Delete, $"{{edge-{n}}}", (object?)null)),
            Gen.Select(added, Gen.OneOf(sections)).Select((a, s) => ("add-paper", HttpMethod.Post, "/api/curation/papers", (object?)new { key = a, title = $"New {a}", section = s })),
            Gen.Select(key, Gen.Int[1990, 2030]).Select((a, y) => ("edit-paper", HttpMethod.Patch, $"/api/curation/papers/{a}", (object?)new { title = $"Title {y}", year = y })),
            Gen.Select(key, Gen.OneOf(sections)).Select((a, s) => ("move-paper", HttpMethod.Patch, $"/api/curation/papers/{a}", (object?)new { section = s })),
            Gen.OneOf(key, added).Select(a => ("remove-paper", HttpMethod.Delete, $"/api/curation/papers/{a}", (object?)null)),
            // One of the added papers without edges, if there is one (a paper with edges is refused: 409).
            Gen.Int[0, 999].Select(n => ("remove-paper", HttpMethod.Delete, $"{{lone-{n}}}", (object?)null)),
            Gen.Int[0, 2].Select(back => ("undo", HttpMethod.Post, $"/api/history/{{last-{back}}}/undo", (object?)null)));

        await step.Array[1, 6].SampleAsync(async steps =>
        {
            foreach (var (kind, method, path, body) in steps)
            {
                var resolved = path;
                if (path.StartsWith("{edge-", StringComparison.Ordinal))
                {
                    var edges = (await pg.Fresh.ReadAsync(CancellationToken.None)).Edges;
                    var edge = edges[int.Parse(path[6..^1], System.Globalization.CultureInfo.InvariantCulture) % edges.Count];
                    resolved = $"/api/curation/edges/{edge.From}/{edge.To}";
                }
                if (path.StartsWith("{lone-", StringComparison.Ordinal))
                {
                    var graph = await pg.Fresh.ReadAsync(CancellationToken.None);
                    var lone = graph.Papers.Select(p => p.Key)
                        .Where(k => k.StartsWith("new-", StringComparison.Ordinal) && !graph.Edges.Any(e => e.From == k || e.To == k)).ToList();
                    var n = int.Parse(path[6..^1], System.Globalization.CultureInfo.InvariantCulture);
                    resolved = $"/api/curation/papers/{(lone.Count > 0 ? lone[n % lone.Count] : keys[n % keys.Length])}";
                }
                for (var back = 0; back <= 2; back++)
                    resolved = resolved.Replace($"{{last-{back}}}", (pg.LastSequence - back).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
                using var response = await SendAsync(pg.Curator, method, resolved, body);
                if (response.IsSuccessStatusCode) kinds.Add(kind);
            }
            var model = await pg.Reader.ReadAsync(CancellationToken.None);
            var read = await pg.Fresh.ReadAsync(CancellationToken.None);
            Assert.Equal(ReadModelTests.Describe(read), ReadModelTests.Describe(model));

            // A page that applies each change's delta (or reads the graph where there is none) draws the same graph.
            for (var seq = page.Sequence + 1; seq <= model.Sequence; seq++)
            {
                if (pg.Reader.KnownDelta(seq) is { } delta) { page.Apply(delta, seq); applied++; }
                else page = new ReadModelTests.PageCopy(model);
            }
            Assert.Equal(ReadModelTests.Describe(read, withUrlEtc: false), page.Describe());
            return true;
        }, iter: 30, threads: 1, print: s => string.Join("\n", s.Select(x => $"{x.Method} {x.Path} {JsonSerializer.Serialize(x.Body)}")));

        Assert.Equal(fullReads, pg.Reader.FullReads);
        Assert.True(applied > 20, $"only {applied} deltas applied");
        foreach (var kind in new[] { "edge", "remove-edge", "add-paper", "edit-paper", "move-paper", "remove-paper", "undo" })
            Assert.True(kinds.Contains(kind), $"no {kind} succeeded in the run");
    }
}
