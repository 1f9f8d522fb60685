namespace PaperGraph.Cypher.Values;

/// <summary>The body of a scalar function: evaluated arguments in, a value out.</summary>
public delegate object? CypherFunctionBody(ReadOnlySpan<object?> arguments, FunctionContext context);

/// <summary>A scalar function as the binder and the evaluator see it.</summary>
/// <param name="Name">The canonical spelling (<c>toString</c>); lookup ignores case.</param>
/// <param name="MinArity">Fewest arguments.</param>
/// <param name="MaxArity">Most arguments (<see cref="int.MaxValue"/> for <c>coalesce</c>).</param>
/// <param name="IsDeterministic">False for <c>rand()</c> (and <c>timestamp()</c>, fixed per statement but not
/// foldable at plan time): such calls must not be constant-folded.</param>
/// <param name="Invoke">The implementation. The arity is checked by the binder, not here.</param>
public sealed record FunctionDescriptor(string Name, int MinArity, int MaxArity, bool IsDeterministic, CypherFunctionBody Invoke)
{
    /// <summary>Whether a call with <paramref name="count"/> arguments is well-formed.</summary>
    public bool AcceptsArity(int count) => count >= MinArity && count <= MaxArity;

    /// <summary>The accepted argument counts in words, for a SyntaxError ("1 or 2 arguments").</summary>
    public string ArityDescription => MinArity == MaxArity
        ? $"{MinArity} argument{(MinArity == 1 ? "" : "s")}"
        : MaxArity == int.MaxValue
            ? $"at least {MinArity} argument{(MinArity == 1 ? "" : "s")}"
            : MaxArity == MinArity + 1
                ? $"{MinArity} or {MaxArity} arguments"
                : $"{MinArity} to {MaxArity} arguments";
}

/// <summary>What a function call may need beyond its arguments: the graph, the statement's clock, randomness.</summary>
/// <remarks>One context serves a whole statement; <see cref="TimestampMillis"/> is fixed at its start, as Neo4j's
/// <c>timestamp()</c> is.</remarks>
public sealed class FunctionContext(IGraphAccess? graph, DateTimeOffset statementStart, Random? random = null)
{
    /// <summary>A context without a graph (for constant folding and tests); graph functions then fail.</summary>
    public static FunctionContext WithoutGraph { get; } = new(null, DateTimeOffset.UnixEpoch);

    public IGraphAccess Graph => graph ?? throw new InvalidOperationException("This function reads the graph, but the context has no IGraphAccess.");

    public IGraphAccess? GraphOrNull => graph;

    /// <summary>The statement's clock: <c>timestamp()</c>, <c>date()</c>, <c>datetime.statement()</c>… all read it.</summary>
    public DateTimeOffset StatementStart { get; } = statementStart;

    /// <summary>Milliseconds since the Unix epoch at the start of the statement.</summary>
    public long TimestampMillis { get; } = statementStart.ToUnixTimeMilliseconds();

    public Random Random { get; } = random ?? Random.Shared;
}
