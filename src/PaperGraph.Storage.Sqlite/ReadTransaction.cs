using PaperGraph.Cypher.Storage;

namespace PaperGraph.Storage.Sqlite;

/// <summary>A snapshot read: every call sees the one <see cref="Generation"/> it was opened on.</summary>
internal sealed class ReadTransaction(SqliteGraphStore store, Generation generation) : IStoreReadTransaction
{
    private readonly Generation _g = generation;
    private readonly SqliteGraphStore _store = store;

    public long CountNodes(string? label = null)
    {
        if (label is null) return _g.NodeCount;
        var id = _store.LabelTokens.Find(label);
        return id < 0 ? 0 : _g.LabelCount(id);
    }

    public long CountRelationships(string? type = null)
    {
        if (type is null) return _g.RelCount;
        var id = _store.TypeTokens.Find(type);
        return id < 0 ? 0 : _g.TypeCount(id);
    }

    public IEnumerable<long> AllNodeIds() => _g.Nodes.All().Select(n => n.Id);

    public IEnumerable<long> NodeIdsByLabel(string label)
    {
        var id = _store.LabelTokens.Find(label);
        return id < 0 ? [] : _g.LabelBitmap(id)?.All() ?? [];
    }

    public IEnumerable<long> NodeIdsByProperty(string label, string key, object value)
    {
        var labelId = _store.LabelTokens.Find(label);
        if (labelId < 0 || PropertyValues.IndexKey(value) is not { } k) return [];
        if (_g.NodeIndexes.TryGetValue((labelId, key), out var index)) return index.Lookup(k);
        return ScanByProperty(labelId, key, k);
    }

    private IEnumerable<long> ScanByProperty(int labelId, string key, object k)
    {
        foreach (var id in _g.LabelBitmap(labelId)?.All() ?? [])
        {
            if (PropertyValues.CypherEquals(_g.Nodes.Get(id)!.Properties.Get(key), k)) yield return id;
        }
    }

    public IEnumerable<long> AllRelationshipIds() => _g.Rels.All().Select(r => r.Id);

    public bool NodeExists(long nodeId) => _g.Nodes.Get(nodeId) is not null;
    public bool RelationshipExists(long relationshipId) => _g.Rels.Get(relationshipId) is not null;

    private NodeRecord Node(long id) => _g.Nodes.Get(id) ?? throw StoreErrors.NodeNotFound(id);
    private RelRecord Rel(long id) => _g.Rels.Get(id) ?? throw StoreErrors.RelationshipNotFound(id);

    public IReadOnlyList<string> GetLabels(long nodeId) => Node(nodeId).Labels.Names;
    public bool HasLabel(long nodeId, string label) => Node(nodeId).Labels.HasName(label);
    public object? GetNodeProperty(long nodeId, string key) => Node(nodeId).Properties.Get(key);
    public IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId) => Node(nodeId).Properties;

    public RelationshipEnds GetRelationship(long relationshipId)
    {
        var r = Rel(relationshipId);
        return new RelationshipEnds(r.StartNodeId, r.EndNodeId, r.TypeId);
    }

    public object? GetRelationshipProperty(long relationshipId, string key) => Rel(relationshipId).Properties.Get(key);
    public IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId) => Rel(relationshipId).Properties;

    public ReadOnlyMemory<Adjacency> GetAdjacency(long nodeId, StoreDirection direction) => _g.GetAdjacency(nodeId, direction);

    public bool HasRelationship(long nodeId, StoreDirection direction, int typeId) => _g.HasRelationship(nodeId, direction, typeId);

    public bool TryGetNeighbours(long nodeId, StoreDirection direction, int typeId, out ReadOnlyMemory<long> neighbours) =>
        _g.TryGetNeighbours(nodeId, direction, typeId, out neighbours);

    public int GetTypeId(string type) => _store.TypeTokens.Find(type);
    public string GetTypeName(int typeId) => _store.TypeName(typeId);

    public IReadOnlyCollection<string> Labels => _store.NamesInUse(_store.LabelTokens, _g.LabelCounts, null);
    public IReadOnlyCollection<string> RelationshipTypes => _store.NamesInUse(_store.TypeTokens, _g.TypeCounts, null);
    public IReadOnlyCollection<string> PropertyKeys => _g.PropertyKeys;
    public IReadOnlyList<SchemaRule> Schema => _g.Schema;

    public void Dispose()
    {
    }
}
