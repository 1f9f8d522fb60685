using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using System.Text.Json;

namespace PaperGraph.Web.Tests.QueryApi;

public sealed class TransactionTests : IDisposable
{
    private const string Tx = QueryApiClient.QueryPath + "/tx";
    private readonly FakeGraphDatabase _db = new();
    private readonly PaperGraphServer _server;

    public TransactionTests() => _server = new PaperGraphServer(_db);

    public void Dispose() => _server.Dispose();

    private static string Create(string name) =>
        JsonSerializer.Serialize(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name } });

    private async Task<string> BeginAsync(HttpClient client, string body = "")
    {
        var (status, json, _) = await client.PostJsonAsync(Tx, body);
        Assert.Equal(202, status);
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("transaction").GetProperty("expires").GetString(), out _));
        return json.GetProperty("transaction").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Committed_writes_become_visible_to_everyone_with_a_bookmark()
    {
        var admin = _server.Admin();
        var id = await BeginAsync(admin, Create("word2vec"));
        var (s2, inside, _) = await admin.PostJsonAsync($"{Tx}/{id}", Create("bert"));
        Assert.Equal(202, s2);
        Assert.False(inside.TryGetProperty("bookmarks", out _));
        Assert.Empty(_db.Things);

        var (status, committed, _) = await admin.PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal(202, status);
        Assert.StartsWith("FB:pg-", committed.GetProperty("bookmarks")[0].GetString());
        Assert.Equal(["word2vec", "bert"], _db.Things);
    }

    [Fact]
    public async Task Statement_inside_a_transaction_sees_its_own_writes()
    {
        var admin = _server.Admin();
        var id = await BeginAsync(admin, Create("lora"));

        var (_, body, _) = await admin.PostJsonAsync($"{Tx}/{id}", """{"statement": "MATCH (t:Thing) RETURN t.name AS name"}""");

        Assert.Equal("""[["lora"]]""", body.GetProperty("data").GetProperty("values").GetRawText());
    }

    [Fact]
    public async Task Rolled_back_writes_are_never_visible_and_the_transaction_is_gone()
    {
        var admin = _server.Admin();
        var id = await BeginAsync(admin, Create("word2vec"));

        using var rollback = await admin.DeleteAsync($"{Tx}/{id}");
        var (status, body, _) = await admin.PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal(200, (int)rollback.StatusCode); // Neo4j's QueryController keeps 200 "for not breaking compatibility"
        Assert.Empty(_db.Things);
        Assert.Equal(404, status);
        Assert.Equal("Neo.ClientError.Request.Invalid", body.ErrorCode());
    }

    [Fact]
    public async Task Failed_statement_rolls_the_whole_transaction_back()
    {
        var admin = _server.Admin();
        var id = await BeginAsync(admin, Create("word2vec"));

        var (s1, b1, _) = await admin.PostJsonAsync($"{Tx}/{id}", """{"statement": "RETRUN 1"}""");
        var (s2, b2, _) = await admin.PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal((400, "Neo.ClientError.Statement.SyntaxError"), (s1, b1.ErrorCode()));
        Assert.Equal((404, "Neo.ClientError.Request.Invalid"), (s2, b2.ErrorCode()));
        Assert.Empty(_db.Things);
    }

    [Fact]
    public async Task Begin_with_an_empty_statement_opens_a_transaction_and_runs_nothing()
    {
        var (status, json, _) = await _server.Admin().PostJsonAsync(Tx, "{\"statement\": \"\"}");

        Assert.Equal(202, status);
        Assert.False(json.TryGetProperty("data", out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json.GetProperty("transaction").GetProperty("expires").GetString());
        Assert.Empty(_db.Received);
    }

    [Fact]
    public async Task Someone_else_cannot_use_or_end_a_transaction()
    {
        var id = await BeginAsync(_server.Admin(), Create("mine"));

        var (status, body, _) = await _server.Anonymous().PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal((404, "Neo.ClientError.Request.Invalid"), (status, body.ErrorCode()));
        var (ok, _, _) = await _server.Admin().PostJsonAsync($"{Tx}/{id}/commit", "");
        Assert.Equal(202, ok);
    }

    [Fact]
    public async Task Anonymous_transaction_is_read_only_and_a_write_in_it_is_forbidden()
    {
        var anonymous = _server.Anonymous();
        var id = await BeginAsync(anonymous);

        var (status, body, _) = await anonymous.PostJsonAsync($"{Tx}/{id}", Create("intruder"));

        Assert.Equal((400, "Neo.ClientError.Security.Forbidden"), (status, body.ErrorCode()));
        Assert.Empty(_db.Things);
    }

    [Fact]
    public async Task Unknown_transaction_id_gets_404_Request_Invalid_as_on_Neo4j()
    {
        var (status, body, _) = await _server.Admin().PostJsonAsync($"{Tx}/nope", """{"statement": "RETURN $a AS a", "parameters": {"a": 1}}""");

        Assert.Equal((404, "Neo.ClientError.Request.Invalid"), (status, body.ErrorCode()));
    }
}

/// <summary>Idle expiry, on a server whose transactions expire after 2 s idle.</summary>
public sealed class TransactionExpiryTests : IDisposable
{
    private const string Tx = QueryApiClient.QueryPath + "/tx";
    private readonly FakeGraphDatabase _db = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-27T04:00:00Z", CultureInfo.InvariantCulture));
    private readonly PaperGraphServer _server;

    // The server's clock is a fake one moved by the tests, so a slow machine cannot expire a transaction early.
    public TransactionExpiryTests() =>
        _server = new PaperGraphServer(_db, new() { ["QueryApi:TransactionIdleTimeoutSeconds"] = "2" }, _clock);

    public void Dispose() => _server.Dispose();

    private static string Create(string name) =>
        JsonSerializer.Serialize(new { statement = "CREATE (:Thing {name: $name})", parameters = new { name } });

    private async Task<string> BeginAsync(HttpClient client, string body = "")
    {
        var (status, json, _) = await client.PostJsonAsync(Tx, body);
        Assert.Equal(202, status);
        return json.GetProperty("transaction").GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Idle_transaction_expires_and_is_rolled_back()
    {
        var admin = _server.Admin();
        var id = await BeginAsync(admin, Create("forgotten"));

        _clock.Advance(TimeSpan.FromSeconds(2.5));
        var (status, body, _) = await admin.PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal(404, status);
        Assert.Equal("Neo.ClientError.Request.Invalid", body.ErrorCode());
        Assert.Empty(_db.Things);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("")]
    [InlineData("{\"statement\": \"\"}")]
    public async Task A_request_without_a_statement_keeps_the_transaction_alive_and_loses_nothing(string keepAlive)
    {
        var admin = _server.Admin();
        var id = await BeginAsync(admin, Create("kept"));
        var expiries = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1.5));
            var (s, json, _) = await admin.PostJsonAsync($"{Tx}/{id}", keepAlive);
            Assert.Equal(202, s);
            Assert.Equal(id, json.GetProperty("transaction").GetProperty("id").GetString());
            Assert.False(json.TryGetProperty("data", out _));
            expiries.Add(DateTimeOffset.Parse(json.GetProperty("transaction").GetProperty("expires").GetString()!, CultureInfo.InvariantCulture));
        }

        var (status, _, _) = await admin.PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal(202, status);
        Assert.Equal(["kept"], _db.Things);
        Assert.True(expiries[0] < expiries[1] && expiries[1] < expiries[2], string.Join(", ", expiries));
    }

    [Fact]
    public async Task Each_request_keeps_a_transaction_alive()
    {
        var admin = _server.Admin();
        var id = await BeginAsync(admin);
        for (var i = 0; i < 4; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1.5));
            var (s, _, _) = await admin.PostJsonAsync($"{Tx}/{id}", Create("step" + i));
            Assert.Equal(202, s);
        }

        var (status, _, _) = await admin.PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal(202, status);
        Assert.Equal(4, _db.Things.Count);
    }
}

/// <summary>The default idle timeout, Neo4j's <c>server.queryapi.transaction_idle_timeout</c> of 60 s, on a fake clock.</summary>
public sealed class DefaultTransactionTimeoutTests : IDisposable
{
    private const string Tx = QueryApiClient.QueryPath + "/tx";
    private readonly FakeGraphDatabase _db = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-27T04:00:00Z", CultureInfo.InvariantCulture));
    private readonly PaperGraphServer _server;

    public DefaultTransactionTimeoutTests() => _server = new PaperGraphServer(_db, null, _clock);

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_transaction_expires_60_seconds_after_its_last_request_and_then_answers_404_Request_Invalid()
    {
        var admin = _server.Admin();
        var (_, begun, _) = await admin.PostJsonAsync(Tx, """{"statement": "CREATE (:Thing {name: $name})", "parameters": {"name": "idle"}}""");
        var id = begun.GetProperty("transaction").GetProperty("id").GetString();

        Assert.Equal("2026-11-27T04:01:00Z", begun.GetProperty("transaction").GetProperty("expires").GetString());
        _clock.Advance(TimeSpan.FromSeconds(59));
        var (kept, alive, _) = await admin.PostJsonAsync($"{Tx}/{id}", "{}");
        Assert.Equal((202, "2026-11-27T04:01:59Z"), (kept, alive.GetProperty("transaction").GetProperty("expires").GetString()));
        _clock.Advance(TimeSpan.FromSeconds(61));
        var (status, body, _) = await admin.PostJsonAsync($"{Tx}/{id}/commit", "");

        Assert.Equal((404, "Neo.ClientError.Request.Invalid"), (status, body.ErrorCode()));
        Assert.Empty(_db.Things);
    }
}
