using PaperGraph.Cypher.Values;

namespace PaperGraph.Cypher.Tests.Values;

public sealed class EntityValuesTests
{
    [Fact]
    public void Paths_with_the_same_ids_are_equal_and_hash_alike()
    {
        var a = new PathValue([1, 2, 3], [10, 11]);
        var b = new PathValue([1, 2, 3], [10, 11]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(2, a.Length);
        Assert.Equal(1, a.StartNodeId);
        Assert.Equal(3, a.EndNodeId);
    }

    [Fact]
    public void Paths_walked_in_a_different_order_differ()
    {
        Assert.NotEqual(new PathValue([1, 2], [10]), new PathValue([2, 1], [10]));
    }

    [Fact]
    public void A_path_needs_one_more_node_than_relationships()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PathValue([1], [10]));
        Assert.Contains("1 nodes and 1 relationships", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nodes_and_relationships_with_the_same_id_are_different_values()
    {
        Assert.Equal(new NodeValue(3), new NodeValue(3));
        Assert.NotEqual<object>(new NodeValue(3), new RelationshipValue(3));
    }

    [Theory]
    [InlineData(null, "NULL")]
    [InlineData(true, "BOOLEAN")]
    [InlineData(1L, "INTEGER")]
    [InlineData(1.5, "FLOAT")]
    [InlineData("x", "STRING")]
    public void Type_names_are_Neo4j_s(object? value, string expected) => Assert.Equal(expected, CypherTypes.NameOf(value));

    [Fact]
    public void Type_names_of_structures_are_Neo4j_s()
    {
        Assert.Equal("LIST", CypherTypes.NameOf(new List<object?> { 1L }));
        Assert.Equal("LIST", CypherTypes.NameOf(new object?[] { 1L }));
        Assert.Equal("MAP", CypherTypes.NameOf(new Dictionary<string, object?>()));
        Assert.Equal("NODE", CypherTypes.NameOf(new NodeValue(1)));
        Assert.Equal("RELATIONSHIP", CypherTypes.NameOf(new RelationshipValue(1)));
        Assert.Equal("PATH", CypherTypes.NameOf(PathValue.Single(1)));
    }
}
