namespace PaperGraph.Graph;

/// <summary>
/// The answer to one statement, shaped like the Neo4j Query API response body: the column names, then one row
/// per record with the values in column order.
/// </summary>
/// <remarks>Values are CLR values of the kinds listed on <see cref="GraphValues"/>.</remarks>
public sealed class QueryResult
{
    public QueryResult(IReadOnlyList<string> fields, IReadOnlyList<IReadOnlyList<object?>> values,
        QueryCounters? counters = null)
    {
        Fields = fields;
        Values = values;
        Counters = counters ?? QueryCounters.None;
    }

    /// <summary>Column names in RETURN order; empty for a statement without RETURN.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The rows; each holds one value per field.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Values { get; }

    /// <summary>What the statement changed.</summary>
    public QueryCounters Counters { get; }

    /// <summary>For EXPLAIN and PROFILE: the plan as text: the embedded engine's compact one-line form (e.g.
    /// <c>Project(Filter(NodeScan(p:Paper)))</c>); over the Query API, the root operator's
    /// <c>string-representation</c> argument (Neo4j's plan table).</summary>
    public string? Plan { get; init; }

    /// <summary>For EXPLAIN: the plan as an operator tree (Neo4j's <c>queryPlan</c>); null until a backend gives one.</summary>
    public GraphPlan? QueryPlan { get; init; }

    /// <summary>For PROFILE: the plan that ran, with each operator's rows, db hits and time (Neo4j's
    /// <c>profiledQueryPlan</c>).</summary>
    public GraphPlan? ProfiledQueryPlan { get; init; }

    /// <summary>Warnings and hints the database attached to the statement.</summary>
    public IReadOnlyList<Notification> Notifications { get; init; } = [];

    /// <summary>An empty result with no columns.</summary>
    public static QueryResult Empty { get; } = new([], []);
}

/// <summary>Counters with exactly the Neo4j Query API's keys. They count operations, as Neo4j does.</summary>
public sealed record QueryCounters
{
    public static QueryCounters None { get; } = new();

    public int NodesCreated { get; init; }
    public int NodesDeleted { get; init; }
    public int PropertiesSet { get; init; }
    public int RelationshipsCreated { get; init; }
    public int RelationshipsDeleted { get; init; }
    public int LabelsAdded { get; init; }
    public int LabelsRemoved { get; init; }
    public int IndexesAdded { get; init; }
    public int IndexesRemoved { get; init; }
    public int ConstraintsAdded { get; init; }
    public int ConstraintsRemoved { get; init; }
    public int SystemUpdates { get; init; }

    public bool ContainsUpdates =>
        NodesCreated + NodesDeleted + PropertiesSet + RelationshipsCreated + RelationshipsDeleted + LabelsAdded +
        LabelsRemoved + IndexesAdded + IndexesRemoved + ConstraintsAdded + ConstraintsRemoved > 0;

    public bool ContainsSystemUpdates => SystemUpdates > 0;

    public static QueryCounters operator +(QueryCounters a, QueryCounters b) => new()
    {
        NodesCreated = a.NodesCreated + b.NodesCreated,
        NodesDeleted = a.NodesDeleted + b.NodesDeleted,
        PropertiesSet = a.PropertiesSet + b.PropertiesSet,
        RelationshipsCreated = a.RelationshipsCreated + b.RelationshipsCreated,
        RelationshipsDeleted = a.RelationshipsDeleted + b.RelationshipsDeleted,
        LabelsAdded = a.LabelsAdded + b.LabelsAdded,
        LabelsRemoved = a.LabelsRemoved + b.LabelsRemoved,
        IndexesAdded = a.IndexesAdded + b.IndexesAdded,
        IndexesRemoved = a.IndexesRemoved + b.IndexesRemoved,
        ConstraintsAdded = a.ConstraintsAdded + b.ConstraintsAdded,
        ConstraintsRemoved = a.ConstraintsRemoved + b.ConstraintsRemoved,
        SystemUpdates = a.SystemUpdates + b.SystemUpdates,
    };
}

/// <summary>A warning or hint attached to a result (Neo4j's notification object).</summary>
public sealed record Notification(string Code, string Title, string Description, string Severity,
    SourcePosition? Position = null, string Category = "GENERIC");
