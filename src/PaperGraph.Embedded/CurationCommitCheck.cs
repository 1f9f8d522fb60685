using System.Text.Json;
using PaperGraph.Cypher;
using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Embedded;

/// <summary>
/// Runs inside the one write transaction, just before it commits, whatever wrote (the curation API, the Query API,
/// the CLI, the importer): the rules of prerequisite edges (<see cref="PrerequisiteRules"/>), checked only from what
/// the transaction changed; then the history (<see cref="CurationLog"/>) of its changes to papers and edges, unless
/// the writer recorded them itself.
/// </summary>
/// <remarks>
/// The acyclicity check walks, for each <c>PREREQUISITE_OF</c> edge the transaction created, forward from its end
/// looking for its start (a breadth-first walk over the store's neighbour runs). Past
/// <see cref="MaxWalks"/> new edges (bulk loads) one topological sort of the whole prerequisite graph replaces them.
/// </remarks>
internal static class CurationCommitCheck
{
    /// <summary>More new edges than this are checked with one sort of the whole graph.</summary>
    internal const int MaxWalks = 64;

    /// <summary>More changes than this in one transaction are recorded as one <c>cypher</c> change.</summary>
    internal const int MaxItemised = 1_000;

    public static void Run(CypherEngine engine, IStoreWriteTransaction write, CypherQuery? lastWrite, ExecutionLimits limits)
    {
        var pending = write.GetPendingChanges();
        if (pending.Nodes.Count == 0 && pending.Relationships.Count == 0) return;

        var deletedNodes = new Dictionary<long, PendingState>();
        var papers = new List<PendingNode>();
        var ownRecords = false;
        foreach (var n in pending.Nodes)
        {
            if (n.Deleted)
            {
                deletedNodes[n.Id] = n.Before!;
                if (n.Before!.Labels.Contains(CurationLog.PaperLabel)) papers.Add(n);
                continue;
            }
            if (n.Before is null && write.HasLabel(n.Id, CurationLog.ChangeLabel)) ownRecords = true;
            if (write.HasLabel(n.Id, CurationLog.PaperLabel) || n.Before?.Labels.Contains(CurationLog.PaperLabel) == true) papers.Add(n);
        }
        var edges = pending.Relationships.Where(r => r.Type == CurationLog.PrerequisiteType).ToList();
        if (papers.Count == 0 && edges.Count == 0) return;

        Validate(write, edges, papers);

        if (ownRecords)
        {
            Execute(engine, write, "MATCH (l:ChangeLog {key: 'changes'}) REMOVE l.ownRecords", limits);
            return;
        }
        var items = Itemise(write, edges, papers, deletedNodes);
        var actor = lastWrite?.Actor ?? CurationLog.UnknownActor;
        var at = CurationLog.Timestamp(DateTimeOffset.UtcNow);
        if (items.Count > MaxItemised)
        {
            items = [new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["action"] = CurationLog.Actions.Cypher,
                ["reason"] = $"{edges.Count} prerequisite edge(s) and {papers.Count} paper(s) changed",
            }];
        }
        var reserved = Execute(engine, write, CurationLog.Reserve, limits, ("count", (long)items.Count), ("own", false));
        var first = (long)reserved.Values[0][0]!;
        var statement = lastWrite is null ? null : CurationLog.StatementText(lastWrite.Text);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            item["seq"] = first + i;
            item["at"] = at;
            item["curator"] = actor;
            item["via"] = "cypher";
            item["statement"] = statement;
            foreach (var key in item.Where(p => p.Value is null).Select(p => p.Key).ToList()) item.Remove(key);
        }
        Execute(engine, write, CurationLog.Record, limits, ("changes", items.Cast<object?>().ToList()));
        // A writer that reserved numbers without recording (own = true but no Change created) leaves no mark.
        Execute(engine, write, "MATCH (l:ChangeLog {key: 'changes'}) REMOVE l.ownRecords", limits);
    }

    private static QueryResult Execute(CypherEngine engine, IStoreWriteTransaction write, string text, ExecutionLimits limits,
        params (string Key, object? Value)[] parameters)
    {
        var map = parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return CypherEngine.Execute(engine.Prepare(text), write, write, map, limits);
    }

    private static void Validate(IStoreWriteTransaction write, List<PendingRelationship> edges, List<PendingNode> papers)
    {
        var created = new List<PendingRelationship>();
        foreach (var e in edges)
        {
            if (e.Deleted) continue;
            if (e.StartNodeId == e.EndNodeId) throw PrerequisiteRules.SelfLoop(Key(write, e.StartNodeId) ?? "?");
            if (!write.HasLabel(e.StartNodeId, CurationLog.PaperLabel) || !write.HasLabel(e.EndNodeId, CurationLog.PaperLabel))
                throw PrerequisiteRules.NotPapers(Key(write, e.StartNodeId), Key(write, e.EndNodeId));
            if (!PrerequisiteRules.IsReason(write.GetRelationshipProperty(e.Id, "reason")))
                throw PrerequisiteRules.BlankReason(Key(write, e.StartNodeId), Key(write, e.EndNodeId));
            if (e.OldProperties is null) created.Add(e);
        }

        // A node that stops being a paper may not keep prerequisite edges.
        var typeId = write.GetTypeId(CurationLog.PrerequisiteType);
        foreach (var n in papers)
        {
            if (n.Deleted || n.Before is null || write.HasLabel(n.Id, CurationLog.PaperLabel) || typeId < 0) continue;
            if (write.HasRelationship(n.Id, StoreDirection.Both, typeId))
                throw PrerequisiteRules.NotPapers(Key(write, n.Id), null);
        }

        if (created.Count == 0) return;
        if (created.Count > MaxWalks)
        {
            var all = new List<(string, string)>();
            foreach (var id in write.NodeIdsByLabel(CurationLog.PaperLabel))
            {
                foreach (ref readonly var adj in write.GetAdjacency(id, StoreDirection.Outgoing).Span)
                {
                    if (adj.TypeId == typeId) all.Add((id.ToString(System.Globalization.CultureInfo.InvariantCulture), adj.OtherNodeId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            if (PrerequisiteRules.FindCycle(all) is { } ids)
                throw PrerequisiteRules.Cycle(ids.Select(i => Key(write, long.Parse(i, System.Globalization.CultureInfo.InvariantCulture)) ?? i).ToList());
            return;
        }
        foreach (var e in created)
        {
            if (WalkBack(write, typeId, e.EndNodeId, e.StartNodeId) is { } path)
            {
                // path runs end ... start; the new edge start -> end closes it.
                var cycle = new List<string> { Key(write, e.StartNodeId) ?? "?" };
                cycle.AddRange(path.Select(id => Key(write, id) ?? "?"));
                throw PrerequisiteRules.Cycle(cycle);
            }
        }
    }

    /// <summary>A prerequisite path from <paramref name="from"/> to <paramref name="to"/> (both included), or null.</summary>
    private static List<long>? WalkBack(IGraphReader reader, int typeId, long from, long to)
    {
        var parent = new Dictionary<long, long> { [from] = from };
        var queue = new Queue<long>();
        queue.Enqueue(from);
        while (queue.TryDequeue(out var node))
        {
            if (node == to)
            {
                var path = new List<long> { node };
                while (node != from) path.Add(node = parent[node]);
                path.Reverse();
                return path;
            }
            if (reader.TryGetNeighbours(node, StoreDirection.Outgoing, typeId, out var neighbours))
            {
                foreach (var next in neighbours.Span)
                {
                    if (parent.TryAdd(next, node)) queue.Enqueue(next);
                }
                continue;
            }
            foreach (ref readonly var adj in reader.GetAdjacency(node, StoreDirection.Outgoing).Span)
            {
                if (adj.TypeId == typeId && parent.TryAdd(adj.OtherNodeId, node)) queue.Enqueue(adj.OtherNodeId);
            }
        }
        return null;
    }

    private static string? Key(IGraphReader reader, long nodeId) =>
        reader.NodeExists(nodeId) ? reader.GetNodeProperty(nodeId, "key") as string : null;

    private static List<Dictionary<string, object?>> Itemise(IStoreWriteTransaction write, List<PendingRelationship> edges,
        List<PendingNode> papers, Dictionary<long, PendingState> deletedNodes)
    {
        string? KeyOf(long id) => deletedNodes.TryGetValue(id, out var gone) ? gone.Properties.GetValueOrDefault("key") as string : Key(write, id);
        var items = new List<Dictionary<string, object?>>();
        foreach (var p in papers)
        {
            if (p.Before is null)
            {
                items.Add(Item(CurationLog.Actions.AddPaper, paper: Key(write, p.Id), reason: write.GetNodeProperty(p.Id, "title") as string));
            }
            else if (p.Deleted)
            {
                items.Add(Item(CurationLog.Actions.RemovePaper, paper: p.Before.Properties.GetValueOrDefault("key") as string,
                    previous: Json(p.Before.Properties)));
            }
            else
            {
                var now = write.GetNodeProperties(p.Id);
                var changed = p.Before.Properties.Where(kv => !now.TryGetValue(kv.Key, out var v) || !Same(v, kv.Value))
                    .Select(kv => kv.Key).Concat(now.Keys.Where(k => !p.Before.Properties.ContainsKey(k))).Distinct().ToList();
                items.Add(Item(CurationLog.Actions.EditPaper, paper: Key(write, p.Id),
                    previous: Json(changed.ToDictionary(k => k, k => p.Before.Properties.GetValueOrDefault(k)))));
            }
        }
        foreach (var e in edges)
        {
            var from = KeyOf(e.StartNodeId);
            var to = KeyOf(e.EndNodeId);
            if (e.Deleted)
                items.Add(Item(CurationLog.Actions.RemoveEdge, from, to, reason: e.OldProperties?.GetValueOrDefault("reason") as string));
            else if (e.OldProperties is null)
                items.Add(Item(CurationLog.Actions.AddEdge, from, to, reason: write.GetRelationshipProperty(e.Id, "reason") as string));
            else
                items.Add(Item(CurationLog.Actions.RewordEdge, from, to, reason: write.GetRelationshipProperty(e.Id, "reason") as string,
                    previous: e.OldProperties.GetValueOrDefault("reason") as string));
        }
        return items;
    }

    private static Dictionary<string, object?> Item(string action, string? from = null, string? to = null, string? paper = null,
        string? reason = null, string? previous = null) => new(StringComparer.Ordinal)
    {
        ["action"] = action, ["from"] = from, ["to"] = to, ["paper"] = paper, ["reason"] = reason, ["previous"] = previous,
    };

    private static bool Same(object? a, object? b) =>
        a is IEnumerable<object?> x && b is IEnumerable<object?> y ? x.SequenceEqual(y) : Equals(a, b);

    /// <summary>Properties as JSON text (temporal values as their ISO text), for <c>previous</c>.</summary>
    internal static string Json(IReadOnlyDictionary<string, object?> properties) =>
        JsonSerializer.Serialize(properties.ToDictionary(p => p.Key, p => Plain(p.Value), StringComparer.Ordinal));

    private static object? Plain(object? value) => value switch
    {
        null or string or long or double or bool => value,
        IEnumerable<object?> list => list.Select(Plain).ToList(),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Plain).ToList(),
        _ => value.ToString(),
    };
}
