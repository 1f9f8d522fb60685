using System.Net;
using System.Text.Json;
using PaperGraph.Graph;

namespace PaperGraph.Web.Tests.QueryApi;

public sealed class QueryApiTests : IDisposable
{
    private readonly FakeGraphDatabase _db = new();
    private readonly PaperGraphServer _server;

    public QueryApiTests() => _server = new PaperGraphServer(_db);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Statement_answers_202_with_fields_and_rows_in_plain_json()
    {
        var (status, body, contentType) = await _server.Anonymous().QueryAsync(new
        {
            statement = "RETURN $a AS a, $b AS b",
            parameters = new { a = "word2vec", b = 2013 },
        });

        Assert.Equal(202, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("""["a","b"]""", body.GetProperty("data").GetProperty("fields").GetRawText());
        Assert.Equal("""[["word2vec",2013]]""", body.GetProperty("data").GetProperty("values").GetRawText());
        Assert.False(body.TryGetProperty("counters", out _));
        Assert.StartsWith("FB:pg-", body.GetProperty("bookmarks")[0].GetString());
    }

    [Fact]
    public async Task Request_without_statement_gets_400_Request_Invalid()
    {
        var (status, body, _) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath, """{"parameters": {}}""");

        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Request.Invalid", body.ErrorCode());
        Assert.Contains("statement", body.ErrorMessage());
    }

    [Theory]
    [InlineData("{\"statement\": ")]
    [InlineData("not json")]
    public async Task Body_that_is_not_json_gets_400_InvalidFormat(string json)
    {
        var (status, body, _) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath, json);

        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Request.InvalidFormat", body.ErrorCode());
    }

    [Fact]
    public async Task Empty_body_and_wrongly_typed_fields_get_400_naming_the_field()
    {
        var client = _server.Anonymous();
        var (s1, b1, _) = await client.PostJsonAsync(QueryApiClient.QueryPath, "");
        var (s2, b2, _) = await client.PostJsonAsync(QueryApiClient.QueryPath, """{"statement": "RETURN 1", "accessMode": "Sometimes"}""");
        var (s3, b3, _) = await client.PostJsonAsync(QueryApiClient.QueryPath, """{"statement": 42}""");

        Assert.Equal((400, "Neo.ClientError.Request.Invalid"), (s1, b1.ErrorCode()));
        Assert.Equal((400, "Neo.ClientError.Request.Invalid"), (s2, b2.ErrorCode()));
        Assert.Contains("accessMode", b2.ErrorMessage());
        Assert.Equal((400, "Neo.ClientError.Request.Invalid"), (s3, b3.ErrorCode()));
    }

    [Fact]
    public async Task Plain_json_number_without_fraction_is_an_integer_and_with_fraction_or_exponent_a_float()
    {
        var (status, _, _) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath,
            """{"statement": "RETURN $i AS i, $f AS f, $e AS e, $big AS big", "parameters": {"i": 42, "f": 42.0, "e": 4.2e1, "big": -9223372036854775808}}""");

        Assert.Equal(202, status);
        var received = Assert.Single(_db.Received).ParametersOrEmpty;
        Assert.Equal(42L, Assert.IsType<long>(received["i"]));
        Assert.Equal(42.0, Assert.IsType<double>(received["f"]));
        Assert.Equal(42.0, Assert.IsType<double>(received["e"]));
        Assert.Equal(long.MinValue, Assert.IsType<long>(received["big"]));
    }

    [Fact]
    public async Task Integer_too_big_for_64_bits_is_refused_with_its_place()
    {
        var (status, body, _) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath,
            """{"statement": "RETURN $i AS i", "parameters": {"i": 9223372036854775808}}""");

        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Request.Invalid", body.ErrorCode());
        Assert.Contains("parameters.i", body.ErrorMessage());
    }

    [Fact]
    public async Task Typed_parameters_come_back_typed_with_the_same_values()
    {
        const string parameters = """
            {"i": {"$type": "Integer", "_value": "9007199254740993"},
             "f": {"$type": "Float", "_value": "1.0"},
             "nan": {"$type": "Float", "_value": "NaN"},
             "inf": {"$type": "Float", "_value": "-Infinity"},
             "s": {"$type": "String", "_value": "Ünïcode ✓"},
             "n": {"$type": "Null", "_value": null},
             "l": {"$type": "List", "_value": [{"$type": "Boolean", "_value": true}, {"$type": "Integer", "_value": "-3"}]},
             "m": {"$type": "Map", "_value": {"k": {"$type": "Float", "_value": "0.1"}}}}
            """;
        var (status, body, contentType) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath,
            $$"""{"statement": "RETURN $i AS i, $f AS f, $nan AS nan, $inf AS inf, $s AS s, $n AS n, $l AS l, $m AS m", "parameters": {{parameters}}}""",
            contentType: QueryApiClient.Typed, accept: QueryApiClient.Typed);

        Assert.Equal(202, status);
        Assert.Equal(QueryApiClient.Typed, contentType);
        var row = body.GetProperty("data").GetProperty("values")[0];
        var expected = JsonDocument.Parse(parameters).RootElement;
        string[] names = ["i", "f", "nan", "inf", "s", "n", "l", "m"];
        for (var k = 0; k < names.Length; k++)
            Assert.Equal(Canonical(expected.GetProperty(names[k])), Canonical(row[k]));
        var received = Assert.Single(_db.Received).ParametersOrEmpty;
        Assert.Equal(9007199254740993L, received["i"]);
        Assert.True(double.IsNaN((double)received["nan"]!));
    }

    [Fact]
    public async Task Typed_parameter_of_an_unsupported_type_is_refused_by_name()
    {
        var (status, body, _) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath,
            """{"statement": "RETURN $d AS d", "parameters": {"d": {"$type": "Point", "_value": {"coordinates": [1, 2], "crs": {"srid": 7203}}}}}""",
            contentType: QueryApiClient.Typed);

        Assert.Equal(400, status);
        Assert.Contains("Point", body.ErrorMessage());
        Assert.Contains("parameters.d", body.ErrorMessage());
    }

    [Fact]
    public async Task Nodes_relationships_and_paths_have_the_query_api_shapes_in_plain_json()
    {
        var (_, body, _) = await _server.Anonymous().QueryAsync(new { statement = "RETURN graph" });

        var row = body.GetProperty("data").GetProperty("values")[0];
        Assert.Equal("""{"elementId":"4:pg:2","labels":["Paper"],"properties":{"title":"BERT","year":2018,"score":0.5}}""", row[0].GetRawText());
        Assert.Equal("""{"elementId":"5:pg:9","startNodeElementId":"4:pg:1","endNodeElementId":"4:pg:2","type":"PREREQUISITE_OF","properties":{"reason":"embeddings first"}}""", row[1].GetRawText());
        Assert.Equal(3, row[2].GetArrayLength());
        Assert.Equal("4:pg:1", row[2][2].GetProperty("elementId").GetString());
    }

    [Fact]
    public async Task Nodes_relationships_and_paths_are_typed_at_every_depth_in_typed_json()
    {
        var (_, body, _) = await _server.Anonymous().QueryAsync(new { statement = "RETURN graph" }, accept: QueryApiClient.Typed);

        var row = body.GetProperty("data").GetProperty("values")[0];
        Assert.Equal("Node", row[0].GetProperty("$type").GetString());
        Assert.Equal("""{"$type":"Integer","_value":"2018"}""", row[0].GetProperty("_value").GetProperty("_properties").GetProperty("year").GetRawText());
        Assert.Equal("""{"$type":"Float","_value":"0.5"}""", row[0].GetProperty("_value").GetProperty("_properties").GetProperty("score").GetRawText());
        Assert.Equal("4:pg:1", row[1].GetProperty("_value").GetProperty("_start_node_element_id").GetString());
        Assert.Equal("Path", row[2].GetProperty("$type").GetString());
        Assert.Equal(["Node", "Relationship", "Node"], row[2].GetProperty("_value").EnumerateArray().Select(e => e.GetProperty("$type").GetString()));
    }

    [Fact]
    public async Task Counters_have_exactly_the_query_api_keys_when_asked_for()
    {
        var (status, body, _) = await _server.Admin().QueryAsync(new
        {
            statement = "CREATE (:Thing {name: $name})",
            parameters = new { name = "x" },
            includeCounters = true,
        });

        Assert.Equal(202, status);
        var counters = body.GetProperty("counters");
        Assert.Equal(["containsUpdates", "nodesCreated", "nodesDeleted", "propertiesSet", "relationshipsCreated",
            "relationshipsDeleted", "labelsAdded", "labelsRemoved", "indexesAdded", "indexesRemoved", "constraintsAdded",
            "constraintsRemoved", "containsSystemUpdates", "systemUpdates"], counters.EnumerateObject().Select(p => p.Name));
        Assert.True(counters.GetProperty("containsUpdates").GetBoolean());
        Assert.Equal(1, counters.GetProperty("nodesCreated").GetInt32());
        Assert.Equal("""{"fields":[],"values":[]}""", body.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task A_write_moves_the_bookmark_forward_and_a_foreign_bookmark_is_refused()
    {
        var admin = _server.Admin();
        var (_, before, _) = await admin.QueryAsync(new { statement = "MATCH (t:Thing) RETURN t.name AS name" });
        var first = before.GetProperty("bookmarks")[0].GetString()!;
        var (_, after, _) = await admin.QueryAsync(new
        {
            statement = "CREATE (:Thing {name: $name})", parameters = new { name = "x" }, bookmarks = new[] { first },
        });
        var (status, refused, _) = await admin.QueryAsync(new { statement = "RETURN $a AS a", parameters = new { a = 1 }, bookmarks = new[] { "bogus" } });

        Assert.NotEqual(first, after.GetProperty("bookmarks")[0].GetString());
        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Transaction.InvalidBookmark", refused.ErrorCode());
    }

    [Fact]
    public async Task Anonymous_write_is_refused_with_400_Forbidden_as_on_Neo4j_and_changes_nothing()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new
        {
            statement = "CREATE (:Thing {name: $name})", parameters = new { name = "intruder" },
        });

        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Security.Forbidden", body.ErrorCode());
        Assert.Empty(_db.Things);
        Assert.Equal(AccessMode.Read, Assert.Single(_db.Received).AccessMode);
    }

    [Fact]
    public async Task Administrator_writes_and_anyone_then_reads_it()
    {
        var (status, _, _) = await _server.Admin().QueryAsync(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name = "bert" } });
        var (_, read, _) = await _server.Anonymous().QueryAsync(new { statement = "MATCH (t:Thing) RETURN t.name AS name" });

        Assert.Equal(202, status);
        Assert.Equal("""[["bert"]]""", read.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task Administrator_asking_for_read_access_mode_gets_Statement_AccessMode_on_a_write()
    {
        var (status, body, _) = await _server.Admin().QueryAsync(new
        {
            statement = "CREATE (:Thing {name: $name})", parameters = new { name = "x" }, accessMode = "Read",
        });

        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Statement.AccessMode", body.ErrorCode());
        Assert.Empty(_db.Things);
    }

    [Theory]
    [InlineData("neo4j", "wrong-password")]
    [InlineData("someone", PaperGraphServer.AdminPassword)]
    public async Task Wrong_credentials_get_401_with_neo4j_error_body_that_says_no_more(string user, string password)
    {
        var (status, body, _) = await _server.WithBasic(user, password).QueryAsync(new { statement = "RETURN $a AS a", parameters = new { a = 1 } });

        Assert.Equal(401, status);
        Assert.Equal("Neo.ClientError.Security.Unauthorized", body.ErrorCode());
        Assert.Equal("Invalid username or password.", body.ErrorMessage());
        Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Empty(_db.Received);
    }

    [Fact]
    public async Task Authorization_header_that_is_not_base64_gets_401_InvalidFormat()
    {
        var client = _server.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Basic %%%not-base64%%%");

        var (status, body, _) = await client.QueryAsync(new { statement = "RETURN $a AS a", parameters = new { a = 1 } });

        Assert.Equal(401, status);
        Assert.Equal("Neo.ClientError.Request.InvalidFormat", body.ErrorCode());
    }

    [Fact]
    public async Task Wrong_credentials_elsewhere_get_401_problem_details()
    {
        using var response = await _server.WithBasic("neo4j", "nope").GetAsync("/api/anything");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Neo.ClientError.Security.Unauthorized", text);
    }

    [Fact]
    public async Task Another_database_name_gets_404_DatabaseNotFound()
    {
        var (status, body, _) = await _server.Anonymous().PostJsonAsync("/db/system/query/v2", """{"statement": "RETURN 1"}""");

        Assert.Equal(404, status);
        Assert.Equal("Neo.ClientError.Database.DatabaseNotFound", body.ErrorCode());
        Assert.Contains("'system'", body.ErrorMessage());
    }

    [Theory]
    [InlineData("Neo.ClientError.Statement.SyntaxError", 400)]
    [InlineData("Neo.ClientError.Statement.ParameterMissing", 400)]
    [InlineData("Neo.ClientError.Transaction.TransactionTimedOut", 400)]
    [InlineData("Neo.DatabaseError.General.UnknownError", 500)]
    [InlineData("Neo.TransientError.General.DatabaseUnavailable", 400)]
    public async Task Errors_get_the_status_of_their_classification_and_the_errors_body(string code, int expected)
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "FAIL " + code });

        Assert.Equal(expected, status);
        Assert.Equal(code, body.ErrorCode());
    }

    [Fact]
    public async Task Unexpected_failure_gets_500_without_internal_details()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "FAIL crash" });

        Assert.Equal(500, status);
        Assert.Equal("Neo.DatabaseError.General.UnknownError", body.ErrorCode());
        Assert.DoesNotContain("secret", body.ErrorMessage());
    }

    [Fact]
    public async Task Explain_answers_a_query_plan_tree()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "EXPLAIN MATCH (p:Paper) RETURN p" });

        Assert.Equal(202, status);
        var plan = body.GetProperty("queryPlan");
        Assert.Equal("Project", plan.GetProperty("operatorType").GetString());
        Assert.Equal("Filter", plan.GetProperty("children")[0].GetProperty("operatorType").GetString());
        Assert.Equal("p.year > 2000", plan.GetProperty("children")[0].GetProperty("arguments").GetProperty("Details").GetString());
        Assert.Equal("NodeScan", plan.GetProperty("children")[0].GetProperty("children")[0].GetProperty("operatorType").GetString());
    }

    [Fact]
    public async Task Accept_naming_nothing_this_api_speaks_gets_400()
    {
        var (status, body, _) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath,
            """{"statement": "RETURN $a AS a", "parameters": {"a": 1}}""", accept: "text/html");

        Assert.Equal(400, status);
        Assert.Contains("Accept", body.ErrorMessage());
    }

    [Fact]
    public async Task Client_that_goes_away_cancels_its_running_statement()
    {
        using var cts = new CancellationTokenSource();
        var client = _server.Anonymous();
        var request = client.PostAsync(QueryApiClient.QueryPath,
            new StringContent("""{"statement": "SLEEP"}""", System.Text.Encoding.UTF8, "application/json"), cts.Token);
        await _db.SleepStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cts.CancelAsync();

        await _db.SleepCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    [Fact]
    public async Task Discovery_answers_json_without_authentication()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await _server.WithBasic("neo4j", "wrong").SendAsync(request);
        var (status, body, _) = await QueryApiClient.ReadAsync(response);

        Assert.Equal(200, status);
        Assert.EndsWith("/db/{databaseName}/query/v2", body.GetProperty("query").GetString());
        Assert.StartsWith("5.", body.GetProperty("neo4j_version").GetString());
    }

    [Fact]
    public async Task Health_reports_status_storage_and_counts()
    {
        await _server.Admin().QueryAsync(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name = "x" } });

        using var response = await _server.Anonymous().GetAsync("/health");
        var (status, body, _) = await QueryApiClient.ReadAsync(response);

        Assert.Equal(200, status);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("Embedded", body.GetProperty("storage").GetString());
        Assert.Equal(1, body.GetProperty("nodes").GetInt64());
        Assert.Equal(0, body.GetProperty("edges").GetInt64());
    }

    private static string Canonical(JsonElement e) => JsonSerializer.Serialize(e);
}
