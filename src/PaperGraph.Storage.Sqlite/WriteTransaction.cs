using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>
/// The one write transaction: a private overlay of changed nodes and relationships over the generation that
/// was current when it began. Reads consult the overlay first (read-your-writes); nothing is shared until
/// <see cref="Commit"/> builds and publishes the next generation.
/// </summary>
internal sealed partial class WriteTransaction : IStoreWriteTransaction
{
    private enum State { Active, Committed, RolledBack }

    private readonly SqliteGraphStore _store;
    private readonly Generation _base;
    private readonly Dictionary<long, NodeState> _nodes = [];
    private readonly Dictionary<long, RelState> _rels = [];
    private readonly Dictionary<int, long> _labelDelta = [];
    private readonly Dictionary<int, long> _typeDelta = [];
    private readonly List<string> _newKeys = [];
    private readonly HashSet<string> _keysSeen;
    private readonly Dictionary<(int LabelId, string Key), Dictionary<object, List<long>>> _candidates = [];
    private List<SchemaRule> _schema;
    private bool _schemaChanged;
    private readonly long _firstNodeId;
    private readonly long _firstRelId;
    private long _nextNodeId;
    private long _nextRelId;
    private long _nodeDelta;
    private long _relDelta;
    private State _state;

    public WriteTransaction(SqliteGraphStore store, Generation generation, long firstNodeId, long firstRelId)
    {
        _store = store;
        _base = generation;
        _schema = [.. generation.Schema];
        _nextNodeId = _firstNodeId = firstNodeId;
        _nextRelId = _firstRelId = firstRelId;
        _keysSeen = new HashSet<string>(generation.PropertyKeys, StringComparer.Ordinal);
    }

    internal Generation Base => _base;
    internal long NextNodeId => _nextNodeId;
    internal long NextRelId => _nextRelId;

    // ---- overlay records ----

    internal sealed class NodeState(long id, NodeRecord? committed, LabelSet labels, PropertyBag properties)
    {
        public long Id { get; } = id;
        public NodeRecord? Committed { get; } = committed;
        public LabelSet Labels { get; set; } = labels;
        public PropertyBag Properties { get; set; } = properties;
        public bool Deleted { get; set; }
        public bool DataChanged { get; set; }
        public AdjacencyList? In { get; set; }
        public AdjacencyList? Out { get; set; }
        public Adjacency[]? BothCache { get; set; }
        public bool Created => Committed is null;
    }

    internal sealed class RelState(RelRecord? committed, long id, long start, long end, int typeId, PropertyBag properties)
    {
        public RelRecord? Committed { get; } = committed;
        public long Id { get; } = id;
        public long StartNodeId { get; } = start;
        public long EndNodeId { get; } = end;
        public int TypeId { get; } = typeId;
        public PropertyBag Properties { get; set; } = properties;
        public bool Deleted { get; set; }
        public bool Created => Committed is null;
    }

    /// <summary>A growable adjacency array. Memory already handed to a caller is never changed: appends go past
    /// it, and a removal first copies the array.</summary>
    internal sealed class AdjacencyList(Adjacency[] items)
    {
        private Adjacency[] _items = items;
        private bool _shared;

        public int Count { get; private set; } = items.Length;
        public ReadOnlySpan<Adjacency> Span => _items.AsSpan(0, Count);

        public ReadOnlyMemory<Adjacency> Share()
        {
            _shared = true;
            return new ReadOnlyMemory<Adjacency>(_items, 0, Count);
        }

        public void Add(Adjacency a)
        {
            if (Count == _items.Length)
            {
                var grown = new Adjacency[Math.Max(4, Count * 2)];
                _items.AsSpan(0, Count).CopyTo(grown);
                _items = grown;
                _shared = false;
            }
            _items[Count++] = a;
        }

        public void Remove(long relationshipId)
        {
            var i = 0;
            while (i < Count && _items[i].RelationshipId != relationshipId) i++;
            if (i == Count) return;
            if (_shared)
            {
                _items = _items.AsSpan(0, Count).ToArray();
                _shared = false;
            }
            Array.Copy(_items, i + 1, _items, i, Count - i - 1);
            Count--;
        }
    }

    private void EnsureActive()
    {
        if (_state != State.Active)
        {
            throw StoreErrors.TransactionClosed(_state == State.Committed ? "committed" : "rolled back");
        }
    }

    /// <summary>The node's overlay state (created on first touch), or null when it does not exist.</summary>
    private NodeState? Touch(long id)
    {
        if (_nodes.TryGetValue(id, out var s)) return s.Deleted ? null : s;
        var committed = _base.Nodes.Get(id);
        if (committed is null) return null;
        s = new NodeState(id, committed, committed.Labels, committed.Properties);
        _nodes.Add(id, s);
        return s;
    }

    private NodeState LiveNode(long id) => Touch(id) ?? throw StoreErrors.NodeNotFound(id);

    private RelState? TouchRel(long id)
    {
        if (_rels.TryGetValue(id, out var r)) return r.Deleted ? null : r;
        var committed = _base.Rels.Get(id);
        if (committed is null) return null;
        r = new RelState(committed, id, committed.StartNodeId, committed.EndNodeId, committed.TypeId, committed.Properties);
        _rels.Add(id, r);
        return r;
    }

    private static void EnsureAdjacency(NodeState s)
    {
        if (s.In is not null) return;
        var c = s.Committed;
        s.In = new AdjacencyList(c is null ? [] : c.Adj.AsSpan(0, c.InCount).ToArray());
        s.Out = new AdjacencyList(c is null ? [] : c.Adj.AsSpan(c.InCount).ToArray());
    }

    // ---- reads (overlay first) ----

    /// <summary>The node as this transaction sees it: labels and properties, or false.</summary>
    private bool TryReadNode(long id, out LabelSet labels, out PropertyBag properties)
    {
        if (_nodes.TryGetValue(id, out var s))
        {
            labels = s.Labels;
            properties = s.Properties;
            return !s.Deleted;
        }
        var c = _base.Nodes.Get(id);
        labels = c?.Labels ?? LabelSet.Empty;
        properties = c?.Properties ?? PropertyBag.Empty;
        return c is not null;
    }

    private bool TryReadRel(long id, out long start, out long end, out int typeId, out PropertyBag properties)
    {
        if (_rels.TryGetValue(id, out var s))
        {
            (start, end, typeId, properties) = (s.StartNodeId, s.EndNodeId, s.TypeId, s.Properties);
            return !s.Deleted;
        }
        var c = _base.Rels.Get(id);
        (start, end, typeId, properties) = c is null ? (0L, 0L, 0, PropertyBag.Empty) : (c.StartNodeId, c.EndNodeId, c.TypeId, c.Properties);
        return c is not null;
    }

    public long CountNodes(string? label = null)
    {
        EnsureActive();
        if (label is null) return _base.NodeCount + _nodeDelta;
        var id = _store.LabelTokens.Find(label);
        return id < 0 ? 0 : _base.LabelCount(id) + _labelDelta.GetValueOrDefault(id);
    }

    public long CountRelationships(string? type = null)
    {
        EnsureActive();
        if (type is null) return _base.RelCount + _relDelta;
        var id = _store.TypeTokens.Find(type);
        return id < 0 ? 0 : _base.TypeCount(id) + _typeDelta.GetValueOrDefault(id);
    }

    public IEnumerable<long> AllNodeIds()
    {
        EnsureActive();
        var created = _nodes.Values.Where(s => s.Created && !s.Deleted).Select(s => s.Id).ToList();
        return Committed().Concat(created);

        IEnumerable<long> Committed()
        {
            foreach (var n in _base.Nodes.All())
            {
                if (!_nodes.TryGetValue(n.Id, out var s) || !s.Deleted) yield return n.Id;
            }
        }
    }

    public IEnumerable<long> NodeIdsByLabel(string label)
    {
        EnsureActive();
        var labelId = _store.LabelTokens.Find(label);
        return labelId < 0 ? [] : NodeIdsByLabel(labelId);
    }

    private IEnumerable<long> NodeIdsByLabel(int labelId)
    {
        // Nodes that gained the label in this transaction are collected now, so that creating nodes while the
        // caller iterates neither breaks the iteration nor feeds it its own output.
        var gained = _nodes.Values
            .Where(s => !s.Deleted && s.Labels.Has(labelId) && !(s.Committed?.Labels.Has(labelId) ?? false))
            .Select(s => s.Id).ToList();
        return Committed().Concat(gained);

        IEnumerable<long> Committed()
        {
            foreach (var id in _base.LabelBitmap(labelId)?.All() ?? [])
            {
                if (!_nodes.TryGetValue(id, out var s) || (!s.Deleted && s.Labels.Has(labelId))) yield return id;
            }
        }
    }

    public IEnumerable<long> NodeIdsByProperty(string label, string key, object value)
    {
        EnsureActive();
        var labelId = _store.LabelTokens.Find(label);
        if (labelId < 0 || PropertyValues.IndexKey(value) is not { } k) return [];
        return FindByProperty(labelId, key, k).ToList();
    }

    private bool Matches(long id, int labelId, string key, object k) =>
        TryReadNode(id, out var labels, out var properties) && labels.Has(labelId) &&
        PropertyValues.CypherEquals(properties.Get(key), k);

    private IEnumerable<long> FindByProperty(int labelId, string key, object k)
    {
        if (!_base.NodeIndexes.TryGetValue((labelId, key), out var index))
        {
            foreach (var id in NodeIdsByLabel(labelId))
            {
                if (Matches(id, labelId, key, k)) yield return id;
            }
            yield break;
        }
        HashSet<long>? seen = null;
        List<long>? candidates = null;
        if (_candidates.TryGetValue((labelId, key), out var byKey) && byKey.TryGetValue(k, out candidates))
        {
            seen = [];
        }
        foreach (var id in index.Lookup(k))
        {
            if (!_nodes.ContainsKey(id) || Matches(id, labelId, key, k))
            {
                seen?.Add(id);
                yield return id;
            }
        }
        if (candidates is null) yield break;
        foreach (var id in candidates)
        {
            if (seen!.Add(id) && Matches(id, labelId, key, k)) yield return id;
        }
    }

    /// <summary>Remembers a changed node under each committed index it may now belong to (checked again on lookup).</summary>
    private void NoteIndexCandidates(NodeState s)
    {
        if (_base.NodeIndexes.Count == 0) return;
        foreach (var ((labelId, key), _) in _base.NodeIndexes)
        {
            if (!s.Labels.Has(labelId) || PropertyValues.IndexKey(s.Properties.Get(key)) is not { } k) continue;
            if (!_candidates.TryGetValue((labelId, key), out var byKey))
            {
                _candidates[(labelId, key)] = byKey = [];
            }
            if (!byKey.TryGetValue(k, out var ids))
            {
                byKey[k] = ids = [];
            }
            ids.Add(s.Id);
        }
    }

    public IEnumerable<long> AllRelationshipIds()
    {
        EnsureActive();
        var created = _rels.Values.Where(r => r.Created && !r.Deleted).Select(r => r.Id).ToList();
        return Committed().Concat(created);

        IEnumerable<long> Committed()
        {
            foreach (var r in _base.Rels.All())
            {
                if (!_rels.TryGetValue(r.Id, out var s) || !s.Deleted) yield return r.Id;
            }
        }
    }

    public bool NodeExists(long nodeId)
    {
        EnsureActive();
        return TryReadNode(nodeId, out _, out _);
    }

    public bool RelationshipExists(long relationshipId)
    {
        EnsureActive();
        return TryReadRel(relationshipId, out _, out _, out _, out _);
    }

    private (LabelSet Labels, PropertyBag Properties) ReadNode(long id)
    {
        EnsureActive();
        return TryReadNode(id, out var labels, out var properties) ? (labels, properties) : throw StoreErrors.NodeNotFound(id);
    }

    public IReadOnlyList<string> GetLabels(long nodeId) => ReadNode(nodeId).Labels.Names;
    public bool HasLabel(long nodeId, string label) => ReadNode(nodeId).Labels.HasName(label);
    public object? GetNodeProperty(long nodeId, string key) => ReadNode(nodeId).Properties.Get(key);
    public IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId) => ReadNode(nodeId).Properties;

    public RelationshipEnds GetRelationship(long relationshipId)
    {
        EnsureActive();
        return TryReadRel(relationshipId, out var s, out var e, out var t, out _)
            ? new RelationshipEnds(s, e, t)
            : throw StoreErrors.RelationshipNotFound(relationshipId);
    }

    private PropertyBag RelProperties(long id)
    {
        EnsureActive();
        return TryReadRel(id, out _, out _, out _, out var p) ? p : throw StoreErrors.RelationshipNotFound(id);
    }

    public object? GetRelationshipProperty(long relationshipId, string key) => RelProperties(relationshipId).Get(key);
    public IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId) => RelProperties(relationshipId);

    public ReadOnlyMemory<Adjacency> GetAdjacency(long nodeId, StoreDirection direction)
    {
        EnsureActive();
        if (!_nodes.TryGetValue(nodeId, out var s))
        {
            return _base.GetAdjacency(nodeId, direction);
        }
        if (s.Deleted) throw StoreErrors.NodeNotFound(nodeId);
        if (s.In is null) return s.Committed?.Get(direction) ?? ReadOnlyMemory<Adjacency>.Empty;
        switch (direction)
        {
            case StoreDirection.Outgoing: return s.Out!.Share();
            case StoreDirection.Incoming: return s.In.Share();
        }
        if (s.BothCache is null)
        {
            var both = new List<Adjacency>(s.In.Count + s.Out!.Count);
            both.AddRange(s.In.Span);
            foreach (var a in s.Out.Span)
            {
                if (a.OtherNodeId != nodeId) both.Add(a);
            }
            s.BothCache = [.. both];
        }
        return s.BothCache;
    }

    public bool HasRelationship(long nodeId, StoreDirection direction, int typeId)
    {
        EnsureActive();
        if (!_nodes.ContainsKey(nodeId)) return _base.HasRelationship(nodeId, direction, typeId);
        foreach (ref readonly var a in GetAdjacency(nodeId, direction).Span)
        {
            if (typeId < 0 || a.TypeId == typeId) return true;
        }
        return false;
    }

    /// <summary>Committed nodes this transaction has not touched read the generation's compact neighbour runs;
    /// a touched node (changed relationships, deleted) reads its overlay through <see cref="GetAdjacency"/>.</summary>
    public bool TryGetNeighbours(long nodeId, StoreDirection direction, int typeId, out ReadOnlyMemory<long> neighbours)
    {
        EnsureActive();
        if (!_nodes.TryGetValue(nodeId, out var s)) return _base.TryGetNeighbours(nodeId, direction, typeId, out neighbours);
        if (s.Deleted) throw StoreErrors.NodeNotFound(nodeId);
        if (s.In is null && s.Committed is not null) return _base.TryGetNeighbours(nodeId, direction, typeId, out neighbours);
        neighbours = default;
        return false;
    }

    public int GetTypeId(string type) => _store.TypeTokens.Find(type);
    public string GetTypeName(int typeId) => _store.TypeName(typeId);

    public IReadOnlyCollection<string> Labels => _store.NamesInUse(_store.LabelTokens, _base.LabelCounts, _labelDelta);
    public IReadOnlyCollection<string> RelationshipTypes => _store.NamesInUse(_store.TypeTokens, _base.TypeCounts, _typeDelta);
    public IReadOnlyCollection<string> PropertyKeys => [.. _base.PropertyKeys, .. _newKeys];
    public IReadOnlyList<SchemaRule> Schema => _schema;

    public void Dispose()
    {
        if (_state == State.Active) Rollback();
    }
}
