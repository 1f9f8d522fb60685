using System.Runtime.CompilerServices;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tests.Syntax;

/// <summary>
/// Parser fixtures: <c>Fixtures/&lt;area&gt;/&lt;name&gt;.cypher</c> beside <c>&lt;name&gt;.ast.txt</c> (the canonical print and
/// the tree with spans) or <c>&lt;name&gt;.error.txt</c> (the error code and message with its caret line).
/// Set <c>PAPERGRAPH_REGENERATE_FIXTURES=1</c> to rewrite the expected files from the parser's current output.
/// </summary>
public sealed class FixtureTests
{
    private static readonly string Root = Path.Combine(SourceDirectory(), "..", "Fixtures");

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static bool Regenerate => Environment.GetEnvironmentVariable("PAPERGRAPH_REGENERATE_FIXTURES") == "1";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.cypher", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Fact]
    public void There_are_fixtures_for_every_area()
    {
        var areas = Directory.GetDirectories(Root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "clauses", "errors", "expressions", "patterns", "schema" }, areas);
        Assert.True(Cases().Count >= 40);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fixture_parses_to_its_expected_tree_or_error(string name)
    {
        var input = File.ReadAllText(Path.Combine(Root, name)).TrimEnd('\n');
        var stem = Path.Combine(Root, name[..^".cypher".Length]);
        string actual, expectedPath, otherPath;
        try
        {
            var statement = CypherParser.Parse(input);
            var printed = CypherPrinter.Print(statement);
            actual = $"-- {printed}\n{AstDumper.Dump(statement, includeSpans: true)}";
            expectedPath = stem + ".ast.txt";
            otherPath = stem + ".error.txt";

            // Every fixture that parses also round-trips through the printer.
            Assert.True(AstDumper.StructurallyEqual(statement, CypherParser.Parse(printed)), printed);
        }
        catch (GraphException e)
        {
            actual = $"{e.Code}\n{e.Message}\n";
            expectedPath = stem + ".error.txt";
            otherPath = stem + ".ast.txt";
        }

        if (Regenerate)
        {
            File.WriteAllText(expectedPath, actual);
            File.Delete(otherPath);
            return;
        }

        Assert.True(File.Exists(expectedPath),
            $"{Path.GetFileName(expectedPath)} is missing (got:\n{actual}); run with PAPERGRAPH_REGENERATE_FIXTURES=1 to create it");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }
}
