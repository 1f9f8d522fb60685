using PaperGraph.Cypher.Values;
using static PaperGraph.Cypher.Tests.Values.V;

namespace PaperGraph.Cypher.Tests.Values;

public sealed class ValueFormatterTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-1.0, "-1.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(2.3, "2.3")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.001, "0.001")]
    [InlineData(0.0001, "1.0E-4")]
    [InlineData(123.456, "123.456")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(9999999.5, "9999999.5")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(1.5e10, "1.5E10")]
    [InlineData(123456789.0, "1.23456789E8")]
    [InlineData(-2.5e-7, "-2.5E-7")]
    [InlineData(1e300, "1.0E300")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Floats_print_as_Neo4j_prints_them(double value, string expected) =>
        Assert.Equal(expected, ValueFormatter.FormatFloat(value));

    [Fact]
    public void Scalars_print_as_toString_gives_them()
    {
        Assert.Equal("42", ValueFormatter.ScalarToString(42L));
        Assert.Equal("true", ValueFormatter.ScalarToString(true));
        Assert.Equal("apa", ValueFormatter.ScalarToString("apa"));
        Assert.Null(ValueFormatter.ScalarToString(L()));
        Assert.Null(ValueFormatter.ScalarToString(null));
    }

    [Fact]
    public void Structures_print_in_Cypher_literal_form()
    {
        Assert.Equal("[1, 2.0, 'it\\'s', null, [true]]", ValueFormatter.Format(L(1L, 2.0, "it's", null, L(true))));
        Assert.Equal("{name: 'Mats', `two words`: 1}", ValueFormatter.Format(M(("name", "Mats"), ("two words", 1L))));
        Assert.Equal("(#3)", ValueFormatter.Format(new NodeValue(3)));
        Assert.Equal("[#4]", ValueFormatter.Format(new RelationshipValue(4)));
        Assert.Equal("<(#1)-[#4]->(#2)>", ValueFormatter.Format(new PathValue([1, 2], [4])));
    }

    [Fact]
    public void Entities_print_with_labels_types_and_properties_when_the_graph_is_given()
    {
        var graph = new TestGraph();
        var a = graph.AddNode(["N"], ("num", 1L));
        var b = graph.AddNode([]);
        var r = graph.AddRelationship(a, b, "REL");
        Assert.Equal("(:N {num: 1})", ValueFormatter.Format(new NodeValue(a), graph));
        Assert.Equal("()", ValueFormatter.Format(new NodeValue(b), graph));
        Assert.Equal("[:REL]", ValueFormatter.Format(new RelationshipValue(r), graph));
        Assert.Equal("<(:N {num: 1})-[:REL]->()>", ValueFormatter.Format(new PathValue([a, b], [r]), graph));
        Assert.Equal("<()<-[:REL]-(:N {num: 1})>", ValueFormatter.Format(new PathValue([b, a], [r]), graph));
    }
}
