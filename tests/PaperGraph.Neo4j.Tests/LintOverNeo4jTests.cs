using PaperGraph.Cypher.Linting;
using PaperGraph.Graph;

namespace PaperGraph.Neo4j.Tests;

/// <summary>The console's lint over Neo4j: our parser for syntax, Neo4j's own EXPLAIN (recorded) for the rest.</summary>
public sealed class LintOverNeo4jTests
{
    [Fact]
    public async Task A_semantic_error_is_placed_where_Neo4j_says_in_the_users_text()
    {
        var neo4j = RecordedNeo4j.Load("explain-undefined-variable");
        await using var db = neo4j.Connect();
        var linter = new CypherLinter(db, parserIsTheEngine: false);

        var problem = Assert.Single(await linter.LintAsync("MATCH (p:Paper) RETURN m"));

        Assert.Equal((1, 24, 23, 1), (problem.Line, problem.Column, problem.Offset, problem.Length));
        Assert.Equal(("Variable `m` not defined", "error"), (problem.Message, problem.Severity));
    }

    [Fact]
    public async Task Cypher_our_parser_does_not_read_but_Neo4j_compiles_has_no_problems()
    {
        var neo4j = RecordedNeo4j.Load("explain-accepted");
        await using var db = neo4j.Connect();
        var linter = new CypherLinter(db, parserIsTheEngine: false);

        const string statement = "MATCH (n:Person) FILTER n.age > 30 RETURN n"; // Cypher 25's FILTER clause
        Assert.NotEmpty(PaperGraph.Cypher.Syntax.CypherParser.ParseTolerant(statement).Errors);

        var problems = await linter.LintAsync(statement);

        Assert.Empty(problems);
        Assert.True(neo4j.AllReplayed); // Neo4j was asked
    }
}
