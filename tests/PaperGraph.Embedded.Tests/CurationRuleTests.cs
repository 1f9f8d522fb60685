using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

/// <summary>The rules of prerequisite edges hold for raw Cypher too, checked in the write transaction before it
/// commits; and every change to papers and edges is recorded as a (:Change) in that same transaction.</summary>
public sealed class CurationRuleTests
{
    private static EmbeddedGraphDatabase Seeded()
    {
        var db = Db.Open();
        db.Run("""
            CREATE (a:Paper {key: 'word2vec', title: 'Word2Vec'}), (b:Paper {key: 'bert', title: 'BERT'}),
                   (c:Paper {key: 'gpt-2', title: 'GPT-2'}), (d:Paper {key: 'lora', title: 'LoRA'}),
                   (a)-[:PREREQUISITE_OF {reason: 'embeddings first'}]->(b),
                   (b)-[:PREREQUISITE_OF {reason: 'pretraining'}]->(c),
                   (c)-[:PREREQUISITE_OF {reason: 'what LoRA tunes'}]->(d)
            """);
        return db;
    }

    [Fact]
    public void A_cypher_write_that_closes_a_cycle_is_rolled_back_naming_the_cycle_in_order()
    {
        using var _ = Seeded().AsDisposable(out var db);
        var error = db.Fails("""
            MATCH (l:Paper {key: 'lora'}), (w:Paper {key: 'word2vec'})
            CREATE (l)-[:PREREQUISITE_OF {reason: 'loop'}]->(w)
            """);
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        Assert.Contains("lora -> word2vec -> bert -> gpt-2 -> lora", error.Message);
        Assert.Equal(0L, db.Scalar("MATCH (:Paper {key: 'lora'})-[r:PREREQUISITE_OF]->() RETURN count(r)"));
    }

    [Fact]
    public async Task A_cycle_made_of_two_edges_in_one_explicit_transaction_is_refused_at_commit()
    {
        using var _ = Seeded().AsDisposable(out var db);
        var tx = await db.BeginTransactionAsync();
        await tx.ExecuteAsync(new CypherQuery("CREATE (:Paper {key: 'x'})"));
        await tx.ExecuteAsync(new CypherQuery("MATCH (x:Paper {key: 'x'}), (w:Paper {key: 'word2vec'}) CREATE (x)-[:PREREQUISITE_OF {reason: 'r'}]->(w)"));
        await tx.ExecuteAsync(new CypherQuery("MATCH (x:Paper {key: 'x'}), (l:Paper {key: 'lora'}) CREATE (l)-[:PREREQUISITE_OF {reason: 'r'}]->(x)"));
        var error = await Assert.ThrowsAsync<GraphException>(() => tx.CommitAsync());
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        Assert.Equal(0L, db.Scalar("MATCH (x:Paper {key: 'x'}) RETURN count(x)"));
    }

    [Theory]
    [InlineData("MATCH (a:Paper {key: 'word2vec'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'me'}]->(a)", "itself")]
    [InlineData("MATCH (a:Paper {key: 'word2vec'}), (b:Paper {key: 'lora'}) CREATE (a)-[:PREREQUISITE_OF]->(b)", "reason")]
    [InlineData("MATCH (a:Paper {key: 'word2vec'}), (b:Paper {key: 'lora'}) CREATE (a)-[:PREREQUISITE_OF {reason: '  '}]->(b)", "reason")]
    [InlineData("MATCH ()-[r:PREREQUISITE_OF]->() SET r.reason = ''", "reason")]
    [InlineData("MATCH (a:Paper {key: 'word2vec'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'r'}]->(:Section {key: 's'})", ":Paper")]
    [InlineData("MATCH (a:Paper {key: 'bert'}) REMOVE a:Paper", ":Paper")]
    public void Broken_rules_from_raw_cypher_are_refused_and_nothing_is_written(string statement, string says)
    {
        using var _ = Seeded().AsDisposable(out var db);
        var error = db.Fails(statement);
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        Assert.Contains(says, error.Message);
        Assert.Equal(3L, db.Scalar("MATCH (:Paper)-[r:PREREQUISITE_OF]->(:Paper) WHERE trim(r.reason) <> '' RETURN count(r)"));
        Assert.Equal(4L, db.Scalar("MATCH (p:Paper) RETURN count(p)"));
    }

    [Fact]
    public void A_bulk_load_past_the_walk_limit_is_checked_as_a_whole()
    {
        using var _ = Db.Open().AsDisposable(out var db);
        var rows = Enumerable.Range(0, 200).Select(i => (object?)new Dictionary<string, object?> { ["a"] = $"p{i}", ["b"] = $"p{(i + 1) % 200}" }).ToList();
        db.Run("UNWIND range(0, 199) AS i CREATE (:Paper {key: 'p' + toString(i)})");
        var error = db.Fails("UNWIND $rows AS row MATCH (a:Paper {key: row.a}), (b:Paper {key: row.b}) CREATE (a)-[:PREREQUISITE_OF {reason: 'r'}]->(b)",
            new Dictionary<string, object?> { ["rows"] = rows });
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        Assert.Contains("p0 -> p1", error.Message);
        Assert.Equal(199L, db.Scalar("UNWIND $rows AS row WITH row WHERE row.b <> 'p0' MATCH (a:Paper {key: row.a}), (b:Paper {key: row.b}) CREATE (a)-[:PREREQUISITE_OF {reason: 'r'}]->(b) RETURN count(*)",
            new Dictionary<string, object?> { ["rows"] = rows }));
    }

    [Fact]
    public async Task Every_raw_change_to_papers_and_edges_is_recorded_with_the_actor_in_the_same_transaction()
    {
        using var _ = Seeded().AsDisposable(out var db);
        await db.ExecuteAsync(new CypherQuery("MATCH (a:Paper {key: 'word2vec'}), (b:Paper {key: 'lora'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'vectors'}]->(b)") { Actor = "cli" });
        await db.ExecuteAsync(new CypherQuery("MATCH (:Paper {key: 'word2vec'})-[r:PREREQUISITE_OF]->(:Paper {key: 'bert'}) SET r.reason = 'static vectors first'") { Actor = "cara" });
        await db.ExecuteAsync(new CypherQuery("MATCH (:Paper {key: 'gpt-2'})-[r:PREREQUISITE_OF]->(:Paper {key: 'lora'}) DELETE r") { Actor = "cara" });
        var rows = db.Run("MATCH (c:Change) RETURN c.seq, c.curator, c.action, c.from, c.to, c.reason, c.previous ORDER BY c.seq").Values;
        // The seeding CREATE is the first change: 4 papers and 3 edges, itemised.
        var last = rows.TakeLast(3).Select(r => string.Join("|", r)).ToList();
        Assert.Equal([
            "8|cli|add-edge|word2vec|lora|vectors|",
            "9|cara|reword-edge|word2vec|bert|static vectors first|embeddings first",
            "10|cara|remove-edge|gpt-2|lora|what LoRA tunes|",
        ], last);
        Assert.Equal(10L, db.Scalar("MATCH (l:ChangeLog) RETURN l.seq"));
    }

    [Fact]
    public void Writes_that_do_not_touch_papers_or_edges_record_nothing()
    {
        using var _ = Db.Open().AsDisposable(out var db);
        db.Run("CREATE (:Person {name: 'x'})-[:KNOWS]->(:Person {name: 'y'})");
        Assert.Equal(0L, db.Scalar("MATCH (n) WHERE n:Change OR n:ChangeLog RETURN count(n)"));
    }
}

internal static class DisposableDb
{
    public static IDisposable AsDisposable(this EmbeddedGraphDatabase db, out EmbeddedGraphDatabase same)
    {
        same = db;
        return new Closer(db);
    }

    private sealed class Closer(EmbeddedGraphDatabase db) : IDisposable
    {
        public void Dispose() => db.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
