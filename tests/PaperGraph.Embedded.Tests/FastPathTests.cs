using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

/// <summary>
/// The engine's fast paths (degree checks for pattern predicates, filters fused into node scans, breadth-first
/// reachability with a visited bitmap, DISTINCT and count(DISTINCT) by id) give the same answers as the general
/// paths: with and without matching relationships, self-loops, type ids past the store's type bits, and
/// changes made earlier in the same transaction or statement.
/// </summary>
public sealed class FastPathTests
{
    // a -R-> b; c alone; d has only an incoming S; e has an R self-loop; f has only an outgoing R (to a).
    private const string Shapes = """
        CREATE (a:P {k: 'a'}), (b:P {k: 'b'}), (c:P {k: 'c'}), (d:P {k: 'd'}), (e:P {k: 'e'}), (f:P {k: 'f'}),
               (a)-[:R]->(b), (c)-[:S]->(d), (e)-[:R]->(e), (f)-[:R]->(a)
        """;

    private static string[] Keys(QueryResult result) => result.Values.Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN p.k", new[] { "c", "d", "f" })]
    [InlineData("MATCH (p:P) WHERE ()-[:R]->(p) RETURN p.k", new[] { "a", "b", "e" })]
    [InlineData("MATCH (p:P) WHERE (p)-[:R]->() RETURN p.k", new[] { "a", "e", "f" })]
    [InlineData("MATCH (p:P) WHERE NOT (p)-[:R]-() RETURN p.k", new[] { "c", "d" })]
    [InlineData("MATCH (p:P) WHERE NOT (p)<--() RETURN p.k", new[] { "c", "f" })]
    [InlineData("MATCH (p:P) WHERE ()-[:R|S]->(p) RETURN p.k", new[] { "a", "b", "d", "e" })]
    [InlineData("MATCH (p:P) WHERE NOT ()-[:NEVER]->(p) RETURN p.k", new[] { "a", "b", "c", "d", "e", "f" })]
    [InlineData("MATCH (p:P) WHERE p.k <> 'a' AND NOT ()-[:R]->(p) RETURN p.k", new[] { "c", "d", "f" })]
    public async Task Pattern_predicates_on_scanned_nodes_see_every_direction_type_and_self_loop(string query, string[] expected)
    {
        await using var db = Db.Open();
        db.Run(Shapes);
        Assert.Equal(expected, Keys(db.Run(query)));
    }

    [Fact]
    public async Task Count_of_nodes_without_prerequisites_counts_nodes_with_no_incoming_relationship_of_that_type()
    {
        await using var db = Db.Open();
        db.Run(Shapes);
        Assert.Equal(3L, db.Scalar("MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN count(p)"));
    }

    [Fact]
    public async Task Degree_check_is_right_for_relationship_types_created_after_the_first_thirty()
    {
        await using var db = Db.Open();
        db.Run("CREATE (:P {k: 'x'})");
        for (var t = 0; t < 40; t++)
        {
            db.Run($"MATCH (x {{k: 'x'}}) CREATE (x)-[:T{t}]->(:P {{k: 'y{t}'}})");
        }

        Assert.Equal(["y35"], Keys(db.Run("MATCH (p:P) WHERE ()-[:T35]->(p) RETURN p.k")));
        Assert.Equal(["x"], Keys(db.Run("MATCH (p:P) WHERE (p)-[:T39]->() RETURN p.k")));
        Assert.Equal(40L, db.Scalar("MATCH (p:P) WHERE NOT (p)-[:T38]->() RETURN count(p)"));
    }

    [Fact]
    public async Task Relationships_created_and_deleted_earlier_in_the_transaction_count_and_other_readers_see_the_old_state()
    {
        await using var db = Db.Open();
        db.Run(Shapes);
        const string roots = "MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN count(p)";
        await using (var tx = await db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("MATCH ()-[r:R]->(b {k: 'b'}) DELETE r"));
            await tx.ExecuteAsync(new CypherQuery("MATCH (a {k: 'a'}), (c {k: 'c'}) CREATE (a)-[:R]->(c)"));
            var inside = await tx.ExecuteAsync(new CypherQuery(roots));
            Assert.Equal(3L, inside.Values[0][0]); // b gained, c lost
            var keys = await tx.ExecuteAsync(new CypherQuery("MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN p.k"));
            Assert.Equal(["b", "d", "f"], Keys(keys));
            Assert.Equal(["c", "d", "f"], Keys(db.Run("MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN p.k")));
            await tx.CommitAsync();
        }

        Assert.Equal(["b", "d", "f"], Keys(db.Run("MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN p.k")));
    }

    [Fact]
    public async Task Nodes_deleted_earlier_in_the_statement_are_not_scanned()
    {
        await using var db = Db.Open();
        db.Run(Shapes);
        var count = db.Scalar("""
            MATCH (x {k: 'c'}) DETACH DELETE x
            WITH count(*) AS gone
            MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN count(p)
            """);
        Assert.Equal(2L, count);
    }

    [Fact]
    public async Task Rows_from_a_filtered_scan_are_independent()
    {
        await using var db = Db.Open();
        db.Run(Shapes);
        var result = db.Run("MATCH (p:P) WHERE NOT ()-[:R]->(p) RETURN collect(p.k) AS ks, collect(p) AS ps");
        var ks = ((IReadOnlyList<object?>)result.Values[0][0]!).Cast<string>().Order(StringComparer.Ordinal);
        Assert.Equal(["c", "d", "f"], ks);
        var ps = (IReadOnlyList<object?>)result.Values[0][1]!;
        Assert.Equal(3, ps.Cast<GraphNode>().Select(n => n.ElementId).Distinct().Count());
    }

    [Fact]
    public async Task A_filter_error_on_a_scanned_node_fails_the_statement()
    {
        await using var db = Db.Open();
        db.Run("CREATE (:N {x: 1})");
        Assert.Equal(GraphErrorCodes.ArithmeticError, db.Fails("MATCH (n:N) WHERE n.x / 0 > 1 RETURN n").Code);
    }

    // A diamond with a long way round and a cycle: z <- y <- {w, v} <- u, u <- z (cycle back), m -> y.
    private const string Diamond = """
        CREATE (u:N {k: 'u'}), (v:N {k: 'v'}), (w:N {k: 'w'}), (y:N {k: 'y'}), (z:N {k: 'z'}), (m:N {k: 'm'}),
               (alone:N {k: 'alone'}),
               (u)-[:R]->(v), (u)-[:R]->(w), (v)-[:R]->(y), (w)-[:R]->(y), (y)-[:R]->(z), (z)-[:R]->(u), (m)-[:R]->(y),
               (m)-[:S]->(alone)
        """;

    [Theory]
    [InlineData("MATCH (a)-[:R*]->(b {k: 'y'}) RETURN count(DISTINCT a)", 6L)] // v w u z y(via cycle) m
    [InlineData("MATCH (a)-[:R*0..]->(b {k: 'y'}) RETURN count(DISTINCT a)", 6L)]
    [InlineData("MATCH (a)-[:R*..1]->(b {k: 'y'}) RETURN count(DISTINCT a)", 3L)]
    [InlineData("MATCH (a)-[:R*..2]->(b {k: 'y'}) RETURN count(DISTINCT a)", 4L)]
    [InlineData("MATCH (a)-[:R|S*]->(b {k: 'alone'}) RETURN count(DISTINCT a)", 1L)]
    [InlineData("MATCH (a)-[:S*]->(b {k: 'y'}) RETURN count(DISTINCT a)", 0L)]
    [InlineData("MATCH (a)<-[:R*]-(b {k: 'm'}) RETURN count(DISTINCT a)", 5L)] // m's descendants: y z u v w
    [InlineData("MATCH (a)<-[*]-(b {k: 'm'}) RETURN count(DISTINCT a)", 6L)] // any type: y z u v w alone
    [InlineData("MATCH (a)<-[:S*]-(b {k: 'm'}) RETURN count(DISTINCT a)", 1L)] // m's outgoing types are mixed
    [InlineData("MATCH (a)-[*]->(b {k: 'alone'}) RETURN count(DISTINCT a)", 1L)]
    [InlineData("MATCH (a)-[:R*]->(b {k: 'alone'}) RETURN count(DISTINCT a)", 0L)] // alone has no incoming R
    public async Task Distinct_ancestors_by_breadth_first_search_match_path_enumeration(string query, long expected)
    {
        await using var db = Db.Open();
        db.Run(Diamond);
        Assert.Equal(expected, db.Scalar(query));
        // The same question without DISTINCT enumerates paths; its distinct endpoints must agree.
        var byPaths = db.Run(query.Replace("count(DISTINCT a)", "a", StringComparison.Ordinal)).Values
            .Select(r => ((GraphNode)r[0]!).ElementId).Distinct().Count();
        Assert.Equal(expected, byPaths);
    }

    [Fact]
    public async Task Return_distinct_keys_of_ancestors_lists_each_once()
    {
        await using var db = Db.Open();
        db.Run(Diamond);
        Assert.Equal(["m", "u", "v", "w", "y", "z"], Keys(db.Run("MATCH (a)-[:R*]->(b:N {k: 'y'}) RETURN DISTINCT a.k")));
    }

    [Fact]
    public async Task Ancestor_search_in_a_transaction_sees_its_deletions_and_creations()
    {
        await using var db = Db.Open();
        db.Run(Diamond);
        const string query = "MATCH (a)-[:R*]->(b {k: 'y'}) RETURN DISTINCT a.k";
        await using var tx = await db.BeginTransactionAsync();
        await tx.ExecuteAsync(new CypherQuery("MATCH (:N {k: 'z'})-[r:R]->(:N {k: 'u'}) DELETE r"));
        await tx.ExecuteAsync(new CypherQuery("MATCH (m {k: 'm'}) DETACH DELETE m"));
        await tx.ExecuteAsync(new CypherQuery("MATCH (w {k: 'w'}) CREATE (:N {k: 'new'})-[:R]->(w)"));
        Assert.Equal(["new", "u", "v", "w"], Keys(await tx.ExecuteAsync(new CypherQuery(query))));
        Assert.Equal(["m", "u", "v", "w", "y", "z"], Keys(db.Run(query)));
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task Ancestor_search_skips_nodes_deleted_earlier_in_the_statement()
    {
        await using var db = Db.Open();
        db.Run(Diamond);
        var keys = db.Run("""
            MATCH (x {k: 'v'}) DETACH DELETE x
            WITH count(*) AS gone
            MATCH (a)-[:R*]->(b {k: 'y'}) RETURN DISTINCT a.k
            """);
        Assert.Equal(["m", "u", "w", "y", "z"], Keys(keys));
    }

    [Theory]
    [InlineData("UNWIND [1, 1.0, null, null, 'a', 'a', [1], [1.0], 2, {k: 1}, {k: 1.0}] AS x")]
    [InlineData("MATCH ()-[r]->() WITH r UNWIND [r, r] AS x")]
    [InlineData("MATCH (a)-[:R]->(b) WITH b AS x")]
    [InlineData("MATCH (a)-[:R]->(b) WITH b.k AS x")]
    public async Task Count_distinct_and_distinct_of_one_column_agree_with_the_general_distinct(string source)
    {
        await using var db = Db.Open();
        db.Run(Diamond);
        var general = db.Run(source + " RETURN DISTINCT x, 0 AS pad").Values.Select(r => r[0]).ToList();
        var oneColumn = db.Run(source + " RETURN DISTINCT x").Values.Select(r => r[0]).ToList();
        Assert.Equal(general, oneColumn);
        var collected = (IReadOnlyList<object?>)db.Scalar(source + " RETURN collect(DISTINCT x)")!;
        Assert.Equal((long)collected.Count, db.Scalar(source + " RETURN count(DISTINCT x)"));
        Assert.Equal((long)general.Count(v => v is not null), db.Scalar(source + " RETURN count(DISTINCT x)"));
    }

    [Fact]
    public async Task Count_distinct_of_relationships_counts_each_once()
    {
        await using var db = Db.Open();
        db.Run(Diamond);
        Assert.Equal(8L, db.Scalar("MATCH ()-[r]->() WITH r UNWIND [r, r] AS x RETURN count(DISTINCT x)"));
        Assert.Equal(5L, db.Scalar("MATCH (a)-[:R]->(b) RETURN count(DISTINCT b)"));
    }
}
