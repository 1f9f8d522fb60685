using System.Collections.Concurrent;
using PaperGraph.Graph;

namespace PaperGraph.Neo4j.Tests;

/// <summary>The Neo4j backend's change feed, over the Query API of a PaperGraph standing in for Neo4j (the same
/// wrappers as in production: the feed over the rules over the HTTP client).</summary>
public sealed class ChangeLogFeedTests : IAsyncLifetime
{
    private PaperGraphServer _store = null!;
    private ChangeLogFeed _feed = null!;
    private readonly ConcurrentQueue<GraphChange> _published = new();

    public async Task InitializeAsync()
    {
        _store = new PaperGraphServer(new PaperGraphServerOptions { SeedFromGraphSeed = true });
        _feed = new ChangeLogFeed(new CurationRulesDatabase(new Neo4jGraphDatabase(new Neo4jConnection(
            _store.Address, "neo4j", PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword))), TimeSpan.FromMilliseconds(200));
        _feed.Subscribe(_published.Enqueue);
        await _feed.CatchUpAsync();
    }

    public async Task DisposeAsync()
    {
        await _feed.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static CypherQuery Write(string text) => new(text) { Actor = "cara" };

    /// <summary>A curated change as the curation API makes it: reserve a number, write, record it, in one transaction.
    /// With <paramref name="recordDeleted"/>, the write returns the element ids of the relationships it deleted and the
    /// change records them, as the curation API does; without, the change is as an older version recorded it.</summary>
    private async Task CurateAsync(string action, string from, string to, string write, bool recordDeleted = false)
    {
        await using var tx = await _feed.BeginTransactionAsync();
        var reserved = await tx.ExecuteAsync(new CypherQuery(PaperGraph.Graph.Curation.CurationLog.Reserve,
            new Dictionary<string, object?> { ["count"] = 1L, ["own"] = true }));
        var written = await tx.ExecuteAsync(new CypherQuery(write, new Dictionary<string, object?> { ["from"] = from, ["to"] = to }));
        var change = new Dictionary<string, object?>
        {
            ["seq"] = reserved.Values[0][0], ["at"] = "2026-12-03T14:00:00.000Z", ["curator"] = "cara",
            ["action"] = action, ["from"] = from, ["to"] = to, ["reason"] = "Vectors first.", ["via"] = "api",
        };
        if (recordDeleted)
            change[PaperGraph.Graph.Curation.CurationLog.Deleted] = System.Text.Json.JsonSerializer.Serialize(
                new { nodes = Array.Empty<string>(), relationships = written.Values.Select(r => (string)r[0]!).ToArray() });
        await tx.ExecuteAsync(new CypherQuery(PaperGraph.Graph.Curation.CurationLog.Record, new Dictionary<string, object?>
        {
            ["changes"] = new List<object?> { change },
        }));
        await tx.CommitAsync();
    }

    [Fact]
    public async Task A_curated_edge_is_in_the_feed_before_the_commit_returns_itemised_with_the_edge_and_its_papers()
    {
        var before = _feed.LastSequence;
        Assert.True(before > 0, "the seed import is history too");

        await CurateAsync("add-edge", "word2vec", "lora",
            "MATCH (a:Paper {key: $from}), (b:Paper {key: $to}) CREATE (a)-[:PREREQUISITE_OF {reason: 'Vectors first.'}]->(b)");

        Assert.Equal(before + 1, _feed.LastSequence);
        var change = Assert.Single(_published, c => c.Sequence == before + 1);
        Assert.True(change.Itemised);
        var edge = Assert.Single(change.Relationships, r => r.Type == "PREREQUISITE_OF");
        Assert.Equal("Vectors first.", edge.Properties["reason"]);
        Assert.Contains(change.Nodes, n => n.Labels.Contains("Change") && n.Properties["curator"] as string == "cara");
        Assert.Equal(2, change.Nodes.Count(n => n.Labels.Contains("Paper") && (n.ElementId == edge.StartNodeElementId || n.ElementId == edge.EndNodeElementId)));
        Assert.Contains(change.Relationships, r => r.Type == "IN_SECTION"); // the papers' sections come along
    }

    [Fact]
    public async Task A_removal_that_records_what_it_deleted_is_published_itemised_with_those_element_ids()
    {
        await CurateAsync("add-edge", "glove", "lora",
            "MATCH (a:Paper {key: $from}), (b:Paper {key: $to}) CREATE (a)-[:PREREQUISITE_OF {reason: 'For a while.'}]->(b)");
        var added = Assert.Single(_published, c => c.Sequence == _feed.LastSequence);
        var edge = Assert.Single(added.Relationships, r => r.Type == "PREREQUISITE_OF");

        await CurateAsync("remove-edge", "glove", "lora",
            "MATCH (:Paper {key: $from})-[r:PREREQUISITE_OF]->(:Paper {key: $to}) WITH r, elementId(r) AS id DELETE r RETURN id",
            recordDeleted: true);

        var removal = Assert.Single(_published, c => c.Sequence == added.Sequence + 1);
        Assert.True(removal.Itemised);
        Assert.Equal([edge.ElementId], removal.DeletedRelationshipIds);
        Assert.Empty(removal.DeletedNodeIds);
        Assert.DoesNotContain(removal.Relationships, r => r.Type == "PREREQUISITE_OF");
        Assert.Contains(removal.Nodes, n => n.Labels.Contains("Change") && n.Properties["action"] as string == "remove-edge");
    }

    [Fact]
    public async Task A_removal_recorded_without_what_it_deleted_and_a_raw_cypher_write_are_published_unitemised()
    {
        await CurateAsync("add-edge", "glove", "lora",
            "MATCH (a:Paper {key: $from}), (b:Paper {key: $to}) CREATE (a)-[:PREREQUISITE_OF {reason: 'For a while.'}]->(b)");
        var added = _feed.LastSequence;
        await CurateAsync("remove-edge", "glove", "lora", "MATCH (:Paper {key: $from})-[r:PREREQUISITE_OF]->(:Paper {key: $to}) DELETE r");
        await _feed.ExecuteAsync(Write("MATCH (p:Paper {key: 'lora'}) SET p.note = 'raw'"));

        var removal = Assert.Single(_published, c => c.Sequence == added + 1); // as an older version recorded it
        Assert.False(removal.Itemised);
        Assert.Contains(removal.Nodes, n => n.Labels.Contains("Change") && n.Properties["action"] as string == "remove-edge");
        var raw = Assert.Single(_published, c => c.Sequence == added + 2); // in the feed before ExecuteAsync returned
        Assert.False(raw.Itemised);
        Assert.Contains(raw.Nodes, n => n.Labels.Contains("Change") && n.Properties["action"] as string == "cypher"
            && n.Properties["curator"] as string == "cara");
    }

    [Fact]
    public async Task Writes_made_without_the_feed_are_picked_up_by_polling_and_replayed_in_order()
    {
        var before = _feed.LastSequence;
        // Straight to the store, as another instance or Neo4j Browser would write.
        using var other = _store.Admin();
        foreach (var year in new[] { 2030, 2031 })
        {
            var response = await other.PostAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative), new StringContent(
                $"{{\"statement\": \"MATCH (p:Paper {{key: 'lora'}}) SET p.year = {year}\"}}", System.Text.Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_feed.LastSequence < before + 2 && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);

        var replay = _feed.ChangesSince(before);
        Assert.NotNull(replay);
        Assert.Equal([before + 1, before + 2], replay.Select(c => c.Sequence));
        Assert.Equal(2031L, replay[^1].Nodes.Single(n => n.Labels.Contains("Paper")).Properties["year"]);
        Assert.Null(_feed.ChangesSince(0)); // older than this feed's start: read everything instead
    }
}
