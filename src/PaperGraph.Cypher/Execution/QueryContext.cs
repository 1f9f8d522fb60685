using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

/// <summary>Everything a running statement needs: the transaction it reads (and maybe writes), its parameters,
/// its guardrails and the counters of what it changed.</summary>
/// <remarks>One context per statement; not thread-safe (a statement runs on one thread).</remarks>
public sealed class QueryContext : IGraphAccess
{
    private readonly HashSet<long> _deletedNodes = [];
    private readonly HashSet<long> _deletedRelationships = [];
    private readonly List<long> _pendingNodeDeletes = [];
    private readonly Dictionary<long, RelationshipEnds> _deletedEnds = [];
    private readonly HashSet<long> _createdNodes = [];
    private readonly HashSet<long> _createdRelationships = [];

    public QueryContext(IGraphReader reader, IStoreWriteTransaction? writer,
        IReadOnlyDictionary<string, object?> parameters, CancellationToken timeoutToken, CancellationToken callerToken,
        long memoryLimitBytes = long.MaxValue, TimeSpan? timeout = null)
    {
        Reader = reader;
        Writer = writer;
        Parameters = parameters;
        Budget = new QueryBudget(memoryLimitBytes, timeoutToken, callerToken, timeout);
    }

    /// <summary>The statement's time and memory guardrails.</summary>
    public QueryBudget Budget { get; }

    public IGraphReader Reader { get; }

    /// <summary>The write transaction; null for a read-only statement.</summary>
    public IStoreWriteTransaction? Writer { get; }

    public IReadOnlyDictionary<string, object?> Parameters { get; }

    /// <summary>What scalar functions see: this statement's graph access and clock.</summary>
    public FunctionContext Functions => _functions ??= new FunctionContext(this, DateTimeOffset.UtcNow);

    private FunctionContext? _functions;
    private Dictionary<IReadOnlyList<string>, int[]?>? _typeIds;

    /// <summary>Relationship type names resolved to interned ids once per statement (keyed by the plan's list).</summary>
    public int[]? TypeIds(IReadOnlyList<string> types)
    {
        if (types.Count == 0)
        {
            return null;
        }

        _typeIds ??= new(ReferenceEqualityComparer.Instance);
        if (!_typeIds.TryGetValue(types, out var ids))
        {
            ids = Traversal.ResolveTypes(Reader, types);

            // A type that does not exist yet may be created later in this statement: only complete answers are kept
            // (a read-only statement creates none).
            if (ids!.Length == types.Count || Writer is null)
            {
                _typeIds[types] = ids;
            }
        }

        return ids;
    }

    public CounterSet Counters { get; } = new();

    /// <summary>Upper bound on the paths a variable-length expansion may enumerate for one statement, so an
    /// unbounded expansion ends with a clear error instead of running for ever.</summary>
    public long PathBudget { get; set; } = 50_000_000;

    public bool HasDeletions => _deletedNodes.Count > 0 || _deletedRelationships.Count > 0;

    public IStoreWriteTransaction Write =>
        Writer ?? throw new GraphException(GraphErrorCodes.AccessMode,
            "Writing in a read-only transaction is not allowed.");

    /// <summary>Throws when the statement timed out or the caller went away. Cheap: two volatile reads.</summary>
    public void CheckCancellation() => Budget.CheckCancellation();

    public void ThrowCancelled() => Budget.ThrowCancelled();

    public void SpendPathBudget(long paths)
    {
        PathBudget -= paths;
        if (PathBudget < 0)
        {
            throw new GraphException(GraphErrorCodes.ResultTooLarge,
                "Execution: the variable-length pattern expands into too many paths to enumerate; " +
                "bound its length (e.g. *1..5), add a relationship type, or use RETURN DISTINCT on its end nodes.");
        }
    }

    /// <summary>Counts a node this statement created. The counters describe the statement's net effect (the TCK's
    /// side effects): a node created and deleted by the same statement counts as neither.</summary>
    public void NodeCreated(long id)
    {
        _createdNodes.Add(id);
        Counters.NodesCreated++;
    }

    /// <summary>Counts a relationship this statement created (see <see cref="NodeCreated"/>).</summary>
    public void RelationshipCreated(long id)
    {
        _createdRelationships.Add(id);
        Counters.RelationshipsCreated++;
    }

    public bool IsNodeDeleted(long id) => _deletedNodes.Count > 0 && _deletedNodes.Contains(id);
    public bool IsRelationshipDeleted(long id) => _deletedRelationships.Count > 0 && _deletedRelationships.Contains(id);

    /// <summary>Deletes a relationship now (idempotent within the statement).</summary>
    public void DeleteRelationship(long id)
    {
        if (!_deletedRelationships.Add(id))
        {
            return;
        }

        if (!Reader.RelationshipExists(id))
        {
            return;
        }

        _deletedEnds[id] = Reader.GetRelationship(id);
        Write.DeleteRelationship(id);
        if (_createdRelationships.Remove(id))
        {
            Counters.RelationshipsCreated--;
        }
        else
        {
            Counters.RelationshipsDeleted++;
        }
    }

    /// <summary>Marks a node deleted; the store deletes it when the statement ends, after every relationship the
    /// statement deletes is gone (Neo4j checks for remaining relationships at commit).</summary>
    public void DeleteNode(long id, bool detach)
    {
        if (detach)
        {
            var rels = Reader.GetAdjacency(id, StoreDirection.Both).ToArray();
            foreach (var adj in rels)
            {
                DeleteRelationship(adj.RelationshipId);
            }
        }

        if (_deletedNodes.Add(id) && Reader.NodeExists(id))
        {
            _pendingNodeDeletes.Add(id);
            if (_createdNodes.Remove(id))
            {
                Counters.NodesCreated--;
            }
            else
            {
                Counters.NodesDeleted++;
            }
        }
    }

    /// <summary>Applies deferred node deletions; a node that still has relationships fails the statement.</summary>
    public void FlushDeletes()
    {
        foreach (var id in _pendingNodeDeletes)
        {
            var adjacency = Reader.GetAdjacency(id, StoreDirection.Both);
            if (adjacency.Length > 0)
            {
                throw new GraphException(GraphErrorCodes.ConstraintValidationFailed,
                    $"Cannot delete node<{id}>, because it still has relationships. To delete this node, you must first delete its relationships.");
            }

            Write.DeleteNode(id);
        }

        _pendingNodeDeletes.Clear();
    }

    private static GraphException Deleted(string kind, long id) =>
        new(GraphErrorCodes.EntityNotFound, $"{kind} with id {id} has been deleted in this transaction");

    // IGraphAccess for the value functions: reading a deleted entity is EntityNotFound, as in Neo4j.
    public IReadOnlyList<string> GetLabels(long nodeId) =>
        IsNodeDeleted(nodeId) ? throw Deleted("Node", nodeId) : Reader.GetLabels(nodeId);

    public object? GetNodeProperty(long nodeId, string key) =>
        IsNodeDeleted(nodeId) ? throw Deleted("Node", nodeId) : Reader.GetNodeProperty(nodeId, key);

    public IReadOnlyDictionary<string, object?> GetNodeProperties(long nodeId) =>
        IsNodeDeleted(nodeId) ? throw Deleted("Node", nodeId) : Reader.GetNodeProperties(nodeId);

    public RelationshipEnds GetRelationship(long relationshipId) =>
        _deletedEnds.TryGetValue(relationshipId, out var ends) ? ends : Reader.GetRelationship(relationshipId);

    public string GetTypeName(int typeId) => Reader.GetTypeName(typeId);

    public object? GetRelationshipProperty(long relationshipId, string key) =>
        IsRelationshipDeleted(relationshipId) ? throw Deleted("Relationship", relationshipId) : Reader.GetRelationshipProperty(relationshipId, key);

    public IReadOnlyDictionary<string, object?> GetRelationshipProperties(long relationshipId) =>
        IsRelationshipDeleted(relationshipId) ? throw Deleted("Relationship", relationshipId) : Reader.GetRelationshipProperties(relationshipId);
}

/// <summary>Mutable counters of one statement, turned into <see cref="QueryCounters"/> at the end.</summary>
public sealed class CounterSet
{
    public int NodesCreated;
    public int NodesDeleted;
    public int PropertiesSet;
    public int RelationshipsCreated;
    public int RelationshipsDeleted;
    public int LabelsAdded;
    public int LabelsRemoved;
    public int IndexesAdded;
    public int IndexesRemoved;
    public int ConstraintsAdded;
    public int ConstraintsRemoved;

    public QueryCounters ToCounters() => new()
    {
        NodesCreated = NodesCreated,
        NodesDeleted = NodesDeleted,
        PropertiesSet = PropertiesSet,
        RelationshipsCreated = RelationshipsCreated,
        RelationshipsDeleted = RelationshipsDeleted,
        LabelsAdded = LabelsAdded,
        LabelsRemoved = LabelsRemoved,
        IndexesAdded = IndexesAdded,
        IndexesRemoved = IndexesRemoved,
        ConstraintsAdded = ConstraintsAdded,
        ConstraintsRemoved = ConstraintsRemoved,
    };
}
