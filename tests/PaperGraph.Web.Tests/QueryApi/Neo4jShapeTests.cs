using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PaperGraph.Web.Auth;

namespace PaperGraph.Web.Tests.QueryApi;

/// <summary>
/// The Query API in the shapes Neo4j 5.26 gives (neo4j/neo4j <c>QueryMimeTypes</c>, <c>DriverResultSerializer</c>,
/// <c>DefaultResponseModule</c>; neo4j/docs-query-api <c>profile-query.adoc</c>, <c>streaming.adoc</c>):
/// plans, versioned media types, JSON Lines, Bearer tokens.
/// </summary>
public sealed class Neo4jShapeTests : IDisposable
{
    private readonly FakeGraphDatabase _db = new();
    private readonly PaperGraphServer _server;

    public Neo4jShapeTests() => _server = new PaperGraphServer(_db);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Explain_answers_no_rows_and_a_queryPlan_in_Neo4js_shape()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "EXPLAIN MATCH (p:Paper) RETURN p" });

        Assert.Equal(202, status);
        Assert.Equal("""{"fields":["p"],"values":[]}""", body.GetProperty("data").GetRawText());
        var plan = body.GetProperty("queryPlan");
        Assert.Equal(["operatorType", "arguments", "identifiers", "children"], plan.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Project", plan.GetProperty("operatorType").GetString());
        Assert.Equal(10.0, plan.GetProperty("arguments").GetProperty("EstimatedRows").GetDouble());
        Assert.Equal("p:Paper", plan.GetProperty("children")[0].GetProperty("children")[0].GetProperty("arguments").GetProperty("Details").GetString());
        Assert.False(body.TryGetProperty("profiledQueryPlan", out _));
    }

    [Fact]
    public async Task Explain_plan_arguments_are_typed_values_in_typed_json()
    {
        var (_, body, _) = await _server.Anonymous().QueryAsync(new { statement = "EXPLAIN MATCH (p:Paper) RETURN p" }, accept: QueryApiClient.Typed);

        Assert.Equal("""{"$type":"Float","_value":"10.0"}""", body.GetProperty("queryPlan").GetProperty("arguments").GetProperty("EstimatedRows").GetRawText());
    }

    [Fact]
    public async Task Profile_answers_the_rows_and_a_profiledQueryPlan_with_each_operators_counts()
    {
        await _server.Admin().QueryAsync(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name = "bert" } });

        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "PROFILE MATCH (t:Thing) RETURN t.name AS name" });

        Assert.Equal(202, status);
        Assert.Equal("""[["bert"]]""", body.GetProperty("data").GetProperty("values").GetRawText());
        var plan = body.GetProperty("profiledQueryPlan");
        Assert.Equal(["dbHits", "records", "hasPageCacheStats", "pageCacheHits", "pageCacheMisses", "pageCacheHitRatio", "time",
            "operatorType", "arguments", "identifiers", "children"], plan.EnumerateObject().Select(p => p.Name));
        var scan = plan.GetProperty("children")[0];
        Assert.Equal((2, 1, 1200), (scan.GetProperty("dbHits").GetInt32(), scan.GetProperty("records").GetInt32(), scan.GetProperty("time").GetInt32()));
        Assert.False(body.TryGetProperty("queryPlan", out _));
    }

    [Theory]
    [InlineData("application/vnd.neo4j.query.v1.0")]
    [InlineData("application/vnd.neo4j.query.v1.1")]
    [InlineData("application/vnd.neo4j.query")]
    public async Task A_versioned_typed_media_type_is_answered_with_that_type(string mediaType)
    {
        var (status, body, contentType) = await _server.Anonymous().PostJsonAsync(QueryApiClient.QueryPath,
            """{"statement": "RETURN $a AS a", "parameters": {"a": {"$type": "Integer", "_value": "7"}}}""", mediaType, accept: mediaType);

        Assert.Equal(202, status);
        Assert.Equal(mediaType, contentType);
        Assert.Equal("""[[{"$type":"Integer","_value":"7"}]]""", body.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task Json_lines_stream_a_header_each_record_and_a_summary()
    {
        var lines = await LinesAsync(_server.Anonymous(), """{"statement": "RETURN $a AS a, $b AS b", "parameters": {"a": "x", "b": 2}}""", "application/jsonl");

        Assert.Equal(3, lines.Count);
        Assert.Equal("""{"$event":"Header","_body":{"fields":["a","b"]}}""", lines[0]);
        Assert.Equal("""{"$event":"Record","_body":["x",2]}""", lines[1]);
        using var summary = JsonDocument.Parse(lines[2]);
        Assert.Equal("Summary", summary.RootElement.GetProperty("$event").GetString());
        Assert.StartsWith("FB:pg-", summary.RootElement.GetProperty("_body").GetProperty("bookmarks")[0].GetString());
    }

    [Fact]
    public async Task Typed_json_lines_carry_typed_records()
    {
        var lines = await LinesAsync(_server.Anonymous(), """{"statement": "RETURN $a AS a", "parameters": {"a": 1.5}}""",
            "application/vnd.neo4j.query.v1.0+jsonl");

        Assert.Equal("""{"$event":"Record","_body":[{"$type":"Float","_value":"1.5"}]}""", lines[1]);
    }

    [Fact]
    public async Task A_failure_in_json_lines_is_an_Error_event()
    {
        var lines = await LinesAsync(_server.Anonymous(), """{"statement": "FAIL Neo.ClientError.Statement.SyntaxError"}""", "application/jsonl");

        var error = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Equal("Error", error.GetProperty("$event").GetString());
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", error.GetProperty("_body")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_bearer_token_nobody_issued_gets_401_Unauthorized()
    {
        var client = _server.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.e30.");

        var (status, body, _) = await client.QueryAsync(new { statement = "RETURN 1" });

        Assert.Equal((401, "Neo.ClientError.Security.Unauthorized"), (status, body.ErrorCode()));
        Assert.Empty(_db.Received);
    }

    [Fact]
    public async Task A_bearer_token_its_issuer_accepts_signs_the_caller_in()
    {
        var db = new FakeGraphDatabase();
        using var server = new PaperGraphServer(new PaperGraphServerOptions
        {
            Database = db,
            ConfigureServices = s => s.AddSingleton<IBearerTokenValidator>(new OneTokenValidator("good-token")),
        });
        var client = server.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "good-token");

        var (status, _, _) = await client.QueryAsync(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name = "by-token" } });

        Assert.Equal(202, status);
        Assert.Equal(["by-token"], db.Things);
    }

    private static async Task<List<string>> LinesAsync(HttpClient client, string json, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryApiClient.QueryPath) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        Assert.Equal(accept, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>An issuer that knows one token, the administrator's.</summary>
    private sealed class OneTokenValidator(string token) : IBearerTokenValidator
    {
        public Task<ClaimsPrincipal?> ValidateAsync(string presented, CancellationToken cancellationToken) =>
            Task.FromResult(presented == token
                ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "sso-admin"), new Claim(ClaimTypes.Role, PaperGraphAuth.AdminRole)], "Bearer"))
                : null);
    }
}
