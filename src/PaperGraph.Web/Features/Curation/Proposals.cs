using System.Security.Claims;
using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.Curation;

/// <summary>A contributor's proposal: an edge (<see cref="From"/>, <see cref="To"/>, <see cref="Reason"/>) or a paper
/// (<see cref="Paper"/>, with <see cref="Reason"/> saying why it belongs).</summary>
public sealed record ProposalRequest(string? From, string? To, string? Reason, PaperFields? Paper);

/// <summary>A review's note (required to reject).</summary>
public sealed record ReviewRequest(string? Note);

/// <summary>A proposal as listed: status <c>open</c>, <c>accepted</c> (with the change <see cref="Seq"/>) or <c>rejected</c>.</summary>
public sealed record Proposal(string Id, string Kind, string Proposer, string At, string? From, string? To, string? Reason,
    PaperFields? Paper, string Status, string? Reviewer, string? Note, string? ReviewedAt, long? Seq);

/// <summary>
/// Proposals (<c>/api/curation/proposals</c>): contributors propose an edge or a paper with a reason; curators accept
/// (applied through the same rules and recorded with both names: curator and proposer) or reject with a note; the
/// proposer sees the outcome in their list. Stored as <c>(:Proposal)</c> nodes.
/// </summary>
public static class ProposalEndpoints
{
    private const string Fields = "p.id AS id, p.kind AS kind, p.proposer AS proposer, p.at AS at, p.from AS from, p.to AS to, p.reason AS reason, " +
                                  "p.paper AS paper, p.status AS status, p.reviewer AS reviewer, p.note AS note, p.reviewedAt AS reviewedAt, p.seq AS seq";

    public static void MapProposals(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/curation/proposals").WithTags("Proposals");
        group.MapPost("", ProposeAsync).RequireAuthorization(PaperGraphAuth.ContributorPolicy)
            .WithSummary("Proposes an edge {from, to, reason} or a paper {paper: {key, title, …}, reason} (201).");
        group.MapGet("", ListAsync).RequireAuthorization(PaperGraphAuth.ContributorPolicy)
            .WithSummary("Proposals, newest first: curators see all, contributors their own. status=open|accepted|rejected.");
        group.MapPost("/{id}/accept", AcceptAsync).RequireAuthorization(PaperGraphAuth.CuratorPolicy)
            .WithSummary("Applies a proposal through the same rules (codes as POST /api/curation/edges) and records both names.");
        group.MapPost("/{id}/reject", RejectAsync).RequireAuthorization(PaperGraphAuth.CuratorPolicy)
            .WithSummary("Rejects a proposal with a note.");
    }

    internal static async Task<IResult> ProposeAsync(ProposalRequest? request, ClaimsPrincipal user, IGraphDatabase database,
        CurationService curation, PaperGraphReader reader, TimeProvider clock, CancellationToken ct)
    {
        var reason = request?.Reason?.Trim();
        if (request is null || (request.Paper is null && (string.IsNullOrWhiteSpace(request.From) || string.IsNullOrWhiteSpace(request.To))))
            return CurationEndpoints.Problem(CurationOutcome.Problem(400, "Missing field", "Propose an edge {from, to, reason} or a paper {paper: {key, title}, reason}."));
        if (string.IsNullOrEmpty(reason))
            return CurationEndpoints.Problem(CurationOutcome.Problem(400, "Missing reason", "Say why: every proposal needs a reason."));
        if (reason.Length > 1000)
            return CurationEndpoints.Problem(CurationOutcome.Problem(400, "Reason too long", "At most 1,000 characters."));
        var graph = await reader.ReadAsync(ct);
        string? paperJson = null;
        if (request.Paper is { } paper)
        {
            if (string.IsNullOrWhiteSpace(paper.Key) || string.IsNullOrWhiteSpace(paper.Title))
                return CurationEndpoints.Problem(CurationOutcome.Problem(400, "Missing field", "A proposed paper needs a key and a title."));
            if (graph.Find(paper.Key.Trim()) is not null)
                return CurationEndpoints.Problem(CurationOutcome.Problem(409, "Paper exists", $"A paper with the key '{paper.Key}' already exists."));
            paperJson = JsonSerializer.Serialize(paper);
        }
        else
        {
            var (from, to) = (request.From!.Trim(), request.To!.Trim());
            if (from == to) return CurationEndpoints.Problem(CurationOutcome.Problem(400, "Self-loop", $"'{from}' cannot be a prerequisite of itself."));
            foreach (var key in new[] { from, to })
                if (graph.Find(key) is null) return PapersEndpoints.NotFound(graph, key);
            if (CurationPreview.Preview(graph, from, to).Cycle is { } cycle)
                return CurationEndpoints.Problem(CurationService.CycleProblem(from, to, cycle));
        }
        var id = Guid.NewGuid().ToString("N")[..12];
        var at = PaperGraph.Graph.Curation.CurationLog.Timestamp(clock.GetUtcNow());
        await database.ExecuteAsync(new CypherQuery(
            "CREATE (p:Proposal {id: $id, kind: $kind, proposer: $proposer, at: $at, status: 'open', reason: $reason}) SET p.from = $from, p.to = $to, p.paper = $paper",
            new Dictionary<string, object?>
            {
                ["id"] = id, ["kind"] = paperJson is null ? "edge" : "paper", ["proposer"] = CurationEndpoints.CuratorName(user), ["at"] = at,
                ["reason"] = reason, ["from"] = request.From?.Trim(), ["to"] = request.To?.Trim(), ["paper"] = paperJson,
            }) { Actor = CurationEndpoints.CuratorName(user) }, ct);
        var created = await FindAsync(database, id, ct);
        return TypedResults.Created($"/api/curation/proposals/{id}", created);
    }

    internal static async Task<IResult> ListAsync(string? status, ClaimsPrincipal user, IGraphDatabase database, CancellationToken ct)
    {
        var curator = user.IsInRole(PaperGraphAuth.CuratorRole) || user.IsInRole(PaperGraphAuth.AdminRole);
        var result = await database.ExecuteAsync(CypherQuery.Read(
            $"MATCH (p:Proposal) WHERE ($status IS NULL OR p.status = $status) AND ($proposer IS NULL OR p.proposer = $proposer) RETURN {Fields} ORDER BY p.at DESC LIMIT 500",
            new Dictionary<string, object?> { ["status"] = string.IsNullOrWhiteSpace(status) ? null : status, ["proposer"] = curator ? null : CurationEndpoints.CuratorName(user) }), ct);
        return TypedResults.Ok(result.Values.Select(Read).ToList());
    }

    internal static async Task<IResult> AcceptAsync(string id, ClaimsPrincipal user, IGraphDatabase database, CurationService curation,
        PaperGraphReader reader, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(database, id, ct) is not { } proposal)
            return CurationEndpoints.Problem(CurationOutcome.Problem(404, "No such proposal", $"No proposal has the id '{id}'."));
        if (proposal.Status != "open")
            return CurationEndpoints.Problem(CurationOutcome.Problem(409, "Already reviewed", $"The proposal was already {proposal.Status} by {proposal.Reviewer}."));
        var reviewer = CurationEndpoints.CuratorName(user);
        Func<IGraphTransaction, long?, Task> close = (tx, seq) => tx.ExecuteAsync(new CypherQuery(
            "MATCH (p:Proposal {id: $id, status: 'open'}) SET p.status = 'accepted', p.reviewer = $reviewer, p.reviewedAt = $at, p.seq = $seq",
            new Dictionary<string, object?> { ["id"] = id, ["reviewer"] = reviewer, ["at"] = PaperGraph.Graph.Curation.CurationLog.Timestamp(clock.GetUtcNow()), ["seq"] = seq }), ct);
        var outcome = proposal.Kind == "paper"
            ? await curation.AddPaperAsync(proposal.Paper!, reviewer, proposal.Proposer, ct, close)
            : await curation.AddEdgeAsync(proposal.From, proposal.To, proposal.Reason, reviewer, null, proposal.Proposer, ct, close);
        if (!outcome.Succeeded) return await CurationEndpoints.ToResultAsync(outcome, reader, ct);
        return TypedResults.Ok(await FindAsync(database, id, ct));
    }

    internal static async Task<IResult> RejectAsync(string id, ReviewRequest? request, ClaimsPrincipal user, IGraphDatabase database,
        TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.Note))
            return CurationEndpoints.Problem(CurationOutcome.Problem(400, "Missing note", "Say why the proposal is rejected: the proposer reads it."));
        var result = await database.ExecuteAsync(new CypherQuery(
            "MATCH (p:Proposal {id: $id}) WITH p, p.status AS before WHERE before = 'open' SET p.status = 'rejected', p.reviewer = $reviewer, p.note = $note, p.reviewedAt = $at RETURN before",
            new Dictionary<string, object?> { ["id"] = id, ["reviewer"] = CurationEndpoints.CuratorName(user), ["note"] = request.Note.Trim(), ["at"] = PaperGraph.Graph.Curation.CurationLog.Timestamp(clock.GetUtcNow()) }), ct);
        if (result.Values.Count == 0)
            return await FindAsync(database, id, ct) is { } p
                ? CurationEndpoints.Problem(CurationOutcome.Problem(409, "Already reviewed", $"The proposal was already {p.Status} by {p.Reviewer}."))
                : CurationEndpoints.Problem(CurationOutcome.Problem(404, "No such proposal", $"No proposal has the id '{id}'."));
        return TypedResults.Ok(await FindAsync(database, id, ct));
    }

    private static async Task<Proposal?> FindAsync(IGraphDatabase database, string id, CancellationToken ct)
    {
        var result = await database.ExecuteAsync(CypherQuery.Read($"MATCH (p:Proposal {{id: $id}}) RETURN {Fields}",
            new Dictionary<string, object?> { ["id"] = id }), ct);
        return result.Values.Count == 0 ? null : Read(result.Values[0]);
    }

    private static Proposal Read(IReadOnlyList<object?> r) => new(
        r[0] as string ?? "", r[1] as string ?? "edge", r[2] as string ?? "", r[3] as string ?? "", r[4] as string, r[5] as string,
        r[6] as string, r[7] is string json ? JsonSerializer.Deserialize<PaperFields>(json) : null, r[8] as string ?? "open",
        r[9] as string, r[10] as string, r[11] as string, r[12] as long?);
}
