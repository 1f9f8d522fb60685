namespace PaperGraph.Graph.Curation;

/// <summary>
/// The rules of prerequisite edges, as every backend enforces them before a transaction commits: an edge joins two
/// papers, is not a self-loop, has a non-blank reason, and <c>PREREQUISITE_OF</c> stays acyclic. A break fails the
/// whole transaction with <c>Neo.ClientError.Schema.ConstraintValidationFailed</c>.
/// </summary>
public static class PrerequisiteRules
{
    public static GraphException SelfLoop(string key) =>
        new(GraphErrorCodes.ConstraintValidationFailed,
            $"PREREQUISITE_OF rule: '{key}' cannot be a prerequisite of itself (self-loop).");

    public static GraphException NotPapers(string? from, string? to) =>
        new(GraphErrorCodes.ConstraintValidationFailed,
            $"PREREQUISITE_OF rule: a prerequisite edge joins two :Paper nodes ('{from ?? "?"}' -> '{to ?? "?"}' does not).");

    public static GraphException BlankReason(string? from, string? to) =>
        new(GraphErrorCodes.ConstraintValidationFailed,
            $"PREREQUISITE_OF rule: the edge '{from ?? "?"}' -> '{to ?? "?"}' needs a non-blank string reason.");

    /// <summary>The error for a cycle; <paramref name="cycle"/> lists the keys in order, the first repeated last.</summary>
    public static GraphException Cycle(IReadOnlyList<string> cycle) =>
        new(GraphErrorCodes.ConstraintValidationFailed,
            $"PREREQUISITE_OF must stay acyclic; this would close the cycle {string.Join(" -> ", cycle)}.");

    /// <summary>True when <paramref name="reason"/> is a string with something other than white space.</summary>
    public static bool IsReason(object? reason) => reason is string s && !string.IsNullOrWhiteSpace(s);

    /// <summary>A cycle among <paramref name="edges"/> (keys in order, the first repeated last), or null for a DAG.
    /// Kahn's algorithm, then a walk among what is left: O(V + E).</summary>
    public static IReadOnlyList<string>? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var previous = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var indegree = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            if (!next.TryGetValue(from, out var outs)) next[from] = outs = [];
            outs.Add(to);
            if (!previous.TryGetValue(to, out var ins)) previous[to] = ins = [];
            ins.Add(from);
            indegree[to] = indegree.GetValueOrDefault(to) + 1;
            indegree.TryAdd(from, 0);
        }
        var ready = new Queue<string>(indegree.Where(p => p.Value == 0).Select(p => p.Key));
        var removed = 0;
        while (ready.TryDequeue(out var node))
        {
            removed++;
            if (!next.TryGetValue(node, out var outs)) continue;
            foreach (var o in outs)
            {
                if (--indegree[o] == 0) ready.Enqueue(o);
            }
        }
        if (removed == indegree.Count) return null;

        // Every node left over still has a predecessor left over, so walking predecessors must repeat a node.
        var left = indegree.Where(p => p.Value > 0).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var path = new List<string>();
        var seenAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var current = left.Order(StringComparer.Ordinal).First();
        while (!seenAt.ContainsKey(current))
        {
            seenAt[current] = path.Count;
            path.Add(current);
            current = previous[current].First(left.Contains);
        }
        var cycle = path.GetRange(seenAt[current], path.Count - seenAt[current]);
        cycle.Reverse();
        cycle.Add(cycle[0]);
        return cycle;
    }
}
