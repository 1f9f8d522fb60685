namespace PaperGraph.Cypher.Values;

/// <summary>A node inside the engine: only its store id. Labels and properties are read through
/// <see cref="IGraphAccess"/> when an expression needs them.</summary>
/// <remarks>Two node values are equal when their ids are (Cypher equality of nodes is identity).</remarks>
public readonly record struct NodeValue(long Id)
{
    public override string ToString() => $"Node({Id})";
}

/// <summary>A relationship inside the engine: only its store id.</summary>
public readonly record struct RelationshipValue(long Id)
{
    public override string ToString() => $"Relationship({Id})";
}

/// <summary>A path inside the engine: the store ids of its nodes and relationships in traversal order.</summary>
/// <remarks>
/// <c>NodeIds.Length == RelationshipIds.Length + 1</c>. The direction of each relationship is in the store
/// (its start and end); the path only records the order in which it was walked. The arrays are owned by the
/// path and must not be changed after construction. Two paths are equal when both id sequences are.
/// </remarks>
public sealed class PathValue : IEquatable<PathValue>
{
    public PathValue(long[] nodeIds, long[] relationshipIds)
    {
        ArgumentNullException.ThrowIfNull(nodeIds);
        ArgumentNullException.ThrowIfNull(relationshipIds);
        if (nodeIds.Length != relationshipIds.Length + 1)
        {
            throw new ArgumentException(
                $"A path needs one more node than relationships; got {nodeIds.Length} nodes and {relationshipIds.Length} relationships.",
                nameof(nodeIds));
        }

        NodeIds = nodeIds;
        RelationshipIds = relationshipIds;
    }

    /// <summary>A path of one node and no relationships.</summary>
    public static PathValue Single(long nodeId) => new([nodeId], []);

    public long[] NodeIds { get; }
    public long[] RelationshipIds { get; }

    /// <summary>Number of relationships.</summary>
    public int Length => RelationshipIds.Length;

    public long StartNodeId => NodeIds[0];
    public long EndNodeId => NodeIds[^1];

    public bool Equals(PathValue? other) =>
        other is not null &&
        (ReferenceEquals(this, other) ||
         (NodeIds.AsSpan().SequenceEqual(other.NodeIds) && RelationshipIds.AsSpan().SequenceEqual(other.RelationshipIds)));

    public override bool Equals(object? obj) => Equals(obj as PathValue);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var id in NodeIds)
        {
            hash.Add(id);
        }

        foreach (var id in RelationshipIds)
        {
            hash.Add(id);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        "Path(" + string.Join(",", NodeIds) + " / " + string.Join(",", RelationshipIds) + ")";
}
