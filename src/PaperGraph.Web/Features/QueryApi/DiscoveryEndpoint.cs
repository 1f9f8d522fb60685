using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>
/// <c>GET /</c> asking for JSON answers Neo4j's discovery document (spec §1), without authentication; a browser
/// asking for HTML falls through to the explorer's page.
/// </summary>
public static class DiscoveryEndpoint
{
    /// <summary>The Neo4j version whose Query API this server follows.</summary>
    public const string Neo4jVersion = "5.26.0";

    /// <summary>Adds the discovery answer for <c>GET /</c> with <c>Accept: application/json</c>.</summary>
    public static IApplicationBuilder UseQueryApiDiscovery(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Path == "/" && WantsJson(http.Request))
        {
            var database = http.RequestServices.GetRequiredService<IOptions<QueryApiOptions>>().Value.Database;
            var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
            http.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(http.Response.Body, new Dictionary<string, string>
            {
                ["query"] = root + "/db/{databaseName}/query/v2",
                ["neo4j_version"] = Neo4jVersion,
                ["neo4j_edition"] = "community",
                ["default_database"] = database,
                ["server"] = "PaperGraph",
            }, cancellationToken: http.RequestAborted);
            return;
        }
        await next(http);
    });

    private static bool WantsJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0) return false;
        var json = accept.Where(a => a.MediaType.Value is { } t && t.Contains("json", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var html = accept.Where(a => a.MediaType.Value is { } t && t.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return json > 0 && json >= html;
    }
}
