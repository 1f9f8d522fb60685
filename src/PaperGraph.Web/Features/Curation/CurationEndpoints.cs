using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.Curation;

/// <summary>A prerequisite edge to add or re-word: <see cref="From"/> is a prerequisite of <see cref="To"/>.</summary>
public sealed record CurateEdgeRequest(string? From, string? To, string? Reason);

/// <summary>
/// Curators add, re-word and remove prerequisite edges and add, edit and remove papers: <c>/api/curation/…</c>. Every write is
/// one transaction that takes the curation lock, checks the rules, writes and records its change (see
/// <see cref="CurationService"/>); edits honour <c>If-Match</c> (412 when the edge or paper changed since).
/// </summary>
public static class CurationEndpoints
{
    /// <summary>The authorization policy for curators' writes.</summary>
    public const string CuratorPolicy = PaperGraphAuth.CuratorPolicy;

    public static RouteGroupBuilder MapCuration(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/curation/edges/{from}/{to}", GetEdgeAsync).WithTags("Curation")
            .WithSummary("One prerequisite edge with its version (ETag), to edit it with If-Match.");
        app.MapGet("/api/curation/papers/{key}", GetPaperAsync).WithTags("Curation")
            .WithSummary("One paper's editable fields with its version (ETag), to edit it with If-Match.");

        app.MapPost("/api/curation/preview", PreviewAsync).WithTags("Curation").RequireAuthorization(PaperGraphAuth.ContributorPolicy)
            .WithSummary("What an edge {from, to} would do before it is saved: the cycle it would close, whether it is redundant (via which papers), the edges it would make redundant, how many learning plans change and the largest changes.");
        app.MapProposals();

        var group = app.MapGroup("/api/curation").WithTags("Curation").RequireAuthorization(CuratorPolicy);
        group.MapPost("/edges", AddEdgeAsync)
            .WithSummary("Adds a prerequisite edge (201) or re-words an existing one (200); 400 blank reason, self-loop or missing field; 404 unknown paper; 409 a cycle (its keys in order); 412 If-Match stale.");
        group.MapDelete("/edges/{from}/{to}", RemoveEdgeAsync)
            .WithSummary("Removes a prerequisite edge (200 with the removed edge); 404 no such edge or paper; 412 If-Match stale.");
        group.MapPost("/papers", AddPaperAsync)
            .WithSummary("Adds a paper {key, title, url, year, kind, aliases, section} (201); 400 invalid; 409 the key exists.");
        group.MapPatch("/papers/{key}", EditPaperAsync)
            .WithSummary("Edits a paper's title, url, year, kind, aliases or section (200); 404 unknown; 412 If-Match stale.");
        group.MapDelete("/papers/{key}", RemovePaperAsync)
            .WithSummary("Removes a paper (200 with the removed paper); 404 unknown; 409 while prerequisite edges touch it (named); 412 If-Match stale.");
        return group;
    }

    internal static string CuratorName(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    internal static async Task<IResult> AddEdgeAsync(CurateEdgeRequest? request, ClaimsPrincipal user, HttpRequest http,
        CurationService curation, PaperGraphReader reader, CancellationToken ct)
    {
        if (request is null) return Problem(CurationOutcome.Problem(400, "Missing body", "Send {\"from\", \"to\", \"reason\"} as JSON."));
        if (request.Reason is { Length: > 1000 })
            return Problem(CurationOutcome.Problem(400, "Reason too long", "Keep the reason to one line for the learner (at most 1,000 characters)."));
        var outcome = await curation.AddEdgeAsync(request.From, request.To, request.Reason, CuratorName(user), IfMatch(http), null, ct);
        return await ToResultAsync(outcome, reader, ct,
            outcome.Body is CuratedEdge e ? $"/api/curation/edges/{Uri.EscapeDataString(e.From)}/{Uri.EscapeDataString(e.To)}" : null);
    }

    internal static async Task<IResult> RemoveEdgeAsync(string from, string to, ClaimsPrincipal user, HttpRequest http,
        CurationService curation, PaperGraphReader reader, CancellationToken ct) =>
        await ToResultAsync(await curation.RemoveEdgeAsync(from, to, CuratorName(user), IfMatch(http), ct), reader, ct);

    internal static async Task<IResult> AddPaperAsync(PaperFields? request, ClaimsPrincipal user, CurationService curation,
        PaperGraphReader reader, CancellationToken ct)
    {
        if (request is null) return Problem(CurationOutcome.Problem(400, "Missing body", "Send {\"key\", \"title\", …} as JSON."));
        var outcome = await curation.AddPaperAsync(request, CuratorName(user), null, ct);
        return await ToResultAsync(outcome, reader, ct, outcome.Body is CuratedPaper p ? $"/api/papers/{Uri.EscapeDataString(p.Key)}" : null);
    }

    internal static async Task<IResult> EditPaperAsync(string key, PaperFields? request, ClaimsPrincipal user, HttpRequest http,
        CurationService curation, PaperGraphReader reader, CancellationToken ct)
    {
        if (request is null) return Problem(CurationOutcome.Problem(400, "Missing body", "Send the fields to change as JSON."));
        return await ToResultAsync(await curation.EditPaperAsync(key, request, CuratorName(user), IfMatch(http), ct), reader, ct);
    }

    internal static async Task<IResult> RemovePaperAsync(string key, ClaimsPrincipal user, HttpRequest http,
        CurationService curation, PaperGraphReader reader, CancellationToken ct) =>
        await ToResultAsync(await curation.RemovePaperAsync(key, CuratorName(user), IfMatch(http), ct), reader, ct);

    internal static async Task<IResult> GetEdgeAsync(string from, string to, HttpResponse response, CurationService curation, CancellationToken ct)
    {
        if (await curation.GetEdgeAsync(from, to, ct) is not { } edge)
            return Problem(CurationOutcome.Problem(404, "No such edge", $"There is no prerequisite edge '{from}' -> '{to}'."));
        response.Headers.ETag = edge.Version;
        return TypedResults.Ok(edge);
    }

    internal static async Task<IResult> GetPaperAsync(string key, HttpResponse response, CurationService curation,
        PaperGraphReader reader, CancellationToken ct)
    {
        if (await curation.GetPaperAsync(key, ct) is not { } paper)
            return PapersEndpoints.NotFound(await reader.ReadAsync(ct), key);
        response.Headers.ETag = paper.Version;
        return TypedResults.Ok(paper);
    }

    internal static async Task<IResult> PreviewAsync(CurateEdgeRequest? request, PaperGraphReader reader, CancellationToken ct)
    {
        var from = request?.From?.Trim();
        var to = request?.To?.Trim();
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
            return Problem(CurationOutcome.Problem(400, "Missing paper", "Give both 'from' and 'to' as paper keys."));
        if (from == to)
            return Problem(CurationOutcome.Problem(400, "Self-loop", $"'{from}' cannot be a prerequisite of itself."));
        var graph = await reader.ReadAsync(ct);
        foreach (var key in new[] { from, to })
            if (graph.Find(key) is null) return PapersEndpoints.NotFound(graph, key);
        return TypedResults.Ok(CurationPreview.Preview(graph, from, to));
    }

    internal static string? IfMatch(HttpRequest http) => http.Headers.IfMatch.Count == 0 ? null : http.Headers.IfMatch.ToString();

    /// <summary>HTTP for an outcome: the body with its ETag, or ProblemDetails (a 404 for a paper names the closest keys).</summary>
    internal static async Task<IResult> ToResultAsync(CurationOutcome outcome, PaperGraphReader reader, CancellationToken ct, string? location = null)
    {
        if (outcome.Succeeded)
        {
            var result = outcome.Status == 201 && location is not null
                ? TypedResults.Created(location, outcome.Body)
                : (IResult)TypedResults.Json(outcome.Body, statusCode: outcome.Status);
            return outcome.ETag is { } etag ? new WithETag(result, etag) : result;
        }
        if (outcome.Status == 404 && outcome.Title == "Paper not found" && outcome.Extensions?.GetValueOrDefault("key") is string key)
            return PapersEndpoints.NotFound(await reader.ReadAsync(ct), key);
        return Problem(outcome);
    }

    internal static IResult Problem(CurationOutcome outcome) =>
        TypedResults.Problem(statusCode: outcome.Status, title: outcome.Title, detail: outcome.Detail,
            extensions: outcome.Extensions?.ToDictionary(p => p.Key, p => p.Value));

    private sealed class WithETag(IResult inner, string etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = etag;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
