using CsCheck;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Tests.Syntax;

public sealed class SyntaxComparerTests
{
    private static Expression ReturnedExpression(string text) =>
        ((ReturnClause)((SingleQuery)CypherParser.Parse(text)).Clauses[^1]).Projection.Items[0].Expression;

    [Fact]
    public void The_same_expression_written_at_two_places_is_equal_and_hashes_alike()
    {
        var query = (SingleQuery)CypherParser.Parse("MATCH (n) WITH n.year + 1 AS a RETURN   n.year+1 AS b");
        var first = ((WithClause)query.Clauses[1]).Projection.Items[0].Expression;
        var second = ((ReturnClause)query.Clauses[2]).Projection.Items[0].Expression;

        Assert.NotEqual(first.Span, second.Span);
        Assert.NotEqual<AstNode>(first, second); // record equality compares spans
        Assert.True(SyntaxComparer.Instance.Equals(first, second));
        Assert.Equal(SyntaxComparer.Instance.GetHashCode(first), SyntaxComparer.Instance.GetHashCode(second));
    }

    [Theory]
    [InlineData("RETURN n.year + 1", "RETURN n.year + 2")]
    [InlineData("RETURN n.year + 1", "RETURN n.year - 1")]
    [InlineData("RETURN n.year", "RETURN m.year")]
    [InlineData("RETURN [1, 2]", "RETURN [1, 2, 3]")]
    [InlineData("RETURN 0.0", "RETURN -0.0")]
    [InlineData("RETURN 1", "RETURN 1.0")]
    [InlineData("RETURN 'a'", "RETURN 'A'")]
    [InlineData("RETURN count(n)", "RETURN count(DISTINCT n)")]
    public void Expressions_that_differ_in_any_field_are_not_equal(string left, string right) =>
        Assert.False(SyntaxComparer.Instance.Equals(ReturnedExpression(left), ReturnedExpression(right)));

    [Fact]
    public void Comparing_random_trees_agrees_with_comparing_their_dumps()
    {
        Gen.Int.Select(Gen.Int).Sample((a, b) =>
        {
            var left = new RandomAst(a).Statement();
            var right = new RandomAst(b).Statement();
            var sameDump = AstDumper.Dump(left) == AstDumper.Dump(right);
            Assert.Equal(sameDump, SyntaxComparer.Instance.Equals(left, right));

            var reparsed = CypherParser.Parse(CypherPrinter.Print(left));
            Assert.True(SyntaxComparer.Instance.Equals(left, reparsed));
            Assert.Equal(SyntaxComparer.Instance.GetHashCode(left), SyntaxComparer.Instance.GetHashCode(reparsed));
        }, iter: 1000);
    }
}
