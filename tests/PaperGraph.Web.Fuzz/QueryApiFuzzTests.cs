using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using Xunit.Abstractions;

namespace PaperGraph.Web.Fuzz;

/// <summary>
/// One real server for the whole fuzz run: the seed reading list on the embedded store, a 5 s statement timeout,
/// transactions that expire after 2 s idle, and room for the fuzzer's own two threads among the anonymous limits.
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    public PaperGraphServer Server { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Server = new PaperGraphServer(new PaperGraphServerOptions
        {
            SeedFromGraphSeed = true,
            Settings = new Dictionary<string, string?>
            {
                ["Storage:QueryTimeoutSeconds"] = "5",
                ["QueryApi:TransactionIdleTimeoutSeconds"] = "2",
                ["Limits:AnonymousTransactionsPerClient"] = "64",
                ["Limits:AnonymousTransactionsTotal"] = "64",
                ["Logging:LogLevel:Default"] = "Warning",
            },
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Generated statements and bodies against the anonymous ways in: the Query API (<c>/db/neo4j/query/v2</c>, its
/// explicit transactions) and the lint (<c>/api/cypher/lint</c>). Every answer must be 2xx or 4xx (never 5xx, never
/// a dropped connection), Query API refusals carry Neo4j's <c>errors</c> body, and the server must still answer
/// afterwards. About a minute in all by default; <c>PAPERGRAPH_FUZZ_SECONDS=900</c> runs it for 15 minutes.
/// </summary>
public sealed class QueryApiFuzzTests(FuzzServer fixture, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    /// <summary>The whole run's budget in seconds (each test takes its share).</summary>
    private static readonly int TotalSeconds =
        int.TryParse(Environment.GetEnvironmentVariable("PAPERGRAPH_FUZZ_SECONDS"), out var s) && s > 0 ? s : 50;

    private static int Share(double part) => Math.Max(3, (int)(TotalSeconds * part));

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly ConcurrentDictionary<int, int> _statuses = new();

    private PaperGraphServer Server => fixture.Server;

    /// <summary>Sends one request; fails on a 5xx or a dropped connection, and on a Query API refusal without
    /// Neo4j's error body.</summary>
    private async Task SendAsync(FuzzRequest r)
    {
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), new Uri(Server.Address, r.Path));
        if (r.Body is not null)
        {
            request.Content = new ByteArrayContent(r.Body);
            if (r.ContentType is not null && MediaTypeHeaderValue.TryParse(r.ContentType, out var type))
                request.Content.Headers.ContentType = type;
            else if (r.ContentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
            // A large body waits for 100-continue, so a 413 is read rather than lost in a reset while sending.
            if (r.Body.Length > 64 * 1024) request.Headers.ExpectContinue = true;
        }
        if (r.Accept is not null) request.Headers.TryAddWithoutValidation("Accept", r.Accept);
        if (r.Authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", r.Authorization);

        HttpResponseMessage response;
        try
        {
            response = await Client.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"connection dropped ({e.Message}) for {r}", e);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
                throw new InvalidOperationException($"{status} {Cut(text)} for {r}");
            if (status >= 400 && r.Path.StartsWith("/db/", StringComparison.Ordinal) && r.Method is "POST" or "DELETE"
                && response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                var code = JsonDocument.Parse(text).RootElement.GetProperty("errors")[0].GetProperty("code").GetString();
                if (code is null || !code.StartsWith("Neo.", StringComparison.Ordinal))
                    throw new InvalidOperationException($"{status} without a Neo4j status code: {Cut(text)} for {r}");
            }
        }
    }

    private static string Cut(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private static byte[] Utf8Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);

    private async Task AssertAliveAsync()
    {
        using var health = await Client.GetAsync(new Uri(Server.Address, "/health"));
        Assert.True(health.IsSuccessStatusCode, $"/health answered {(int)health.StatusCode}");
        var (status, body, _) = await Server.Anonymous().QueryAsync(new { statement = "RETURN 1 AS one" });
        Assert.True(status == 202, $"RETURN 1 answered {status}: {body}");
        var counts = string.Join(", ", _statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}: {kv.Value}"));
        output.WriteLine($"{_statuses.Values.Sum():N0} requests; statuses {counts}");
    }

    [Fact]
    public async Task Generated_cypher_on_the_query_api_answers_2xx_or_4xx()
    {
        var clock = Stopwatch.StartNew();
        await Gen.Select(CypherGen.Any, CypherGen.Parameters, Gen.Bool).SampleAsync(async (statement, parameters, typed) =>
            await SendAsync(new FuzzRequest("POST", QueryApiClient.QueryPath, "application/json", typed ? QueryApiClient.Typed : null, null,
                Utf8Json(new { statement, parameters }))),
            time: Share(0.35), threads: 2, print: t => $"statement: {t.Item1}");
        output.WriteLine($"ran {clock.Elapsed.TotalSeconds:N0} s");
        await AssertAliveAsync();
    }

    [Fact]
    public async Task Generated_bodies_and_headers_on_the_query_api_and_its_transactions_answer_2xx_or_4xx()
    {
        var clock = Stopwatch.StartNew();
        await Gen.Select(BodyGen.QueryApiRequest, Gen.Int[0, 9]).SampleAsync(async (request, inTransaction) =>
        {
            if (inTransaction < 2)
            {
                // Into a real open transaction: run a body there, or commit with it.
                // One shared client throughout: a client per iteration would hold a connection each.
                using var begin = await Client.PostAsync(new Uri(Server.Address, QueryApiClient.QueryPath + "/tx"),
                    new ByteArrayContent("{}"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
                if (begin.StatusCode != System.Net.HttpStatusCode.Accepted) return; // 429 past the limits: an answer, checked elsewhere
                var id = JsonDocument.Parse(await begin.Content.ReadAsStringAsync()).RootElement
                    .GetProperty("transaction").GetProperty("id").GetString();
                request = request with { Method = "POST", Path = $"{QueryApiClient.QueryPath}/tx/{id}{(inTransaction == 1 ? "/commit" : "")}" };
                await SendAsync(request);
                using var _ = await Client.DeleteAsync(new Uri(Server.Address, $"{QueryApiClient.QueryPath}/tx/{id}"));
                return;
            }
            await SendAsync(request);
        }, time: Share(0.35), threads: 2, print: t => t.Item1.ToString());
        output.WriteLine($"ran {clock.Elapsed.TotalSeconds:N0} s");
        await AssertAliveAsync();
    }

    [Fact]
    public async Task Generated_statements_and_bodies_on_the_lint_answer_2xx_or_4xx()
    {
        var clock = Stopwatch.StartNew();
        var bodies = Gen.Frequency(
            (4, CypherGen.Any.Select(statement => new FuzzRequest("POST", "/api/cypher/lint", "application/json", null, null, Utf8Json(new { statement })))),
            (1, Gen.Select(BodyGen.ContentType, BodyGen.Body, (type, body) => new FuzzRequest("POST", "/api/cypher/lint", type, null, null, body))));
        await bodies.SampleAsync(SendAsync, time: Share(0.3), threads: 2, print: r => r.ToString());
        output.WriteLine($"ran {clock.Elapsed.TotalSeconds:N0} s");
        await AssertAliveAsync();
    }
}
