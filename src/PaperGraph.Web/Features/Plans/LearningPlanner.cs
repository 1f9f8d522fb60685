using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.Plans;

/// <summary>One reason a plan step is there: it is a prerequisite of <see cref="Unlocks"/>.</summary>
public sealed record PlanReason(string Unlocks, string UnlocksTitle, string? Reason);

/// <summary>A paper with its title, for chains and lists.</summary>
public sealed record PaperRef(string Key, string Title, long? Year);

/// <summary>One numbered step of a learning plan.</summary>
/// <param name="Reasons">The curated edges from this step to later steps of the plan.</param>
/// <param name="Chain">The shortest chain of curated edges from this step to the goal (this step first).</param>
/// <param name="Prerequisites">Its prerequisites that are still in the plan.</param>
public sealed record PlanStep(int Number, string Key, string Title, long? Year, string? Section, string? SectionTitle,
    bool IsGoal, IReadOnlyList<PlanReason> Reasons, IReadOnlyList<PaperRef> Chain, IReadOnlyList<string> Prerequisites);

/// <summary>A learning plan for <see cref="Goal"/>.</summary>
/// <param name="Known">The papers the reader knows that the plan would otherwise have held.</param>
/// <param name="Dropped">Papers left out because only known papers needed them.</param>
/// <param name="ReadyNext">Steps whose prerequisites are all known (or that have none): read these now.</param>
public sealed record LearningPlan(PaperRef Goal, IReadOnlyList<PlanStep> Steps, IReadOnlyList<PaperRef> Known,
    IReadOnlyList<PaperRef> Dropped, IReadOnlyList<PaperRef> ReadyNext);

/// <summary>A chain of prerequisite edges between two papers, following edge direction.</summary>
public sealed record PrerequisiteChain(IReadOnlyList<PaperRef> Papers, IReadOnlyList<PrerequisiteEdge> Edges);

/// <summary>Learning plans and prerequisite chains over a <see cref="PaperGraphModel"/>.</summary>
public static class LearningPlanner
{
    /// <summary>
    /// Every transitive prerequisite of <paramref name="goal"/> (and the goal itself, last), ordered so that no
    /// paper comes before its prerequisites; ties go to the earlier section, then the earlier year.
    /// </summary>
    /// <remarks>A known paper is left out, and so is every paper that reaches the goal only through known
    /// papers: the walk back from the goal does not go through a known paper.</remarks>
    public static LearningPlan Plan(PaperGraphModel graph, string goal, IReadOnlySet<string> known)
    {
        var target = graph.Find(goal) ?? throw new KeyNotFoundException(goal);

        // Walk prerequisites back from the goal, never through a known paper.
        var needed = new HashSet<string>(StringComparer.Ordinal) { goal };
        var all = new HashSet<string>(StringComparer.Ordinal) { goal };
        var queue = new Queue<string>([goal]);
        while (queue.Count > 0)
        {
            var key = queue.Dequeue();
            foreach (var edge in graph.PrerequisitesOf(key))
            {
                if (known.Contains(edge.From))
                    continue;
                if (needed.Add(edge.From))
                    queue.Enqueue(edge.From);
            }
        }
        // The plan without known papers, to say what knowing them saved.
        queue.Enqueue(goal);
        while (queue.Count > 0)
        {
            foreach (var edge in graph.PrerequisitesOf(queue.Dequeue()))
                if (all.Add(edge.From))
                    queue.Enqueue(edge.From);
        }

        // Kahn's algorithm inside the needed set; the ready set is ordered by section, year, title.
        var remaining = needed.ToDictionary(k => k, k => graph.PrerequisitesOf(k).Count(e => needed.Contains(e.From)),
            StringComparer.Ordinal);
        var ready = new SortedSet<PaperInfo>(Comparer<PaperInfo>.Create((a, b) =>
        {
            var c = PaperGraphModel.SortKeyOrder.Compare(graph.SortKey(a), graph.SortKey(b));
            return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
        }));
        foreach (var (key, count) in remaining)
            if (count == 0)
                ready.Add(graph.Find(key)!);

        var order = new List<PaperInfo>();
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var edge in graph.UnlocksOf(next.Key))
            {
                if (!remaining.ContainsKey(edge.To))
                    continue;
                if (--remaining[edge.To] == 0)
                    ready.Add(graph.Find(edge.To)!);
            }
        }
        // A cycle would leave papers behind; the curated graph is a DAG, but a plan must still list them.
        foreach (var key in needed.Where(k => order.All(p => p.Key != k)))
            order.Add(graph.Find(key)!);

        var chains = ChainsToGoal(graph, goal, needed);
        var steps = order.Select((p, i) =>
        {
            var section = graph.FindSection(p.Section);
            var reasons = graph.UnlocksOf(p.Key).Where(e => needed.Contains(e.To))
                .Select(e => new PlanReason(e.To, graph.Find(e.To)!.Title, e.Reason)).ToList();
            var prereqs = graph.PrerequisitesOf(p.Key).Where(e => needed.Contains(e.From)).Select(e => e.From).ToList();
            return new PlanStep(i + 1, p.Key, p.Title, p.Year, p.Section, section?.Title, p.Key == goal, reasons,
                chains.GetValueOrDefault(p.Key) ?? [Ref(p)], prereqs);
        }).ToList();

        var knownRefs = known.Where(all.Contains).Select(k => Ref(graph.Find(k)!)).ToList();
        var dropped = all.Where(k => !needed.Contains(k) && !known.Contains(k)).Select(k => graph.Find(k)!)
            .OrderBy(graph.SortKey, PaperGraphModel.SortKeyOrder).Select(Ref).ToList();
        var readyNext = steps.Where(s => s.Prerequisites.Count == 0)
            .Select(s => new PaperRef(s.Key, s.Title, s.Year)).ToList();
        return new LearningPlan(Ref(target), steps, knownRefs, dropped, readyNext);
    }

    /// <summary>Papers not known whose prerequisites are all known, across the whole graph, in list order.</summary>
    public static IReadOnlyList<PaperRef> ReadyToRead(PaperGraphModel graph, IReadOnlySet<string> known) =>
        graph.Papers.Where(p => !known.Contains(p.Key) && graph.PrerequisitesOf(p.Key).All(e => known.Contains(e.From)))
            .Select(Ref).ToList();

    /// <summary>The shortest chain of edges from <paramref name="from"/> to <paramref name="to"/>, following
    /// each edge's direction (prerequisite to what it unlocks); null when there is none.</summary>
    public static PrerequisiteChain? ShortestChain(PaperGraphModel graph, string from, string to)
    {
        var cameBy = new Dictionary<string, PrerequisiteEdge?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0 && !cameBy.ContainsKey(to))
        {
            var key = queue.Dequeue();
            foreach (var edge in graph.UnlocksOf(key).OrderBy(e => graph.SortKey(graph.Find(e.To)!), PaperGraphModel.SortKeyOrder))
            {
                if (cameBy.TryAdd(edge.To, edge))
                    queue.Enqueue(edge.To);
            }
        }
        if (!cameBy.ContainsKey(to))
            return null;
        var edges = new List<PrerequisiteEdge>();
        for (var at = to; cameBy[at] is { } edge; at = edge.From)
            edges.Add(edge);
        edges.Reverse();
        var papers = new List<PaperRef> { Ref(graph.Find(from)!) };
        papers.AddRange(edges.Select(e => Ref(graph.Find(e.To)!)));
        return new PrerequisiteChain(papers, edges);
    }

    private static Dictionary<string, IReadOnlyList<PaperRef>> ChainsToGoal(PaperGraphModel graph, string goal,
        HashSet<string> needed)
    {
        // Breadth-first from the goal backwards: each paper's next hop towards the goal.
        var next = new Dictionary<string, string?>(StringComparer.Ordinal) { [goal] = null };
        var queue = new Queue<string>([goal]);
        while (queue.Count > 0)
        {
            var key = queue.Dequeue();
            foreach (var edge in graph.PrerequisitesOf(key))
                if (needed.Contains(edge.From) && next.TryAdd(edge.From, key))
                    queue.Enqueue(edge.From);
        }
        var chains = new Dictionary<string, IReadOnlyList<PaperRef>>(StringComparer.Ordinal);
        foreach (var start in next.Keys)
        {
            var chain = new List<PaperRef>();
            for (string? at = start; at is not null; at = next[at])
                chain.Add(Ref(graph.Find(at)!));
            chains[start] = chain;
        }
        return chains;
    }

    internal static PaperRef Ref(PaperInfo p) => new(p.Key, p.Title, p.Year);
}
