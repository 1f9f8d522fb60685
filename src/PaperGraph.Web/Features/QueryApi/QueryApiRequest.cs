using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>One parsed Query API request body (spec §2).</summary>
internal sealed record QueryApiRequest(
    string? Statement,
    IReadOnlyDictionary<string, object?> Parameters,
    bool IncludeCounters,
    AccessMode? AccessMode,
    IReadOnlyList<string> Bookmarks)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512 };

    /// <summary>True when the parameters came as Typed JSON (<c>Content-Type: application/vnd.neo4j.query</c>, or a
    /// versioned form of it).</summary>
    public static bool HasTypedBody(HttpRequest request) => QueryApiMediaTypes.IsTypedBody(request.ContentType);

    /// <summary>True for the media types a Query API body may have: <c>application/json</c> and
    /// <c>application/vnd.neo4j.query</c> (with or without a version suffix), as Neo4j's <c>QueryResource</c>
    /// declares with <c>@Consumes</c>.</summary>
    public static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Value is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith(QueryApiJson.TypedMediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads and validates the body. An empty body, or an empty <c>statement</c>, is allowed only where
    /// <paramref name="statementRequired"/> is false (opening, keeping alive, committing a transaction): there it
    /// reads as no statement, as on Neo4j.</summary>
    /// <exception cref="QueryApiRejection">415 for a body that is not JSON by its content type (what a cross-site
    /// HTML form can send without a preflight), 413 for one over the caller's limit.</exception>
    /// <exception cref="GraphException">The body is not JSON, not an object, or a field has the wrong type.</exception>
    public static async Task<QueryApiRequest> ReadAsync(HttpRequest request, bool statementRequired, CancellationToken cancellationToken)
    {
        // Neo4j answers 415 for a Content-Type outside its @Consumes list; a body-less request (opening or committing
        // a transaction) needs none.
        var hasBody = request.ContentLength > 0
            || (request.ContentLength is null && request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true);
        if ((hasBody || request.ContentType is not null) && !IsJsonContentType(request.ContentType))
            throw new QueryApiRejection(StatusCodes.Status415UnsupportedMediaType, GraphErrorCodes.RequestInvalid,
                $"The Query API reads JSON: send Content-Type application/json or {QueryApiJson.TypedMediaType}" +
                (request.ContentType is null ? " (none was sent)." : $", not '{Truncate(request.ContentType)}'."));

        using var buffer = new MemoryStream(request.ContentLength is > 0 and <= 1 << 26 ? (int)request.ContentLength : 0);
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            throw new QueryApiRejection(e.StatusCode, GraphErrorCodes.RequestInvalid,
                limit is { } l ? Infrastructure.RequestBodyLimitMiddleware.TooLargeMessage(l) : "The request body is too large.");
        }
        if (buffer.Length == 0 || IsWhitespace(buffer))
        {
            return statementRequired
                ? throw new GraphException(GraphErrorCodes.RequestInvalid,
                    "The request body is empty; send a JSON object such as {\"statement\": \"RETURN 1\"}.")
                : new QueryApiRequest(null, CypherQuery.NoParameters, false, null, []);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new GraphException(GraphErrorCodes.RequestInvalidFormat,
                $"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}");
        }
        try
        {
            return Read(document, request, statementRequired);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            // System.Text.Json checks a string's UTF-8 (and its escaped surrogates) only when it is read, and a
            // number's range only when it is converted: invalid UTF-8, a lone surrogate, 1e999.
            throw new GraphException(GraphErrorCodes.RequestInvalidFormat,
                $"The request body is not valid JSON text: {FirstSentence(e.Message)}");
        }
        finally
        {
            document.Dispose();
        }
    }

    private static QueryApiRequest Read(JsonDocument document, HttpRequest request, bool statementRequired)
    {
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid("The request body must be a JSON object such as {\"statement\": \"RETURN 1\"}.");

            string? statement = null;
            if (root.TryGetProperty("statement", out var s))
            {
                if (s.ValueKind != JsonValueKind.String)
                    throw Invalid("\"statement\" must be a string holding one Cypher statement.");
                statement = s.GetString();
            }
            if (statementRequired && string.IsNullOrWhiteSpace(statement))
                throw Invalid(statement is null
                    ? "The request has no \"statement\"; send {\"statement\": \"…\", \"parameters\": {…}}."
                    : "\"statement\" is empty.");
            if (!statementRequired && string.IsNullOrWhiteSpace(statement))
                statement = null;

            var typed = HasTypedBody(request);
            var parameters = QueryApiJson.ReadParameters(root.TryGetProperty("parameters", out var p) ? p : null, typed);

            var includeCounters = false;
            if (root.TryGetProperty("includeCounters", out var c))
            {
                includeCounters = c.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null => false,
                    _ => throw Invalid("\"includeCounters\" must be true or false."),
                };
            }

            AccessMode? accessMode = null;
            if (root.TryGetProperty("accessMode", out var a) && a.ValueKind != JsonValueKind.Null)
            {
                accessMode = a.ValueKind == JsonValueKind.String ? a.GetString() switch
                {
                    { } v when v.Equals("Read", StringComparison.OrdinalIgnoreCase) => Graph.AccessMode.Read,
                    { } v when v.Equals("Write", StringComparison.OrdinalIgnoreCase) => Graph.AccessMode.Write,
                    _ => null,
                } : null;
                if (accessMode is null)
                    throw Invalid($"\"accessMode\" must be \"Read\" or \"Write\", not {a.GetRawText()}.");
            }

            var bookmarks = new List<string>();
            if (root.TryGetProperty("bookmarks", out var b) && b.ValueKind != JsonValueKind.Null)
            {
                if (b.ValueKind != JsonValueKind.Array || b.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                    throw Invalid("\"bookmarks\" must be an array of strings.");
                bookmarks.AddRange(b.EnumerateArray().Select(x => x.GetString()!));
            }

            if (root.TryGetProperty("impersonatedUser", out var i) && i.ValueKind != JsonValueKind.Null)
                throw new GraphException(GraphErrorCodes.Forbidden,
                    "Impersonation is not supported by this server: it has one administrator and anonymous readers.");

            return new QueryApiRequest(statement, parameters, includeCounters, accessMode, bookmarks);
        }
    }

    private static bool IsWhitespace(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOfAnyExcept(" \t\r\n"u8) < 0;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static GraphException Invalid(string message) => new(GraphErrorCodes.RequestInvalid, message);

    private static string Truncate(string text) => text.Length <= 100 ? text : text[..100] + "…";
}

/// <summary>A request refused before it reaches the database, with its own HTTP status (413, 415) and Neo4j's
/// error shape.</summary>
internal sealed class QueryApiRejection(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
}
