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
    public IAggregator Create() =>
        _descriptor is null ? CypherAggregates.CountStar()
        : distinct && _descriptor.Name == "count" && extra.Length == 0 ? new CountDistinctAggregator()
        : _descriptor.Create(distinct);

    /// <summary>Evaluates this row's arguments and adds them to <paramref name="aggregator"/>.</summary>
    public void Accumulate(IAggregator aggregator, object?[] row, QueryContext context)
    {
        if (argument is null)
        {
            aggregator.Add(ReadOnlySpan<object?>.Empty);
            return;
        }

        var keeps = aggregator as IKeepsValues;
        var before = keeps?.Kept ?? 0;
        object? value;
        if (extra.Length == 0)
        {
            value = argument(row, context);
            aggregator.Add(value);
        }
        else
        {
            var arguments = new object?[1 + extra.Length];
            arguments[0] = value = argument(row, context);
            for (var i = 0; i < extra.Length; i++)
            {
                arguments[i + 1] = extra[i](row, context);
            }

            aggregator.Add(arguments);
        }

        if (keeps is not null && keeps.Kept != before)
        {
            // collect(), a percentile or a DISTINCT set now holds this value until the statement ends.
            context.Budget.Retain(16 + context.Budget.SizeOfRetained(value));
        }
    }
}

/// <summary><c>count(DISTINCT x)</c>: the same answer as the general DISTINCT wrapper, with nodes and relationships
/// kept by id in bitmaps (a traversal's endpoints are counted without hashing boxed values).</summary>
internal sealed class CountDistinctAggregator : IAggregator, IKeepsValues
{
    public int Kept => (int)Math.Min(_count, int.MaxValue);

    private NodeIdSet? _nodes;
    private NodeIdSet? _relationships;
    private HashSet<object?>? _others;
    private long _count;

    public void Add(ReadOnlySpan<object?> arguments)
    {
        var added = arguments[0] switch
        {
            null => false,
            NodeValue n => (_nodes ??= new NodeIdSet()).Add(n.Id),
            RelationshipValue r => (_relationships ??= new NodeIdSet()).Add(r.Id),
            var v => (_others ??= new HashSet<object?>(CypherEquality.Equivalence)).Add(v),
        };
        if (added)
        {
            _count++;
        }
    }

    public object? Result() => CypherValues.Box(_count);
}
