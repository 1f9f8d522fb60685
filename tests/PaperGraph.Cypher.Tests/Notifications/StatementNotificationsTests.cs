using CsCheck;
using PaperGraph.Cypher.Notifications;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Tests.Syntax;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tests.Notifications;

/// <summary>Which statements get Neo4j's notifications, and where they point (neo4j/neo4j
/// <c>NotificationCodeWithDescription</c>).</summary>
public sealed class StatementNotificationsTests
{
    private const string CartesianProduct = "Neo.ClientNotification.Statement.CartesianProduct";

    private static IReadOnlyList<Notification> Notes(string text, string[]? labels = null, string[]? types = null, string[]? keys = null)
    {
        var statement = CypherParser.Parse(text);
        var isWrite = PaperGraph.Cypher.Planning.Planner.Plan(statement, text).IsWrite;
        return StatementNotifications.Find(statement, text, readOnly: !isWrite)
            .For(() => labels ?? ["Paper"], () => types ?? ["PREREQUISITE_OF"], () => keys ?? ["key", "title"]);
    }

    [Theory]
    [InlineData("MATCH (a:Paper), (b:Paper) RETURN a, b", "(identifier is: (b))")]
    [InlineData("MATCH (a:Paper), (b:Paper), (c:Paper) RETURN a, b, c", "(identifiers are: (b, c))")]
    [InlineData("MATCH (a:Paper) MATCH (b:Paper) RETURN a, b", "(identifier is: (b))")]
    [InlineData("MATCH (a:Paper) WITH a MATCH (b:Paper) RETURN a, b", "(identifier is: (b))")]
    [InlineData("MATCH (:Paper), (b:Paper) RETURN b", "(identifier is: (b))")]
    [InlineData("MATCH (a:Paper), (b:Paper), (c:Paper) WHERE a.year = c.year RETURN a, b, c", "(identifier is: (b))")]
    public void Disconnected_patterns_are_a_cartesian_product_naming_what_is_disconnected(string text, string detail)
    {
        var note = Assert.Single(Notes(text), n => n.Code == CartesianProduct);
        Assert.EndsWith(detail, note.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_match_of_thousands_of_disconnected_parts_is_noted_in_near_linear_time()
    {
        // Grouping the parts compared each with every group so far: quadratic in what an anonymous caller writes.
        var text = "MATCH (p0:Paper)" + string.Concat(Enumerable.Range(1, 20_000).Select(i => $", (p{i})")) + " RETURN 1";
        var statement = CypherParser.Parse(text);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var notes = StatementNotifications.Find(statement, text, readOnly: true).For(() => ["Paper"], () => [], () => []);
        clock.Stop();
        var note = Assert.Single(notes, n => n.Code == CartesianProduct);

        Assert.Contains("p19999, p2, p20, p200", note.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("(p0", note.Description, StringComparison.Ordinal);
        // The walk over 20,000 parts: 1.2 s at the least beside four builds (load average ~45), up to 16 s at the worst
        // of that load. Comparing each part with every group so far added 20,000²/2 set comparisons on top: a guard
        // against hangs, not a benchmark.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed.TotalSeconds:N1} s");
    }

    [Theory]
    [InlineData("MATCH (a:Paper)-[:PREREQUISITE_OF]->(b:Paper), (b)-[:PREREQUISITE_OF]->(c:Paper) RETURN a, c")]
    [InlineData("MATCH (a:Paper) MATCH (a)-[:PREREQUISITE_OF]->(b:Paper) RETURN b")]
    [InlineData("MATCH (a:Paper), (b:Paper) WHERE a.key = b.key RETURN a")]
    [InlineData("MATCH (a:Paper) WITH count(a) AS n MATCH (b:Paper) RETURN n, b")]
    [InlineData("MATCH (a:Paper) OPTIONAL MATCH (b:Paper) RETURN a, b")]
    [InlineData("UNWIND [1, 2] AS x MATCH (b:Paper) RETURN x, b")]
    public void Connected_patterns_joins_and_optional_matches_are_no_cartesian_product(string text) =>
        Assert.DoesNotContain(Notes(text), n => n.Code == CartesianProduct);

    [Theory]
    [InlineData("MATCH p = shortestPath((a:Paper)-[:PREREQUISITE_OF*]->(b:Paper)) RETURN p", true)]
    [InlineData("MATCH p = allShortestPaths((a:Paper)-[:PREREQUISITE_OF*0..]->(b:Paper)) RETURN p", true)]
    [InlineData("MATCH p = shortestPath((a:Paper)-[:PREREQUISITE_OF*..5]->(b:Paper)) RETURN p", false)]
    [InlineData("MATCH (a:Paper)-[:PREREQUISITE_OF*]->(b:Paper) RETURN b", false)]
    public void Only_a_shortest_path_without_an_upper_bound_is_noted(string text, bool noted) =>
        Assert.Equal(noted, Notes(text).Any(n => n.Code == "Neo.ClientNotification.Statement.UnboundedVariableLengthPattern"));

    [Fact]
    public void Unknown_names_point_at_the_name_even_backticked_or_on_a_later_line()
    {
        var notes = Notes("MATCH (p:`Pa per`)\nWHERE p.   yeer > 1 RETURN p");

        Assert.Equal([(new SourcePosition(9, 1, 10), "Pa per"), (new SourcePosition(30, 2, 12), "yeer")],
            notes.Select(n => (n.Position!.Value, n.Description[(n.Description.LastIndexOf(": ", StringComparison.Ordinal) + 2)..^1])));
    }

    [Fact]
    public void A_statement_naming_thousands_of_unknown_keys_is_noted_in_linear_time_and_its_first_hundred_reported()
    {
        // 20,000 distinct unknown keys over 20,000 lines (~0.4 MB, an anonymous caller's limit is 1 MB): each
        // position is found from a table of line starts, not by scanning the text from the start (that took 3 s here);
        // the answer carries the first 100 warnings, not 20,000.
        var text = "MATCH (p:Paper) RETURN p.key" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $",\n p.k{i}"));
        var statement = CypherParser.Parse(text);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var notes = StatementNotifications.Find(statement, text, readOnly: true).For(() => ["Paper"], () => [], () => ["key"]);
        clock.Stop();

        Assert.Equal(StatementNotifications.MaxPerStatement, notes.Count);
        Assert.Equal(new SourcePosition(text.IndexOf("k99,", StringComparison.Ordinal), 101, 4), notes[^1].Position);
        // Quiet: 0.3 s with the parse, which is no longer timed; up to 7 s beside four builds. The scan from the start
        // took 3 s quiet and grows with the square of the text: a guard against hangs, not a benchmark.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed.TotalSeconds:N1} s");
    }

    [Fact]
    public void A_statement_that_writes_is_not_warned_of_the_names_it_brings()
    {
        Assert.Empty(Notes("CREATE (n:Brand {new: 1})-[:NEW_TYPE]->(:Other)"));
        Assert.Empty(Notes("MATCH (n:Paper) SET n.fresh = 1"));
    }

    [Fact]
    public void An_unknown_name_is_warned_once_however_often_it_is_written()
    {
        var notes = Notes("MATCH (a:Ghost), (b:Ghost) WHERE a.ghost = b.ghost RETURN a.ghost");

        Assert.Equal(["Ghost", "ghost"], notes.Where(n => n.Code != CartesianProduct).Select(n => n.Description[(n.Description.LastIndexOf(' ') + 1)..^1]));
    }

    [Fact]
    public void Every_notification_of_a_random_statement_points_inside_its_text()
    {
        Gen.Int.Sample(seed =>
        {
            var text = CypherPrinter.Print(new RandomAst(seed).Statement(), multiline: seed % 2 == 0);
            var statement = CypherParser.Parse(text);
            foreach (var note in StatementNotifications.Find(statement, text, readOnly: true).For(() => [], () => [], () => []))
            {
                var at = Assert.NotNull(note.Position);
                Assert.InRange(at.Offset, 0, Math.Max(0, text.Length - 1));
                var lineStart = text.LastIndexOf('\n', Math.Max(0, at.Offset - 1)) + 1;
                Assert.Equal((text.Take(at.Offset).Count(c => c == '\n') + 1, at.Offset - (at.Offset == 0 ? 0 : lineStart) + 1), (at.Line, at.Column));
            }
        }, iter: 2000);
    }
}
