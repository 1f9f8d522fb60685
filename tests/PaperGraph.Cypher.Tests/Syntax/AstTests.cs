using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Tests.Syntax;

public sealed class AstTests
{
    private static SingleQuery PaperByKey() => new(
    [
        new MatchClause(false, new Pattern(
        [
            new PatternPart(null, PatternFunction.None, new PatternElement(
                new NodePattern(new Variable("p"), ["Paper"], new MapLiteral([new MapEntry("key", new Parameter("k"))])), [])),
        ]), null),
        new ReturnClause(new Projection(false, false, [new ProjectionItem(new Variable("p"), null)], [], null, null, null)),
    ]);

    [Fact]
    public void A_hand_built_query_prints_as_canonical_cypher()
    {
        Assert.Equal("MATCH (p:Paper {key: $k}) RETURN p", CypherPrinter.Print(PaperByKey()));
    }

    [Fact]
    public void Structural_equality_ignores_spans()
    {
        var withSpan = PaperByKey() with { Span = new SourceSpan(0, 1, 1, 33) };
        Assert.True(AstDumper.StructurallyEqual(PaperByKey(), withSpan));
        Assert.NotEqual(AstDumper.Dump(PaperByKey(), includeSpans: true), AstDumper.Dump(withSpan, includeSpans: true));
    }

    [Fact]
    public void Unaliased_column_is_named_by_its_source_text()
    {
        var item = new ProjectionItem(new PropertyAccess(new Variable("n"), "name"), null) { SourceText = "n .name" };
        Assert.Equal("n .name", item.Name);
        Assert.Equal("n.name", (item with { SourceText = null }).Name);
        Assert.Equal("x", (item with { Alias = new Variable("x") }).Name);
    }
}
