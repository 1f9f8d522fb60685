using PaperGraph.Embedded;
using PaperGraph.Graph.Contract.Tests.Neo4jHttp;

namespace PaperGraph.Graph.Contract.Tests;

/// <summary>
/// What every backend must do alike at the seam: values and their types, errors and their codes, access modes,
/// atomic statements and explicit transactions. Run once on the embedded database and once over HTTP (the Neo4j
/// backend against our own Query API), so the wire format loses nothing.
/// </summary>
public abstract class SeamBehaviour : IAsyncLifetime
{
    protected IGraphDatabase Db { get; private set; } = null!;

    protected abstract IGraphDatabase Open();

    public Task InitializeAsync()
    {
        Db = Open();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();

    private static Dictionary<string, object?> P(params (string Key, object? Value)[] items) =>
        items.ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);

    private async Task<long> CountAsync(string label) =>
        (long)(await Db.ExecuteAsync(new CypherQuery($"MATCH (n:{label}) RETURN count(n) AS c"))).Values[0][0]!;

    [SkippableFact]
    public async Task Created_node_comes_back_with_its_labels_and_typed_properties()
    {
        await Db.ExecuteAsync(new CypherQuery("CREATE (:Paper {key: $key, year: $year, score: $score, tags: $tags, open: true})",
            P(("key", "bert"), ("year", 2018L), ("score", 1.0), ("tags", new List<object?> { "nlp", "transformers" }))));

        var result = await Db.ExecuteAsync(new CypherQuery("MATCH (p:Paper) RETURN p, p.year AS year, p.score AS score"));

        Assert.Equal(["p", "year", "score"], result.Fields);
        var row = Assert.Single(result.Values);
        var node = Assert.IsType<GraphNode>(row[0]);
        Assert.Equal(["Paper"], node.Labels);
        Assert.Equal("bert", node.Properties["key"]);
        Assert.Equal(true, node.Properties["open"]);
        Assert.Equal(new List<object?> { "nlp", "transformers" }, (IEnumerable<object?>)node.Properties["tags"]!);
        Assert.Equal(2018L, Assert.IsType<long>(row[1]));
        Assert.Equal(1.0, Assert.IsType<double>(row[2]));
    }

    [SkippableFact]
    public async Task Relationships_and_paths_keep_their_direction_and_ends()
    {
        await Db.ExecuteAsync(new CypherQuery("CREATE (:Paper {key: 'word2vec'})-[:PREREQUISITE_OF {reason: 'embeddings'}]->(:Paper {key: 'bert'})"));

        var result = await Db.ExecuteAsync(new CypherQuery(
            "MATCH p = (b:Paper {key: 'bert'})<-[r:PREREQUISITE_OF]-(a:Paper) RETURN a, r, b, p"));

        var row = Assert.Single(result.Values);
        var (a, r, b) = ((GraphNode)row[0]!, (GraphRelationship)row[1]!, (GraphNode)row[2]!);
        Assert.Equal((a.ElementId, b.ElementId), (r.StartNodeElementId, r.EndNodeElementId));
        Assert.Equal("embeddings", r.Properties["reason"]);
        var path = Assert.IsType<GraphPath>(row[3]);
        Assert.Equal([b, a], path.Nodes);
        Assert.Equal([r], path.Relationships);
    }

    [SkippableFact]
    public async Task Integer_and_float_parameters_keep_their_types()
    {
        var result = await Db.ExecuteAsync(new CypherQuery("RETURN $i / 2 AS i, $f / 2 AS f, $n IS NULL AS n",
            P(("i", 5L), ("f", 5.0), ("n", null))));

        Assert.Equal([2L, 2.5, true], Assert.Single(result.Values));
    }

    [SkippableFact]
    public async Task Write_counters_count_operations()
    {
        var result = await Db.ExecuteAsync(new CypherQuery("CREATE (:A {x: 1})-[:R]->(:B)"));

        Assert.Equal((2, 1, 1, 2), (result.Counters.NodesCreated, result.Counters.RelationshipsCreated,
            result.Counters.PropertiesSet, result.Counters.LabelsAdded));
        Assert.True(result.Counters.ContainsUpdates);
    }

    [SkippableFact]
    public async Task Syntax_error_carries_the_SyntaxError_code()
    {
        var e = await Assert.ThrowsAsync<GraphException>(() => Db.ExecuteAsync(new CypherQuery("MATCH (p) RETRUN p")));

        Assert.Equal(GraphErrorCodes.SyntaxError, e.Code);
    }

    [SkippableFact]
    public async Task Missing_parameter_carries_the_ParameterMissing_code()
    {
        var e = await Assert.ThrowsAsync<GraphException>(() => Db.ExecuteAsync(new CypherQuery("RETURN $absent AS x")));

        Assert.Equal(GraphErrorCodes.ParameterMissing, e.Code);
    }

    [SkippableFact]
    public async Task Read_access_mode_refuses_a_write_and_changes_nothing()
    {
        var e = await Assert.ThrowsAsync<GraphException>(() => Db.ExecuteAsync(CypherQuery.Read("CREATE (:Intruder)")));

        Assert.Equal(GraphErrorCodes.AccessMode, e.Code);
        Assert.Equal(0, await CountAsync("Intruder"));
    }

    [SkippableFact]
    public async Task Statement_failing_halfway_changes_nothing()
    {
        var e = await Assert.ThrowsAsync<GraphException>(() => Db.ExecuteAsync(
            new CypherQuery("UNWIND [1, 0] AS d CREATE (:Half {v: 10 / d})")));

        Assert.Equal(GraphErrorCodes.ArithmeticError, e.Code);
        Assert.Equal(0, await CountAsync("Half"));
    }

    [SkippableFact]
    public async Task Committed_transaction_is_visible_and_sees_its_own_writes()
    {
        await using (var tx = await Db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("CREATE (:Kept)"));
            var inside = await tx.ExecuteAsync(new CypherQuery("MATCH (k:Kept) RETURN count(k) AS c"));
            Assert.Equal(1L, inside.Values[0][0]);
            Assert.Equal(0, await CountAsync("Kept"));
            await tx.CommitAsync();
        }

        Assert.Equal(1, await CountAsync("Kept"));
    }

    [SkippableFact]
    public async Task Rolled_back_or_abandoned_transaction_leaves_no_trace()
    {
        await using (var tx = await Db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("CREATE (:Dropped)"));
            await tx.RollbackAsync();
        }
        await using (var tx = await Db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("CREATE (:Dropped)"));
        }

        Assert.Equal(0, await CountAsync("Dropped"));
    }

    [SkippableFact]
    public async Task Failed_statement_ends_its_transaction_with_nothing_written()
    {
        await using var tx = await Db.BeginTransactionAsync();
        await tx.ExecuteAsync(new CypherQuery("CREATE (:Doomed)"));
        await Assert.ThrowsAsync<GraphException>(() => tx.ExecuteAsync(new CypherQuery("RETRUN 1")));

        var e = await Assert.ThrowsAsync<GraphException>(() => tx.CommitAsync());

        Assert.Equal(GraphErrorCodes.TransactionNotFound, e.Code);
        Assert.Equal(0, await CountAsync("Doomed"));
    }

    [SkippableFact]
    public async Task Read_transaction_refuses_a_write()
    {
        await using var tx = await Db.BeginTransactionAsync(AccessMode.Read);

        var e = await Assert.ThrowsAsync<GraphException>(() => tx.ExecuteAsync(new CypherQuery("CREATE (:Intruder)")));

        Assert.Equal(GraphErrorCodes.AccessMode, e.Code);
        Assert.Equal(0, await CountAsync("Intruder"));
    }
}

/// <summary>The seam behaviour of the embedded database, in memory.</summary>
public sealed class EmbeddedSeamBehaviour : SeamBehaviour
{
    protected override IGraphDatabase Open() => EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions());
}

/// <summary>The same behaviour through the Neo4j backend over HTTP, against our own server's Query API.</summary>
public sealed class Neo4jHttpSeamBehaviour : SeamBehaviour
{
    protected override IGraphDatabase Open() => Neo4jHttpBackend.Start();
}
