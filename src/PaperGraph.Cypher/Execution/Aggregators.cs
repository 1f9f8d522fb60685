using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

/// <summary>An aggregate compiled for the <see cref="AggregateOperator"/>.</summary>
public sealed class AggregateDefinition(string function, bool distinct, Evaluator? argument, Evaluator[] extra, int slot)
{
    public Evaluator? Argument => argument;
    public Evaluator[] Extra => extra;
    public int Slot => slot;

    public Aggregator Create()
    {
        Aggregator a = function switch
        {
            "count" => new CountAggregator(argument is null),
            "sum" => new SumAggregator(),
            "avg" => new AvgAggregator(),
            "min" => new MinMaxAggregator(true),
            "max" => new MinMaxAggregator(false),
            "collect" => new CollectAggregator(),
            "stdev" => new StDevAggregator(true),
            "stdevp" => new StDevAggregator(false),
            "percentilecont" => new PercentileAggregator(true),
            "percentiledisc" => new PercentileAggregator(false),
            _ => throw new GraphException(GraphErrorCodes.SyntaxError, $"Unknown aggregating function {function}"),
        };
        return distinct ? new DistinctAggregator(a) : a;
    }
}

/// <summary>One group's running aggregate.</summary>
public abstract class Aggregator
{
    public abstract void Add(object? value);
    public abstract object? Result();
}

internal sealed class DistinctAggregator(Aggregator inner) : Aggregator
{
    private readonly HashSet<object?> _seen = new(CypherEquality.Equivalence);

    public override void Add(object? value)
    {
        if (value is not null && _seen.Add(value))
        {
            inner.Add(value);
        }
    }

    public override object? Result() => inner.Result();
}

internal sealed class CountAggregator(bool star) : Aggregator
{
    private long _count;

    public override void Add(object? value)
    {
        if (star || value is not null)
        {
            _count++;
        }
    }

    public override object? Result() => CypherValues.Box(_count);
}

internal sealed class SumAggregator : Aggregator
{
    private object? _sum = CypherValues.Box(0L);

    public override void Add(object? value)
    {
        if (value is null)
        {
            return;
        }

        if (value is not (long or double))
        {
            throw new GraphException(GraphErrorCodes.TypeError, $"sum() can only handle numerical values, got {CypherTypes.NameOf(value)}");
        }

        _sum = CypherOperators.Add(_sum, value);
    }

    public override object? Result() => _sum;
}

internal sealed class AvgAggregator : Aggregator
{
    private double _sum;
    private long _count;

    public override void Add(object? value)
    {
        switch (value)
        {
            case null:
                return;
            case long l:
                _sum += l;
                break;
            case double d:
                _sum += d;
                break;
            default:
                throw new GraphException(GraphErrorCodes.TypeError, $"avg() can only handle numerical values, got {CypherTypes.NameOf(value)}");
        }

        _count++;
    }

    public override object? Result() => _count == 0 ? null : _sum / _count;
}

internal sealed class MinMaxAggregator(bool min) : Aggregator
{
    private object? _best;

    public override void Add(object? value)
    {
        if (value is null)
        {
            return;
        }

        if (_best is null)
        {
            _best = value;
            return;
        }

        var c = CypherComparison.CompareForOrder(value, _best);
        if (min ? c < 0 : c > 0)
        {
            _best = value;
        }
    }

    public override object? Result() => _best;
}

internal sealed class CollectAggregator : Aggregator
{
    private readonly List<object?> _items = [];

    public override void Add(object? value)
    {
        if (value is not null)
        {
            _items.Add(value);
        }
    }

    public override object? Result() => _items.ToArray();
}

internal sealed class StDevAggregator(bool sample) : Aggregator
{
    private readonly List<double> _values = [];

    public override void Add(object? value)
    {
        switch (value)
        {
            case null:
                return;
            case long l:
                _values.Add(l);
                break;
            case double d:
                _values.Add(d);
                break;
            default:
                throw new GraphException(GraphErrorCodes.TypeError, $"stDev() can only handle numerical values, got {CypherTypes.NameOf(value)}");
        }
    }

    public override object? Result()
    {
        var n = _values.Count;
        if (n == 0 || (sample && n == 1))
        {
            return 0.0;
        }

        var mean = _values.Average();
        var sq = _values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(sq / (sample ? n - 1 : n));
    }
}

internal sealed class PercentileAggregator(bool continuous) : Aggregator
{
    private readonly List<object> _values = [];
    private double _percentile;

    public bool HasPercentile { get; private set; }

    public void SetPercentile(object? value)
    {
        var p = value switch
        {
            long l => l,
            double d => d,
            _ => throw new GraphException(GraphErrorCodes.ArgumentError, "The percentile must be a number between 0.0 and 1.0"),
        };
        if (p is < 0 or > 1 || double.IsNaN(p))
        {
            throw new GraphException(GraphErrorCodes.ArgumentError, $"The percentile must be a number between 0.0 and 1.0, got {p}");
        }

        _percentile = p;
        HasPercentile = true;
    }

    public override void Add(object? value)
    {
        if (value is null)
        {
            return;
        }

        if (value is not (long or double))
        {
            throw new GraphException(GraphErrorCodes.TypeError, $"percentile functions can only handle numerical values, got {CypherTypes.NameOf(value)}");
        }

        _values.Add(value);
    }

    public override object? Result()
    {
        if (_values.Count == 0)
        {
            return null;
        }

        var sorted = _values.OrderBy(v => v, CypherComparison.Order).ToList();
        static double D(object v) => v is long l ? l : (double)v;
        if (continuous)
        {
            var pos = _percentile * (sorted.Count - 1);
            var lower = (int)Math.Floor(pos);
            var upper = (int)Math.Ceiling(pos);
            if (lower == upper)
            {
                return D(sorted[lower]);
            }

            return D(sorted[lower]) + ((D(sorted[upper]) - D(sorted[lower])) * (pos - lower));
        }

        var index = _percentile == 0 ? 0 : (int)Math.Ceiling(_percentile * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
