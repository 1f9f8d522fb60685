using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

/// <summary>Yields the argument row: the leaf of every plan.</summary>
public sealed class ArgumentOperator : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        yield return argument;
    }
}

/// <summary>All nodes, or the nodes with one label; with <paramref name="predicates"/> (filters fused into the
/// scan), only the nodes for which each is true, tested on a scratch row so that a rejected node costs no row.</summary>
/// <remarks><paramref name="degree"/>: pattern predicates planned as degree checks, answered by the store from
/// the node id alone (<see cref="IGraphReader.HasRelationship"/>) before anything is allocated for the node.</remarks>
public sealed class NodeScanOperator(PhysicalOperator input, int slot, string? label, Evaluator[]? predicates = null,
    IReadOnlyList<Planning.DegreeCheck>? degree = null)
    : PhysicalOperator
{
    private readonly Planning.DegreeCheck[]? _degree = degree?.ToArray();

    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var ids = label is null ? context.Reader.AllNodeIds() : context.Reader.NodeIdsByLabel(label);
            var scratch = predicates is null ? null : Copy(row);
            foreach (var id in ids)
            {
                context.CheckCancellation();
                if (context.IsNodeDeleted(id) || (_degree is not null && !DegreeHolds(context, id)))
                {
                    continue;
                }

                if (scratch is null)
                {
                    var copy = Copy(row);
                    copy[slot] = new NodeValue(id);
                    yield return copy;
                    continue;
                }

                scratch[slot] = new NodeValue(id);
                if (Passes(context, scratch))
                {
                    yield return Copy(scratch);
                }
            }
        }
    }

    private bool DegreeHolds(QueryContext context, long id)
    {
        foreach (var check in _degree!)
        {
            if (Traversal.HasAny(context.Reader, id, check.Direction, context.TypeIds(check.Types)) != check.Present)
            {
                return false;
            }
        }

        return true;
    }

    private bool Passes(QueryContext context, object?[] row)
    {
        foreach (var predicate in predicates!)
        {
            if (!CypherOperators.IsTrue(predicate(row, context)))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Nodes with a label whose property equals a value, through the store's index when there is one.</summary>
public sealed class NodeIndexSeekOperator(PhysicalOperator input, int slot, string label, string key, Evaluator value)
    : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var v = value(row, context);
            if (v is null)
            {
                continue;
            }

            foreach (var id in context.Reader.NodeIdsByProperty(label, key, v))
            {
                if (context.IsNodeDeleted(id))
                {
                    continue;
                }

                var copy = Copy(row);
                copy[slot] = new NodeValue(id);
                yield return copy;
            }
        }
    }
}

/// <summary>Passes rows whose slot holds a node having every label (a bound node reused in a pattern).</summary>
public sealed class NodeCheckOperator(PhysicalOperator input, int slot, IReadOnlyList<string> labels) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            if (row[slot] is not NodeValue node)
            {
                if (row[slot] is not null)
                {
                    throw new GraphException(GraphErrorCodes.TypeError,
                        $"Execution: expected a node but got {CypherTypes.NameOf(row[slot])}.");
                }

                continue;
            }

            if (HasLabels(context, node.Id, labels))
            {
                yield return row;
            }
        }
    }

    public static bool HasLabels(QueryContext context, long node, IReadOnlyList<string> labels)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (!context.Reader.HasLabel(node, labels[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Relationship uniqueness within one MATCH: a new relationship must differ from those already bound
/// in the listed slots (single relationships or lists of them).</summary>
internal static class Uniqueness
{
    public static bool IsUsed(object?[] row, int[] slots, long relationshipId)
    {
        foreach (var s in slots)
        {
            switch (row[s])
            {
                case RelationshipValue r when r.Id == relationshipId:
                    return true;
                case IReadOnlyList<object?> list:
                    foreach (var item in list)
                    {
                        if (item is RelationshipValue lr && lr.Id == relationshipId)
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }
}

/// <summary>One relationship step from a bound node.</summary>
public sealed class ExpandOperator(
    PhysicalOperator input, int fromSlot, int relSlot, int toSlot, bool into, IReadOnlyList<string> types,
    StoreDirection direction, IReadOnlyList<string> toLabels, int[] distinctFrom, bool relBound = false) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var typeIds = context.TypeIds(types);
        if (typeIds is { Length: 0 })
        {
            yield break;
        }

        foreach (var row in input.Run(context, argument))
        {
            if (row[fromSlot] is not NodeValue from)
            {
                continue;
            }

            long target = -1;
            if (into)
            {
                if (row[toSlot] is not NodeValue t)
                {
                    continue;
                }

                target = t.Id;
            }

            long onlyRel = -1;
            if (relBound)
            {
                if (row[relSlot] is not RelationshipValue bound)
                {
                    continue;
                }

                onlyRel = bound.Id;
            }

            var adjacency = context.Reader.GetAdjacency(from.Id, direction);
            for (var i = 0; i < adjacency.Length; i++)
            {
                var adj = adjacency.Span[i];
                if (!Traversal.TypeMatches(typeIds, adj.TypeId) || (into && adj.OtherNodeId != target) ||
                    (relBound && adj.RelationshipId != onlyRel))
                {
                    continue;
                }

                if (context.HasDeletions && (context.IsRelationshipDeleted(adj.RelationshipId) || context.IsNodeDeleted(adj.OtherNodeId)))
                {
                    continue;
                }

                if (distinctFrom.Length > 0 && Uniqueness.IsUsed(row, distinctFrom, adj.RelationshipId))
                {
                    continue;
                }

                if (!into && toLabels.Count > 0 && !NodeCheckOperator.HasLabels(context, adj.OtherNodeId, toLabels))
                {
                    continue;
                }

                var copy = Copy(row);
                copy[relSlot] = new RelationshipValue(adj.RelationshipId);
                if (!into)
                {
                    copy[toSlot] = new NodeValue(adj.OtherNodeId);
                }

                yield return copy;
            }
        }
    }
}

/// <summary>Variable-length step: enumerates every path of min..max relationships with distinct relationships
/// (depth first); in pruning mode, each reachable node once (breadth first).</summary>
public sealed class VarLengthExpandOperator(
    PhysicalOperator input, int fromSlot, int relSlot, int toSlot, bool into, IReadOnlyList<string> types,
    StoreDirection direction, IReadOnlyList<string> toLabels, int[] distinctFrom, long min, long? max,
    bool reverseList, IReadOnlyList<(string Key, Evaluator Value)> relProperties, bool pruning, bool relBound = false) : PhysicalOperator
{
    private static readonly IReadOnlyList<object?> EmptyList = [];

    /// <summary>A quantified path pattern's predicate on each step (see <c>VarLengthExpandOp.StepPredicate</c>).</summary>
    public Evaluator? StepPredicate { get; init; }

    public (int Left, int Rel, int Right) StepSlots { get; init; } = (-1, -1, -1);

    public (int Left, int Right) GroupSlots { get; init; } = (-1, -1);

    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var typeIds = context.TypeIds(types);
        var walkNodes = new List<long>();
        foreach (var row in input.Run(context, argument))
        {
            if (row[fromSlot] is not NodeValue from)
            {
                continue;
            }

            long target = -1;
            if (into)
            {
                if (row[toSlot] is not NodeValue t)
                {
                    continue;
                }

                target = t.Id;
            }

            if (relBound)
            {
                var end = FollowBound(context, from.Id, row[relSlot], typeIds);
                if (end is { } e && (!into || e == target) && (toLabels.Count == 0 || NodeCheckOperator.HasLabels(context, e, toLabels)))
                {
                    var copy = Copy(row);
                    copy[toSlot] = new NodeValue(e);
                    yield return copy;
                }

                continue;
            }

            if (pruning)
            {
                foreach (var node in Traversal.Reachable(context, from.Id, direction, typeIds, min, max))
                {
                    if ((into && node != target) || (toLabels.Count > 0 && !NodeCheckOperator.HasLabels(context, node, toLabels)))
                    {
                        continue;
                    }

                    var copy = Copy(row);
                    copy[toSlot] = new NodeValue(node);
                    yield return copy;
                }

                continue;
            }

            object?[]? propValues = null;
            if (relProperties.Count > 0)
            {
                propValues = new object?[relProperties.Count];
                for (var i = 0; i < relProperties.Count; i++)
                {
                    propValues[i] = relProperties[i].Value(row, context);
                }
            }

            var path = new List<long>();
            var scratch = StepPredicate is null ? null : Copy(row);
            foreach (var end in Walk(context, row, from.Id, typeIds, path, propValues, walkNodes, scratch))
            {
                if ((into && end != target) || (toLabels.Count > 0 && !NodeCheckOperator.HasLabels(context, end, toLabels)))
                {
                    continue;
                }

                var rels = new object?[path.Count];
                for (var i = 0; i < path.Count; i++)
                {
                    rels[reverseList ? path.Count - 1 - i : i] = new RelationshipValue(path[i]);
                }

                var copy = Copy(row);
                copy[relSlot] = rels.Length == 0 ? EmptyList : rels;
                copy[toSlot] = new NodeValue(end);
                if (GroupSlots.Left >= 0 || GroupSlots.Right >= 0)
                {
                    // walkNodes holds the walk from its start; written order is reversed when the walk went right to left.
                    var ordered = new NodeValue[walkNodes.Count];
                    for (var i = 0; i < ordered.Length; i++)
                    {
                        ordered[reverseList ? ordered.Length - 1 - i : i] = new NodeValue(walkNodes[i]);
                    }

                    if (GroupSlots.Left >= 0) copy[GroupSlots.Left] = ordered.Take(ordered.Length - 1).Cast<object?>().ToArray();
                    if (GroupSlots.Right >= 0) copy[GroupSlots.Right] = ordered.Skip(1).Cast<object?>().ToArray();
                }

                yield return copy;
            }
        }
    }

    private IEnumerable<long> Walk(QueryContext context, object?[] row, long start, int[]? typeIds, List<long> path,
        object?[]? propValues, List<long> nodes, object?[]? scratch)
    {
        nodes.Clear();
        nodes.Add(start);
        if (min == 0)
        {
            yield return start;
        }

        if (typeIds is { Length: 0 } || max is 0)
        {
            yield break;
        }

        // explicit stack of (node, adjacency position) for an iterative depth-first walk

        var positions = new List<int> { 0 };
        var reader = context.Reader;
        while (nodes.Count > 0)
        {
            context.CheckCancellation();
            var depth = nodes.Count - 1;
            var node = nodes[depth];
            var adjacency = reader.GetAdjacency(node, direction);
            var pos = positions[depth];
            var advanced = false;
            if (max is null || depth < max)
            {
                while (pos < adjacency.Length)
                {
                    var adj = adjacency.Span[pos++];
                    if (!Traversal.TypeMatches(typeIds, adj.TypeId) || path.Contains(adj.RelationshipId))
                    {
                        continue;
                    }

                    if (context.HasDeletions && (context.IsRelationshipDeleted(adj.RelationshipId) || context.IsNodeDeleted(adj.OtherNodeId)))
                    {
                        continue;
                    }

                    if (distinctFrom.Length > 0 && Uniqueness.IsUsed(row, distinctFrom, adj.RelationshipId))
                    {
                        continue;
                    }

                    if (propValues is not null && !RelPropertiesMatch(context, adj.RelationshipId, propValues))
                    {
                        continue;
                    }

                    if (scratch is not null && !StepMatches(context, scratch, node, adj.RelationshipId, adj.OtherNodeId))
                    {
                        continue;
                    }

                    positions[depth] = pos;
                    path.Add(adj.RelationshipId);
                    nodes.Add(adj.OtherNodeId);
                    positions.Add(0);
                    advanced = true;
                    context.SpendPathBudget(1);
                    if (path.Count >= min)
                    {
                        yield return adj.OtherNodeId;
                    }

                    break;
                }
            }

            if (!advanced)
            {
                nodes.RemoveAt(depth);
                positions.RemoveAt(depth);
                if (path.Count > 0)
                {
                    path.RemoveAt(path.Count - 1);
                }
            }
        }
    }

    /// <summary>The quantified path pattern's predicate on one step; the walk's direction decides which end is left.</summary>
    private bool StepMatches(QueryContext context, object?[] scratch, long node, long relationship, long other)
    {
        scratch[StepSlots.Left] = new NodeValue(reverseList ? other : node);
        scratch[StepSlots.Rel] = new RelationshipValue(relationship);
        scratch[StepSlots.Right] = new NodeValue(reverseList ? node : other);
        return StepPredicate!(scratch, context) is true;
    }

    /// <summary>A bound relationship list re-used as a variable-length pattern: it must form a walk from the start.</summary>
    private long? FollowBound(QueryContext context, long start, object? bound, int[]? typeIds)
    {
        if (bound is not IReadOnlyList<object?> list || list.Count < min || (max is { } m && list.Count > m))
        {
            return null;
        }

        var rels = list.Select(x => x is RelationshipValue r ? r.Id : -1).ToList();
        if (reverseList)
        {
            rels.Reverse();
        }

        var current = start;
        foreach (var id in rels)
        {
            if (id < 0 || !context.Reader.RelationshipExists(id))
            {
                return null;
            }

            var ends = context.Reader.GetRelationship(id);
            if (!Traversal.TypeMatches(typeIds, ends.TypeId))
            {
                return null;
            }

            var outgoing = ends.StartNodeId == current;
            var incoming = ends.EndNodeId == current;
            if ((direction == StoreDirection.Outgoing && !outgoing) || (direction == StoreDirection.Incoming && !incoming) ||
                (!outgoing && !incoming))
            {
                return null;
            }

            current = direction == StoreDirection.Incoming ? ends.StartNodeId : direction == StoreDirection.Outgoing ? ends.EndNodeId
                : outgoing ? ends.EndNodeId : ends.StartNodeId;
        }

        return current;
    }

    private bool RelPropertiesMatch(QueryContext context, long rel, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var actual = context.Reader.GetRelationshipProperty(rel, relProperties[i].Key);
            if (CypherEquality.AreEqual(actual, values[i]) != true)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>shortestPath / allShortestPaths between two bound nodes.</summary>
public sealed class ShortestPathOperator(
    PhysicalOperator input, int fromSlot, int toSlot, int relSlot, int pathSlot, IReadOnlyList<string> types,
    StoreDirection direction, long min, long? max, bool all, bool reverseList) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var typeIds = context.TypeIds(types);
        foreach (var row in input.Run(context, argument))
        {
            if (row[fromSlot] is not NodeValue from || row[toSlot] is not NodeValue to)
            {
                continue;
            }

            if (from.Id == to.Id && min > 0)
            {
                continue;
            }

            foreach (var rels in Traversal.ShortestPaths(context, from.Id, to.Id, direction, typeIds, max, all))
            {
                if (rels.Length < min)
                {
                    continue;
                }

                var copy = Copy(row);
                var relIds = reverseList ? rels.Reverse().ToArray() : rels;
                if (relSlot >= 0)
                {
                    copy[relSlot] = relIds.Select(r => (object?)new RelationshipValue(r)).ToArray();
                }

                if (pathSlot >= 0)
                {
                    var start = reverseList ? to.Id : from.Id;
                    copy[pathSlot] = PathBuilder.FromRelationships(context.Reader, start, relIds);
                }

                yield return copy;
            }
        }
    }
}

/// <summary>Builds paths from a start node and relationships in walk order.</summary>
public static class PathBuilder
{
    public static PathValue FromRelationships(IGraphReader reader, long start, IReadOnlyList<long> rels)
    {
        var nodes = new long[rels.Count + 1];
        nodes[0] = start;
        var current = start;
        for (var i = 0; i < rels.Count; i++)
        {
            var ends = reader.GetRelationship(rels[i]);
            current = ends.StartNodeId == current ? ends.EndNodeId : ends.StartNodeId;
            nodes[i + 1] = current;
        }

        return new PathValue(nodes, [.. rels]);
    }
}

/// <summary>Sets a named path built from the pattern's node and relationship slots.</summary>
public sealed class ProjectPathOperator(PhysicalOperator input, int pathSlot, IReadOnlyList<(int Slot, bool IsNode, bool IsList)> elements)
    : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var copy = Copy(row);
            copy[pathSlot] = Build(context, row, elements);
            yield return copy;
        }
    }

    public static PathValue? Build(QueryContext context, object?[] row, IReadOnlyList<(int Slot, bool IsNode, bool IsList)> elements)
    {
        if (row[elements[0].Slot] is not NodeValue first)
        {
            return null;
        }

        var rels = new List<long>();
        foreach (var (slot, isNode, isList) in elements)
        {
            if (isNode)
            {
                continue;
            }

            switch (row[slot])
            {
                case RelationshipValue r:
                    rels.Add(r.Id);
                    break;
                case IReadOnlyList<object?> list:
                    foreach (var item in list)
                    {
                        rels.Add(((RelationshipValue)item!).Id);
                    }

                    break;
                default:
                    return null;
            }
        }

        return PathBuilder.FromRelationships(context.Reader, first.Id, rels);
    }
}

/// <summary>A quantified path pattern of more than one relationship (see <c>QuantifiedPathOp</c>): runs the inner
/// pattern's plan once per iteration, depth first, from the node the previous iteration ended on.</summary>
public sealed class QuantifiedPathOperator(
    PhysicalOperator input, PhysicalOperator inner, int fromSlot, int entrySlot, int exitSlot, int toSlot, bool into,
    IReadOnlyList<string> toLabels, int[] innerRelSlots, (int Inner, int Group)[] groups, int[] distinctFrom,
    long min, long? max, bool reverse, int listSlot) : PhysicalOperator
{
    /// <summary>What one iteration bound: its relationships (written order) and its group variables' values.</summary>
    private sealed record Iteration(long[] Relationships, object?[] Values);

    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            if (row[fromSlot] is not NodeValue from)
            {
                continue;
            }

            var used = new HashSet<long>();
            var iterations = new List<Iteration>();
            foreach (var output in Walk(context, row, from, used, iterations))
            {
                yield return output;
            }
        }
    }

    // Depth first with an explicit stack of the inner plan's enumerators, one per iteration in progress, so that a
    // long chain of iterations cannot overflow the call stack.
    private IEnumerable<object?[]> Walk(QueryContext context, object?[] row, NodeValue start, HashSet<long> used, List<Iteration> iterations)
    {
        if (min == 0 && Ends(context, row, start))
        {
            yield return Output(row, start, iterations);
        }

        if (max is 0)
        {
            yield break;
        }

        var frames = new List<IEnumerator<object?[]>> { Iterate(context, row, start) };
        try
        {
            while (frames.Count > 0)
            {
                context.CheckCancellation();
                var top = frames[^1];
                var descended = false;
                while (top.MoveNext())
                {
                    var r = top.Current;

                    // Take what the iteration bound now: the row belongs to the inner plan once the next one is pulled.
                    var rels = new long[innerRelSlots.Length];
                    var fresh = true;
                    for (var i = 0; i < rels.Length && fresh; i++)
                    {
                        rels[i] = ((RelationshipValue)r[innerRelSlots[i]]!).Id;
                        fresh = !used.Contains(rels[i]) && !rels.AsSpan(0, i).Contains(rels[i]) &&
                                (distinctFrom.Length == 0 || !Uniqueness.IsUsed(row, distinctFrom, rels[i]));
                    }

                    if (!fresh || r[exitSlot] is not NodeValue next)
                    {
                        continue;
                    }

                    var values = new object?[groups.Length];
                    for (var g = 0; g < groups.Length; g++)
                    {
                        values[g] = r[groups[g].Inner];
                    }

                    context.SpendPathBudget(1);
                    iterations.Add(new Iteration(rels, values));
                    if (iterations.Count >= min && Ends(context, row, next))
                    {
                        yield return Output(row, next, iterations);
                    }

                    if (max is null || iterations.Count < max)
                    {
                        foreach (var id in rels) used.Add(id);
                        frames.Add(Iterate(context, row, next));
                        descended = true;
                        break;
                    }

                    iterations.RemoveAt(iterations.Count - 1);
                }

                if (descended)
                {
                    continue;
                }

                // This node's iterations are done: back to the iteration that led here.
                top.Dispose();
                frames.RemoveAt(frames.Count - 1);
                if (frames.Count > 0)
                {
                    foreach (var id in iterations[^1].Relationships) used.Remove(id);
                    iterations.RemoveAt(iterations.Count - 1);
                }
            }
        }
        finally
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }

    private IEnumerator<object?[]> Iterate(QueryContext context, object?[] row, NodeValue from)
    {
        var arg = Copy(row);
        arg[entrySlot] = from;
        return inner.Run(context, arg).GetEnumerator();
    }

    private bool Ends(QueryContext context, object?[] row, NodeValue end) =>
        into ? row[toSlot] is NodeValue t && t.Id == end.Id : toLabels.Count == 0 || NodeCheckOperator.HasLabels(context, end.Id, toLabels);

    private object?[] Output(object?[] row, NodeValue end, List<Iteration> iterations)
    {
        var copy = Copy(row);
        if (!into)
        {
            copy[toSlot] = end;
        }

        // Written order: iterations left to right, each one's relationships as written.
        var ordered = reverse ? Enumerable.Reverse(iterations).ToList() : iterations;
        var list = new List<object?>(ordered.Count * innerRelSlots.Length);
        foreach (var it in ordered)
        {
            foreach (var id in it.Relationships) list.Add(new RelationshipValue(id));
        }

        copy[listSlot] = list.ToArray();
        for (var g = 0; g < groups.Length; g++)
        {
            var values = new object?[ordered.Count];
            for (var i = 0; i < values.Length; i++) values[i] = ordered[i].Values[g];
            copy[groups[g].Group] = values;
        }

        return copy;
    }
}
