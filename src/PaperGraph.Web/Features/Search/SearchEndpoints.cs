using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.Search;

/// <summary><c>GET /api/search?q=</c>: forgiving match on titles, keys and aliases.</summary>
public static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Search");
        group.MapGet("/search", SearchAsync)
            .WithSummary("Papers whose key, alias or title matches q, best first (case, punctuation and small typos forgiven).");
        return group;
    }

    internal static async Task<Results<Ok<IReadOnlyList<SearchHit>>, ProblemHttpResult>> SearchAsync(
        string? q, int? limit, PaperGraphReader reader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
            return TypedResults.Problem(statusCode: 400, title: "Missing search text",
                detail: "Give the text to look for in the query string, e.g. /api/search?q=lora.");
        if (limit is <= 0 or > 100)
            return TypedResults.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit must be between 1 and 100, not {limit}.");
        var graph = await reader.ReadAsync(cancellationToken);
        return TypedResults.Ok(PaperSearch.Find(graph, q, limit ?? 10));
    }
}
