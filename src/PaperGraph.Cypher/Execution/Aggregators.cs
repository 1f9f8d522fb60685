using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

/// <summary>An aggregate compiled for the <see cref="AggregateOperator"/>: which function of
/// <see cref="CypherAggregates"/>, its argument evaluators and the output slot.</summary>
public sealed class AggregateDefinition(string function, bool distinct, Evaluator? argument, Evaluator[] extra, int slot)
{
    private readonly AggregateDescriptor? _descriptor =
        argument is null ? null
        : CypherAggregates.TryGet(function, out var d) ? d
        : throw new GraphException(GraphErrorCodes.SyntaxError, $"Unknown aggregating function {function}");

    public int Slot => slot;

    /// <summary>A fresh aggregator for one group.</summary>
    public IAggregator Create() => _descriptor is null ? CypherAggregates.CountStar() : _descriptor.Create(distinct);

    /// <summary>Evaluates this row's arguments and adds them to <paramref name="aggregator"/>.</summary>
    public void Accumulate(IAggregator aggregator, object?[] row, QueryContext context)
    {
        if (argument is null)
        {
            aggregator.Add(ReadOnlySpan<object?>.Empty);
            return;
        }

        if (extra.Length == 0)
        {
            aggregator.Add(argument(row, context));
            return;
        }

        var arguments = new object?[1 + extra.Length];
        arguments[0] = argument(row, context);
        for (var i = 0; i < extra.Length; i++)
        {
            arguments[i + 1] = extra[i](row, context);
        }

        aggregator.Add(arguments);
    }
}
