using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Features.Plans;

namespace PaperGraph.Web.Features.Curation;

/// <summary>A curated prerequisite edge to add: <see cref="From"/> is a prerequisite of <see cref="To"/>.</summary>
public sealed record CurateEdgeRequest(string? From, string? To, string? Reason);

/// <summary>Curators (the administrator) add and remove prerequisite edges: <c>/api/curation/edges</c>.</summary>
/// <remarks>Writes go through the graph seam as Cypher; the change feed then tells every browser.</remarks>
public static class CurationEndpoints
{
    /// <summary>The authorization policy for writes (the administrator).</summary>
    public const string AdminPolicy = PaperGraph.Web.Auth.PaperGraphAuth.AdminPolicy;

    internal const string UpsertEdge =
        "MATCH (a:Paper {key: $from}), (b:Paper {key: $to}) " +
        "MERGE (a)-[r:PREREQUISITE_OF]->(b) " +
        "SET r.reason = $reason, r.curator = $curator, r.createdAt = $createdAt " +
        "RETURN a.key AS prerequisite, b.key AS unlocks";

    internal const string DeleteEdge =
        "MATCH (a:Paper {key: $from})-[r:PREREQUISITE_OF]->(b:Paper {key: $to}) DELETE r RETURN count(*) AS deleted";

    public static RouteGroupBuilder MapCuration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/curation").WithTags("Curation").RequireAuthorization(AdminPolicy);
        group.MapPost("/edges", AddEdgeAsync)
            .WithSummary("Adds (or re-words) a prerequisite edge; refuses self-loops, unknown papers and cycles.");
        group.MapDelete("/edges/{from}/{to}", RemoveEdgeAsync)
            .WithSummary("Removes a prerequisite edge.");
        return group;
    }

    internal static async Task<Results<Created<PrerequisiteEdge>, ProblemHttpResult>> AddEdgeAsync(
        CurateEdgeRequest request, ClaimsPrincipal user, IGraphDatabase database, PaperGraphReader reader,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var from = request.From?.Trim();
        var to = request.To?.Trim();
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
            return Invalid("Missing paper", "Give both 'from' (the prerequisite) and 'to' (what it unlocks) as paper keys.");
        if (string.IsNullOrEmpty(reason))
            return Invalid("Missing reason", $"Say why '{from}' should be read before '{to}': every prerequisite edge needs a reason.");
        if (string.Equals(from, to, StringComparison.Ordinal))
            return Invalid("Self-loop", $"'{from}' cannot be a prerequisite of itself.");

        var graph = await reader.ReadAsync(cancellationToken);
        if (graph.Find(from) is null)
            return PapersEndpoints.NotFound(graph, from);
        if (graph.Find(to) is null)
            return PapersEndpoints.NotFound(graph, to);
        if (LearningPlanner.ShortestChain(graph, to, from) is { } back)
        {
            var cycle = string.Join(" -> ", back.Papers.Select(p => p.Key).Append(to));
            return TypedResults.Problem(statusCode: 409, title: "Would create a cycle",
                detail: $"'{to}' already leads to '{from}' ({string.Join(" -> ", back.Papers.Select(p => p.Key))}), so '{from}' -> '{to}' would close the cycle {cycle}.");
        }

        var curator = user.Identity?.Name ?? "admin";
        var result = await database.ExecuteAsync(new CypherQuery(UpsertEdge, new Dictionary<string, object?>
        {
            ["from"] = from, ["to"] = to, ["reason"] = reason, ["curator"] = curator,
            ["createdAt"] = clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);
        if (result.Values.Count == 0)
            return TypedResults.Problem(statusCode: 404, title: "Paper not found", detail: $"'{from}' or '{to}' no longer exists.");
        return TypedResults.Created($"/api/papers/{Uri.EscapeDataString(to)}", new PrerequisiteEdge(from, to, reason, curator));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveEdgeAsync(
        string from, string to, IGraphDatabase database, CancellationToken cancellationToken)
    {
        var result = await database.ExecuteAsync(new CypherQuery(DeleteEdge,
            new Dictionary<string, object?> { ["from"] = from, ["to"] = to }), cancellationToken);
        var deleted = result.Values.Count > 0 ? PaperGraphModel.Integer(result.Values[0][0]) ?? 0 : 0;
        return deleted > 0
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "No such edge", detail: $"There is no prerequisite edge '{from}' -> '{to}'.");
    }

    private static ProblemHttpResult Invalid(string title, string detail) =>
        TypedResults.Problem(statusCode: 400, title: title, detail: detail);
}
