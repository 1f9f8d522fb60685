using Microsoft.Net.Http.Headers;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>How a Query API answer is written: plain or Typed JSON, one document or JSON Lines events, and the
/// Content-Type that says so.</summary>
/// <param name="Typed">Values as Typed JSON (<c>{"$type": …, "_value": …}</c>).</param>
/// <param name="Lines">JSON Lines: <c>Header</c>, <c>Record</c>…, <c>Summary</c> or <c>Error</c> events.</param>
/// <param name="ContentType">The media type answered: the one the client asked for, versions included.</param>
internal sealed record QueryApiFormat(bool Typed, bool Lines, string ContentType)
{
    public static QueryApiFormat PlainJson { get; } = new(false, false, QueryApiMediaTypes.PlainJson);
}

/// <summary>
/// Content negotiation of the Query API, in one place, with Neo4j's media types (neo4j/neo4j
/// <c>community/server/…/queryapi/QueryMimeTypes.java</c>): <c>application/json</c>;
/// <c>application/vnd.neo4j.query</c> and its versions <c>…query.v1.0</c>, <c>v1.1</c>, <c>v1.2</c>, answered with
/// the same type; JSON Lines as <c>application/jsonl</c> (plain) and <c>…query.v1.x+jsonl</c> (typed).
/// </summary>
internal static class QueryApiMediaTypes
{
    public const string PlainJson = "application/json";
    public const string PlainJsonLines = "application/jsonl";
    public const string Typed = QueryApiJson.TypedMediaType;
    private static readonly string[] TypedVersions = [Typed + ".v1.0", Typed + ".v1.1", Typed + ".v1.2"];

    /// <summary>Whether a request body's Content-Type carries Typed JSON parameters.</summary>
    public static bool IsTypedBody(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) && media.MediaType.Value is { } type
        && (type.Equals(Typed, StringComparison.OrdinalIgnoreCase)
            || TypedVersions.Any(v => type.Equals(v, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The answer's format from <c>Accept</c> (plain JSON when there is none), the highest quality first.</summary>
    /// <exception cref="GraphException"><c>Neo.ClientError.Request.Invalid</c> when Accept names nothing this API writes.</exception>
    public static QueryApiFormat Negotiate(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return QueryApiFormat.PlainJson;
        foreach (var media in accept.OrderByDescending(m => m.Quality ?? 1))
        {
            if (media.Quality is 0) continue;
            if (FormatOf(media.MediaType.Value ?? "") is { } format) return format;
        }
        throw new GraphException(GraphErrorCodes.RequestInvalid,
            $"Accept '{request.Headers.Accept}' names no media type this API answers in; use {PlainJson}, {Typed} (or {Typed}.v1.0), " +
            $"{PlainJsonLines} or {Typed}.v1.0+jsonl.");
    }

    /// <summary>The format a best-effort error answer uses when <see cref="Negotiate"/> itself failed.</summary>
    public static QueryApiFormat NegotiateOrPlain(HttpRequest request)
    {
        try
        {
            return Negotiate(request);
        }
        catch (GraphException)
        {
            return QueryApiFormat.PlainJson;
        }
    }

    private static QueryApiFormat? FormatOf(string type)
    {
        if (type.Equals(PlainJson, StringComparison.OrdinalIgnoreCase) || type is "*/*" or "application/*")
            return QueryApiFormat.PlainJson;
        if (type.Equals(PlainJsonLines, StringComparison.OrdinalIgnoreCase))
            return new QueryApiFormat(false, true, PlainJsonLines);
        if (type.Equals(Typed, StringComparison.OrdinalIgnoreCase))
            return new QueryApiFormat(true, false, Typed);
        foreach (var version in TypedVersions)
        {
            if (type.Equals(version, StringComparison.OrdinalIgnoreCase)) return new QueryApiFormat(true, false, version);
            if (type.Equals(version + "+jsonl", StringComparison.OrdinalIgnoreCase)) return new QueryApiFormat(true, true, version + "+jsonl");
        }
        return null;
    }
}
