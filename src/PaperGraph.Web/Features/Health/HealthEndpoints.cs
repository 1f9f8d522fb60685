using Microsoft.Extensions.Options;
using PaperGraph.Graph;
using PaperGraph.Hosting;

namespace PaperGraph.Web.Features.Health;

/// <summary><c>GET /health</c>: whether the graph answers, which backend holds it, and how big it is.</summary>
public static class HealthEndpoints
{
    /// <summary>The answer of <c>GET /health</c>.</summary>
    /// <param name="Status"><c>ok</c>, or <c>unavailable</c> when the database does not answer.</param>
    /// <param name="Storage">The backend: <c>Embedded</c> or <c>Neo4j</c>.</param>
    /// <param name="Nodes">Number of nodes (null when unavailable).</param>
    /// <param name="Edges">Number of relationships (null when unavailable).</param>
    /// <param name="Error">The Neo4j status code of the failure, when unavailable.</param>
    public sealed record HealthReport(string Status, string Storage, long? Nodes, long? Edges,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

    /// <summary>Maps <c>GET /health</c> (no authentication).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetAsync).WithTags("Health").AllowAnonymous();
        return app;
    }

    private static async Task<IResult> GetAsync(IServiceProvider services, IOptions<StorageOptions> storage, CancellationToken ct)
    {
        var provider = storage.Value.Provider.ToString();
        try
        {
            var db = services.GetRequiredService<IGraphDatabase>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var nodes = await CountAsync(db, "MATCH (n) RETURN count(n) AS count", timeout.Token);
            var edges = await CountAsync(db, "MATCH ()-[r]->() RETURN count(r) AS count", timeout.Token);
            return TypedResults.Ok(new HealthReport("ok", provider, nodes, edges));
        }
        catch (Exception e) when (e is GraphException or OperationCanceledException or NotImplementedException && !ct.IsCancellationRequested)
        {
            var code = e is GraphException g ? g.Code : GraphErrorCodes.DatabaseUnavailable;
            return TypedResults.Json(new HealthReport("unavailable", provider, null, null, code),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<long> CountAsync(IGraphDatabase db, string statement, CancellationToken ct)
    {
        var result = await db.ExecuteAsync(CypherQuery.Read(statement), ct);
        return result.Values is [[long count]] ? count : Convert.ToInt64(result.Values[0][0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
