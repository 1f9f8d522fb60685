using PaperGraph.Cypher.Planning;
using PaperGraph.Cypher.Syntax;

namespace PaperGraph.Cypher.Tests.Planning;

public sealed class PlannerTests
{
    private static string Explain(string query) => Planner.Plan(CypherParser.Parse(query), query).Describe();

    [Theory]
    [InlineData("MATCH (p:Paper) WHERE p.year > 2000 RETURN p.key", "Project(Filter(NodeScan(p:Paper)))")]
    [InlineData("MATCH (p:Paper {key: $k}) RETURN p", "Filter(NodeIndexSeek(p:Paper.key))")]
    [InlineData("MATCH (p:Paper) WHERE p.key = $k RETURN p", "Filter(NodeIndexSeek(p:Paper.key))")]
    [InlineData("MATCH (a:A)-->(b)-->(c) RETURN c", "Expand(Expand(NodeScan(a:A)))")]
    [InlineData("MATCH (n) RETURN n.x AS x ORDER BY x SKIP 1 LIMIT 2", "Limit(Skip(Sort(Project(NodeScan(n)))))")]
    [InlineData("MATCH (n:N) RETURN n.x, count(*)", "Project(Aggregate(NodeScan(n:N)))")]
    [InlineData("UNWIND $rows AS r MERGE (p:Paper {key: r.key}) SET p.year = r.year", "Set(Merge(Unwind()))")]
    public void Plans_print_in_the_compact_one_line_form(string query, string plan) => Assert.Equal(plan, Explain(query));

    [Theory]
    [InlineData("MATCH (a)-[:PREREQUISITE_OF*]->(b {key: $k}) RETURN DISTINCT a")]
    [InlineData("MATCH (a)-[:PREREQUISITE_OF*]->(b:Paper {key: $k}) RETURN count(DISTINCT a)")]
    [InlineData("MATCH (a)-[:PREREQUISITE_OF*1..5]->(b:Paper {key: $k}) WITH DISTINCT a RETURN a.key")]
    public void Var_length_expansion_under_distinct_endpoints_is_a_pruning_breadth_first_search(string query) =>
        Assert.Contains("VarLengthExpand(pruning)", Explain(query), StringComparison.Ordinal);

    [Theory]
    [InlineData("MATCH (a)-[:PREREQUISITE_OF*]->(b {key: $k}) RETURN a")]
    [InlineData("MATCH (a)-[r:PREREQUISITE_OF*]->(b {key: $k}) RETURN DISTINCT a, r")]
    [InlineData("MATCH p = (a)-[:PREREQUISITE_OF*]->(b {key: $k}) RETURN DISTINCT a")]
    [InlineData("MATCH (a)-[:PREREQUISITE_OF*]->(b {key: $k}) RETURN count(a)")]
    [InlineData("MATCH (a)-[:PREREQUISITE_OF*]-(b {key: $k}) RETURN DISTINCT a")]
    public void Var_length_expansion_whose_paths_are_observable_enumerates_paths(string query) =>
        Assert.DoesNotContain("pruning", Explain(query), StringComparison.Ordinal);

    [Theory]
    [InlineData("MATCH (a:A) ((x)-[:R]->(y)-[:S]->(z)){1,3} (b) RETURN b", "QuantifiedPath(NodeScan(a:A), Expand(Expand(NodeCheck(Argument, x))))")]
    [InlineData("MATCH (a) (()-[:R]->()-[:S]->()){2} (b:B {key: $k}) RETURN a", "QuantifiedPath(Filter(NodeIndexSeek(b:B.key)), Expand(Expand(NodeCheck(Argument, ")]
    public void A_quantified_path_pattern_of_two_relationships_repeats_its_own_inner_plan(string query, string plan) =>
        Assert.StartsWith(plan, Explain(query), StringComparison.Ordinal);

    [Fact]
    public void Shortest_path_endpoints_use_the_index() =>
        Assert.Equal("ShortestPath(Filter(NodeIndexSeek(Filter(NodeIndexSeek(a:Paper.key)), b:Paper.key)))",
            Explain("MATCH p = shortestPath((a:Paper {key: $a})-[:PREREQUISITE_OF*]->(b:Paper {key: $b})) RETURN p"));

    [Fact]
    public void Pattern_predicate_on_a_scanned_node_is_a_degree_check_in_the_scan_not_a_join() =>
        Assert.Equal("Project(Aggregate(NodeScan+Degree(p:Paper)))",
            Explain("MATCH (p:Paper) WHERE NOT ()-[:PREREQUISITE_OF]->(p) RETURN count(p)"));

    [Theory]
    [InlineData("MATCH (p:Paper) WHERE p.year > 2000 AND NOT ()-[:PREREQUISITE_OF]->(p) RETURN p", "Filter(Filter(NodeScan(p:Paper)))")]
    [InlineData("MATCH (p:Paper) WHERE NOT ()-[:PREREQUISITE_OF]->(p) AND p.year > 2000 RETURN p", "Filter(NodeScan+Degree(p:Paper))")]
    [InlineData("MATCH (p:Paper) WHERE NOT (:Paper)-[:PREREQUISITE_OF]->(p) RETURN p", "Filter(NodeScan(p:Paper))")]
    [InlineData("MATCH (p:Paper), (q) WHERE (p)-[:PREREQUISITE_OF]->(q) RETURN p", "Filter(NodeScan(NodeScan(p:Paper), q))")]
    public void Only_a_leading_pattern_predicate_on_the_scanned_node_alone_becomes_a_degree_check(string query, string plan) =>
        Assert.Equal(plan, Explain(query));

    [Fact]
    public void Explain_of_a_write_statement_is_marked_as_writing()
    {
        var plan = Planner.Plan(CypherParser.Parse("EXPLAIN CREATE (n)"), "EXPLAIN CREATE (n)");
        Assert.True(plan.ExplainOnly);
        Assert.True(plan.IsWrite);
    }
}
