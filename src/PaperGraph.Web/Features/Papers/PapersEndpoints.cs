using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Search;

namespace PaperGraph.Web.Features.Papers;

/// <summary>The whole graph for drawing (<c>GET /api/graph</c>) and one paper with its neighbours
/// (<c>GET /api/papers/{key}</c>).</summary>
public static class PapersEndpoints
{
    /// <summary>The most papers <c>GET /api/graph</c> returns unless asked for fewer.</summary>
    public const int MaxLimit = 20_000;

    public static RouteGroupBuilder MapPapers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Papers");
        group.MapGet("/graph", GetGraphAsync)
            .WithSummary("The whole prerequisite graph for drawing: sections, papers and edges with their reasons.")
            .WithDescription("Papers come in reading order (section order, then year). With limit=N only the first N papers and the edges between them are returned; total says how many there are.");
        group.MapGet("/papers/{key}", GetPaperAsync)
            .WithSummary("One paper with its sections, its prerequisites and what it unlocks, each with the curator's reason.");
        return group;
    }

    /// <remarks>The whole graph as it is now (no <c>limit</c>, no <c>asOf</c>), the answer every page asks for, is
    /// served from bytes made once per version of the read model, with an ETag: a page that holds it revalidates and
    /// gets a 304 until the graph changes.</remarks>
    internal static async Task<Results<Ok<GraphResponse>, FileContentHttpResult, ProblemHttpResult>> GetGraphAsync(
        PaperGraphReader reader, History.HistoryReader history, ModelResponseCache cache, HttpContext context,
        int? limit, long? asOf, CancellationToken cancellationToken)
    {
        if (limit is <= 0 or > MaxLimit)
            return TypedResults.Problem(statusCode: 400, title: "Invalid limit",
                detail: $"limit must be between 1 and {MaxLimit}, not {limit}.");
        var read = await ReadAsOfAsync(reader, history, asOf, cancellationToken);
        if (read.Problem is { } problem) return problem;
        if (limit is null && asOf is null)
            return cache.Serve(context, read.Graph!, ModelResponseCache.GraphAnswer, graph => Graph(graph, null));
        return TypedResults.Ok(Graph(read.Graph!, limit));
    }

    private static GraphResponse Graph(PaperGraphModel graph, int? limit)
    {
        var papers = limit is { } n ? graph.Papers.Take(n).ToList() : graph.Papers;
        var shown = papers.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return new GraphResponse(
            graph.Sections,
            papers.Select(p => new GraphPaper(p.Key, p.Title, p.Year, p.Kind, p.Section, p.Sections, p.CuratedAddition, p.Aliases)).ToList(),
            graph.Edges.Where(e => shown.Contains(e.From) && shown.Contains(e.To)).ToList(),
            graph.Papers.Count,
            graph.Sequence);
    }

    internal static async Task<Results<Ok<PaperDetail>, ProblemHttpResult>> GetPaperAsync(
        string key, PaperGraphReader reader, IGraphDatabase database, CancellationToken cancellationToken)
    {
        // The projected read model when it is current; else the paper's neighbourhood by Cypher (no projection of the
        // whole graph on this request); the whole model for an unknown key's suggestions.
        var graph = reader.CurrentModel
            ?? await PaperNeighbourhood.ReadAsync(database, key, cancellationToken)
            ?? await reader.ReadAsync(cancellationToken);
        if (graph.Find(key) is not { } paper)
            return NotFound(graph, key);
        NeighbourRef Neighbour(string other, PrerequisiteEdge edge)
        {
            var p = graph.Find(other)!;
            return new NeighbourRef(p.Key, p.Title, p.Year, p.Section, edge.Reason, edge.Curator);
        }
        return TypedResults.Ok(new PaperDetail(paper.Key, paper.Title, paper.Url, paper.Kind, paper.Year,
            paper.Authors, paper.Aliases, paper.CuratedAddition,
            paper.Sections.Select(s => graph.FindSection(s)!).ToList(),
            graph.PrerequisitesOf(key).Select(e => Neighbour(e.From, e)).OrderBy(n => n.Year ?? long.MaxValue).ThenBy(n => n.Key, StringComparer.Ordinal).ToList(),
            graph.UnlocksOf(key).Select(e => Neighbour(e.To, e)).OrderBy(n => n.Year ?? long.MaxValue).ThenBy(n => n.Key, StringComparer.Ordinal).ToList()));
    }

    /// <summary>The graph now, or as it stood right after change <paramref name="asOf"/> (400 for a bad number,
    /// 409 when a later change cannot be reversed).</summary>
    internal static async Task<(PaperGraphModel? Graph, ProblemHttpResult? Problem)> ReadAsOfAsync(PaperGraphReader reader,
        History.HistoryReader history, long? asOf, CancellationToken cancellationToken)
    {
        if (asOf is null) return (await reader.ReadAsync(cancellationToken), null);
        if (asOf < 0)
            return (null, TypedResults.Problem(statusCode: 400, title: "Invalid asOf", detail: $"asOf must be a change number (0 or more), not {asOf}."));
        var (graph, blocking) = await history.AsOfAsync(asOf.Value, cancellationToken);
        if (graph is null)
            return (null, TypedResults.Problem(statusCode: 409, title: "Cannot show the graph as of that change",
                detail: $"Change {blocking!.Seq} ({blocking.Action} by {blocking.Curator}) came later and cannot be reversed; pick a change after it."));
        return (graph, null);
    }

    /// <summary>404 naming the unknown key and the closest known ones.</summary>
    internal static ProblemHttpResult NotFound(PaperGraphModel graph, string key)
    {
        // The key as typed; else the best two for each of its words, in order ("lora-adapters" → "lora", "adapters").
        var hits = PaperSearch.Find(graph, key, 3).ToList();
        foreach (var word in key.Split(['-', '_', ' ', '.'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 2).Take(4))
        {
            if (hits.Count >= 3) break;
            hits.AddRange(PaperSearch.Find(graph, word, 2).Where(h => hits.All(x => x.Key != h.Key)).Take(3 - hits.Count));
        }
        var close = hits.Select(h => $"'{h.Key}'").ToList();
        var hint = close.Count > 0 ? $" Did you mean {string.Join(" or ", close)}?" : "";
        return TypedResults.Problem(statusCode: 404, title: "Paper not found",
            detail: $"No paper has the key '{key}'.{hint}",
            extensions: new Dictionary<string, object?>
            {
                ["key"] = key,
                ["suggestions"] = hits.Select(h => new PaperSuggestion(h.Key, h.Title, h.Year)).ToList(),
            });
    }
}

/// <summary>A paper the 404 of an unknown key suggests instead.</summary>
public sealed record PaperSuggestion(string Key, string Title, long? Year);

/// <summary>A paper as drawn in the graph.</summary>
/// <param name="Aliases">The names people use for it ("GPT-2"); the first short one labels the node.</param>
public sealed record GraphPaper(string Key, string Title, long? Year, string? Kind, string? Section,
    IReadOnlyList<string> Sections, bool CuratedAddition, IReadOnlyList<string> Aliases);

/// <summary>The answer of <c>GET /api/graph</c>.</summary>
/// <param name="Total">How many papers the graph holds (more than <see cref="Papers"/> when limited).</param>
/// <param name="Sequence">The change-feed sequence the graph was read at.</param>
public sealed record GraphResponse(IReadOnlyList<SectionInfo> Sections, IReadOnlyList<GraphPaper> Papers,
    IReadOnlyList<PrerequisiteEdge> Edges, int Total, long Sequence);

/// <summary>A neighbouring paper and the curated edge that links it.</summary>
public sealed record NeighbourRef(string Key, string Title, long? Year, string? Section, string? Reason, string? Curator);

/// <summary>The answer of <c>GET /api/papers/{key}</c>.</summary>
public sealed record PaperDetail(string Key, string Title, string? Url, string? Kind, long? Year,
    IReadOnlyList<string> Authors, IReadOnlyList<string> Aliases, bool CuratedAddition,
    IReadOnlyList<SectionInfo> Sections, IReadOnlyList<NeighbourRef> Prerequisites, IReadOnlyList<NeighbourRef> Unlocks);
