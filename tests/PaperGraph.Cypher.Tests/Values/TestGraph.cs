using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Values;

namespace PaperGraph.Cypher.Tests.Values;

/// <summary>A small in-memory graph behind <see cref="IGraphAccess"/>, for tests of graph-reading functions.</summary>
internal sealed class TestGraph : IGraphAccess
{
    private readonly List<(string[] Labels, Dictionary<string, object?> Properties)> _nodes = [];
    private readonly List<(long Start, long End, int Type, Dictionary<string, object?> Properties)> _relationships = [];
    private readonly List<string> _types = [];

    public long AddNode(string[] labels, params (string Key, object? Value)[] properties)
    {
        _nodes.Add((labels, properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));
        return _nodes.Count - 1;
    }

    public long AddRelationship(long start, long end, string type, params (string Key, object? Value)[] properties)
    {
        var typeId = _types.IndexOf(type);
        if (typeId < 0)
        {
            _types.Add(type);
            typeId = _types.Count - 1;
        }

        _relationships.Add((start, end, typeId, properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));
        return _relationships.Count - 1 + 100;
    }

    public IReadOnlyList<string> GetLabels(long nodeId) => _nodes[(int)nodeId].Labels;
    public object? GetNodeProperty(long nodeId, string key) => _nodes[(int)nodeId].Properties.GetValueOrDefault(key);
    public IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId) => _nodes[(int)nodeId].Properties;

    public RelationshipEnds GetRelationship(long relationshipId)
    {
        var r = _relationships[(int)relationshipId - 100];
        return new RelationshipEnds(r.Start, r.End, r.Type);
    }

    public string GetTypeName(int typeId) => _types[typeId];
    public object? GetRelationshipProperty(long relationshipId, string key) => _relationships[(int)relationshipId - 100].Properties.GetValueOrDefault(key);
    public IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId) => _relationships[(int)relationshipId - 100].Properties;
}
