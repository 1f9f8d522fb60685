using System.Text;
using System.Text.Json;

namespace PaperGraph.Web.Tests.QueryApi;

/// <summary>
/// What the real embedded engine gives through the Query API, in Neo4j 5.26's shapes: PROFILE with each operator's
/// counts, rows streamed before an error (neo4j/neo4j <c>QueryResourceIT.shouldHandleErrorAfterStreamingStarts</c>,
/// <c>DriverResultSerializer.writeError</c>), notifications (<c>DefaultResponseModule.NotificationSerializer</c>).
/// </summary>
public sealed class EngineOverTheWireTests : IDisposable
{
    private readonly PaperGraphServer _server = new();

    public void Dispose() => _server.Dispose();

    private async Task<JsonElement> OkAsync(HttpClient client, object body)
    {
        var (status, json, _) = await client.QueryAsync(body);
        Assert.True(status == 202, $"expected 202, got {status}: {json}");
        return json;
    }

    private async Task SeedLearningPathAsync()
    {
        // word2vec reaches lora along two paths (through attention and through seq2seq); gpt-2 is unrelated.
        await OkAsync(_server.Admin(), new
        {
            statement = """
                CREATE (w:Paper {key: 'word2vec'}), (a:Paper {key: 'attention'}), (s:Paper {key: 'seq2seq'}),
                       (t:Paper {key: 'transformer'}), (l:Paper {key: 'lora'}), (:Paper {key: 'gpt-2'}),
                       (w)-[:PREREQUISITE_OF {reason: 'embeddings'}]->(a), (w)-[:PREREQUISITE_OF {reason: 'embeddings'}]->(s),
                       (a)-[:PREREQUISITE_OF {reason: 'attention'}]->(t), (s)-[:PREREQUISITE_OF {reason: 'encoders'}]->(t),
                       (t)-[:PREREQUISITE_OF {reason: 'the model LoRA adapts'}]->(l)
                """,
        });
    }

    private static IEnumerable<JsonElement> Operators(JsonElement plan) =>
        new[] { plan }.Concat(plan.GetProperty("children").EnumerateArray().SelectMany(Operators));

    [Fact]
    public async Task Profile_of_a_learning_path_counts_each_operators_rows_from_the_data()
    {
        await SeedLearningPathAsync();

        var body = await OkAsync(_server.Anonymous(), new
        {
            statement = "PROFILE MATCH (pre:Paper)-[:PREREQUISITE_OF*]->(:Paper {key: 'lora'}) RETURN DISTINCT pre.key AS key ORDER BY key",
        });

        Assert.Equal("""[["attention"],["seq2seq"],["transformer"],["word2vec"]]""", body.GetProperty("data").GetProperty("values").GetRawText());
        var plan = body.GetProperty("profiledQueryPlan");
        Assert.Equal(
            [("ProduceResults", 4L), ("Sort", 4L), ("Distinct", 4L), ("Projection", 4L), ("VarLengthExpand(Pruning)", 4L), ("Filter", 1L), ("NodeIndexSeek", 1L)],
            Operators(plan).Select(o => (o.GetProperty("operatorType").GetString()!, o.GetProperty("records").GetInt64())));
        Assert.All(Operators(plan).Skip(1), o => Assert.True(o.GetProperty("time").GetInt64() > 0, o.GetProperty("operatorType").GetString()));
        Assert.True(Operators(plan).Single(o => o.GetProperty("operatorType").GetString() == "VarLengthExpand(Pruning)").GetProperty("dbHits").GetInt64() > 0);
    }

    [Fact]
    public async Task Profile_without_distinct_counts_every_path_word2vec_reaches_lora_by_two()
    {
        await SeedLearningPathAsync();

        var body = await OkAsync(_server.Anonymous(), new
        {
            statement = "PROFILE MATCH (pre:Paper)-[:PREREQUISITE_OF*]->(:Paper {key: 'lora'}) RETURN pre.key AS key",
        });

        Assert.Equal(5, body.GetProperty("data").GetProperty("values").GetArrayLength());
        var expand = Operators(body.GetProperty("profiledQueryPlan")).Single(o => o.GetProperty("operatorType").GetString()!.StartsWith("VarLengthExpand", StringComparison.Ordinal));
        Assert.Equal(5, expand.GetProperty("records").GetInt64());
        Assert.Equal(5, body.GetProperty("profiledQueryPlan").GetProperty("records").GetInt64());
    }

    [Fact]
    public async Task A_statement_failing_after_rows_answers_202_with_the_rows_then_the_error()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "UNWIND [1, 2, 0] AS x RETURN 10 / x AS y" });

        Assert.Equal(202, status);
        Assert.Equal(["data", "errors"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""{"fields":["y"],"values":[[10],[5]]}""", body.GetProperty("data").GetRawText());
        Assert.Equal("Neo.ClientError.Statement.ArithmeticError", body.ErrorCode());
    }

    [Fact]
    public async Task A_statement_failing_after_rows_in_a_transaction_answers_the_rows_and_rolls_it_back()
    {
        var admin = _server.Admin();
        var (_, begun, _) = await admin.PostJsonAsync(QueryApiClient.QueryPath + "/tx", """{"statement": "CREATE (:Kept {n: 1})"}""");
        var id = begun.GetProperty("transaction").GetProperty("id").GetString();

        var (status, body, _) = await admin.PostJsonAsync($"{QueryApiClient.QueryPath}/tx/{id}", """{"statement": "UNWIND [2, 0] AS x CREATE (:Tried) RETURN 2 / x AS y"}""");
        var (after, gone, _) = await admin.PostJsonAsync($"{QueryApiClient.QueryPath}/tx/{id}/commit", "");

        Assert.Equal((202, "[[1]]", "Neo.ClientError.Statement.ArithmeticError"),
            (status, body.GetProperty("data").GetProperty("values").GetRawText(), body.ErrorCode()));
        Assert.Equal((404, "Neo.ClientError.Request.Invalid"), (after, gone.ErrorCode()));
        var count = await OkAsync(admin, new { statement = "MATCH (n) WHERE n:Kept OR n:Tried RETURN count(n)" });
        Assert.Equal("[[0]]", count.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task A_statement_failing_after_rows_in_json_lines_streams_the_records_then_an_Error_event_and_no_summary()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryApiClient.QueryPath)
        {
            Content = new StringContent("""{"statement": "UNWIND [1, 2, 0] AS x RETURN 10 / x AS y"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/jsonl");
        using var response = await _server.Anonymous().SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Equal(
            ["""{"$event":"Header","_body":{"fields":["y"]}}""", """{"$event":"Record","_body":[10]}""", """{"$event":"Record","_body":[5]}"""],
            lines[..3]);
        using var error = JsonDocument.Parse(lines[3]);
        Assert.Equal("Error", error.RootElement.GetProperty("$event").GetString());
        Assert.Equal("Neo.ClientError.Statement.ArithmeticError", error.RootElement.GetProperty("_body")[0].GetProperty("code").GetString());
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task Notifications_are_written_in_Neo4js_shape_and_order()
    {
        await SeedLearningPathAsync();

        var body = await OkAsync(_server.Anonymous(), new
        {
            statement = "MATCH p = shortestPath((:Paper {key: 'word2vec'})-[:PREREQUISITE_OF*]->(:Paper {key: 'lora'})) RETURN length(p) AS hops",
        });

        Assert.Equal("[[3]]", body.GetProperty("data").GetProperty("values").GetRawText());
        Assert.Equal(["data", "notifications", "bookmarks"], body.EnumerateObject().Select(p => p.Name));
        var note = Assert.Single(body.GetProperty("notifications").EnumerateArray());
        Assert.Equal(["code", "description", "severity", "title", "position", "category"], note.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Neo.ClientNotification.Statement.UnboundedVariableLengthPattern", note.GetProperty("code").GetString());
        Assert.Equal("""{"offset":23,"line":1,"column":24}""", note.GetProperty("position").GetRawText());
    }
}
