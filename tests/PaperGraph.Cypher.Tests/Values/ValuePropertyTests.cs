using CsCheck;
using PaperGraph.Cypher.Values;

namespace PaperGraph.Cypher.Tests.Values;

/// <summary>Laws that must hold for all values, checked on random ones.</summary>
public sealed class ValuePropertyTests
{
    private static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static readonly Gen<object?> Scalar = Gen.OneOf<object?>(
        Gen.Bool.Select(_ => (object?)null),
        Gen.Bool.Select(b => (object?)b),
        Gen.Long[-3, 3].Select(l => (object?)l),
        Gen.Long.Select(l => (object?)l),
        Pick(0.0, -0.0, 1.0, 2.5, -3.0, double.NaN, double.PositiveInfinity, 9007199254740993.0).Select(d => (object?)d),
        Gen.Double.Select(d => (object?)d),
        Pick("", "a", "b", "ab", "B", "\U0001F600", "\uFFFD").Select(s => (object?)s),
        Gen.Long[0, 3].Select(id => (object?)new NodeValue(id)),
        Gen.Long[0, 3].Select(id => (object?)new RelationshipValue(id)));

    private static readonly Gen<object?> Value = Gen.Recursive<object?>((depth, self) => depth >= 2
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (2, self.List[0, 3].Select(list => (object?)list)),
            (1, Gen.Select(Pick("k", "l", "m"), self).List[0, 2]
                .Select(entries => (object?)entries.DistinctBy(e => e.Item1).ToDictionary(e => e.Item1, e => e.Item2, StringComparer.Ordinal)))));

    [Fact]
    public void Order_by_is_a_total_order() =>
        Gen.Select(Value, Value, Value).Sample(t =>
        {
            var (a, b, c) = t;
            var ab = CypherComparison.CompareForOrder(a, b);
            var bc = CypherComparison.CompareForOrder(b, c);
            var ac = CypherComparison.CompareForOrder(a, c);
            var antisymmetric = Math.Sign(ab) == -Math.Sign(CypherComparison.CompareForOrder(b, a));
            var transitive = !(ab <= 0 && bc <= 0) || ac <= 0;
            var reflexive = CypherComparison.CompareForOrder(a, a) == 0;
            return antisymmetric && transitive && reflexive;
        }, iter: 20_000);

    [Fact]
    public void Ordering_as_equal_means_equivalent_and_equivalent_means_equal_hash() =>
        Gen.Select(Value, Value).Sample(t =>
        {
            var (a, b) = t;
            var equivalent = CypherEquality.Equivalent(a, b);
            return equivalent == (CypherComparison.CompareForOrder(a, b) == 0) &&
                   (!equivalent || CypherEquality.HashOf(a) == CypherEquality.HashOf(b)) &&
                   CypherEquality.Equivalent(a, a);
        }, iter: 20_000);

    [Fact]
    public void Equality_is_symmetric_and_true_only_between_equivalent_values() =>
        Gen.Select(Value, Value).Sample(t =>
        {
            var (a, b) = t;
            var eq = CypherEquality.AreEqual(a, b);
            return eq == CypherEquality.AreEqual(b, a) && (eq != true || CypherEquality.Equivalent(a, b));
        }, iter: 20_000);

    [Fact]
    public void Inequality_operators_agree_with_each_other_and_with_order_by_when_defined() =>
        Gen.Select(Value, Value).Sample(t =>
        {
            var (a, b) = t;
            var lt = CypherComparison.LessThan(a, b);
            var gt = CypherComparison.GreaterThan(b, a);
            var le = CypherComparison.LessThanOrEqual(a, b);
            var consistent = lt == gt && (lt != true || le == true);
            var agreesWithOrder = lt != true || CypherComparison.CompareForOrder(a, b) < 0;
            return consistent && agreesWithOrder;
        }, iter: 20_000);

    [Fact]
    public void Formatting_never_fails_and_floats_read_back_exactly() =>
        Gen.Double.Sample(d =>
        {
            var text = ValueFormatter.FormatFloat(d);
            if (double.IsNaN(d) || double.IsInfinity(d))
            {
                return true;
            }

            return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture).Equals(d) &&
                   (text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal));
        }, iter: 20_000);

    [Fact]
    public void Equality_and_ordering_of_integers_and_strings_do_not_allocate()
    {
        object a = 123_456L, b = 123_457L, s = "paper-1", t = "paper-2";
        bool? sink = null;
        var order = 0;
        // Warm up (JIT, static initialisers).
        for (var i = 0; i < 1000; i++)
        {
            sink = CypherEquality.AreEqual(a, b);
            order += CypherComparison.CompareForOrder(s, t);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            sink = CypherEquality.AreEqual(a, b);
            sink = CypherEquality.AreEqual(s, t);
            sink = CypherComparison.LessThan(a, b);
            sink = CypherComparison.LessThan(s, t);
            order += CypherComparison.CompareForOrder(a, b);
            order += CypherComparison.CompareForOrder(s, t);
            order += CypherEquality.HashOf(a) & 1;
            sink = CypherEquality.Equivalent(s, t);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.False(sink);
        Assert.NotEqual(0, order);
    }
}
