using PaperGraph.Graph;

namespace PaperGraph.Cypher.Storage;

/// <summary>
/// The property-graph store as the Cypher engine sees it: snapshot reads for many readers, one writer at a time.
/// </summary>
/// <remarks>
/// Node and relationship ids are store-issued longs, never reused while the store is open. Property values are
/// CLR values of the kinds on <see cref="GraphValues"/> (no nodes, relationships or paths, no maps; lists only of
/// one scalar kind). Relationship types and labels are case-sensitive strings.
/// </remarks>
public interface IGraphStore : IDisposable
{
    /// <summary>A consistent snapshot of the last committed state. Cheap; never blocks on the writer.</summary>
    IStoreReadTransaction BeginRead();

    /// <summary>The one write transaction. Waits (up to <paramref name="timeout"/>, then
    /// <c>TransactionTimedOut</c>) while another is open.</summary>
    IStoreWriteTransaction BeginWrite(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Committed changes, in order, with their sequence numbers.</summary>
    IGraphChangeFeed Changes { get; }
}

/// <summary>Direction of a relationship seen from a node.</summary>
public enum StoreDirection
{
    Outgoing,
    Incoming,
    Both,
}

/// <summary>One relationship as seen from one of its nodes.</summary>
/// <param name="RelationshipId">The relationship.</param>
/// <param name="OtherNodeId">The node at the other end (the same node for a self-loop).</param>
/// <param name="TypeId">The interned relationship type (see <see cref="IGraphReader.GetTypeId"/>).</param>
/// <param name="Outgoing">True when the relationship starts at the node it was read from.</param>
public readonly record struct Adjacency(long RelationshipId, long OtherNodeId, int TypeId, bool Outgoing);

/// <summary>A relationship's endpoints and type.</summary>
public readonly record struct RelationshipEnds(long StartNodeId, long EndNodeId, int TypeId);

/// <summary>A uniqueness constraint or an index on one label (or relationship type) and property.</summary>
/// <param name="Name">The schema rule's name (generated when the statement gave none).</param>
/// <param name="Kind"><c>Uniqueness</c> or <c>Index</c>.</param>
/// <param name="EntityType"><c>NODE</c> or <c>RELATIONSHIP</c>.</param>
/// <param name="LabelOrType">The label or relationship type.</param>
/// <param name="Properties">The property keys (one for now).</param>
public sealed record SchemaRule(string Name, SchemaRuleKind Kind, string EntityType, string LabelOrType,
    IReadOnlyList<string> Properties);

public enum SchemaRuleKind
{
    Uniqueness,
    Index,
}

/// <summary>Reads one consistent state of the graph.</summary>
public interface IGraphReader
{
    /// <summary>Number of nodes, or of nodes with <paramref name="label"/>.</summary>
    long CountNodes(string? label = null);

    /// <summary>Number of relationships, or of relationships of <paramref name="type"/>.</summary>
    long CountRelationships(string? type = null);

    IEnumerable<long> AllNodeIds();
    IEnumerable<long> NodeIdsByLabel(string label);

    /// <summary>Nodes with the label whose property equals <paramref name="value"/> (Cypher equality).
    /// Uses an index or uniqueness constraint when there is one, else scans the label.</summary>
    IEnumerable<long> NodeIdsByProperty(string label, string key, object value);

    IEnumerable<long> AllRelationshipIds();

    bool NodeExists(long nodeId);
    bool RelationshipExists(long relationshipId);

    IReadOnlyList<string> GetLabels(long nodeId);
    bool HasLabel(long nodeId, string label);

    /// <summary>The property's value, or null when the node has none.</summary>
    object? GetNodeProperty(long nodeId, string key);
    IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId);

    RelationshipEnds GetRelationship(long relationshipId);
    object? GetRelationshipProperty(long relationshipId, string key);
    IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId);

    /// <summary>The node's relationships in one direction (a self-loop appears once in each direction and
    /// once, not twice, under <see cref="StoreDirection.Both"/>). The memory is owned by the store and valid
    /// for the life of the transaction; no allocation.</summary>
    ReadOnlyMemory<Adjacency> GetAdjacency(long nodeId, StoreDirection direction);

    /// <summary>Whether the node has at least one relationship in the direction whose interned type is
    /// <paramref name="typeId"/> (any type when negative): a degree check that a store can answer without reading
    /// the adjacency. Throws like <see cref="GetAdjacency"/> for a node that does not exist.</summary>
    bool HasRelationship(long nodeId, StoreDirection direction, int typeId)
    {
        foreach (ref readonly var adj in GetAdjacency(nodeId, direction).Span)
        {
            if (typeId < 0 || adj.TypeId == typeId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ids of the nodes at the other end of the node's relationships in one direction
    /// (<see cref="StoreDirection.Outgoing"/> or <see cref="StoreDirection.Incoming"/>) whose interned type is
    /// <paramref name="typeId"/> (any type when negative), in <see cref="GetAdjacency"/> order, when the store holds
    /// exactly those as one compact run: a walk that needs only the neighbours then reads 8 bytes a relationship.
    /// False when it does not (the caller reads <see cref="GetAdjacency"/> instead), which is always correct.
    /// Throws like <see cref="GetAdjacency"/> for a node that does not exist. No allocation.</summary>
    bool TryGetNeighbours(long nodeId, StoreDirection direction, int typeId, out ReadOnlyMemory<long> neighbours)
    {
        neighbours = default;
        return false;
    }

    /// <summary>The interned id of a relationship type, or -1 when no relationship ever had that type.</summary>
    int GetTypeId(string type);

    /// <summary>The name of an interned relationship type.</summary>
    string GetTypeName(int typeId);

    /// <summary>Labels, relationship types and property keys in use (for db.labels() and friends).</summary>
    IReadOnlyCollection<string> Labels { get; }
    IReadOnlyCollection<string> RelationshipTypes { get; }
    IReadOnlyCollection<string> PropertyKeys { get; }

    IReadOnlyList<SchemaRule> Schema { get; }
}

/// <summary>A snapshot read transaction.</summary>
public interface IStoreReadTransaction : IGraphReader, IDisposable;

/// <summary>
/// The write transaction. Reads see its own writes. Nothing is visible to readers, nor durable, until
/// <see cref="Commit"/> returns; any exception before that leaves the store as it was once the transaction is
/// disposed (or rolled back).
/// </summary>
/// <remarks>
/// Mutators throw <see cref="GraphException"/>: <c>ConstraintValidationFailed</c> when a uniqueness constraint
/// would be broken or a node with relationships is deleted, <c>EntityNotFound</c> for an id that is gone.
/// </remarks>
public interface IStoreWriteTransaction : IGraphReader, IDisposable
{
    long CreateNode(IReadOnlyList<string> labels, IReadOnlyDictionary<string, object?> properties);
    long CreateRelationship(long startNodeId, long endNodeId, string type, IReadOnlyDictionary<string, object?> properties);

    /// <summary>Sets a property; <c>null</c> removes it. Returns whether anything changed.</summary>
    bool SetNodeProperty(long nodeId, string key, object? value);
    bool SetRelationshipProperty(long relationshipId, string key, object? value);

    /// <summary>Returns false when the node already had (or did not have) the label.</summary>
    bool AddLabel(long nodeId, string label);
    bool RemoveLabel(long nodeId, string label);

    /// <summary>Deletes a node that has no relationships left (else ConstraintValidationFailed).</summary>
    void DeleteNode(long nodeId);
    void DeleteRelationship(long relationshipId);

    /// <summary>Adds a schema rule; existing data is checked against a new uniqueness rule.</summary>
    void CreateSchemaRule(SchemaRule rule);
    /// <summary>Drops a schema rule by name; false when there is none.</summary>
    bool DropSchemaRule(string name);

    /// <summary>What the transaction has changed so far (nodes whose labels or properties changed, created or
    /// deleted nodes and relationships), for the checks made just before commit. Cost: the number of touched
    /// records.</summary>
    PendingChanges GetPendingChanges();

    /// <summary>Makes the transaction durable, then visible; returns the change record (null when nothing
    /// changed).</summary>
    GraphChange? Commit();

    void Rollback();
}

/// <summary>The changes a write transaction holds before it commits.</summary>
public sealed record PendingChanges(IReadOnlyList<PendingNode> Nodes, IReadOnlyList<PendingRelationship> Relationships);

/// <summary>A node created, changed or deleted by the transaction.</summary>
/// <param name="Id">The node.</param>
/// <param name="Before">Its labels and properties as committed; null when the transaction created it.</param>
/// <param name="Deleted">True when the transaction deleted it (read it through <see cref="Before"/>).</param>
public sealed record PendingNode(long Id, PendingState? Before, bool Deleted);

/// <summary>A relationship created, changed (properties) or deleted by the transaction.</summary>
/// <param name="OldProperties">Its properties as committed; null when the transaction created it.</param>
public sealed record PendingRelationship(long Id, long StartNodeId, long EndNodeId, string Type,
    IReadOnlyDictionary<string, object?>? OldProperties, bool Deleted);

/// <summary>A node's committed labels and properties.</summary>
public sealed record PendingState(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, object?> Properties);
