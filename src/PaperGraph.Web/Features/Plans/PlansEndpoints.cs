using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.Plans;

/// <summary>Learning plans (<c>GET /api/plans/{key}</c>, <c>GET /api/plans/ready</c>) and prerequisite chains
/// (<c>GET /api/paths/shortest</c>).</summary>
public static class PlansEndpoints
{
    public static RouteGroupBuilder MapPlans(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Plans");
        group.MapGet("/plans/ready", GetReadyAsync)
            .WithSummary("Papers whose prerequisites are all among the known ones: what to read next.");
        group.MapGet("/plans/{key}", GetPlanAsync)
            .WithSummary("Every transitive prerequisite of a paper, in an order that never puts a paper before its prerequisites.")
            .WithDescription("Ties go to the earlier section, then the earlier year. known=a,b leaves out those papers and whatever only they needed. Each step carries the curated edges and the chain that pull it in.");
        group.MapGet("/paths/shortest", GetShortestPathAsync)
            .WithSummary("The shortest chain of prerequisite edges from one paper to another, following edge direction.");
        return group;
    }

    /// <remarks>A plan from nothing known, on the graph as it is now, is served from bytes made once per version
    /// of the read model, with an ETag (<see cref="ModelResponseCache"/>).</remarks>
    internal static async Task<Results<Ok<LearningPlan>, FileContentHttpResult, ProblemHttpResult>> GetPlanAsync(
        string key, string? known, long? asOf, PaperGraphReader reader, History.HistoryReader history,
        ModelResponseCache cache, HttpContext context, CancellationToken cancellationToken)
    {
        var read = await PapersEndpoints.ReadAsOfAsync(reader, history, asOf, cancellationToken);
        if (read.Problem is { } problem) return problem;
        var graph = read.Graph!;
        if (graph.Find(key) is null)
            return PapersEndpoints.NotFound(graph, key);
        var knownKeys = ParseKnown(known);
        if (asOf is null && knownKeys.Count == 0)
            return cache.Serve(context, graph, "plan:" + key, g => LearningPlanner.Plan(g, key, knownKeys));
        return TypedResults.Ok(LearningPlanner.Plan(graph, key, knownKeys));
    }

    internal static async Task<Ok<IReadOnlyList<PaperRef>>> GetReadyAsync(
        string? known, PaperGraphReader reader, CancellationToken cancellationToken)
    {
        var graph = await reader.ReadAsync(cancellationToken);
        return TypedResults.Ok(LearningPlanner.ReadyToRead(graph, ParseKnown(known)));
    }

    internal static async Task<Results<Ok<PrerequisiteChain>, ProblemHttpResult>> GetShortestPathAsync(
        string? from, string? to, PaperGraphReader reader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
            return TypedResults.Problem(statusCode: 400, title: "Missing paper",
                detail: "Give both ends, e.g. /api/paths/shortest?from=word2vec&to=lora.");
        var graph = await reader.ReadAsync(cancellationToken);
        if (graph.Find(from) is null)
            return PapersEndpoints.NotFound(graph, from);
        if (graph.Find(to) is null)
            return PapersEndpoints.NotFound(graph, to);
        if (LearningPlanner.ShortestChain(graph, from, to) is { } chain)
            return TypedResults.Ok(chain);
        var reverse = LearningPlanner.ShortestChain(graph, to, from) is not null
            ? $" There is one the other way: '{to}' leads to '{from}'."
            : "";
        return TypedResults.Problem(statusCode: 404, title: "No prerequisite chain",
            detail: $"No chain of prerequisite edges leads from '{from}' to '{to}'.{reverse}");
    }

    private static HashSet<string> ParseKnown(string? known) =>
        (known ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
}
