using System.Text.Json;

namespace PaperGraph.Web.Tests.QueryApi;

/// <summary>The Query API over the real embedded engine (in memory unless a test gives a folder).</summary>
public sealed class EmbeddedQueryApiTests : IDisposable
{
    private readonly PaperGraphServer _server = new();

    public void Dispose() => _server.Dispose();

    private async Task<JsonElement> OkAsync(HttpClient client, object body, string? accept = null)
    {
        var (status, json, _) = await client.QueryAsync(body, accept);
        Assert.True(status == 202, $"expected 202, got {status}: {json}");
        return json;
    }

    [Fact]
    public async Task Administrator_creates_a_paper_and_an_anonymous_reader_gets_it_typed()
    {
        var created = await OkAsync(_server.Admin(), new
        {
            statement = "CREATE (p:Paper {key: $key, year: $year, score: $score}) RETURN p",
            parameters = JsonDocument.Parse("""{"key": "bert", "year": 2018, "score": 1.0}""").RootElement, // .NET would write 1.0 as 1
            includeCounters = true,
        });
        var read = await OkAsync(_server.Anonymous(), new { statement = "MATCH (p:Paper {key: 'bert'}) RETURN p, p.year AS year, p.score AS score" },
            QueryApiClient.Typed);

        Assert.Equal(1, created.GetProperty("counters").GetProperty("nodesCreated").GetInt32());
        var row = read.GetProperty("data").GetProperty("values")[0];
        Assert.Equal("Node", row[0].GetProperty("$type").GetString());
        Assert.Equal(["Paper"], row[0].GetProperty("_value").GetProperty("_labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("""{"$type":"Integer","_value":"2018"}""", row[1].GetRawText());
        Assert.Equal("""{"$type":"Float","_value":"1.0"}""", row[2].GetRawText());
    }

    [Fact]
    public async Task Temporal_values_are_stored_and_come_back_typed_with_their_iso_text()
    {
        var (status, _, _) = await _server.Admin().PostJsonAsync(QueryApiClient.QueryPath,
            """
            {"statement": "CREATE (:Event {on: $d, at: datetime('2017-06-12T09:30+02:00[Europe/Berlin]'), span: duration({hours: 36})})",
             "parameters": {"d": {"$type": "Date", "_value": "2017-06-12"}}}
            """,
            contentType: QueryApiClient.Typed);
        var read = await OkAsync(_server.Anonymous(),
            new { statement = "MATCH (e:Event) RETURN e.on AS day, e.on + duration('P1M') AS later, e.at AS at, e.span AS span, e.at.offset AS offset" },
            QueryApiClient.Typed);

        Assert.Equal(202, status);
        var row = read.GetProperty("data").GetProperty("values")[0];
        Assert.Equal("""{"$type":"Date","_value":"2017-06-12"}""", row[0].GetRawText());
        Assert.Equal("""{"$type":"Date","_value":"2017-07-12"}""", row[1].GetRawText());
        Assert.Equal("""{"$type":"ZonedDateTime","_value":"2017-06-12T09:30:00+02:00[Europe/Berlin]"}""", row[2].GetRawText());
        Assert.Equal("""{"$type":"Duration","_value":"PT36H"}""", row[3].GetRawText());
        Assert.Equal("""{"$type":"String","_value":"+02:00"}""", row[4].GetRawText());
    }

    [Fact]
    public async Task Anonymous_create_is_forbidden_and_the_store_stays_empty()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "CREATE (:Paper {key: 'x'})" });
        var count = await OkAsync(_server.Admin(), new { statement = "MATCH (n) RETURN count(n) AS n" });

        Assert.Equal((400, "Neo.ClientError.Security.Forbidden"), (status, body.ErrorCode()));
        Assert.Equal("[[0]]", count.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task Syntax_error_gets_400_with_the_position_in_the_message()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "MATCH (p:Paper) RETRUN p" });

        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", body.ErrorCode());
        Assert.Contains("line 1", body.ErrorMessage());
    }

    [Fact]
    public async Task Missing_parameter_gets_ParameterMissing()
    {
        var (status, body, _) = await _server.Anonymous().QueryAsync(new { statement = "RETURN $nope AS x" });

        Assert.Equal((400, "Neo.ClientError.Statement.ParameterMissing"), (status, body.ErrorCode()));
    }

    [Fact]
    public async Task Integer_and_float_parameters_keep_their_type_in_cypher()
    {
        var body = await OkAsync(_server.Anonymous(), new
        {
            statement = "RETURN $i / 2 AS i, $f / 2 AS f",
            parameters = JsonDocument.Parse("""{"i": 5, "f": 5.0}""").RootElement,
        });

        Assert.Equal("[[2,2.5]]", body.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task Explicit_transaction_commit_is_visible_and_rollback_is_not()
    {
        var admin = _server.Admin();
        var tx = QueryApiClient.QueryPath + "/tx";
        var (_, opened, _) = await admin.PostJsonAsync(tx, """{"statement": "CREATE (:Paper {key: 'kept'})"}""");
        var id = opened.GetProperty("transaction").GetProperty("id").GetString();
        var (_, outside, _) = await _server.Anonymous().QueryAsync(new { statement = "MATCH (p:Paper) RETURN p.key AS key" });
        Assert.Equal("[]", outside.GetProperty("data").GetProperty("values").GetRawText());
        Assert.Equal(202, (await admin.PostJsonAsync($"{tx}/{id}/commit", "")).Status);

        var (_, second, _) = await admin.PostJsonAsync(tx, """{"statement": "CREATE (:Paper {key: 'dropped'})"}""");
        using (await admin.DeleteAsync($"{tx}/{second.GetProperty("transaction").GetProperty("id").GetString()}")) { }

        var after = await OkAsync(_server.Anonymous(), new { statement = "MATCH (p:Paper) RETURN p.key AS key ORDER BY key" });
        Assert.Equal("""[["kept"]]""", after.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task Health_counts_the_real_graph()
    {
        await OkAsync(_server.Admin(), new { statement = "CREATE (:Note {key: 'a'})-[:LINKS_TO]->(:Note {key: 'b'})" });

        using var response = await _server.Anonymous().GetAsync("/health");
        var (_, body, _) = await QueryApiClient.ReadAsync(response);

        Assert.Equal((2, 1), (body.GetProperty("nodes").GetInt64(), body.GetProperty("edges").GetInt64()));
    }
}

/// <summary>A server restarted on the same folder.</summary>
public sealed class EmbeddedRestartTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "papergraph-web-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Committed_writes_survive_a_restart()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Path"] = _folder };
        using (var first = new PaperGraphServer(settings: settings))
        {
            var (status, _, _) = await first.Admin().QueryAsync(new { statement = "CREATE (:Paper {key: 'durable'})" });
            Assert.Equal(202, status);
        }

        using var second = new PaperGraphServer(settings: settings);
        var (_, body, _) = await second.Anonymous().QueryAsync(new { statement = "MATCH (p:Paper) RETURN p.key AS key" });

        Assert.Equal("""[["durable"]]""", body.GetProperty("data").GetProperty("values").GetRawText());
    }
}
