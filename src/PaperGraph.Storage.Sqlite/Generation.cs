using PaperGraph.Cypher.Storage;

namespace PaperGraph.Storage.Sqlite;

/// <summary>One committed version of the whole graph. Immutable once published: a reader holding it sees exactly
/// that version, whatever commits after it; a commit builds the next one by copying only what it touched.</summary>
internal sealed class Generation
{
    public required long Version { get; init; }
    public required PagedTable<NodeRecord> Nodes { get; init; }

    /// <summary>Each node's adjacency, apart from its record (the traversal path).</summary>
    public required AdjacencyTable Adjacency { get; init; }
    public required PagedTable<RelRecord> Rels { get; init; }

    /// <summary>Node ids by label token (null where no node ever had the label).</summary>
    public required IdBitmap?[] LabelIndex { get; init; }
    public required long[] LabelCounts { get; init; }
    public required long[] TypeCounts { get; init; }
    public required long NodeCount { get; init; }
    public required long RelCount { get; init; }
    public required SchemaRule[] Schema { get; init; }

    /// <summary>Property indexes for the node schema rules, by (label token, property key).</summary>
    public required IReadOnlyDictionary<(int LabelId, string Key), NodeIndex> NodeIndexes { get; init; }

    /// <summary>Property keys ever committed, in first-use order.</summary>
    public required string[] PropertyKeys { get; init; }
    public required long NextNodeId { get; init; }
    public required long NextRelId { get; init; }
    public required long LastSequence { get; init; }

    public static Generation Empty { get; } = new()
    {
        Version = 0,
        Nodes = PagedTable<NodeRecord>.Empty,
        Adjacency = AdjacencyTable.Empty,
        Rels = PagedTable<RelRecord>.Empty,
        LabelIndex = [],
        LabelCounts = [],
        TypeCounts = [],
        NodeCount = 0,
        RelCount = 0,
        Schema = [],
        NodeIndexes = new Dictionary<(int, string), NodeIndex>(),
        PropertyKeys = [],
        NextNodeId = 0,
        NextRelId = 0,
        LastSequence = 0,
    };

    public long LabelCount(int labelId) => (uint)labelId < (uint)LabelCounts.Length ? LabelCounts[labelId] : 0;
    public long TypeCount(int typeId) => (uint)typeId < (uint)TypeCounts.Length ? TypeCounts[typeId] : 0;
    /// <summary>The node's relationships in one direction (no allocation); NotFound when there is no such node.</summary>
    public ReadOnlyMemory<Adjacency> GetAdjacency(long nodeId, StoreDirection direction)
    {
        var slot = Adjacency.Get(nodeId);
        var adj = slot.Adj ?? throw StoreErrors.NodeNotFound(nodeId);
        return direction switch
        {
            StoreDirection.Outgoing => new ReadOnlyMemory<Adjacency>(adj, slot.InCount, adj.Length - slot.InCount),
            StoreDirection.Incoming => new ReadOnlyMemory<Adjacency>(adj, 0, slot.InCount),
            _ => slot.BothWithLoops ?? adj,
        };
    }

    /// <summary>See <see cref="IGraphReader.TryGetNeighbours"/>.</summary>
    public bool TryGetNeighbours(long nodeId, StoreDirection direction, int typeId, out ReadOnlyMemory<long> neighbours)
    {
        var slot = Adjacency.Get(nodeId);
        if (slot.Adj is null) throw StoreErrors.NodeNotFound(nodeId);
        return slot.Neighbours(direction, typeId, out neighbours);
    }

    /// <summary>Whether the node has a relationship in the direction of type <paramref name="typeId"/> (any type
    /// when negative); from the slot's type bits, reading the array only for type ids past the bits.</summary>
    public bool HasRelationship(long nodeId, StoreDirection direction, int typeId)
    {
        var slot = Adjacency.Get(nodeId);
        if (slot.Adj is null) throw StoreErrors.NodeNotFound(nodeId);
        var types = slot.Types(direction);
        if (typeId < 0) return types != 0;
        if (typeId < AdjacencySlot.OverflowBit) return (types & (1u << typeId)) != 0;
        if ((types & (1u << AdjacencySlot.OverflowBit)) == 0) return false;
        foreach (ref readonly var a in GetAdjacency(nodeId, direction).Span)
        {
            if (a.TypeId == typeId) return true;
        }
        return false;
    }

    public IdBitmap? LabelBitmap(int labelId) => (uint)labelId < (uint)LabelIndex.Length ? LabelIndex[labelId] : null;
}

/// <summary>An immutable property index: Cypher-equality key (<see cref="PropertyValues.IndexKey"/>) to node ids.</summary>
/// <remarks>A hash table of small immutable buckets in pages of 1,024 buckets: a lookup is three array reads and
/// a short scan; a commit copies only the pages and buckets it touches (older snapshots keep theirs). The table
/// doubles when it averages more than four keys a bucket.</remarks>
internal sealed class NodeIndex
{
    private const int PageShift = 10;
    private const int PageSize = 1 << PageShift;
    private const int MaxLoad = 4;

    private readonly Entry[]?[][] _pages;
    private readonly int _mask;

    public static readonly NodeIndex Empty = new([new Entry[]?[PageSize]], 0);

    private NodeIndex(Entry[]?[][] pages, int count)
    {
        _pages = pages;
        _mask = pages.Length * PageSize - 1;
        Count = count;
    }

    /// <summary>Number of distinct keys.</summary>
    public int Count { get; }

    private readonly record struct Entry(int Hash, object Key, long[] Ids);

    public long[] Lookup(object key)
    {
        var hash = key.GetHashCode();
        var slot = hash & _mask;
        var bucket = _pages[slot >> PageShift][slot & (PageSize - 1)];
        if (bucket is null) return [];
        foreach (var e in bucket)
        {
            if (e.Hash == hash && e.Key.Equals(key)) return e.Ids;
        }
        return [];
    }

    public Builder ToBuilder() => new(this);

    /// <summary>One commit's changes to an index.</summary>
    public sealed class Builder
    {
        private Entry[]?[][] _pages;
        private bool[] _owned;
        private int _count;

        public Builder(NodeIndex index)
        {
            _pages = (Entry[]?[][])index._pages.Clone();
            _owned = new bool[_pages.Length];
            _count = index.Count;
        }

        private int Mask => _pages.Length * PageSize - 1;

        private ref Entry[]? Bucket(int hash)
        {
            var slot = hash & Mask;
            var p = slot >> PageShift;
            if (!_owned[p])
            {
                _pages[p] = (Entry[]?[])_pages[p].Clone();
                _owned[p] = true;
            }
            return ref _pages[p][slot & (PageSize - 1)];
        }

        public void Add(object key, long id)
        {
            var hash = key.GetHashCode();
            ref var bucket = ref Bucket(hash);
            var b = bucket ?? [];
            for (var i = 0; i < b.Length; i++)
            {
                if (b[i].Hash != hash || !b[i].Key.Equals(key)) continue;
                if (Array.IndexOf(b[i].Ids, id) >= 0) return;
                var copy = (Entry[])b.Clone();
                copy[i] = b[i] with { Ids = [.. b[i].Ids, id] };
                bucket = copy;
                return;
            }
            bucket = [.. b, new Entry(hash, key, [id])];
            _count++;
            if (_count > _pages.Length * PageSize * MaxLoad) Grow();
        }

        /// <summary>Rehashes into enough fresh pages for two keys a bucket (entries are shared, never changed), so
        /// that adding many keys in one go (a bulk load, an index built on open) stays linear.</summary>
        private void Grow()
        {
            var pages = _pages.Length;
            while (_count > pages * PageSize * 2) pages *= 2;
            var old = _pages;
            _pages = new Entry[]?[pages][];
            for (var p = 0; p < pages; p++) _pages[p] = new Entry[]?[PageSize];
            _owned = new bool[pages];
            Array.Fill(_owned, true);
            foreach (var page in old)
            {
                foreach (var bucket in page)
                {
                    if (bucket is null) continue;
                    foreach (var e in bucket)
                    {
                        ref var target = ref Bucket(e.Hash);
                        target = [.. target ?? [], e];
                    }
                }
            }
        }

        public void Remove(object key, long id)
        {
            var hash = key.GetHashCode();
            ref var bucket = ref Bucket(hash);
            if (bucket is not { } b) return;
            for (var i = 0; i < b.Length; i++)
            {
                if (b[i].Hash != hash || !b[i].Key.Equals(key)) continue;
                var at = Array.IndexOf(b[i].Ids, id);
                if (at < 0) return;
                if (b[i].Ids.Length > 1)
                {
                    var copy = (Entry[])b.Clone();
                    copy[i] = b[i] with { Ids = [.. b[i].Ids[..at], .. b[i].Ids[(at + 1)..]] };
                    bucket = copy;
                }
                else
                {
                    bucket = b.Length == 1 ? null : [.. b[..i], .. b[(i + 1)..]];
                    _count--;
                }
                return;
            }
        }

        public NodeIndex Build() => new(_pages, _count);
    }
}
