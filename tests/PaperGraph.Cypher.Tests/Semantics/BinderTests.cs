using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tests.Semantics;

public sealed class BinderTests
{
    private static BoundQuery Bind(string query) => Binder.Bind(CypherParser.Parse(query), query);

    private static SubqueryScope Only(BoundQuery bound) => Assert.Single(bound.Subqueries).Scope;

    [Fact]
    public void A_scoped_call_imports_exactly_the_variables_it_lists()
    {
        var scope = Only(Bind("MATCH (a), (b) CALL (a) { RETURN a.x AS y } RETURN y"));
        Assert.Equal(["a"], scope.Imports);
        Assert.Equal(["a"], scope.Correlated);
    }

    [Fact]
    public void Call_star_and_the_legacy_call_see_every_outer_variable()
    {
        Assert.Null(Only(Bind("MATCH (a), (b) CALL (*) { RETURN b.x AS y } RETURN y")).Imports);
        var legacy = Only(Bind("MATCH (a), (b) CALL { WITH b RETURN b.x AS y } RETURN y"));
        Assert.Null(legacy.Imports);
        Assert.Equal(["b"], legacy.Correlated);
    }

    [Fact]
    public void An_exists_subquery_keeps_the_outer_variable_it_reads_across_its_own_with()
    {
        // The Cypher Manual's example that once lost `person` (issue 11): the subquery is correlated on it.
        var scope = Only(Bind("MATCH (person:Person) WHERE EXISTS { WITH 'Ozzy' AS dogName MATCH (person)-[:HAS_DOG]->(d:Dog) WHERE d.name = dogName } RETURN person.name AS name"));
        Assert.Equal(["person"], scope.Correlated);
    }

    [Fact]
    public void A_subquery_that_reads_nothing_from_outside_is_uncorrelated()
    {
        var scope = Only(Bind("MATCH (p:Paper) WHERE COUNT { MATCH (q:Paper) } > 1 RETURN p"));
        Assert.Empty(scope.Correlated);
    }

    [Theory]
    [InlineData("MATCH (a) CALL (z) { RETURN 1 AS one } RETURN one", "Variable `z` not defined", 1, 17)]
    [InlineData("MATCH (a), (b) WITH a CALL (b) { RETURN 1 AS one } RETURN one", "Variable `b` not defined", 1, 29)]
    [InlineData("MATCH (a)\nCALL (a) { CALL (a, c) { RETURN 1 AS one } RETURN one }\nRETURN one", "Variable `c` not defined", 2, 21)]
    public void A_scope_clause_naming_an_unbound_variable_is_refused_where_it_is_written(string query, string message, int line, int column)
    {
        var error = Assert.Throws<GraphException>(() => Bind(query));
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Position?.Line);
        Assert.Equal(column, error.Position?.Column);
    }

    [Theory]
    [InlineData("MATCH (a) WITH a AS b CALL (b) { RETURN b.x AS y } RETURN y")]
    [InlineData("UNWIND [1] AS x CALL (x) { RETURN x + 1 AS y } RETURN y")]
    [InlineData("MATCH (a) ((x)-->(y)-->(z)){1,2} (b) CALL (x, z) { RETURN size(x) AS n } RETURN n")]
    [InlineData("MATCH (a) CALL (a) { RETURN a.x AS y } CALL (a, y) { RETURN y AS z } RETURN z")]
    [InlineData("MATCH (a) WITH * CALL (a) { RETURN 1 AS one } RETURN one")]
    public void A_scope_clause_sees_what_the_query_bound_before_it(string query)
    {
        var subqueries = Bind(query).Subqueries.ToList();
        Assert.NotEmpty(subqueries);
        Assert.All(subqueries, s => Assert.True(s.Subquery is SubqueryCallClause && s.Scope.Imports is { Count: > 0 }));
    }
}
