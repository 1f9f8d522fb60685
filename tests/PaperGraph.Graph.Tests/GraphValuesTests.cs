using PaperGraph.Graph;

namespace PaperGraph.Graph.Tests;

public sealed class GraphValuesTests
{
    [Fact]
    public void Caller_values_become_canonical_cypher_kinds()
    {
        var normalized = GraphValues.Normalize(new Dictionary<string, object?> { ["year"] = 2018, ["tags"] = new[] { "nlp" } });

        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(normalized);
        Assert.Equal(2018L, map["year"]);
        Assert.Equal(new object?[] { "nlp" }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(map["tags"]));
    }

    [Fact]
    public void Nodes_are_equal_by_element_id()
    {
        var a = new GraphNode("4:pg:1", ["Paper"], new Dictionary<string, object?>());
        var b = new GraphNode("4:pg:1", [], new Dictionary<string, object?> { ["key"] = "bert" });
        Assert.Equal(a, b);
    }

    [Fact]
    public void Error_title_is_the_last_segment_of_its_code()
    {
        var error = new GraphException(GraphErrorCodes.SyntaxError, "bad");
        Assert.Equal("SyntaxError", error.Title);
        Assert.True(error.IsClientError);
    }
}
