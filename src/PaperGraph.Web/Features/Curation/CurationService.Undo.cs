using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;
using PaperGraph.Web.Features.History;

namespace PaperGraph.Web.Features.Curation;

public sealed partial class CurationService
{
    private const string LaterOnEdge = """
        MATCH (c:Change)
        WHERE c.seq > $seq AND ((c.from = $from AND c.to = $to) OR (c.paper IN [$from, $to] AND c.action = 'remove-paper'))
        RETURN c ORDER BY c.seq LIMIT 1
        """;

    private const string LaterOnPaper = """
        MATCH (c:Change)
        WHERE c.seq > $seq AND c.paper = $key
        RETURN c ORDER BY c.seq LIMIT 1
        """;

    /// <summary>Applies the inverse of change <paramref name="seq"/> through the same rules, and records it
    /// (<c>undoes</c> = <paramref name="seq"/>); 409 when a later change makes it impossible, naming that change.</summary>
    public async Task<CurationOutcome> UndoAsync(long seq, string curator, CancellationToken ct)
    {
        await using var tx = await database.BeginTransactionAsync(AccessMode.Write, ct);
        var next = await LockAsync(tx, curator, ct);
        var found = await tx.ExecuteAsync(Q("MATCH (c:Change {seq: $seq}) RETURN c", ("seq", seq)), ct);
        if (found.Values.Count == 0 || found.Values[0][0] is not GraphNode node)
            return CurationOutcome.Problem(404, "No such change", $"No change has the number {seq}.");
        var change = HistoryReader.Entry(node);
        var undone = await tx.ExecuteAsync(Q("MATCH (c:Change {undoes: $seq}) RETURN c.seq", ("seq", seq)), ct);
        if (undone.Values.Count > 0)
            return CurationOutcome.Problem(409, "Already undone", $"Change {seq} was already undone by change {undone.Values[0][0]}.",
                new Dictionary<string, object?> { ["later"] = undone.Values[0][0] });

        HistoryEntry? later = null;
        if (change.From is { } f && change.To is { } t)
            later = await FirstAsync(tx, LaterOnEdge, ct, ("seq", seq), ("from", f), ("to", t));
        else if (change.Paper is { } k)
            later = await FirstAsync(tx, LaterOnPaper, ct, ("seq", seq), ("key", k));
        if (later is not null)
            return CurationOutcome.Problem(409, "A later change prevents the undo",
                $"Change {seq} cannot be undone: change {later.Seq} ({later.Curator}: {Describe(later)}) came after it and touches the same {(change.Paper is null ? "edge" : "paper")}; undo that one first.",
                new Dictionary<string, object?> { ["later"] = later.Seq });

        switch (change.Action)
        {
            case CurationLog.Actions.AddEdge:
                var edgeGone = await DeleteEdgeAsync(tx, change.From, change.To, ct);
                await RecordAsync(tx, next, curator, CurationLog.Actions.RemoveEdge, ct, from: change.From, to: change.To, reason: change.Reason, undoes: seq,
                    deleted: edgeGone);
                break;
            case CurationLog.Actions.RemoveEdge:
                if (await MissingAsync(tx, [change.From!, change.To!], ct) is { } missing) return missing with { Status = 409 };
                if (await CycleAsync(tx, change.From!, change.To!, ct) is { } cycle) return CycleProblem(change.From!, change.To!, cycle);
                await tx.ExecuteAsync(Q("MATCH (a:Paper {key: $from}), (b:Paper {key: $to}) CREATE (a)-[:PREREQUISITE_OF {reason: $reason, curator: $curator, createdAt: $at}]->(b)",
                    ("from", change.From), ("to", change.To), ("reason", change.Reason ?? "restored"), ("curator", curator), ("at", Now())), ct);
                await RecordAsync(tx, next, curator, CurationLog.Actions.AddEdge, ct, from: change.From, to: change.To, reason: change.Reason ?? "restored", undoes: seq);
                break;
            case CurationLog.Actions.RewordEdge:
                await tx.ExecuteAsync(Q("MATCH (:Paper {key: $from})-[r:PREREQUISITE_OF]->(:Paper {key: $to}) SET r.reason = $reason, r.curator = $curator",
                    ("from", change.From), ("to", change.To), ("reason", change.Previous), ("curator", curator)), ct);
                await RecordAsync(tx, next, curator, CurationLog.Actions.RewordEdge, ct, from: change.From, to: change.To, reason: change.Previous,
                    previous: change.Reason, undoes: seq);
                break;
            case CurationLog.Actions.AddPaper:
                var edges = await tx.ExecuteAsync(Q("MATCH (p:Paper {key: $key})-[r:PREREQUISITE_OF]-() RETURN count(r)", ("key", change.Paper)), ct);
                if (edges.Values.Count > 0 && edges.Values[0][0] is long n and > 0)
                    return CurationOutcome.Problem(409, "A later change prevents the undo", $"'{change.Paper}' has {n} prerequisite edge(s) now; remove them first.");
                var props = await tx.ExecuteAsync(Q("MATCH (p:Paper {key: $key}) RETURN properties(p)", ("key", change.Paper)), ct);
                var paperGone = await DeletePaperAsync(tx, change.Paper, ct);
                await RecordAsync(tx, next, curator, CurationLog.Actions.RemovePaper, ct, paper: change.Paper,
                    previous: props.Values.Count > 0 ? JsonSerializer.Serialize(props.Values[0][0]) : null, undoes: seq, deleted: paperGone);
                break;
            case CurationLog.Actions.RemovePaper when change.Previous is not null:
                if ((await tx.ExecuteAsync(Q(FindPapers, ("keys", new List<object?> { change.Paper })), ct)).Values.Count > 0)
                    return CurationOutcome.Problem(409, "A later change prevents the undo", $"A paper with the key '{change.Paper}' exists again.");
                var restored = new Dictionary<string, object?>(StringComparer.Ordinal);
                string? inSection = null;
                using (var doc = JsonDocument.Parse(change.Previous))
                {
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Name == "section") inSection = p.Value.GetString();
                        else restored[p.Name] = JsonValue(p.Value);
                    }
                }
                restored["key"] = change.Paper;
                await tx.ExecuteAsync(Q("CREATE (p:Paper) SET p = $props", ("props", restored)), ct);
                if (inSection is not null)
                    await tx.ExecuteAsync(Q("""
                        MATCH (p:Paper {key: $key}), (s:Section {key: $s})
                        OPTIONAL MATCH (:Paper)-[m:IN_SECTION]->(s)
                        WITH p, s, coalesce(max(m.order), 0) + 1 AS next
                        CREATE (p)-[:IN_SECTION {order: next}]->(s)
                        """, ("key", change.Paper), ("s", inSection)), ct);
                await RecordAsync(tx, next, curator, CurationLog.Actions.AddPaper, ct, paper: change.Paper,
                    reason: restored.GetValueOrDefault("title") as string, undoes: seq);
                break;
            case CurationLog.Actions.EditPaper when change.Previous is not null:
                var sets = new Dictionary<string, object?>(StringComparer.Ordinal);
                string? section = null;
                using (var doc = JsonDocument.Parse(change.Previous))
                {
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        if (p.Name == "section") section = p.Value.GetString();
                        else sets[p.Name] = JsonValue(p.Value);
                    }
                }
                var now = await tx.ExecuteAsync(Q("MATCH (p:Paper {key: $key}) OPTIONAL MATCH (p)-[:IN_SECTION]->(s:Section) RETURN properties(p), collect(s.key)", ("key", change.Paper)), ct);
                var current = now.Values[0][0] as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
                var redo = sets.Keys.ToDictionary(k => k, k => current.GetValueOrDefault(k), StringComparer.Ordinal);
                if (section is not null) redo["section"] = (now.Values[0][1] as IReadOnlyList<object?>)?.FirstOrDefault();
                if (sets.Count > 0)
                    await tx.ExecuteAsync(Q("MATCH (p:Paper {key: $key}) SET p += $sets", ("key", change.Paper), ("sets", sets)), ct);
                var membershipsGone = section is not null ? await MembershipsAsync(tx, change.Paper, ct) : Deleted.None;
                if (section is not null)
                    await tx.ExecuteAsync(Q("""
                        MATCH (p:Paper {key: $key}), (s:Section {key: $s})
                        OPTIONAL MATCH (p)-[old:IN_SECTION]->(:Section)
                        DELETE old
                        WITH DISTINCT p, s
                        CREATE (p)-[:IN_SECTION {order: 1}]->(s)
                        """, ("key", change.Paper), ("s", section)), ct);
                await RecordAsync(tx, next, curator, CurationLog.Actions.EditPaper, ct, paper: change.Paper,
                    reason: string.Join(", ", redo.Keys), previous: JsonSerializer.Serialize(redo), undoes: seq, deleted: membershipsGone);
                break;
            default:
                return CurationOutcome.Problem(409, "Cannot be undone",
                    $"Change {seq} ({change.Action}) is not itemised in history, so it cannot be reversed automatically.");
        }
        await tx.CommitAsync(ct);
        return new CurationOutcome(200, new { seq = next, undoes = seq, action = change.Action });
    }

    private static async Task<HistoryEntry?> FirstAsync(IGraphTransaction tx, string text, CancellationToken ct, params (string, object?)[] parameters)
    {
        var result = await tx.ExecuteAsync(Q(text, parameters), ct);
        return result.Values.Select(r => r[0]).OfType<GraphNode>().Select(HistoryReader.Entry).FirstOrDefault();
    }

    private static object? JsonValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        // (object) on both arms: a bare conditional would widen the long to a double, and a year would come back as 2016.0.
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (object)l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(JsonValue).ToList(),
        _ => null,
    };

    /// <summary>A change in words: "added word2vec → GloVe", "removed …", "edited bert".</summary>
    public static string Describe(HistoryEntry e) => e.Action switch
    {
        CurationLog.Actions.AddEdge => $"added {e.From} → {e.To}",
        CurationLog.Actions.RemoveEdge => $"removed {e.From} → {e.To}",
        CurationLog.Actions.RewordEdge => $"re-worded {e.From} → {e.To}",
        CurationLog.Actions.AddPaper => $"added the paper {e.Paper}",
        CurationLog.Actions.EditPaper => $"edited the paper {e.Paper}",
        CurationLog.Actions.RemovePaper => $"removed the paper {e.Paper}",
        CurationLog.Actions.Import => "imported reading lists",
        _ => "ran a Cypher write",
    };
}
