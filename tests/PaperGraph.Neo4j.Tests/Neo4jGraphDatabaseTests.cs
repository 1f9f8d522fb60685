using PaperGraph.Graph;

namespace PaperGraph.Neo4j.Tests;

/// <summary>The Neo4j backend against our own server's Query API on 127.0.0.1 (over a fake database).</summary>
public sealed class Neo4jGraphDatabaseTests : IAsyncLifetime
{
    private readonly FakeGraphDatabase _fake = new();
    private PaperGraphServer _server = null!;
    private Neo4jGraphDatabase _admin = null!;

    public Task InitializeAsync()
    {
        _server = new PaperGraphServer(_fake);
        _admin = Connect(PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        _server.Dispose();
    }

    private Neo4jGraphDatabase Connect(string? user, string? password, string database = "neo4j") =>
        new(new Neo4jConnection(_server.Address, database, user, password));

    [Fact]
    public async Task Parameters_and_results_keep_their_types_over_http()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["i"] = 42L, ["f"] = 42.0, ["nan"] = double.NaN, ["s"] = "Ünïcode", ["n"] = null,
            ["l"] = new List<object?> { 1L, 2.5, "x", true },
            ["m"] = new Dictionary<string, object?> { ["year"] = 2018L },
        };

        var result = await _admin.ExecuteAsync(new CypherQuery("RETURN $i AS i, $f AS f, $nan AS nan, $s AS s, $n AS n, $l AS l, $m AS m", parameters));

        Assert.Equal(["i", "f", "nan", "s", "n", "l", "m"], result.Fields);
        var row = Assert.Single(result.Values);
        Assert.IsType<long>(row[0]);
        Assert.Equal(42.0, Assert.IsType<double>(row[1]));
        Assert.True(double.IsNaN((double)row[2]!));
        Assert.Equal("Ünïcode", row[3]);
        Assert.Null(row[4]);
        Assert.Equal(new List<object?> { 1L, 2.5, "x", true }, (IEnumerable<object?>)row[5]!);
        Assert.Equal(2018L, ((IReadOnlyDictionary<string, object?>)row[6]!)["year"]);
        var sent = Assert.Single(_fake.Received).ParametersOrEmpty;
        Assert.IsType<long>(sent["i"]);
        Assert.IsType<double>(sent["f"]);
    }

    [Fact]
    public async Task Nodes_relationships_and_paths_come_back_as_graph_values()
    {
        var result = await _admin.ExecuteAsync(new CypherQuery("RETURN graph"));

        var row = Assert.Single(result.Values);
        var node = Assert.IsType<GraphNode>(row[0]);
        Assert.Equal(FakeGraphDatabase.Bert.ElementId, node.ElementId);
        Assert.Equal(0.5, node.Properties["score"]);
        Assert.Equal("PREREQUISITE_OF", Assert.IsType<GraphRelationship>(row[1]).Type);
        var path = Assert.IsType<GraphPath>(row[2]);
        Assert.Equal(1, path.Length);
        Assert.Equal("4:pg:1", path.End.ElementId);
    }

    [Fact]
    public async Task Counters_and_plan_come_back()
    {
        var write = await _admin.ExecuteAsync(new CypherQuery("CREATE (:Thing {name: $name})", new Dictionary<string, object?> { ["name"] = "x" }));
        var explain = await _admin.ExecuteAsync(new CypherQuery("EXPLAIN MATCH (p:Paper) RETURN p"));

        Assert.Equal(1, write.Counters.NodesCreated);
        Assert.True(write.Counters.ContainsUpdates);
        Assert.Equal("Project(Filter(NodeScan(p:Paper), p.year > 2000))", explain.Plan);
        Assert.Empty(explain.Values);
        var plan = Assert.IsType<GraphPlan>(explain.QueryPlan);
        Assert.Equal(("Project", 10.0), (plan.OperatorType, plan.Arguments["EstimatedRows"]));
        Assert.Equal("p:Paper", plan.Children[0].Children[0].Arguments["Details"]);
    }

    [Fact]
    public async Task Server_errors_arrive_as_graph_exceptions_with_the_servers_code()
    {
        var e = await Assert.ThrowsAsync<GraphException>(() => _admin.ExecuteAsync(new CypherQuery("RETRUN 1")));

        Assert.Equal(GraphErrorCodes.SyntaxError, e.Code);
        Assert.Contains("RETRUN", e.Message);
    }

    [Fact]
    public async Task Read_access_mode_is_sent_and_enforced()
    {
        var e = await Assert.ThrowsAsync<GraphException>(() => _admin.ExecuteAsync(
            CypherQuery.Read("CREATE (:Thing {name: $name})", new Dictionary<string, object?> { ["name"] = "x" })));

        Assert.Equal(GraphErrorCodes.AccessMode, e.Code);
        Assert.Empty(_fake.Things);
    }

    [Fact]
    public async Task Wrong_password_gives_Unauthorized()
    {
        await using var db = Connect("neo4j", "wrong");

        var e = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("RETURN $a AS a", new Dictionary<string, object?> { ["a"] = 1L })));

        Assert.Equal(GraphErrorCodes.Unauthorized, e.Code);
    }

    [Fact]
    public async Task Unknown_database_gives_DatabaseNotFound()
    {
        await using var db = Connect(PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword, "other");

        var e = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("RETURN graph")));

        Assert.Equal(GraphErrorCodes.DatabaseNotFound, e.Code);
    }

    [Fact]
    public async Task Unreachable_server_gives_DatabaseUnavailable()
    {
        await using var db = new Neo4jGraphDatabase(new Neo4jConnection(new Uri("http://127.0.0.1:1")));

        var e = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("RETURN graph")));

        Assert.Equal(GraphErrorCodes.DatabaseUnavailable, e.Code);
    }

    [Fact]
    public async Task Committed_transaction_is_visible_and_rolled_back_one_is_not()
    {
        var create = (string name) => new CypherQuery("CREATE (:Thing {name: $name})", new Dictionary<string, object?> { ["name"] = name });

        await using (var tx = await _admin.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(create("kept"));
            var inside = await tx.ExecuteAsync(new CypherQuery("MATCH (t:Thing) RETURN t.name AS name"));
            Assert.Equal("kept", Assert.Single(inside.Values)[0]);
            await tx.CommitAsync();
        }
        await using (var tx = await _admin.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(create("dropped"));
            await tx.RollbackAsync();
        }
        await using (var tx = await _admin.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(create("disposed"));
        }

        Assert.Equal(["kept"], _fake.Things);
    }

    [Fact]
    public async Task Failed_statement_ends_the_transaction()
    {
        await using var tx = await _admin.BeginTransactionAsync();
        await Assert.ThrowsAsync<GraphException>(() => tx.ExecuteAsync(new CypherQuery("RETRUN")));

        var e = await Assert.ThrowsAsync<GraphException>(() => tx.CommitAsync());

        Assert.Equal(GraphErrorCodes.TransactionNotFound, e.Code);
    }
}
