namespace PaperGraph.Graph;

/// <summary>
/// One operator of a query plan, as Neo4j reports it for <c>EXPLAIN</c> (<c>queryPlan</c>) and <c>PROFILE</c>
/// (<c>profiledQueryPlan</c>): its type (<c>Expand(All)</c>, <c>NodeByLabelScan</c>, …), its arguments
/// (<c>Details</c>, <c>EstimatedRows</c>, …; values are CLR values of the kinds listed on <see cref="GraphValues"/>),
/// the variables it introduces or carries, and the operators it reads from.
/// </summary>
/// <remarks>The counts are set only in a profiled plan: the rows the operator produced, its database hits, and the
/// time spent in it (nanoseconds, as Neo4j's <c>time</c>).</remarks>
public sealed record GraphPlan(
    string OperatorType,
    IReadOnlyDictionary<string, object?> Arguments,
    IReadOnlyList<string> Identifiers,
    IReadOnlyList<GraphPlan> Children)
{
    /// <summary>PROFILE only: rows this operator produced (Neo4j's <c>records</c>/<c>rows</c>).</summary>
    public long? Rows { get; init; }

    /// <summary>PROFILE only: reads and writes of the store this operator made.</summary>
    public long? DbHits { get; init; }

    /// <summary>PROFILE only: time spent in this operator, in nanoseconds.</summary>
    public long? Time { get; init; }
}
