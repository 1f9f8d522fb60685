namespace PaperGraph.Cypher.Execution;

/// <summary>An expression compiled to a delegate: reads the row's slots, returns an engine value.</summary>
public delegate object? Evaluator(object?[] row, QueryContext context);

/// <summary>
/// A physical operator: pulls rows from its input and yields its own. Operators hold no per-run state (it lives
/// in the enumerators), so one operator tree serves every run of a cached plan.
/// </summary>
public abstract class PhysicalOperator
{
    /// <summary>Rows for one run, given the argument row (the statement's empty row or a subquery's outer row).
    /// A yielded row belongs to the consumer until the next one is pulled; operators that bind new slots copy.</summary>
    public abstract IEnumerable<object?[]> Run(QueryContext context, object?[] argument);

    protected static object?[] Copy(object?[] row) => (object?[])row.Clone();
}
