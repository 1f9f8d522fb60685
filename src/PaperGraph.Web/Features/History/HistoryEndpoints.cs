using System.Globalization;
using System.Security.Claims;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.Curation;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.History;

/// <summary>History (<c>GET /api/history</c>, public like the graph) and undo (<c>POST /api/history/{seq}/undo</c>,
/// curators).</summary>
public static class HistoryEndpoints
{
    public static RouteGroupBuilder MapHistory(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/history").WithTags("History");
        group.MapGet("", GetHistoryAsync)
            .WithSummary("Changes to papers and edges, newest first: seq, at, curator, action, from, to, paper, reason, previous.")
            .WithDescription("paper= keeps changes touching that paper; curator= those by (or proposed by) that account; since= a change number (later ones) or an ISO-8601 time; limit= 1..500 (50).");
        group.MapPost("/{seq:long}/undo", UndoAsync).RequireAuthorization(PaperGraphAuth.CuratorPolicy)
            .WithSummary("Applies the inverse of a change through the same rules and records it; 409 names the later change that prevents it.");
        return group;
    }

    internal static async Task<IResult> GetHistoryAsync(string? paper, string? curator, string? since, int? limit,
        HistoryReader history, CancellationToken ct)
    {
        if (limit is <= 0 or > HistoryReader.MaxLimit)
            return TypedResults.Problem(statusCode: 400, title: "Invalid limit", detail: $"limit must be between 1 and {HistoryReader.MaxLimit}, not {limit}.");
        long? sinceSeq = null;
        string? sinceAt = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            if (long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var s)) sinceSeq = s;
            else if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                sinceAt = PaperGraph.Graph.Curation.CurationLog.Timestamp(at);
            else
                return TypedResults.Problem(statusCode: 400, title: "Invalid since", detail: $"since must be a change number or an ISO-8601 time, not '{since}'.");
        }
        var entries = await history.ReadAsync(Blank(paper), Blank(curator), sinceSeq, sinceAt, limit ?? 50, ct);
        return TypedResults.Ok(entries);
    }

    internal static async Task<IResult> UndoAsync(long seq, ClaimsPrincipal user, CurationService curation, PaperGraphReader reader, CancellationToken ct) =>
        await CurationEndpoints.ToResultAsync(await curation.UndoAsync(seq, CurationEndpoints.CuratorName(user), ct), reader, ct);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
