using System.Collections.Concurrent;
using PaperGraph.Cypher.Execution;
using PaperGraph.Cypher.Notifications;
using PaperGraph.Cypher.Planning;
using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher;

/// <summary>A statement parsed, planned and built into physical operators; cached by its text.</summary>
/// <remarks>Immutable and safe to run concurrently.</remarks>
public sealed class PreparedStatement(PlannedQuery plan, PhysicalOperator root, StatementNotifications? notifications = null)
{
    public PlannedQuery Plan { get; } = plan;
    public PhysicalOperator Root { get; } = root;

    /// <summary>The warnings and hints Neo4j would attach to the statement (cartesian products, unbounded shortest
    /// paths, names the database does not know).</summary>
    public StatementNotifications Notifications { get; } = notifications ?? StatementNotifications.None;

    /// <summary>Whether the statement writes (then it needs the write transaction).</summary>
    public bool IsWrite => Plan.IsWrite && !Plan.ExplainOnly;
}

/// <summary>Limits a statement runs under.</summary>
/// <param name="MaxResultRows">More rows than this fail the statement.</param>
/// <param name="TimeoutToken">Cancelled when the statement's time is up.</param>
/// <param name="CallerToken">Cancelled when the caller goes away.</param>
/// <param name="MemoryLimitBytes">The statement's memory budget (<see cref="QueryBudget"/>).</param>
/// <param name="Timeout">The time <paramref name="TimeoutToken"/> stands for, also checked against the clock.</param>
public sealed record ExecutionLimits(int MaxResultRows, CancellationToken TimeoutToken, CancellationToken CallerToken,
    long MemoryLimitBytes = long.MaxValue, TimeSpan? Timeout = null)
{
    /// <summary>The only folder LOAD CSV may read; null refuses LOAD CSV.</summary>
    public string? ImportDirectory { get; init; }
}

/// <summary>
/// The openCypher engine: parse → bind (the scopes of subqueries) → plan (resolving slots and compiling) → build physical operators → run over a store
/// transaction → convert the rows to the seam's values. It owns the plan cache; transactions belong to the caller.
/// </summary>
public sealed class CypherEngine
{
    private const int CacheCapacity = 2048;
    private readonly ConcurrentDictionary<string, PreparedStatement> _cache = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<ProcedureSignature> _procedures;

    /// <summary>An engine with the built-in procedures and <paramref name="procedures"/> (found first, by name
    /// ignoring case).</summary>
    public CypherEngine(IEnumerable<ProcedureSignature>? procedures = null) => _procedures = procedures?.ToList() ?? [];

    /// <summary>Parses and plans <paramref name="text"/>, or takes it from the cache.</summary>
    public PreparedStatement Prepare(string text)
    {
        if (_cache.TryGetValue(text, out var cached))
        {
            return cached;
        }

        var statement = CypherParser.Parse(text);
        var bound = Binder.Bind(statement, text);
        var plan = Planner.Plan(bound, _procedures);
        var prepared = new PreparedStatement(plan, OperatorBuilder.Build(plan.Root), StatementNotifications.Find(statement, text, readOnly: !plan.IsWrite));
        if (_cache.Count >= CacheCapacity)
        {
            _cache.Clear();
        }

        _cache[text] = prepared;
        return prepared;
    }

    /// <summary>Runs a prepared statement over <paramref name="reader"/> (the write transaction when
    /// <paramref name="writer"/> is given). Deferred deletions are applied before returning; the caller commits.</summary>
    public static QueryResult Execute(PreparedStatement prepared, IGraphReader reader, IStoreWriteTransaction? writer,
        IReadOnlyDictionary<string, object?> parameters, ExecutionLimits limits)
    {
        var plan = prepared.Plan;
        if (plan.ExplainOnly)
        {
            var text = plan.Describe();
            // As on Neo4j: the statement's own columns, no rows, and the plan.
            return new QueryResult(plan.Columns, [])
            {
                Plan = text, QueryPlan = PlanDescriber.Describe(plan), Notifications = prepared.Notifications.For(reader),
            };
        }

        // PROFILE: a fresh operator tree that counts, over a reader that charges every store read to the operator
        // running at the time.
        ProfileSession? profile = null;
        var root = prepared.Root;
        var notifications = prepared.Notifications.For(reader); // before PROFILE's reader, which would count the look-ups
        if (plan.Profile)
        {
            profile = new ProfileSession();
            root = OperatorBuilder.BuildProfiled(plan.Root, profile);
            reader = new ProfilingReader(reader, profile);
        }

        var missing = plan.Parameters.Where(p => !parameters.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new GraphException(GraphErrorCodes.ParameterMissing, $"Expected parameter(s): {string.Join(", ", missing)}");
        }

        var context = new QueryContext(reader, writer, NormalizeParameters(parameters), limits.TimeoutToken, limits.CallerToken,
            limits.MemoryLimitBytes, limits.Timeout) { ImportDirectory = limits.ImportDirectory };
        var budget = context.Budget;
        using var scope = budget.Enter();
        budget.CheckCancellation();
        var rows = new List<object?[]>();
        try
        {
            Pull(root, plan, context, limits, rows);
        }
        catch (GraphException e) when (rows.Count > 0 && e.Code != GraphErrorCodes.TransactionOutOfMemory)
        {
            // As Neo4j streams: the rows produced before the failure go with the error (QueryResourceIT,
            // shouldHandleErrorAfterStreamingStarts); the caller still rolls everything back. Not when the memory
            // budget ran out: those rows are what exhausted it, and are let go.
            throw e.WithPartialResult(PartialResult(plan, context, rows) ?? QueryResult.Empty);
        }

        if (writer is not null)
        {
            context.FlushDeletes();
        }

        var converter = new ResultConverter(context);
        var converted = new List<IReadOnlyList<object?>>(rows.Count);
        foreach (var r in rows)
        {
            budget.CheckCancellation();
            for (var i = 0; i < r.Length; i++)
            {
                r[i] = converter.Convert(r[i]);
            }

            converted.Add(r);
        }

        return new QueryResult(plan.Columns, converted, context.Counters.ToCounters())
        {
            Plan = profile is null ? null : plan.Describe(),
            ProfiledQueryPlan = profile is null ? null : PlanDescriber.Describe(plan, profile.Operators),
            Notifications = notifications,
        };
    }

    /// <summary>Pulls the result rows into <paramref name="rows"/>, under the row cap and the memory budget.</summary>
    private static void Pull(PhysicalOperator root, PlannedQuery plan, QueryContext context, ExecutionLimits limits, List<object?[]> rows)
    {
        var budget = context.Budget;
        var columns = plan.ColumnSlots;
        foreach (var row in root.Run(context, new object?[plan.SlotCount]))
        {
            context.CheckCancellation();
            budget.EndRow();
            if (columns.Length == 0)
            {
                continue;
            }

            if (rows.Count >= limits.MaxResultRows)
            {
                throw new GraphException(GraphErrorCodes.ResultTooLarge,
                    $"Execution: the result has more than {limits.MaxResultRows} rows, the configured maximum; add LIMIT or aggregate.");
            }

            var values = new object?[columns.Length];
            long bytes = 32 + (8L * columns.Length);
            for (var i = 0; i < columns.Length; i++)
            {
                values[i] = row[columns[i]];
                bytes += budget.SizeOfRetained(values[i]);
            }

            budget.Retain(bytes);
            rows.Add(values);
        }
    }

    /// <summary>The rows pulled before a failure, converted to the seam's values; null when even that fails.</summary>
    private static QueryResult? PartialResult(PlannedQuery plan, QueryContext context, List<object?[]> rows)
    {
        try
        {
            var converter = new ResultConverter(context);
            var converted = rows.Select(r => (IReadOnlyList<object?>)r.Select(v => converter.Convert(v)).ToArray()).ToList();
            return new QueryResult(plan.Columns, converted);
        }
        catch (GraphException)
        {
            return null;
        }
    }

    private static IReadOnlyDictionary<string, object?> NormalizeParameters(IReadOnlyDictionary<string, object?> parameters)
    {
        if (parameters.Count == 0)
        {
            return parameters;
        }

        var result = new Dictionary<string, object?>(parameters.Count, StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            result[key] = ToEngineValue(GraphValues.Normalize(value));
        }

        return result;
    }

    // Normalize has bounded the depth (GraphValues.MaxDepth); the check here keeps this walk safe on its own.
    private static object? ToEngineValue(object? value, int depth = 0) => value switch
    {
        GraphNode n when ElementIds.TryParseNode(n.ElementId, out var id) => new NodeValue(id),
        GraphRelationship r when ElementIds.TryParseRelationship(r.ElementId, out var id) => new RelationshipValue(id),
        IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> when depth >= ValueLimits.MaxDepth => throw GraphValues.TooDeep(),
        IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => ToEngineValue(kv.Value, depth + 1), StringComparer.Ordinal),
        IReadOnlyList<object?> l => l.Select(x => ToEngineValue(x, depth + 1)).ToArray(),
        _ => value,
    };

    /// <summary>Engine values to the seam's: nodes, relationships and paths with their labels and properties.</summary>
    private sealed class ResultConverter(QueryContext context)
    {
        private readonly Dictionary<long, GraphNode> _nodes = [];
        private readonly Dictionary<long, GraphRelationship> _rels = [];

        public object? Convert(object? value) => Convert(value, 0);

        // The engine builds no value deeper than ValueLimits.MaxDepth; the check keeps this walk safe on its own.
        private object? Convert(object? value, int depth) => value switch
        {
            null or bool or long or double or string => value,
            NodeValue n => Node(n.Id),
            RelationshipValue r => Relationship(r.Id),
            PathValue p => new GraphPath(p.NodeIds.Select(Node).ToList(), p.RelationshipIds.Select(Relationship).ToList()),
            IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> when depth >= ValueLimits.MaxDepth => throw GraphValues.TooDeep(),
            IReadOnlyDictionary<string, object?> m => m.ToDictionary(kv => kv.Key, kv => Convert(kv.Value, depth + 1), StringComparer.Ordinal),
            IReadOnlyList<object?> l => ConvertList(l, depth),
            int i => (long)i,
            _ => value,
        };

        private List<object?> ConvertList(IReadOnlyList<object?> list, int depth)
        {
            var result = new List<object?>(list.Count);
            foreach (var item in list)
            {
                context.Budget.Tick();
                result.Add(Convert(item, depth + 1));
            }

            return result;
        }

        private GraphNode Node(long id)
        {
            if (_nodes.TryGetValue(id, out var node))
            {
                return node;
            }

            var reader = context.Reader;
            var gone = context.IsNodeDeleted(id) || !reader.NodeExists(id);
            node = new GraphNode(ElementIds.Node(id),
                gone ? [] : reader.GetLabels(id).ToList(),
                gone ? new Dictionary<string, object?>() : Copy(reader.GetNodeProperties(id)));
            _nodes[id] = node;
            return node;
        }

        private GraphRelationship Relationship(long id)
        {
            if (_rels.TryGetValue(id, out var rel))
            {
                return rel;
            }

            var reader = context.Reader;
            var gone = context.IsRelationshipDeleted(id) || !reader.RelationshipExists(id);
            if (gone)
            {
                rel = new GraphRelationship(ElementIds.Relationship(id), "", "", "", new Dictionary<string, object?>());
            }
            else
            {
                var ends = reader.GetRelationship(id);
                rel = new GraphRelationship(ElementIds.Relationship(id), ElementIds.Node(ends.StartNodeId),
                    ElementIds.Node(ends.EndNodeId), reader.GetTypeName(ends.TypeId), Copy(reader.GetRelationshipProperties(id)));
            }

            _rels[id] = rel;
            return rel;
        }

        private Dictionary<string, object?> Copy(IReadOnlyDictionary<string, object?> props) =>
            props.ToDictionary(kv => kv.Key, kv => Convert(kv.Value), StringComparer.Ordinal);
    }
}
