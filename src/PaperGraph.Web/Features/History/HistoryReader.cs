using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.History;

/// <summary>One recorded change, as <c>GET /api/history</c> answers it.</summary>
public sealed record HistoryEntry(long Seq, string? At, string Curator, string Action, string? From, string? To, string? Paper,
    string? Reason, string? Previous, string? Proposer, long? Undoes, string? Via, string? Statement);

/// <summary>Reads history (<c>(:Change)</c> nodes) and rebuilds the graph as it stood right after a change.</summary>
public sealed class HistoryReader(IGraphDatabase database, PaperGraphReader graphs)
{
    /// <summary>The most entries one request returns.</summary>
    public const int MaxLimit = 500;

    /// <summary>The most later changes an as-of view reverses.</summary>
    public const int MaxReplay = 100_000;

    private const string Query = """
        MATCH (c:Change)
        WHERE ($paper IS NULL OR c.paper = $paper OR c.from = $paper OR c.to = $paper)
          AND ($curator IS NULL OR c.curator = $curator OR c.proposer = $curator)
          AND ($sinceSeq IS NULL OR c.seq > $sinceSeq)
          AND ($sinceAt IS NULL OR c.at >= $sinceAt)
          AND ($after IS NULL OR c.seq > $after)
        RETURN c ORDER BY c.seq DESC LIMIT $limit
        """;

    /// <summary>Newest first.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> ReadAsync(string? paper, string? curator, long? sinceSeq, string? sinceAt,
        int limit, CancellationToken ct, long? after = null)
    {
        var result = await database.ExecuteAsync(CypherQuery.Read(Query, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["paper"] = paper, ["curator"] = curator, ["sinceSeq"] = sinceSeq, ["sinceAt"] = sinceAt, ["after"] = after, ["limit"] = (long)limit,
        }), ct);
        return result.Values.Select(r => r[0]).OfType<GraphNode>().Select(Entry).ToList();
    }

    /// <summary>The change numbered <paramref name="seq"/>, or null.</summary>
    public async Task<HistoryEntry?> FindAsync(long seq, CancellationToken ct)
    {
        var result = await database.ExecuteAsync(CypherQuery.Read("MATCH (c:Change {seq: $seq}) RETURN c",
            new Dictionary<string, object?> { ["seq"] = seq }), ct);
        return result.Values.Select(r => r[0]).OfType<GraphNode>().Select(Entry).FirstOrDefault();
    }

    /// <summary>The newest change number (0 when nothing was recorded).</summary>
    public async Task<long> LastAsync(CancellationToken ct)
    {
        var result = await database.ExecuteAsync(CypherQuery.Read("MATCH (l:ChangeLog {key: 'changes'}) RETURN l.seq"), ct);
        return result.Values.Count > 0 && result.Values[0][0] is long seq ? seq : 0;
    }

    internal static HistoryEntry Entry(GraphNode node)
    {
        var p = node.Properties;
        string? S(string k) => p.GetValueOrDefault(k) as string;
        return new HistoryEntry(p.GetValueOrDefault("seq") as long? ?? 0, S("at"), S("curator") ?? CurationLog.UnknownActor,
            S("action") ?? "", S("from"), S("to"), S("paper"), S("reason"), S("previous"), S("proposer"),
            p.GetValueOrDefault("undoes") as long?, S("via"), S("statement"));
    }

    /// <summary>The graph as it stood right after change <paramref name="asOf"/>: today's graph with every later change
    /// reversed, newest first. Null when a later change cannot be reversed (a raw Cypher change on Neo4j, an import);
    /// <paramref name="blocking"/> then names it.</summary>
    public async Task<(PaperGraphModel? Graph, HistoryEntry? Blocking)> AsOfAsync(long asOf, CancellationToken ct)
    {
        var graph = await graphs.ReadAsync(ct);
        // Bounded: an as-of further back than this many changes is refused by the caller.
        var later = await ReadAsync(null, null, null, null, MaxReplay + 1, ct, after: asOf);
        if (later.Count > MaxReplay) return (null, later[MaxReplay]);
        var papers = graph.Papers.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var edges = graph.Edges.ToDictionary(e => (e.From, e.To));
        foreach (var change in later.OrderByDescending(e => e.Seq))
        {
            switch (change.Action)
            {
                case CurationLog.Actions.AddEdge when change.From is { } f && change.To is { } t:
                    edges.Remove((f, t));
                    break;
                case CurationLog.Actions.RemoveEdge when change.From is { } f && change.To is { } t:
                    edges[(f, t)] = new PrerequisiteEdge(f, t, change.Reason, null);
                    break;
                case CurationLog.Actions.RewordEdge when change.From is { } f && change.To is { } t:
                    if (edges.TryGetValue((f, t), out var e)) edges[(f, t)] = e with { Reason = change.Previous };
                    break;
                case CurationLog.Actions.AddPaper when change.Paper is { } k:
                    papers.Remove(k);
                    break;
                case CurationLog.Actions.EditPaper when change.Paper is { } k && papers.TryGetValue(k, out var paper):
                    papers[k] = Revert(paper, change.Previous);
                    break;
                case CurationLog.Actions.RemovePaper when change.Paper is { } k:
                    papers[k] = Restore(k, change.Previous);
                    break;
                case CurationLog.Actions.AddEdge or CurationLog.Actions.RemoveEdge or CurationLog.Actions.RewordEdge
                    or CurationLog.Actions.AddPaper or CurationLog.Actions.EditPaper or CurationLog.Actions.RemovePaper:
                    break;
                default:
                    return (null, change);
            }
        }
        return (new PaperGraphModel(graph.Sections, papers.Values, edges.Values, graph.Sequence), null);
    }

    private static PaperInfo Revert(PaperInfo paper, string? previous)
    {
        if (previous is null) return paper;
        using var doc = JsonDocument.Parse(previous);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            paper = p.Name switch
            {
                "title" when p.Value.ValueKind == JsonValueKind.String => paper with { Title = p.Value.GetString()! },
                "url" => paper with { Url = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null },
                "year" => paper with { Year = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetInt64() : null },
                "kind" => paper with { Kind = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null },
                "aliases" when p.Value.ValueKind == JsonValueKind.Array => paper with { Aliases = p.Value.EnumerateArray().Select(a => a.GetString() ?? "").ToList() },
                "section" when p.Value.ValueKind == JsonValueKind.String => paper with { Section = p.Value.GetString(), Sections = [p.Value.GetString()!] },
                _ => paper,
            };
        }
        return paper;
    }

    private static PaperInfo Restore(string key, string? previous)
    {
        var paper = new PaperInfo(key, key, null, null, null, [], [], null, [], true);
        return Revert(paper, previous);
    }
}
