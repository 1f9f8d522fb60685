using System.Diagnostics;
using PaperGraph.Cypher.Planning;
using PaperGraph.Cypher.Storage;

namespace PaperGraph.Cypher.Execution;

/// <summary>One PROFILE run: the operator whose rows are being pulled right now, to which store reads and time
/// are charged.</summary>
public sealed class ProfileSession
{
    public OperatorProfile? Current { get; set; }

    public Dictionary<LogicalOperator, OperatorProfile> Operators { get; } = new(ReferenceEqualityComparer.Instance);
}

/// <summary>Wraps a physical operator under PROFILE: counts the rows it yields and charges it the time spent
/// producing them (less the time its inputs took, which they are charged themselves).</summary>
public sealed class ProfilingOperator(PhysicalOperator inner, OperatorProfile profile, ProfileSession session) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        using var rows = inner.Run(context, argument).GetEnumerator();
        while (true)
        {
            var caller = session.Current;
            session.Current = profile;
            var started = Stopwatch.GetTimestamp();
            bool more;
            try
            {
                more = rows.MoveNext();
            }
            finally
            {
                var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalNanoseconds;
                profile.TimeNanos += elapsed;
                if (caller is not null)
                {
                    caller.TimeNanos -= elapsed;
                }

                session.Current = caller;
            }

            if (!more)
            {
                yield break;
            }

            profile.Rows++;
            yield return rows.Current;
        }
    }
}

/// <summary>The store seen under PROFILE: every read is a db hit of the operator running at the time.</summary>
public sealed class ProfilingReader(IGraphReader inner, ProfileSession session) : IGraphReader
{
    private T Hit<T>(T value, long hits = 1)
    {
        if (session.Current is { } current)
        {
            current.DbHits += hits;
        }

        return value;
    }

    public long CountNodes(string? label = null) => Hit(inner.CountNodes(label));
    public long CountRelationships(string? type = null) => Hit(inner.CountRelationships(type));
    public IEnumerable<long> AllNodeIds() => Counted(inner.AllNodeIds());
    public IEnumerable<long> NodeIdsByLabel(string label) => Counted(inner.NodeIdsByLabel(label));
    public IEnumerable<long> NodeIdsByProperty(string label, string key, object value) => Counted(inner.NodeIdsByProperty(label, key, value));
    public IEnumerable<long> AllRelationshipIds() => Counted(inner.AllRelationshipIds());
    public bool NodeExists(long nodeId) => Hit(inner.NodeExists(nodeId));
    public bool RelationshipExists(long relationshipId) => Hit(inner.RelationshipExists(relationshipId));
    public IReadOnlyList<string> GetLabels(long nodeId) => Hit(inner.GetLabels(nodeId));
    public bool HasLabel(long nodeId, string label) => Hit(inner.HasLabel(nodeId, label));
    public object? GetNodeProperty(long nodeId, string key) => Hit(inner.GetNodeProperty(nodeId, key));
    public IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId) => Hit(inner.GetNodeProperties(nodeId));
    public RelationshipEnds GetRelationship(long relationshipId) => Hit(inner.GetRelationship(relationshipId));
    public object? GetRelationshipProperty(long relationshipId, string key) => Hit(inner.GetRelationshipProperty(relationshipId, key));
    public IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId) => Hit(inner.GetRelationshipProperties(relationshipId));

    // One hit for the node's adjacency and one per relationship in it, as Neo4j counts an expansion.
    public ReadOnlyMemory<Adjacency> GetAdjacency(long nodeId, StoreDirection direction)
    {
        var adjacency = inner.GetAdjacency(nodeId, direction);
        return Hit(adjacency, 1 + adjacency.Length);
    }

    public bool HasRelationship(long nodeId, StoreDirection direction, int typeId) => Hit(inner.HasRelationship(nodeId, direction, typeId));

    public bool TryGetNeighbours(long nodeId, StoreDirection direction, int typeId, out ReadOnlyMemory<long> neighbours)
    {
        var found = inner.TryGetNeighbours(nodeId, direction, typeId, out neighbours);
        Hit(found, 1 + neighbours.Length);
        return found;
    }

    public int GetTypeId(string type) => inner.GetTypeId(type);
    public string GetTypeName(int typeId) => inner.GetTypeName(typeId);
    public IReadOnlyCollection<string> Labels => inner.Labels;
    public IReadOnlyCollection<string> RelationshipTypes => inner.RelationshipTypes;
    public IReadOnlyCollection<string> PropertyKeys => inner.PropertyKeys;
    public IReadOnlyList<SchemaRule> Schema => inner.Schema;

    private IEnumerable<long> Counted(IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            Hit(id);
            yield return id;
        }
    }
}
