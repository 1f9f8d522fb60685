using System.Net;
using System.Text;
using System.Text.Json;

namespace PaperGraph.Neo4j.Tests;

/// <summary>
/// Replays a fixture from <c>Fixtures/</c>: Neo4j's own requests and responses (from its documentation and
/// source, each fixture citing where), one exchange per request, in order. A request that is not the next one
/// the fixture expects (method, path, statement, headers) fails the test, naming both.
/// </summary>
internal sealed class RecordedNeo4j : HttpMessageHandler
{
    private readonly List<JsonElement> _exchanges;
    private int _next;

    private RecordedNeo4j(string name, List<JsonElement> exchanges)
    {
        Name = name;
        _exchanges = exchanges;
    }

    public string Name { get; }

    /// <summary>Every request the client sent, with its body.</summary>
    public List<(HttpMethod Method, string Path, string? Body, Dictionary<string, string> Headers)> Received { get; } = [];

    public bool AllReplayed => _next == _exchanges.Count;

    public static RecordedNeo4j Load(string fixture)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", fixture + ".json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        Assert.True(root.TryGetProperty("source", out var source) && source.GetArrayLength() > 0, $"{fixture} must cite its source");
        return new RecordedNeo4j(fixture, root.GetProperty("exchanges").EnumerateArray().Select(e => e.Clone()).ToList());
    }

    /// <summary>A client of the fixture's server at http://localhost:7474 (retries fast, so tests stay quick).</summary>
    public Neo4jGraphDatabase Connect(string database = "neo4j", string? user = "neo4j", string? password = "verysecret", string? token = null) =>
        new(new Neo4jConnection(new Uri("http://localhost:7474"), database, user, password)
        {
            Token = token,
            RetryDelay = TimeSpan.FromMilliseconds(1),
        }, this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        Received.Add((request.Method, request.RequestUri!.AbsolutePath, body, headers));
        Assert.True(_next < _exchanges.Count, $"{Name}: unexpected request {request.Method} {request.RequestUri} after the last recorded exchange");
        var exchange = _exchanges[_next++];
        var expected = exchange.GetProperty("request");
        Assert.Equal(expected.GetProperty("method").GetString(), request.Method.Method);
        Assert.Equal(expected.GetProperty("path").GetString(), request.RequestUri.AbsolutePath);
        if (expected.TryGetProperty("statement", out var statement))
        {
            Assert.NotNull(body);
            using var sent = JsonDocument.Parse(body!);
            Assert.Equal(statement.GetString(), sent.RootElement.GetProperty("statement").GetString());
        }
        if (expected.TryGetProperty("headers", out var expectedHeaders))
        {
            foreach (var header in expectedHeaders.EnumerateObject())
                Assert.Equal(header.Value.GetString(), headers.GetValueOrDefault(header.Name));
        }

        var reply = exchange.GetProperty("response");
        var response = new HttpResponseMessage((HttpStatusCode)reply.GetProperty("status").GetInt32());
        var text = reply.TryGetProperty("body", out var b) ? b.GetRawText() : reply.TryGetProperty("text", out var t) ? t.GetString()! : "";
        response.Content = new StringContent(text, Encoding.UTF8);
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(reply.GetProperty("contentType").GetString()!);
        if (reply.TryGetProperty("headers", out var replyHeaders))
        {
            foreach (var header in replyHeaders.EnumerateObject())
                response.Headers.TryAddWithoutValidation(header.Name, header.Value.GetString());
        }
        return response;
    }
}

/// <summary>A server that fails the same way every time (refused connections, 503s), counting the attempts.</summary>
internal sealed class FailingServer(Func<HttpResponseMessage> fail) : HttpMessageHandler
{
    public int Attempts { get; private set; }

    public static FailingServer Refusing() => new(() => throw new HttpRequestException(HttpRequestError.ConnectionError,
        "Connection refused (localhost:7474)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

    public Neo4jGraphDatabase Connect(int maxRetries = 3) =>
        new(new Neo4jConnection(new Uri("http://localhost:7474"), "neo4j", "neo4j", "verysecret")
        {
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(1),
        }, this);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Attempts++;
        return Task.FromResult(fail());
    }
}
