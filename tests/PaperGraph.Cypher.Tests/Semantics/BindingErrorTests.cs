using PaperGraph.Cypher.Planning;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tests.Semantics;

public sealed class BindingErrorTests
{
    private static GraphException Fails(string query) =>
        Assert.Throws<GraphException>(() => Planner.Plan(CypherParser.Parse(query), query));

    [Theory]
    [InlineData("MATCH (p) RETURN m", "Variable `m` not defined")]
    [InlineData("MATCH (a) WITH a.x AS x RETURN a", "Variable `a` not defined")]
    [InlineData("MATCH (a) WITH a MATCH (a)-[r]->(b) WITH r RETURN b", "Variable `b` not defined")]
    [InlineData("MATCH (a) CREATE (a)", "already declared")]
    [InlineData("UNWIND [1] AS x UNWIND [2] AS x RETURN x", "already declared")]
    [InlineData("MATCH (a)-[a]->() RETURN a", "Type mismatch")]
    [InlineData("WITH 1 AS n MATCH (n) RETURN n", "Type mismatch")]
    [InlineData("MATCH (a) WITH a.x RETURN 1", "must be aliased")]
    [InlineData("MATCH (a) RETURN a.x AS y, a.z AS y", "same name")]
    [InlineData("RETURN 1 AS a UNION RETURN 2 AS b", "same return column names")]
    [InlineData("MATCH (a)--(b) RETURN a.x + count(b)", "implicit grouping")]
    [InlineData("MATCH (a) WHERE count(a) > 1 RETURN a", "aggregating function")]
    [InlineData("RETURN 1 AND 'x'", "Type mismatch")]
    [InlineData("CREATE (a)-[:R|S]->(b)", "Exactly one relationship type")]
    [InlineData("CREATE (a)-[:R*2]->(b)", "Variable length")]
    [InlineData("MATCH (n) RETURN n LIMIT -1", "non-negative integer")]
    [InlineData("RETURN nosuchfunction(1)", "Unknown function")]
    [InlineData("RETURN toUpper()", "toUpper")]
    public void Compile_time_errors_are_syntax_errors_naming_the_problem(string query, string message)
    {
        var error = Fails(query);
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Position);
    }

    [Fact]
    public void Undefined_variable_error_points_at_the_variable()
    {
        var error = Fails("MATCH (p)\nRETURN m");
        Assert.Equal(new SourcePosition(17, 2, 8), error.Position);
        Assert.Contains("RETURN m\n       ^", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_procedure_is_procedure_not_found() =>
        Assert.Equal(GraphErrorCodes.ProcedureNotFound, Fails("CALL db.nothing()").Code);
}
