using System.Diagnostics.CodeAnalysis;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>One group's running aggregate. Not thread-safe; one instance per group and aggregate call.</summary>
public interface IAggregator
{
    /// <summary>Adds one row's evaluated arguments (one for most aggregates, two for the percentiles, none for
    /// <c>count(*)</c>).</summary>
    void Add(ReadOnlySpan<object?> arguments);

    /// <summary>The aggregate of the rows added so far (the value for an empty group when none were).</summary>
    object? Result();
}

/// <summary>An aggregator that keeps values until its result (collect, the percentiles, DISTINCT): how many it
/// holds, so the statement's memory budget can count each one as it is kept.</summary>
public interface IKeepsValues
{
    /// <summary>How many values it holds now.</summary>
    int Kept { get; }
}

/// <summary>An aggregating function as the binder and the planner see it.</summary>
/// <param name="Name">Canonical spelling; lookup ignores case.</param>
/// <param name="MinArity">Fewest arguments.</param>
/// <param name="MaxArity">Most arguments.</param>
/// <param name="Create">Makes a fresh aggregator; the flag is DISTINCT (de-duplicates on the first argument by
/// <see cref="CypherEquality.Equivalent"/>).</param>
public sealed record AggregateDescriptor(string Name, int MinArity, int MaxArity, Func<bool, IAggregator> Create)
{
    public bool AcceptsArity(int count) => count >= MinArity && count <= MaxArity;
}

/// <summary>
/// The aggregating functions: count, sum, avg, min, max, collect, stDev, stDevP, percentileCont, percentileDisc.
/// </summary>
/// <remarks>
/// As in Neo4j, null values are skipped (<c>count(x)</c> counts non-null values, <c>collect</c> leaves nulls
/// out). On an empty group: count and sum give 0, stDev and stDevP 0.0, collect <c>[]</c>, the others null.
/// <c>sum</c> of integers stays an INTEGER (overflow is an <c>ArithmeticError</c>) and becomes a FLOAT once a
/// float is added; <c>avg</c> is always a FLOAT. <c>sum</c> and <c>avg</c> of DURATIONs give a DURATION (the
/// average approximated as Neo4j does); mixing durations with numbers is a TypeError. <c>min</c> and <c>max</c> use the ORDER BY order across types
/// (<see cref="CypherComparison.Order"/>), so <c>max([1, 'a', [1, 2]])</c> is 1.
/// </remarks>
public static class CypherAggregates
{
    private static readonly Dictionary<string, AggregateDescriptor> Registry = new(StringComparer.OrdinalIgnoreCase)
    {
        ["count"] = new("count", 1, 1, distinct => Wrap(new CountAggregator(), distinct)),
        ["sum"] = new("sum", 1, 1, distinct => Wrap(new SumAggregator(), distinct)),
        ["avg"] = new("avg", 1, 1, distinct => Wrap(new AvgAggregator(), distinct)),
        ["min"] = new("min", 1, 1, _ => new ExtremeAggregator(wantMax: false)),
        ["max"] = new("max", 1, 1, _ => new ExtremeAggregator(wantMax: true)),
        ["collect"] = new("collect", 1, 1, distinct => Wrap(new CollectAggregator(), distinct)),
        ["stDev"] = new("stDev", 1, 1, distinct => Wrap(new StDevAggregator(sample: true), distinct)),
        ["stDevP"] = new("stDevP", 1, 1, distinct => Wrap(new StDevAggregator(sample: false), distinct)),
        ["percentileCont"] = new("percentileCont", 2, 2, distinct => Wrap(new PercentileAggregator(continuous: true), distinct)),
        ["percentileDisc"] = new("percentileDisc", 2, 2, distinct => Wrap(new PercentileAggregator(continuous: false), distinct)),
    };

    /// <summary>Every aggregating function.</summary>
    public static IReadOnlyCollection<AggregateDescriptor> All => Registry.Values;

    /// <summary>Looks an aggregating function up by name, ignoring case.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out AggregateDescriptor? descriptor) =>
        Registry.TryGetValue(name, out descriptor);

    /// <summary>Whether <paramref name="name"/> names an aggregating function.</summary>
    public static bool IsAggregate(string name) => Registry.ContainsKey(name);

    /// <summary><c>count(*)</c>: counts rows, nulls included.</summary>
    public static IAggregator CountStar() => new CountStarAggregator();

    /// <summary>Adds one row's single argument.</summary>
    public static void Add(this IAggregator aggregator, object? value)
    {
        ArgumentNullException.ThrowIfNull(aggregator);
        aggregator.Add(new ReadOnlySpan<object?>(ref value));
    }

    private static IAggregator Wrap(IAggregator inner, bool distinct) => distinct ? new DistinctAggregator(inner) : inner;

    private static double Number(string function, object value) => value switch
    {
        long l => l,
        double d => d,
        _ => throw ValueErrors.Type($"{function}() can only aggregate numbers (and null), got {CypherTypes.NameOf(value)} ({ValueFormatter.Format(value)})."),
    };

    private sealed class DistinctAggregator(IAggregator inner) : IAggregator, IKeepsValues
    {
        private readonly HashSet<object?> _seen = new(CypherEquality.Equivalence);

        public int Kept => _seen.Count;

        public void Add(ReadOnlySpan<object?> arguments)
        {
            if (arguments[0] is null)
            {
                // Still passed on, so that argument checks (a percentile out of range) happen as without DISTINCT.
                inner.Add(arguments);
                return;
            }

            if (_seen.Add(arguments[0]))
            {
                inner.Add(arguments);
            }
        }

        public object? Result() => inner.Result();
    }

    private sealed class CountStarAggregator : IAggregator
    {
        private long _count;
        public void Add(ReadOnlySpan<object?> arguments) => _count++;
        public object? Result() => CypherValues.Box(_count);
    }

    private sealed class CountAggregator : IAggregator
    {
        private long _count;

        public void Add(ReadOnlySpan<object?> arguments)
        {
            if (arguments[0] is not null)
            {
                _count++;
            }
        }

        public object? Result() => CypherValues.Box(_count);
    }

    private sealed class SumAggregator : IAggregator
    {
        private long _integers;
        private double _floats;
        private bool _anyFloat;
        private bool _anyNumber;
        private GraphDuration? _durations;

        public void Add(ReadOnlySpan<object?> arguments)
        {
            if (arguments[0] is GraphDuration duration)
            {
                _durations = DurationSum("sum", _durations, duration, _anyNumber);
                return;
            }

            if (arguments[0] is long or double)
            {
                MixedCheck("sum", _durations, arguments[0]!);
                _anyNumber = true;
            }

            switch (arguments[0])
            {
                case null:
                    return;
                case long l:
                {
                    var sum = unchecked(_integers + l);
                    if (((_integers ^ sum) & (l ^ sum)) < 0)
                    {
                        throw ValueErrors.Overflow($"sum() reaching {_integers} + {l}");
                    }

                    _integers = sum;
                    return;
                }
                case double d:
                    _floats += d;
                    _anyFloat = true;
                    return;
                case var other:
                    Number("sum", other!);
                    return;
            }
        }

        public object? Result() => _durations is not null ? _durations : _anyFloat ? _integers + _floats : CypherValues.Box(_integers);
    }

    /// <summary>Adds a duration to a running sum of durations; mixing durations with numbers is a TypeError.</summary>
    private static GraphDuration DurationSum(string function, GraphDuration? sum, GraphDuration duration, bool anyNumber)
    {
        if (anyNumber)
        {
            throw ValueErrors.Type($"{function}() cannot mix numbers and durations, got {duration}.");
        }

        return sum is null ? duration : (GraphDuration)CypherTemporal.Plus(sum, duration);
    }

    private static void MixedCheck(string function, GraphDuration? durations, object number)
    {
        if (durations is not null)
        {
            throw ValueErrors.Type($"{function}() cannot mix durations and numbers, got {ValueFormatter.Format(number)}.");
        }
    }

    private sealed class AvgAggregator : IAggregator
    {
        private Int128 _integers;
        private double _floats;
        private long _count;
        private GraphDuration? _durations;

        public void Add(ReadOnlySpan<object?> arguments)
        {
            if (arguments[0] is GraphDuration duration)
            {
                _durations = DurationSum("avg", _durations, duration, _count > 0 && _durations is null);
                _count++;
                return;
            }

            if (arguments[0] is long or double)
            {
                MixedCheck("avg", _durations, arguments[0]!);
            }

            switch (arguments[0])
            {
                case null:
                    return;
                case long l:
                    _integers += l;
                    break;
                case double d:
                    _floats += d;
                    break;
                case var other:
                    Number("avg", other!);
                    return;
            }

            _count++;
        }

        public object? Result() => _count == 0 ? null
            : _durations is not null ? CypherTemporal.Divide(_durations, _count)
            : ((double)_integers + _floats) / _count;
    }

    private sealed class ExtremeAggregator(bool wantMax) : IAggregator
    {
        private object? _best;

        public void Add(ReadOnlySpan<object?> arguments)
        {
            var value = arguments[0];
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
            if (wantMax ? c > 0 : c < 0)
            {
                _best = value;
            }
        }

        public object? Result() => _best;
    }

    private sealed class CollectAggregator : IAggregator, IKeepsValues
    {
        private readonly List<object?> _items = [];

        public int Kept => _items.Count;

        public void Add(ReadOnlySpan<object?> arguments)
        {
            if (arguments[0] is { } value)
            {
                ValueLimits.CheckNestable(value);
                _items.Add(value);
            }
        }

        public object? Result() => _items.ToArray();
    }

    private sealed class StDevAggregator(bool sample) : IAggregator
    {
        // Welford's online algorithm: numerically stable in one pass.
        private long _count;
        private double _mean;
        private double _squares;

        public void Add(ReadOnlySpan<object?> arguments)
        {
            if (arguments[0] is not { } value)
            {
                return;
            }

            var x = Number(sample ? "stDev" : "stDevP", value);
            _count++;
            var delta = x - _mean;
            _mean += delta / _count;
            _squares += delta * (x - _mean);
        }

        public object? Result()
        {
            var divisor = sample ? _count - 1 : _count;
            return divisor <= 0 ? 0.0 : Math.Sqrt(_squares / divisor);
        }
    }

    private sealed class PercentileAggregator(bool continuous) : IAggregator, IKeepsValues
    {
        private readonly List<object> _values = [];

        public int Kept => _values.Count;
        private double _percentile;

        private string Name => continuous ? "percentileCont" : "percentileDisc";

        public void Add(ReadOnlySpan<object?> arguments)
        {
            var p = arguments[1] switch
            {
                long l => l,
                double d => d,
                var other => throw ValueErrors.Argument($"{Name}() expects a percentile between 0.0 and 1.0, got {CypherTypes.NameOf(other)} ({ValueFormatter.Format(other)})."),
            };
            if (!(p >= 0 && p <= 1))
            {
                throw ValueErrors.Argument($"{Name}() expects a percentile between 0.0 and 1.0, got {ValueFormatter.Format(arguments[1])}.");
            }

            _percentile = p;
            if (arguments[0] is { } value)
            {
                Number(Name, value);
                _values.Add(value);
            }
        }

        public object? Result()
        {
            if (_values.Count == 0)
            {
                return null;
            }

            _values.Sort(CypherComparison.Order);
            var n = _values.Count;
            if (continuous)
            {
                var position = _percentile * (n - 1);
                var lower = (int)Math.Floor(position);
                var upper = (int)Math.Ceiling(position);
                var low = Number(Name, _values[lower]);
                if (lower == upper)
                {
                    return low;
                }

                var high = Number(Name, _values[upper]);
                return low + ((high - low) * (position - lower));
            }

            // The smallest value whose cumulative share reaches the percentile.
            var index = Math.Max(0, (int)Math.Ceiling(_percentile * n) - 1);
            return _values[Math.Min(index, n - 1)];
        }
    }
}
