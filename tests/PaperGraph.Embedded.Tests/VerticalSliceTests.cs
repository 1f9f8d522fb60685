using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

public sealed class VerticalSliceTests
{
    [Fact]
    public async Task Created_nodes_are_found_by_match_with_where()
    {
        await using var db = Db.Open();
        var created = db.Run("CREATE (:Paper {key: 'a', year: 2017}), (:Paper {key: 'b', year: 2019})");
        Assert.Equal(2, created.Counters.NodesCreated);
        var result = db.Run("MATCH (p:Paper) WHERE p.year > 2018 RETURN p.key AS key");
        Assert.Equal(["key"], result.Fields);
        Assert.Equal("b", Assert.Single(result.Values)[0]);
    }

    [Fact]
    public async Task A_node_created_and_deleted_by_one_statement_counts_as_neither()
    {
        await using var db = Db.Open();
        db.Run("CREATE (:Seed)");
        var result = db.Run("MATCH (s:Seed) CREATE (n)-[:R]->(s) DETACH DELETE n, s");
        Assert.Equal((0, 1, 0, 0), (result.Counters.NodesCreated, result.Counters.NodesDeleted,
            result.Counters.RelationshipsCreated, result.Counters.RelationshipsDeleted));
        Assert.Equal(0L, db.Scalar("MATCH (n) RETURN count(n)"));
    }

    [Fact]
    public async Task Returned_nodes_carry_labels_properties_and_element_ids()
    {
        await using var db = Db.Open();
        db.Run("CREATE (:Paper {key: 'a'})");
        var node = Assert.IsType<GraphNode>(db.Scalar("MATCH (p:Paper) RETURN p"));
        Assert.Equal(["Paper"], node.Labels);
        Assert.Equal("a", node.Properties["key"]);
        Assert.StartsWith("4:pg:", node.ElementId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_creates_once_then_matches()
    {
        await using var db = Db.Open();
        var first = db.Run("MERGE (p:Paper {key: $k}) ON CREATE SET p.new = true ON MATCH SET p.new = false RETURN p.new", new { k = "x" });
        Assert.Equal(true, first.Values[0][0]);
        Assert.Equal(1, first.Counters.NodesCreated);
        var second = db.Run("MERGE (p:Paper {key: $k}) ON CREATE SET p.new = true ON MATCH SET p.new = false RETURN p.new", new { k = "x" });
        Assert.Equal(false, second.Values[0][0]);
        Assert.Equal(0, second.Counters.NodesCreated);
        Assert.Equal(1L, db.Scalar("MATCH (p:Paper) RETURN count(p)"));
    }

    [Fact]
    public async Task Unwind_batches_create_nodes_and_relationships()
    {
        await using var db = Db.Open();
        db.Run("UNWIND $rows AS row CREATE (:Paper {key: row})", new { rows = new[] { "a", "b", "c" } });
        db.Run("UNWIND $edges AS e MATCH (a:Paper {key: e[0]}), (b:Paper {key: e[1]}) CREATE (a)-[:PREREQUISITE_OF {reason: 'r'}]->(b)",
            new { edges = new[] { new[] { "a", "b" }, new[] { "b", "c" } } });
        Assert.Equal(2L, db.Scalar("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)"));
        var chain = db.Run("MATCH (a:Paper)-[:PREREQUISITE_OF*]->(c:Paper {key: 'c'}) RETURN a.key ORDER BY a.key");
        Assert.Equal(["a", "b"], chain.Values.Select(r => r[0]));
    }

    [Fact]
    public async Task Set_and_remove_change_properties_and_labels()
    {
        await using var db = Db.Open();
        db.Run("CREATE (:Paper {key: 'a'})");
        db.Run("MATCH (p:Paper) SET p.title = 'T', p:Read");
        Assert.Equal("T", db.Scalar("MATCH (p:Read) RETURN p.title"));
        db.Run("MATCH (p:Paper) REMOVE p.title, p:Read");
        Assert.Equal(0L, db.Scalar("MATCH (p:Read) RETURN count(*)"));
        Assert.Null(db.Scalar("MATCH (p:Paper) RETURN p.title"));
    }

    [Fact]
    public async Task Uniqueness_constraint_refuses_a_duplicate_and_changes_nothing()
    {
        await using var db = Db.Open();
        db.Run("CREATE CONSTRAINT paper_key FOR (p:Paper) REQUIRE p.key IS UNIQUE");
        db.Run("CREATE (:Paper {key: 'a'})");
        var error = db.Fails("CREATE (:Paper {key: 'b'}), (:Paper {key: 'a'})");
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        Assert.Equal(1L, db.Scalar("MATCH (p:Paper) RETURN count(p)"));
    }

    [Fact]
    public async Task Missing_parameter_is_reported_by_name()
    {
        await using var db = Db.Open();
        var error = db.Fails("MATCH (p:Paper {key: $key}) RETURN p");
        Assert.Equal(GraphErrorCodes.ParameterMissing, error.Code);
        Assert.Contains("key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undefined_variable_is_a_syntax_error_with_position()
    {
        await using var db = Db.Open();
        var error = db.Fails("MATCH (p) RETURN m");
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.Contains("Variable `m` not defined", error.Message, StringComparison.Ordinal);
        Assert.Equal(18, error.Position?.Column);
    }

    [Fact]
    public async Task Count_groups_by_the_other_columns()
    {
        await using var db = Db.Open();
        db.Run("UNWIND [1, 1, 2] AS x CREATE (:N {x: x})");
        var result = db.Run("MATCH (n:N) RETURN n.x AS x, count(*) AS c ORDER BY x");
        Assert.Equal([[1L, 2L], [2L, 1L]], result.Values.Select(r => r.ToArray()).ToArray());
    }

    [Fact]
    public async Task Explain_returns_the_plan_without_running()
    {
        await using var db = Db.Open();
        var result = db.Run("EXPLAIN MATCH (p:Paper) WHERE p.year > 2000 RETURN p.key");
        Assert.Equal("Project(Filter(NodeScan(p:Paper)))", result.Plan);
        Assert.Equal(["plan"], result.Fields);
    }
}
