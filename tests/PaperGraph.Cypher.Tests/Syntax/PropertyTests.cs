using CsCheck;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tests.Syntax;

public sealed class PropertyTests
{
    [Fact]
    public void Printing_a_random_tree_then_parsing_it_gives_the_same_tree()
    {
        Gen.Int.Sample(seed =>
        {
            var tree = new RandomAst(seed).Statement();
            var text = CypherPrinter.Print(tree);
            var parsed = CypherParser.Parse(text);
            Assert.True(AstDumper.StructurallyEqual(tree, parsed),
                $"seed {seed}\n{text}\n--- expected\n{AstDumper.Dump(tree)}--- parsed\n{AstDumper.Dump(parsed)}");
            Assert.Equal(text, CypherPrinter.Print(parsed));
            var multiline = CypherPrinter.Print(tree, multiline: true);
            Assert.True(AstDumper.StructurallyEqual(tree, CypherParser.Parse(multiline)), multiline);
        }, iter: 3000);
    }

    private static readonly string[] Fragments =
    [
        "MATCH", "RETURN", "WITH", "WHERE", "(", ")", "[", "]", "{", "}", "-", "->", "<-", "*", "..", ":", ",", ".",
        "n", "`x`", "'s'", "\"", "'", "$", "$p", "1", "0x", "0o7", "1e", ".5", "9223372036854775808", "AND", "NOT",
        "CASE", "WHEN", "END", "EXISTS", "{", "|", "=", "<>", "!=", "=~", "+=", "/*", "*/", "//", "\n", " ", "\\u",
        "count(*)", "shortestPath", "UNION", "ALL", "CALL", "YIELD", "CREATE", "INDEX", "CONSTRAINT", "FOR", "ON",
        "IS", "NULL", "IN", ";", "`", "reduce(", "all(", "x IN", "\u2014", "😀", "\0",
    ];

    [Fact]
    public void Parsing_arbitrary_text_fails_only_with_graph_exceptions()
    {
        var soup = Gen.Int[0, Fragments.Length - 1].Array[0, 30]
            .Select(ix => string.Join(" ", ix.Select(i => Fragments[i])));
        var gen = Gen.OneOf(Gen.String, soup, Gen.Char["()[]{}-<>:*.'`$ab1\\ "].Array[0, 40].Select(c => new string(c)));
        gen.Sample(text =>
        {
            try
            {
                CypherParser.Parse(text);
            }
            catch (GraphException)
            {
            }

            var (statement, errors) = CypherParser.ParseTolerant(text);
            Assert.True(statement is not null || errors.Count > 0);
        }, iter: 20000);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("NOT ", "")]
    [InlineData("-", "")]
    [InlineData("1 + ", "")]
    [InlineData("size(", ")")]
    [InlineData("EXISTS { MATCH (n) WHERE ", " }")]
    public void Ten_thousand_levels_of_nesting_give_a_clean_syntax_error(string open, string close)
    {
        var text = "RETURN " + string.Concat(Enumerable.Repeat(open, 10_000)) + "1" + string.Concat(Enumerable.Repeat(close, 10_000));
        GraphException? error = null;

        // A small stack, like a thread-pool thread's, must be enough.
        var thread = new Thread(() => error = Assert.Throws<GraphException>(() => CypherParser.Parse(text)), 1024 * 1024);
        thread.Start();
        thread.Join();

        Assert.NotNull(error);
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var text = "RETURN " + new string('(', 200) + "1" + new string(')', 200);
        var statement = CypherParser.Parse(text);
        Assert.Equal("RETURN 1", CypherPrinter.Print(statement));
    }
}
