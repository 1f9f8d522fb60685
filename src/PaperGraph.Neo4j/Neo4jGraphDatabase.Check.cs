using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;

namespace PaperGraph.Neo4j;

// The start-up check: reachable, a Neo4j recent enough, the Query API on, the credentials accepted.
public sealed partial class Neo4jGraphDatabase
{
    /// <summary>The oldest Neo4j whose Query API has everything PaperGraph uses (explicit transactions, /tx).</summary>
    public static readonly Version MinimumVersion = new(5, 26);

    /// <summary>
    /// Reads the discovery document (<c>GET /</c>: <c>neo4j_version</c>, <c>neo4j_edition</c>), refuses a version
    /// older than <see cref="MinimumVersion"/> naming the one found, then runs <c>RETURN 1</c> through
    /// <c>/db/{database}/query/v2</c> with the credentials.
    /// </summary>
    public async Task<string> CheckAsync(CancellationToken cancellationToken = default)
    {
        var baseUri = _connection.BaseUri;
        JsonElement discovery;
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_queryUri, "/")))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var (status, body) = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
            discovery = TryParse(body);
            if (status != HttpStatusCode.OK || discovery.ValueKind != JsonValueKind.Object
                || !discovery.TryGetProperty("neo4j_version", out var v) || v.ValueKind != JsonValueKind.String)
                throw new GraphException(GraphErrorCodes.RequestInvalid,
                    $"{baseUri} answered GET / with HTTP {(int)status} and no Neo4j discovery document (neo4j_version): " +
                    "is this the HTTP address of a Neo4j server (port 7474 by default; the backend speaks HTTP, not Bolt)?");
        }

        var versionText = discovery.GetProperty("neo4j_version").GetString()!;
        var edition = discovery.TryGetProperty("neo4j_edition", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if (ParseVersion(versionText) is not { } version)
            throw new GraphException(GraphErrorCodes.RequestInvalid,
                $"Neo4j at {baseUri} reports version '{versionText}', which PaperGraph cannot read; it needs Neo4j {MinimumVersion} or later (or 2025.x).");
        if (version < MinimumVersion)
            throw new GraphException(GraphErrorCodes.RequestInvalid,
                $"Neo4j {versionText} found at {baseUri}; PaperGraph needs Neo4j {MinimumVersion} or later (or 2025.x): " +
                "its Query API has explicit transactions (/db/{database}/query/v2/tx) only from 5.26. Upgrade the server (docker-compose.yml pins neo4j:5.26).");

        using (var request = new HttpRequestMessage(HttpMethod.Post, _queryUri))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_authorization is not null) request.Headers.Authorization = _authorization;
            request.Content = new StringContent("{\"statement\":\"RETURN 1\"}", Encoding.UTF8, "application/json");
            var (status, body) = await SendRawAsync(request, cancellationToken).ConfigureAwait(false);
            var root = TryParse(body);
            var error = root.ValueKind == JsonValueKind.Object ? QueryApiJson.ReadError(root) : null;
            switch (status)
            {
                case HttpStatusCode.Accepted or HttpStatusCode.OK when error is null:
                    break;
                case HttpStatusCode.Unauthorized:
                    throw new GraphException(GraphErrorCodes.Unauthorized,
                        $"Neo4j {versionText} at {baseUri} refused {Who()}: {error?.Message ?? "HTTP 401"} (check Neo4j:User and Neo4j:Password, or Neo4j:Token).");
                case HttpStatusCode.NotFound when error is { Code: GraphErrorCodes.DatabaseNotFound }:
                    throw new GraphException(GraphErrorCodes.DatabaseNotFound,
                        $"Neo4j {versionText} at {baseUri} has no database '{_connection.Database}' ({error.Message}); check Neo4j:Database.");
                case HttpStatusCode.NotFound:
                    throw new GraphException(GraphErrorCodes.RequestInvalid,
                        $"Neo4j {versionText} at {baseUri} answered 404 to POST {_queryUri.AbsolutePath}: its Query API is disabled. " +
                        "Enable it with server.http_enabled_modules including QUERY_API_ENDPOINTS (on by default from 5.25).");
                default:
                    throw error ?? new GraphException(GraphErrorCodes.UnknownError,
                        $"Neo4j {versionText} at {baseUri} answered HTTP {(int)status} to RETURN 1.");
            }
        }
        return $"Neo4j {versionText}{(edition is null ? "" : " " + edition)} at {baseUri}, database {_connection.Database}";
    }

    private string Who() => _connection.Token is { Length: > 0 } ? "the bearer token" : $"the credentials of user '{_connection.User}'";

    /// <summary>5.26.0, 5.26.3-aura, 2025.10.1: the first two numbers.</summary>
    public static Version? ParseVersion(string text)
    {
        var match = Regex.Match(text, @"^\s*(\d{1,6})\.(\d{1,6})", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        return match.Success
            ? new Version(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture))
            : null;
    }

    private async Task<(HttpStatusCode Status, byte[] Body)> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_connection.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return (response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable,
                $"Neo4j at {_connection.BaseUri} did not answer within {_connection.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable,
                $"Neo4j at {_connection.BaseUri} cannot be reached: {e.Message} Is it running, and is this its HTTP address " +
                "(port 7474 by default, not Bolt's 7687)?", inner: e);
        }
    }

    private static JsonElement TryParse(byte[] body)
    {
        if (body.Length == 0) return default;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
