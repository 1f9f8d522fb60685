using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Features.Plans;

namespace PaperGraph.Web.Features.Curation;

/// <summary>A paper's learning plan that an edge would change: <see cref="Added"/> more papers to read first.</summary>
public sealed record PlanChange(string Key, string Title, int Added);

/// <summary>What <c>from → to</c> would do, before it is saved.</summary>
/// <param name="Exists">The edge is already there (saving re-words it).</param>
/// <param name="Cycle">The cycle it would close (keys in order, <c>from</c> first and last), or null.</param>
/// <param name="RedundantVia">When already implied: the papers of the shortest chain between (e.g. ["bert"]).</param>
/// <param name="MakesRedundant">Existing edges the new one would imply.</param>
/// <param name="PlansChanged">How many papers' learning plans would change.</param>
/// <param name="LargestPlanChanges">The largest of those changes, largest first (at most 5).</param>
/// <param name="Summary">All of it in words, for the form.</param>
public sealed record EdgePreview(string From, string To, bool Exists, IReadOnlyList<string>? Cycle, IReadOnlyList<string>? RedundantVia,
    IReadOnlyList<PrerequisiteEdge> MakesRedundant, int PlansChanged, IReadOnlyList<PlanChange> LargestPlanChanges, string Summary);

/// <summary>Computes <see cref="EdgePreview"/> on the explorer's model of the graph (nothing is written).</summary>
public static class CurationPreview
{
    public static EdgePreview Preview(PaperGraphModel graph, string from, string to)
    {
        string Name(string key) => graph.Find(key) is { } p ? Label(p) : key;
        var exists = graph.UnlocksOf(from).Any(e => e.To == to);
        if (LearningPlanner.ShortestChain(graph, to, from) is { } back)
        {
            var cycle = new List<string> { from };
            cycle.AddRange(back.Papers.Select(p => p.Key));
            return new EdgePreview(from, to, exists, cycle, null, [], 0, [],
                $"Refused: {Name(to)} already leads to {Name(from)}, so this would close the cycle {string.Join(" → ", cycle.Select(Name))}.");
        }

        IReadOnlyList<string>? via = null;
        if (!exists && LearningPlanner.ShortestChain(graph, from, to) is { } chain && chain.Papers.Count > 2)
            via = chain.Papers.Skip(1).Take(chain.Papers.Count - 2).Select(p => p.Key).ToList();

        var before = Walk(graph, from, up: true);
        before.Add(from);
        var after = Walk(graph, to, up: false);
        after.Add(to);
        var redundant = exists ? [] : graph.Edges
            .Where(e => before.Contains(e.From) && after.Contains(e.To) && !(e.From == from && e.To == to))
            .Take(20).ToList();

        var changes = new List<PlanChange>();
        if (!exists && via is null)
        {
            foreach (var key in after.Take(5_000))
            {
                var already = Walk(graph, key, up: true);
                var added = before.Count(b => !already.Contains(b) && b != key);
                if (added > 0) changes.Add(new PlanChange(key, Name(key), added));
            }
        }
        var largest = changes.OrderByDescending(c => c.Added).ThenBy(c => c.Key, StringComparer.Ordinal).Take(5).ToList();

        var words = new List<string>();
        if (exists) words.Add($"{Name(from)} → {Name(to)} already exists; saving re-words it.");
        if (via is not null) words.Add($"Redundant via {string.Join(" → ", via.Select(Name))}: {Name(from)} already leads to {Name(to)}.");
        if (redundant.Count > 0) words.Add($"Makes {redundant.Count} existing edge{(redundant.Count == 1 ? "" : "s")} redundant: " +
            string.Join(", ", redundant.Take(3).Select(e => $"{Name(e.From)} → {Name(e.To)}")) + (redundant.Count > 3 ? "…" : "") + ".");
        if (changes.Count > 0) words.Add($"Changes {changes.Count} learning plan{(changes.Count == 1 ? "" : "s")}: " +
            string.Join(", ", largest.Select(c => $"{c.Title}: +{c.Added} paper{(c.Added == 1 ? "" : "s")}")) + ".");
        if (words.Count == 0) words.Add("No learning plan changes.");
        return new EdgePreview(from, to, exists, null, via, redundant, changes.Count, largest, string.Join(" ", words));
    }

    /// <summary>Every paper before (<paramref name="up"/>) or after <paramref name="key"/>, not itself.</summary>
    private static HashSet<string> Walk(PaperGraphModel graph, string key, bool up)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(key);
        while (queue.TryDequeue(out var k))
        {
            foreach (var e in up ? graph.PrerequisitesOf(k) : graph.UnlocksOf(k))
            {
                var next = up ? e.From : e.To;
                if (next != key && seen.Add(next)) queue.Enqueue(next);
            }
        }
        return seen;
    }

    /// <summary>The short name a reader knows the paper by: its first short alias, else its title up to a colon.</summary>
    internal static string Label(PaperInfo paper) =>
        paper.Aliases.FirstOrDefault(a => a.Length <= 24) ?? (paper.Title.Split(':')[0] is { Length: <= 40 } head ? head : paper.Key);
}
