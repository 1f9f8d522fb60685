using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;

namespace PaperGraph.Neo4j;

/// <summary>
/// <see cref="IGraphDatabase"/> over Neo4j's HTTP Query API (<c>/db/{database}/query/v2</c>), with
/// <see cref="HttpClient"/> only. Parameters and results travel as Typed JSON, so integers, floats, nodes,
/// relationships and paths keep their types both ways. Errors come back as <see cref="GraphException"/> with
/// the server's own status code.
/// </summary>
/// <remarks>Also speaks to PaperGraph's own web app, which serves the same API. Authenticates with HTTP Basic
/// (<see cref="Neo4jConnection.User"/>) or a bearer token (<see cref="Neo4jConnection.Token"/>). Transient failures are
/// retried with backoff (<see cref="Neo4jResilience"/>); <see cref="CheckAsync"/> says before the first statement
/// whether the server can serve PaperGraph. Thread-safe.</remarks>
public sealed partial class Neo4jGraphDatabase : IGraphDatabase, IGraphDatabaseCheck
{
    private static readonly MediaTypeWithQualityHeaderValue TypedAccept = new(QueryApiJson.TypedMediaType);
    private const string AffinityHeader = "neo4j-cluster-affinity";
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Neo4jConnection _connection;
    private readonly Uri _queryUri;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly Lock _bookmarkLock = new();
    private string? _lastBookmark;

    /// <summary>Connects (lazily: nothing is sent before the first statement).</summary>
    /// <param name="connection">Server, database and credentials.</param>
    /// <param name="httpClient">A client to use instead of an own one (not disposed by this object); it is used as
    /// it is, without the retries of transient failures.</param>
    public Neo4jGraphDatabase(Neo4jConnection connection, HttpClient? httpClient = null)
        : this(connection, httpClient, httpClient is null
            ? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }
            : null)
    {
    }

    /// <summary>Connects through <paramref name="handler"/> (e.g. a test's stub), with the retries of transient
    /// failures in front of it.</summary>
    public Neo4jGraphDatabase(Neo4jConnection connection, HttpMessageHandler handler)
        : this(connection, null, handler)
    {
    }

    private Neo4jGraphDatabase(Neo4jConnection connection, HttpClient? httpClient, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(Neo4jResilience.Wrap(handler!, connection))
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var baseText = connection.BaseUri.ToString();
        var root = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/", UriKind.Absolute);
        _queryUri = new Uri(root, $"db/{Uri.EscapeDataString(connection.Database)}/query/v2");
        if (connection.Token is { Length: > 0 } token)
            _authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (connection.User is not null)
            _authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{connection.User}:{connection.Password}")));
    }

    /// <inheritdoc />
    public async Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
    {
        var bookmark = CurrentBookmark();
        var reply = await SendAsync(HttpMethod.Post, _queryUri, query, query.AccessMode, bookmark, null, cancellationToken)
            .ConfigureAwait(false);
        RememberBookmark(reply.Root);
        return QueryApiJson.ReadResult(reply.Root, reply.Typed);
    }

    /// <inheritdoc />
    public async Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write,
        CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(HttpMethod.Post, new Uri(_queryUri + "/tx"), null, accessMode, CurrentBookmark(), null,
            cancellationToken).ConfigureAwait(false);
        if (!reply.Root.TryGetProperty("transaction", out var tx) || !tx.TryGetProperty("id", out var id)
            || id.ValueKind != JsonValueKind.String)
            throw new GraphException(GraphErrorCodes.UnknownError,
                $"The server at {_connection.BaseUri} opened a transaction but sent no transaction id.");
        return new Neo4jTransaction(this, new Uri(_queryUri + "/tx/" + Uri.EscapeDataString(id.GetString()!)), reply.Affinity);
    }

    public ValueTask DisposeAsync()
    {
        if (_ownsHttp) _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private string? CurrentBookmark()
    {
        lock (_bookmarkLock) return _lastBookmark;
    }

    internal void RememberBookmark(JsonElement root)
    {
        if (root.TryGetProperty("bookmarks", out var bookmarks) && bookmarks.ValueKind == JsonValueKind.Array
            && bookmarks.GetArrayLength() > 0 && bookmarks[0].ValueKind == JsonValueKind.String)
        {
            lock (_bookmarkLock) _lastBookmark = bookmarks[0].GetString();
        }
    }

    /// <summary>A successful answer: its body, the cluster affinity to send back, and whether its values are Typed
    /// JSON (by its Content-Type: a server may answer plain JSON whatever was asked).</summary>
    internal readonly record struct Reply(JsonElement Root, string? Affinity, bool Typed);

    /// <summary>Sends one request and returns the parsed body of a successful answer; throws
    /// <see cref="GraphException"/> for any error the server reports or any failure to reach it.</summary>
    internal async Task<Reply> SendAsync(HttpMethod method, Uri uri, CypherQuery? query, AccessMode? accessMode,
        string? bookmark, string? affinity, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(TypedAccept);
        if (_authorization is not null) request.Headers.Authorization = _authorization;
        if (affinity is not null) request.Headers.TryAddWithoutValidation(AffinityHeader, affinity);
        if (method != HttpMethod.Delete)
        {
            var content = new ByteArrayContent(WriteBody(query, accessMode, bookmark));
            content.Headers.ContentType = new MediaTypeHeaderValue(QueryApiJson.TypedMediaType);
            request.Content = content;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connection.Timeout);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GraphException(GraphErrorCodes.TransactionTimedOut,
                $"The Neo4j server at {_connection.BaseUri} did not answer within {_connection.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable,
                $"The Neo4j server at {_connection.BaseUri} cannot be reached: {e.Message}", inner: e);
        }

        using (response)
        {
            JsonElement root = default;
            if (body.Length > 0)
            {
                try
                {
                    using var document = JsonDocument.Parse(body);
                    root = document.RootElement.Clone();
                }
                catch (JsonException) when (!response.IsSuccessStatusCode)
                {
                    throw StatusError(response.StatusCode, uri);
                }
                catch (JsonException e)
                {
                    throw new GraphException(GraphErrorCodes.UnknownError,
                        $"The server at {_connection.BaseUri} answered {(int)response.StatusCode} with a body that is not JSON: {e.Message}", inner: e);
                }
            }
            var typed = response.Content.Headers.ContentType?.MediaType is not { } mediaType
                        || mediaType.StartsWith(QueryApiJson.TypedMediaType, StringComparison.OrdinalIgnoreCase);
            if (root.ValueKind == JsonValueKind.Object && QueryApiJson.ReadError(root) is { } error)
                throw WithRowsBefore(error, root, typed);
            if (!response.IsSuccessStatusCode)
                throw StatusError(response.StatusCode, uri);
            var replyAffinity = response.Headers.TryGetValues(AffinityHeader, out var values) ? values.FirstOrDefault() : affinity;
            return new Reply(root.ValueKind == JsonValueKind.Undefined ? EmptyObject : root, replyAffinity, typed);
        }
    }

    /// <summary>A statement that failed after rows had been streamed: Neo4j's 202 body holds <c>data</c> and
    /// <c>errors</c>; the error carries those rows (<see cref="GraphException.PartialResult"/>), as Neo4j's drivers
    /// hand out the records received before they throw.</summary>
    private static GraphException WithRowsBefore(GraphException error, JsonElement root, bool typed)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object) return error;
        try
        {
            return error.WithPartialResult(QueryApiJson.ReadResult(root, typed));
        }
        catch (GraphException)
        {
            return error; // rows we cannot read do not hide the error itself
        }
    }

    private GraphException StatusError(HttpStatusCode status, Uri uri) => status switch
    {
        HttpStatusCode.Unauthorized => new GraphException(GraphErrorCodes.Unauthorized,
            $"The Neo4j server at {_connection.BaseUri} refused the {(_connection.Token is { Length: > 0 } ? "bearer token" : "credentials")} (HTTP 401)."),
        HttpStatusCode.Forbidden => new GraphException(GraphErrorCodes.Forbidden,
            $"The Neo4j server at {_connection.BaseUri} refused the request (HTTP 403)."),
        HttpStatusCode.NotFound => new GraphException(GraphErrorCodes.RequestInvalid,
            $"{uri} was not found (HTTP 404): the Query API is not enabled on that server, or it is older than Neo4j 5.26 " +
            "(explicit transactions, /tx, came in 5.26). PaperGraph needs Neo4j 5.26 or later, or 2025.x, with the Query API on."),
        _ when (int)status >= 500 => new GraphException(GraphErrorCodes.DatabaseUnavailable,
            $"The Neo4j server at {_connection.BaseUri} failed with HTTP {(int)status}."),
        _ => new GraphException(GraphErrorCodes.RequestInvalid,
            $"The Neo4j server at {_connection.BaseUri} answered HTTP {(int)status}."),
    };

    private static byte[] WriteBody(CypherQuery? query, AccessMode? accessMode, string? bookmark)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, QueryApiJson.WriterOptions))
        {
            writer.WriteStartObject();
            if (query is not null)
            {
                writer.WriteString("statement", query.Text);
                if (query.ParametersOrEmpty.Count > 0)
                {
                    writer.WritePropertyName("parameters");
                    QueryApiJson.WriteParameters(writer, query.ParametersOrEmpty, typed: true);
                }
                writer.WriteBoolean("includeCounters", true);
            }
            if (accessMode is { } mode) writer.WriteString("accessMode", mode == AccessMode.Read ? "Read" : "Write");
            if (bookmark is not null)
            {
                writer.WriteStartArray("bookmarks");
                writer.WriteStringValue(bookmark);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>An explicit Query API transaction (<c>/tx/{id}</c>).</summary>
internal sealed class Neo4jTransaction(Neo4jGraphDatabase database, Uri uri, string? affinity) : IGraphTransaction
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _finished;

    public async Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFinished();
            try
            {
                var reply = await database.SendAsync(HttpMethod.Post, uri, query, null, null, affinity, cancellationToken)
                    .ConfigureAwait(false);
                return QueryApiJson.ReadResult(reply.Root, reply.Typed);
            }
            catch (GraphException)
            {
                _finished = true; // the server rolls the whole transaction back (spec §8)
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfFinished();
            _finished = true;
            var reply = await database.SendAsync(HttpMethod.Post, new Uri(uri + "/commit"), null, null, null, affinity,
                cancellationToken).ConfigureAwait(false);
            database.RememberBookmark(reply.Root);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_finished) return;
            _finished = true;
            await database.SendAsync(HttpMethod.Delete, uri, null, null, null, affinity, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            try
            {
                await RollbackAsync().ConfigureAwait(false);
            }
            catch (GraphException)
            {
                // The server forgets idle transactions by itself; nothing more to undo.
            }
        }
        _gate.Dispose();
    }

    private void ThrowIfFinished()
    {
        if (_finished)
            throw new GraphException(GraphErrorCodes.TransactionNotFound,
                "This transaction has already been committed or rolled back.");
    }
}
