using PaperGraph.Cypher.Storage;

namespace PaperGraph.Cypher.Execution;

/// <summary>Graph walks over a store reader: relationship-type filters, breadth-first reachability and shortest
/// paths. Each checks for cancellation as it goes.</summary>
public static class Traversal
{
    /// <summary>The interned ids of <paramref name="types"/>; null means any type; an empty array means none exists.</summary>
    public static int[]? ResolveTypes(IGraphReader reader, IReadOnlyList<string> types)
    {
        if (types.Count == 0)
        {
            return null;
        }

        var ids = new List<int>(types.Count);
        foreach (var t in types)
        {
            var id = reader.GetTypeId(t);
            if (id >= 0)
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    public static bool TypeMatches(int[]? typeIds, int typeId)
    {
        if (typeIds is null)
        {
            return true;
        }

        foreach (var t in typeIds)
        {
            if (t == typeId)
            {
                return true;
            }
        }

        return false;
    }

    public static StoreDirection Reverse(StoreDirection direction) => direction switch
    {
        StoreDirection.Outgoing => StoreDirection.Incoming,
        StoreDirection.Incoming => StoreDirection.Outgoing,
        _ => StoreDirection.Both,
    };

    /// <summary>True when the node has at least one relationship of the types in the direction.</summary>
    public static bool HasAny(IGraphReader reader, long node, StoreDirection direction, int[]? typeIds)
    {
        if (typeIds is { Length: 0 })
        {
            return false;
        }

        if (typeIds is null)
        {
            return reader.HasRelationship(node, direction, -1);
        }

        foreach (var t in typeIds)
        {
            if (reader.HasRelationship(node, direction, t))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Breadth-first reachability (Neo4j's pruning var-expand): each node reachable from <paramref name="start"/> by
    /// a path of min..max relationships is yielded once. Only valid for directed walks with min of 0 or 1, where
    /// reachability by a walk implies reachability by a path with distinct relationships. Nodes deleted earlier in
    /// the statement are neither yielded nor walked through. Each level is expanded in one tight loop (a visited
    /// bitmap over the store's dense node ids), then its nodes are yielded.
    /// </summary>
    public static IEnumerable<long> Reachable(QueryContext context, long start, StoreDirection direction,
        int[]? typeIds, long min, long? max)
    {
        if (min == 0)
        {
            yield return start;
        }

        if (typeIds is { Length: 0 } || max is 0)
        {
            yield break;
        }

        using var visited = new NodeIdSet();
        var frontier = new IdBuffer();
        var next = new IdBuffer();
        try
        {
            frontier.Add(start);
            var depth = 0L;
            var startYielded = min == 0;
            while (frontier.Count > 0 && (max is null || depth < max))
            {
                depth++;
                next.Clear();
                ExpandLevel(context, frontier, next, visited, direction, typeIds);
                for (var i = 0; i < next.Count; i++)
                {
                    var other = next[i];
                    if (other != start || !startYielded)
                    {
                        yield return other;
                    }
                }

                (frontier, next) = (next, frontier);
            }
        }
        finally
        {
            frontier.Dispose();
            next.Dispose();
        }
    }

    /// <summary>Adds to <paramref name="next"/> every not yet visited neighbour of the frontier's nodes.</summary>
    private static void ExpandLevel(QueryContext context, IdBuffer frontier, IdBuffer next, NodeIdSet visited,
        StoreDirection direction, int[]? typeIds)
    {
        var reader = context.Reader;
        var deletions = context.HasDeletions;
        var single = typeIds is { Length: 1 } ? typeIds[0] : -1;

        // One type or any: the store may hand over just the neighbour ids (8 bytes a relationship, not 24).
        var compact = direction != StoreDirection.Both && (typeIds is null || single >= 0);
        var nodes = frontier.Span;
        for (var i = 0; i < nodes.Length; i++)
        {
            if ((i & 1023) == 0)
            {
                context.CheckCancellation();
            }

            if (compact && reader.TryGetNeighbours(nodes[i], direction, single, out var neighbours))
            {
                foreach (var other in neighbours.Span)
                {
                    if ((deletions && context.IsNodeDeleted(other)) || !visited.Add(other))
                    {
                        continue;
                    }

                    next.Add(other);
                }

                continue;
            }

            var span = reader.GetAdjacency(nodes[i], direction).Span;
            for (var j = 0; j < span.Length; j++)
            {
                ref readonly var adj = ref span[j];
                if (single >= 0 ? adj.TypeId != single : typeIds is not null && !TypeMatches(typeIds, adj.TypeId))
                {
                    continue;
                }

                var other = adj.OtherNodeId;
                if ((deletions && context.IsNodeDeleted(other)) || !visited.Add(other))
                {
                    continue;
                }

                next.Add(other);
            }
        }
    }

    /// <summary>
    /// Shortest paths from <paramref name="start"/> to <paramref name="end"/> (directed as given), as lists of
    /// relationship ids in walk order. <paramref name="all"/>: every shortest path; else one. Bidirectional
    /// breadth-first search for one path; layered search with parent lists for all.
    /// </summary>
    public static List<long[]> ShortestPaths(QueryContext context, long start, long end, StoreDirection direction,
        int[]? typeIds, long? max, bool all)
    {
        var result = new List<long[]>();
        if (start == end)
        {
            result.Add([]);
            return result;
        }

        if (typeIds is { Length: 0 })
        {
            return result;
        }

        return all ? AllShortest(context, start, end, direction, typeIds, max) : OneShortest(context, start, end, direction, typeIds, max);
    }

    private static List<long[]> OneShortest(QueryContext context, long start, long end, StoreDirection direction,
        int[]? typeIds, long? max)
    {
        var reader = context.Reader;
        var reverse = Reverse(direction);

        // parent maps: node -> (relationship, previous node) on each side
        var fromStart = new Dictionary<long, (long Rel, long Prev)> { [start] = (-1, -1) };
        var fromEnd = new Dictionary<long, (long Rel, long Prev)> { [end] = (-1, -1) };
        var frontierStart = new List<long> { start };
        var frontierEnd = new List<long> { end };
        long depth = 0;
        while (frontierStart.Count > 0 && frontierEnd.Count > 0 && (max is null || depth < max))
        {
            depth++;
            var expandStart = frontierStart.Count <= frontierEnd.Count;
            var (frontier, seen, other, dir) = expandStart
                ? (frontierStart, fromStart, fromEnd, direction)
                : (frontierEnd, fromEnd, fromStart, reverse);
            var next = new List<long>();
            long meet = -1;
            foreach (var node in frontier)
            {
                context.CheckCancellation();
                var adjacency = reader.GetAdjacency(node, dir).Span;
                foreach (ref readonly var adj in adjacency)
                {
                    if (!TypeMatches(typeIds, adj.TypeId) || seen.ContainsKey(adj.OtherNodeId))
                    {
                        continue;
                    }

                    seen[adj.OtherNodeId] = (adj.RelationshipId, node);
                    next.Add(adj.OtherNodeId);
                    if (other.ContainsKey(adj.OtherNodeId))
                    {
                        meet = adj.OtherNodeId;
                        break;
                    }
                }

                if (meet >= 0)
                {
                    break;
                }
            }

            if (meet >= 0)
            {
                var rels = new List<long>();
                for (var n = meet; n != start;)
                {
                    var (rel, prev) = fromStart[n];
                    rels.Add(rel);
                    n = prev;
                }

                rels.Reverse();
                for (var n = meet; n != end;)
                {
                    var (rel, prev) = fromEnd[n];
                    rels.Add(rel);
                    n = prev;
                }

                return [rels.ToArray()];
            }

            if (expandStart)
            {
                frontierStart = next;
            }
            else
            {
                frontierEnd = next;
            }
        }

        return [];
    }

    private static List<long[]> AllShortest(QueryContext context, long start, long end, StoreDirection direction,
        int[]? typeIds, long? max)
    {
        var reader = context.Reader;
        var depthOf = new Dictionary<long, long> { [start] = 0 };
        var parents = new Dictionary<long, List<(long Rel, long Prev)>>();
        var frontier = new List<long> { start };
        long depth = 0;
        var found = false;
        while (frontier.Count > 0 && !found && (max is null || depth < max))
        {
            depth++;
            var next = new List<long>();
            foreach (var node in frontier)
            {
                context.CheckCancellation();
                foreach (ref readonly var adj in reader.GetAdjacency(node, direction).Span)
                {
                    if (!TypeMatches(typeIds, adj.TypeId))
                    {
                        continue;
                    }

                    if (depthOf.TryGetValue(adj.OtherNodeId, out var d))
                    {
                        if (d == depth)
                        {
                            parents[adj.OtherNodeId].Add((adj.RelationshipId, node));
                        }

                        continue;
                    }

                    depthOf[adj.OtherNodeId] = depth;
                    parents[adj.OtherNodeId] = [(adj.RelationshipId, node)];
                    next.Add(adj.OtherNodeId);
                    if (adj.OtherNodeId == end)
                    {
                        found = true;
                    }
                }
            }

            frontier = next;
        }

        var result = new List<long[]>();
        if (!found)
        {
            return result;
        }

        var stack = new List<long>();
        void Walk(long node)
        {
            if (node == start)
            {
                var rels = stack.ToArray();
                Array.Reverse(rels);
                result.Add(rels);
                return;
            }

            foreach (var (rel, prev) in parents[node])
            {
                stack.Add(rel);
                Walk(prev);
                stack.RemoveAt(stack.Count - 1);
            }
        }

        Walk(end);
        return result;
    }
}

/// <summary>A set of node (or relationship) ids: a bitmap over the store's dense ids, grown on demand from pooled
/// arrays, with a hash set for any id too large for it. Dispose returns the bitmap to the pool.</summary>
internal sealed class NodeIdSet : IDisposable
{
    private const long BitmapLimit = 1L << 31;
    private ulong[] _bits = [];
    private HashSet<long>? _overflow;

    public bool Contains(long id)
    {
        if ((ulong)id < BitmapLimit)
        {
            var word = (int)(id >> 6);
            return word < _bits.Length && (_bits[word] & (1UL << (int)(id & 63))) != 0;
        }

        return _overflow?.Contains(id) ?? false;
    }

    /// <summary>Adds the id; false when it was there already.</summary>
    public bool Add(long id)
    {
        if ((ulong)id < BitmapLimit)
        {
            var word = (int)(id >> 6);
            if (word >= _bits.Length)
            {
                Grow(word);
            }

            var mask = 1UL << (int)(id & 63);
            if ((_bits[word] & mask) != 0)
            {
                return false;
            }

            _bits[word] |= mask;
            return true;
        }

        return (_overflow ??= []).Add(id);
    }

    private void Grow(int word)
    {
        var grown = System.Buffers.ArrayPool<ulong>.Shared.Rent(Math.Max(Math.Max(word + 1, _bits.Length * 2), 256));
        _bits.CopyTo(grown, 0);
        Array.Clear(grown, _bits.Length, grown.Length - _bits.Length);
        Release();
        _bits = grown;
    }

    private void Release()
    {
        if (_bits.Length > 0)
        {
            System.Buffers.ArrayPool<ulong>.Shared.Return(_bits);
        }

        _bits = [];
    }

    public void Dispose() => Release();
}

/// <summary>A list of ids in a pooled array (a traversal's frontier), so that large walks do not allocate
/// large-object-heap arrays on every run. Dispose returns the array.</summary>
internal sealed class IdBuffer : IDisposable
{
    private long[] _items = System.Buffers.ArrayPool<long>.Shared.Rent(64);

    public int Count { get; private set; }

    public ReadOnlySpan<long> Span => _items.AsSpan(0, Count);

    public void Add(long id)
    {
        if (Count == _items.Length)
        {
            var grown = System.Buffers.ArrayPool<long>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, Count).CopyTo(grown);
            System.Buffers.ArrayPool<long>.Shared.Return(_items);
            _items = grown;
        }

        _items[Count++] = id;
    }

    public long this[int index] => _items[index];

    public void Clear() => Count = 0;

    public void Dispose()
    {
        if (_items.Length > 0)
        {
            System.Buffers.ArrayPool<long>.Shared.Return(_items);
        }

        _items = [];
        Count = 0;
    }
}
