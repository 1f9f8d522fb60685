using System.Net;
using PaperGraph.Graph;

namespace PaperGraph.Neo4j.Tests;

/// <summary>
/// The Neo4j backend against Neo4j's own responses (<c>Fixtures/*.json</c>, from neo4j/docs-query-api and
/// neo4j/neo4j, each citing its source), replayed through a stub handler: not against our own server, whose JSON
/// code the client shares.
/// </summary>
public sealed class RecordedResponseTests
{
    private static async Task<QueryResult> RunAsync(string fixture, string statement, string database = "neo4j")
    {
        var neo4j = RecordedNeo4j.Load(fixture);
        await using var db = neo4j.Connect(database);
        var result = await db.ExecuteAsync(new CypherQuery(statement));
        Assert.True(neo4j.AllReplayed);
        return result;
    }

    [Fact]
    public async Task Every_typed_value_Neo4j_documents_is_read_into_its_seam_type()
    {
        var result = await RunAsync("typed-values", "RETURN everything");

        var row = Assert.Single(result.Values);
        var v = result.Fields.Zip(row).ToDictionary(p => p.First, p => p.Second);
        Assert.Null(v["null"]);
        Assert.Equal(true, v["boolean"]);
        Assert.Equal(123L, v["integer"]);
        Assert.Equal(4.56, v["float"]);
        Assert.Equal(3.2e9, v["floatE"]);
        Assert.Equal("Hello World", v["string"]);
        Assert.Equal(new byte[] { 0x03, 0x6f, 0xbf }, v["bytes"]);
        Assert.Equal(new List<object?> { "A", "B" }, v["list"]);
        Assert.Equal("B", ((IReadOnlyDictionary<string, object?>)v["map"]!)["fieldB"]);
        Assert.Equal("2015-03-26", Assert.IsType<GraphDate>(v["date"]).ToString());
        Assert.Equal(3600, Assert.IsType<GraphTime>(v["time"]).OffsetSeconds);
        Assert.Equal(12, Assert.IsType<GraphLocalTime>(v["localTime"]).Hour);
        Assert.Equal("Antarctica/Troll", Assert.IsType<GraphDateTime>(v["zoned"]).ZoneId);
        Assert.Null(Assert.IsType<GraphDateTime>(v["offset"]).ZoneId);
        Assert.IsType<GraphLocalDateTime>(v["localDateTime"]);
        Assert.Equal("P14DT16H12M", Assert.IsType<GraphDuration>(v["duration"]).ToString());
        Assert.Equal(new GraphPoint(GraphPoint.CartesianSrid, 1.2, 3.4), v["point"]);
        Assert.Equal(new GraphPoint(GraphPoint.Cartesian3DSrid, 1.0, 2.0, 3.0), v["point3d"]);
        Assert.Equal("Phil", Assert.IsType<GraphNode>(v["node"]).Properties["name"]);
        Assert.Equal("LIKES", Assert.IsType<GraphRelationship>(v["relationship"]).Type);
        var path = Assert.IsType<GraphPath>(v["path"]);
        Assert.Equal(["Alice", "Phil"], path.Nodes.Select(n => n.Properties["name"]));
        Assert.Equal(42L, path.Start.Properties["age"]);
    }

    [Fact]
    public async Task A_result_holding_a_point_reads_instead_of_failing_the_query()
    {
        var result = await RunAsync("typed-values", "RETURN everything");

        var point = Assert.IsType<GraphPoint>(result.Values[0][result.Fields.ToList().IndexOf("point")]);
        Assert.Equal(("cartesian", 1.2, 3.4), (point.Crs, point.X, point.Y));
    }

    [Fact]
    public async Task The_bookmark_of_one_answer_is_sent_with_the_next_statement()
    {
        var neo4j = RecordedNeo4j.Load("typed-merge");
        await using var db = neo4j.Connect();

        var merged = await db.ExecuteAsync(new CypherQuery("MERGE (p:Person {name: $name}) RETURN p AS person, p.name AS name",
            new Dictionary<string, object?> { ["name"] = "Phil" }));
        var counted = await db.ExecuteAsync(new CypherQuery("MATCH (p:Person) RETURN count(p) AS people"));

        Assert.Equal("Phil", merged.Values[0][1]);
        Assert.Equal(1L, counted.Values[0][0]);
        Assert.Contains("\"bookmarks\":[\"FB:kcwQ/wTfJf8rS1WY+GiIKXsCXg6Q\"]", neo4j.Received[1].Body);
        Assert.Contains("{\"$type\":\"String\",\"_value\":\"Phil\"}", neo4j.Received[0].Body);
        Assert.True(neo4j.AllReplayed);
    }

    [Fact]
    public async Task A_plain_json_answer_is_read_by_its_content_type()
    {
        var result = await RunAsync("plain-merge", "MERGE (n:Person {name: $name, age: $age}) RETURN n AS alice");

        var alice = Assert.IsType<GraphNode>(Assert.Single(result.Values)[0]);
        Assert.Equal(["Person"], alice.Labels);
        Assert.Equal(42L, alice.Properties["age"]);
    }

    [Fact]
    public async Task Notifications_come_with_their_code_position_and_category()
    {
        var result = await RunAsync("notifications", "MATCH p=shortestPath((:Person {name: $from})-[*]->(:Person {name: $to})) RETURN p");

        var notification = Assert.Single(result.Notifications);
        Assert.Equal("Neo.ClientNotification.Statement.UnboundedVariableLengthPattern", notification.Code);
        Assert.Equal(("INFORMATION", "PERFORMANCE"), (notification.Severity, notification.Category));
        Assert.Equal(new SourcePosition(21, 1, 22), notification.Position);
    }

    [Fact]
    public async Task A_statement_failing_after_rows_throws_Neo4js_error_carrying_the_rows_streamed_before_it()
    {
        var neo4j = RecordedNeo4j.Load("partial-rows-error");
        await using var db = neo4j.Connect();

        var error = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("UNWIND [4, 2, 0] AS n RETURN 4/n AS n")));

        Assert.Equal(("Neo.ClientError.Statement.ArithmeticError", "/ by zero"), (error.Code, error.Message));
        var partial = Assert.IsType<QueryResult>(error.PartialResult);
        Assert.Equal(["n"], partial.Fields);
        Assert.Equal([1L, 2L], partial.Values.Select(row => Assert.Single(row)));
        Assert.True(neo4j.AllReplayed);
    }

    [Fact]
    public async Task A_database_error_answered_500_fails_at_once_with_Neo4js_code_and_message()
    {
        var neo4j = RecordedNeo4j.Load("database-error");
        await using var db = neo4j.Connect();

        var error = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("MATCH (n) RETURN n")));

        Assert.Equal(("Neo.DatabaseError.Statement.ExecutionFailed", "Execution failed. See the debug log for details."), (error.Code, error.Message));
        Assert.False(error.IsClientError);
        Assert.Single(neo4j.Received); // not retried: only Neo.TransientError.* and 503 are
        Assert.True(neo4j.AllReplayed);
    }

    [Fact]
    public async Task Explain_gives_no_rows_and_Neo4js_operator_tree()
    {
        var result = await RunAsync("explain", "EXPLAIN MATCH (n:Person {name: $name}) RETURN n.name");

        Assert.Equal(["n.name"], result.Fields);
        Assert.Empty(result.Values);
        Assert.Null(result.ProfiledQueryPlan);
        var plan = Assert.IsType<GraphPlan>(result.QueryPlan);
        Assert.Equal("ProduceResults@neo4j", plan.OperatorType);
        Assert.Equal(["n", "`n.name`"], plan.Identifiers);
        Assert.Equal(128L, plan.Arguments["batch-size"]);
        var scan = plan.Children[0].Children[0].Children[0];
        Assert.Equal(("NodeByLabelScan@neo4j", "n:Person", 10.0), (scan.OperatorType, scan.Arguments["Details"], scan.Arguments["EstimatedRows"]));
        Assert.Null(scan.DbHits);
        Assert.StartsWith("Cypher 5", result.Plan);
    }

    [Fact]
    public async Task Profile_gives_the_rows_and_each_operators_counts()
    {
        var result = await RunAsync("profile", "PROFILE MATCH (n:Person {name: $name}) RETURN n.name");

        Assert.Equal("Alice", Assert.Single(result.Values)[0]);
        Assert.Null(result.QueryPlan);
        var plan = Assert.IsType<GraphPlan>(result.ProfiledQueryPlan);
        var filter = plan.Children[0].Children[0];
        var scan = filter.Children[0];
        Assert.Equal(("Filter@neo4j", 8L, 1L), (filter.OperatorType, filter.DbHits, filter.Rows));
        Assert.Equal((5L, 4L, 453072L), (scan.DbHits, scan.Rows, scan.Time));
    }

    [Fact]
    public async Task A_transaction_sends_the_cluster_affinity_back_and_commits()
    {
        var neo4j = RecordedNeo4j.Load("transaction");
        await using var db = neo4j.Connect();

        await using (var tx = await db.BeginTransactionAsync())
        {
            var bob = await tx.ExecuteAsync(new CypherQuery("MERGE (n:Person {name: $name, age: $age}) RETURN n AS bob",
                new Dictionary<string, object?> { ["name"] = "Bob", ["age"] = 43L }));
            Assert.Equal("Bob", Assert.IsType<GraphNode>(bob.Values[0][0]).Properties["name"]);
            await tx.CommitAsync();
        }

        Assert.True(neo4j.AllReplayed); // the fixture checked the affinity header on the statement and on the commit
    }

    [Fact]
    public async Task A_rollback_answered_200_is_a_success()
    {
        var neo4j = RecordedNeo4j.Load("rollback");
        await using var db = neo4j.Connect();

        var tx = await db.BeginTransactionAsync();
        await tx.RollbackAsync();

        Assert.True(neo4j.AllReplayed);
    }

    [Fact]
    public async Task An_expired_transaction_fails_with_Neo4js_code_and_message()
    {
        var neo4j = RecordedNeo4j.Load("transaction-expired");
        await using var db = neo4j.Connect();
        var tx = await db.BeginTransactionAsync();

        var e = await Assert.ThrowsAsync<GraphException>(() => tx.ExecuteAsync(new CypherQuery("RETURN 1")));

        Assert.Equal(GraphErrorCodes.RequestInvalid, e.Code);
        Assert.Contains("Transaction with Id: \"lyU\" was not found", e.Message);
        Assert.Equal(2, neo4j.Received.Count); // not retried
    }

    [Theory]
    [InlineData("unauthorized", "RETURN 1", "neo4j", "Neo.ClientError.Security.Unauthorized", "Invalid username or password.")]
    [InlineData("syntax-error", "RETURN RETURN", "neo4j", "Neo.ClientError.Statement.SyntaxError", "Invalid input 'RETURN'")]
    [InlineData("database-not-found", "RETURN 1", "nope", "Neo.ClientError.Database.DatabaseNotFound", "Database does not exist. Database name: 'nope'.")]
    public async Task A_client_error_fails_at_once_with_Neo4js_code_and_message(string fixture, string statement, string database, string code, string message)
    {
        var neo4j = RecordedNeo4j.Load(fixture);
        await using var db = neo4j.Connect(database);

        var e = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery(statement)));

        Assert.Equal((code, message), (e.Code, e.Message));
        Assert.Single(neo4j.Received);
    }

    [Fact]
    public async Task A_transient_error_is_retried_and_the_retry_answers()
    {
        var result = await RunAsync("transient-then-ok", "RETURN 123 AS n");

        Assert.Equal(123L, Assert.Single(result.Values)[0]);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_a_bounded_number_of_times_then_named()
    {
        var server = FailingServer.Refusing();
        await using var db = server.Connect(maxRetries: 3);

        var e = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("RETURN 1")));

        Assert.Equal(GraphErrorCodes.DatabaseUnavailable, e.Code);
        Assert.Contains("cannot be reached", e.Message);
        Assert.Equal(4, server.Attempts);
    }

    [Fact]
    public async Task A_503_is_retried_with_a_bound()
    {
        var server = new FailingServer(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        await using var db = server.Connect(maxRetries: 2);

        var e = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("RETURN 1")));

        Assert.Equal(GraphErrorCodes.DatabaseUnavailable, e.Code);
        Assert.Equal(3, server.Attempts);
    }

    [Fact]
    public async Task A_bearer_token_is_sent_instead_of_the_password()
    {
        var neo4j = RecordedNeo4j.Load("unauthorized");
        await using var db = neo4j.Connect(token: "eGJoa2pubHZpYW56dGdocXdhd3hxZmUK");

        var e = await Assert.ThrowsAsync<GraphException>(() => db.ExecuteAsync(new CypherQuery("RETURN 1")));

        Assert.Equal("Bearer eGJoa2pubHZpYW56dGdocXdhd3hxZmUK", neo4j.Received[0].Headers["Authorization"]);
        Assert.Equal(GraphErrorCodes.Unauthorized, e.Code);
    }

    [Fact]
    public async Task Start_up_check_describes_a_server_that_can_serve()
    {
        var neo4j = RecordedNeo4j.Load("check-ok");
        await using var db = neo4j.Connect();

        var description = await db.CheckAsync();

        Assert.Equal("Neo4j 5.26.0 community at http://localhost:7474/, database neo4j", description);
        Assert.True(neo4j.AllReplayed);
    }

    [Fact]
    public async Task Start_up_check_names_the_version_found_and_the_one_needed()
    {
        var neo4j = RecordedNeo4j.Load("discovery-5.19");
        await using var db = neo4j.Connect();

        var e = await Assert.ThrowsAsync<GraphException>(() => db.CheckAsync());

        Assert.Contains("Neo4j 5.19.0 found at http://localhost:7474/", e.Message);
        Assert.Contains("needs Neo4j 5.26 or later (or 2025.x)", e.Message);
    }

    [Fact]
    public async Task Start_up_check_says_the_query_api_is_disabled()
    {
        var neo4j = RecordedNeo4j.Load("query-api-disabled");
        await using var db = neo4j.Connect();

        var e = await Assert.ThrowsAsync<GraphException>(() => db.CheckAsync());

        Assert.Contains("Query API is disabled", e.Message);
        Assert.Contains("QUERY_API_ENDPOINTS", e.Message);
    }

    [Fact]
    public async Task Start_up_check_says_the_credentials_were_refused()
    {
        var neo4j = RecordedNeo4j.Load("check-ok");
        var unauthorized = RecordedNeo4j.Load("unauthorized");
        // The discovery answer of check-ok, then Neo4j's 401.
        await using var db = new Neo4jGraphDatabase(new Neo4jConnection(new Uri("http://localhost:7474"), "neo4j", "neo4j", "wrong"),
            new FirstThen(neo4j, unauthorized));

        var e = await Assert.ThrowsAsync<GraphException>(() => db.CheckAsync());

        Assert.Equal(GraphErrorCodes.Unauthorized, e.Code);
        Assert.Contains("refused the credentials of user 'neo4j': Invalid username or password.", e.Message);
    }

    [Fact]
    public async Task Start_up_check_says_when_the_server_cannot_be_reached()
    {
        var server = FailingServer.Refusing();
        await using var db = server.Connect(maxRetries: 1);

        var e = await Assert.ThrowsAsync<GraphException>(() => db.CheckAsync());

        Assert.Equal(GraphErrorCodes.DatabaseUnavailable, e.Code);
        Assert.Contains("cannot be reached", e.Message);
        Assert.Contains("7474", e.Message);
    }

    [Theory]
    [InlineData("5.26.0", true)]
    [InlineData("5.26.3-aura", true)]
    [InlineData("2025.10.1", true)]
    [InlineData("5.25.1", false)]
    [InlineData("4.4.30", false)]
    public void Versions_from_5_26_and_the_2025_line_are_supported(string version, bool supported) =>
        Assert.Equal(supported, Neo4jGraphDatabase.ParseVersion(version) >= Neo4jGraphDatabase.MinimumVersion);

    /// <summary>The first request to one handler, the rest to another.</summary>
    private sealed class FirstThen(HttpMessageHandler first, HttpMessageHandler then) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _first = new(first);
        private readonly HttpMessageInvoker _then = new(then);
        private int _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _count++ == 0 ? _first.SendAsync(request, cancellationToken) : _then.SendAsync(request, cancellationToken);
    }
}
