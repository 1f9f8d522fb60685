using PaperGraph.Cypher.Storage;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// What the value functions need from the graph: labels, types and properties of entities by store id.
/// </summary>
/// <remarks>
/// The members have the same signatures as their namesakes on <see cref="IGraphReader"/>, so the executor can
/// pass any reader through <see cref="GraphAccess.Over"/> or wrap it (for example to report deleted entities).
/// A missing property reads as <c>null</c>.
/// </remarks>
public interface IGraphAccess
{
    IReadOnlyList<string> GetLabels(long nodeId);
    object? GetNodeProperty(long nodeId, string key);
    IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId);

    RelationshipEnds GetRelationship(long relationshipId);
    string GetTypeName(int typeId);
    object? GetRelationshipProperty(long relationshipId, string key);
    IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId);
}

/// <summary>Adapters to <see cref="IGraphAccess"/>.</summary>
public static class GraphAccess
{
    /// <summary>Reads straight through a store reader.</summary>
    public static IGraphAccess Over(IGraphReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new ReaderAccess(reader);
    }

    private sealed class ReaderAccess(IGraphReader reader) : IGraphAccess
    {
        public IReadOnlyList<string> GetLabels(long nodeId) => reader.GetLabels(nodeId);
        public object? GetNodeProperty(long nodeId, string key) => reader.GetNodeProperty(nodeId, key);
        public IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId) => reader.GetNodeProperties(nodeId);
        public RelationshipEnds GetRelationship(long relationshipId) => reader.GetRelationship(relationshipId);
        public string GetTypeName(int typeId) => reader.GetTypeName(typeId);
        public object? GetRelationshipProperty(long relationshipId, string key) => reader.GetRelationshipProperty(relationshipId, key);
        public IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId) => reader.GetRelationshipProperties(relationshipId);
    }
}
