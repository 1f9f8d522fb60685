using PaperGraph.Cypher.Values;
using static PaperGraph.Cypher.Tests.Values.V;

namespace PaperGraph.Cypher.Tests.Values;

public sealed class CypherComparisonTests
{
    [Fact]
    public void Numbers_compare_across_integer_and_float()
    {
        Assert.True(CypherComparison.LessThan(1L, 3.14));
        Assert.True(CypherComparison.LessThanOrEqual(1L, 3.14));
        Assert.True(CypherComparison.GreaterThan(3.14, 1L));
        Assert.True(CypherComparison.GreaterThanOrEqual(3.14, 1L));
        Assert.False(CypherComparison.LessThan(1L, 1.0));
        Assert.True(CypherComparison.LessThanOrEqual(1L, 1.0));
        Assert.False(CypherComparison.LessThan(1.0, 1.0));
    }

    [Fact]
    public void Large_integers_compare_exactly_with_floats()
    {
        Assert.True(CypherComparison.GreaterThan((1L << 53) + 1, (double)(1L << 53)));
        Assert.True(CypherComparison.LessThan(long.MaxValue, 9223372036854775808.0));
        Assert.True(CypherComparison.GreaterThan(long.MinValue, double.NegativeInfinity));
        Assert.True(CypherComparison.LessThan(2L, 2.5));
        Assert.True(CypherComparison.GreaterThan(-2L, -2.5));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void NaN_is_neither_smaller_nor_greater_than_any_number(object other)
    {
        Assert.False(CypherComparison.GreaterThan(NaN, other));
        Assert.False(CypherComparison.GreaterThanOrEqual(NaN, other));
        Assert.False(CypherComparison.LessThan(NaN, other));
        Assert.False(CypherComparison.LessThanOrEqual(NaN, other));
        Assert.False(CypherComparison.LessThan(other, NaN));
    }

    [Fact]
    public void NaN_compared_with_a_string_is_unknown()
    {
        Assert.Null(CypherComparison.GreaterThan(NaN, "a"));
        Assert.Null(CypherComparison.LessThanOrEqual(NaN, "a"));
    }

    [Fact]
    public void Values_of_different_types_are_not_comparable()
    {
        object?[] values = [new NodeValue(1), new RelationshipValue(2), PathValue.Single(1), "", 1L, true, null, L(), M()];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                if (!ReferenceEquals(a, b) && !(a is IReadOnlyList<object?> && b is IReadOnlyList<object?>))
                {
                    Assert.Null(CypherComparison.LessThan(a, b));
                }
            }
        }

        Assert.Null(CypherComparison.LessThan("1.0", 1.0));
        Assert.Null(CypherComparison.LessThan("1", 1L));
    }

    [Fact]
    public void Maps_and_entities_are_not_comparable_with_their_own_kind()
    {
        Assert.Null(CypherComparison.LessThan(M(("a", 1L)), M(("a", 2L))));
        Assert.Null(CypherComparison.LessThan(new NodeValue(1), new NodeValue(2)));
        Assert.Null(CypherComparison.LessThanOrEqual(new NodeValue(1), new NodeValue(1)));
    }

    [Fact]
    public void Strings_compare_by_code_point()
    {
        Assert.True(CypherComparison.LessThan("B", "a"));
        Assert.True(CypherComparison.LessThan("a", "ab"));
        Assert.True(CypherComparison.LessThan("", " "));
        Assert.True(CypherComparison.LessThanOrEqual("a", "a"));
        // U+FFFD is below U+1F600 as code points, though its UTF-16 unit is above the surrogate.
        Assert.True(CypherComparison.LessThan("\uFFFD", "\U0001F600"));
    }

    [Fact]
    public void False_is_less_than_true()
    {
        Assert.True(CypherComparison.LessThan(false, true));
        Assert.False(CypherComparison.LessThan(true, true));
    }

    public static TheoryData<object, object, bool?> ListsGreaterOrEqual => new()
    {
        // TCK Comparison2 [4]
        { L(1L, 0L), L(1L), true },
        { L(1L, null), L(1L), true },
        { L(1L, 2L), L(1L, null), null },
        { L(1L, "a"), L(1L, null), null },
        { L(1L, 2L), L(3L, null), false },
    };

    [Theory]
    [MemberData(nameof(ListsGreaterOrEqual))]
    public void Lists_compare_lexicographically(object a, object b, bool? expected) =>
        Assert.Equal(expected, CypherComparison.GreaterThanOrEqual(a, b));

    [Fact]
    public void Order_by_puts_types_in_Neo4j_s_order_with_null_last()
    {
        // TCK ReturnOrderBy1 [11]
        var path = new PathValue([1, 2], [10]);
        var values = new List<object?> { new NodeValue(1), new RelationshipValue(10), path, 1.5, L("list"), "text", null, false, NaN, M(("a", "map")) };
        values.Sort(CypherComparison.Order);
        Assert.Equal(new List<object?> { M(("a", "map")), new NodeValue(1), new RelationshipValue(10), L("list"), path, "text", false, 1.5, NaN, null }, values, new EquivalentComparer());

        values.Sort(CypherComparison.OrderDescending);
        Assert.Null(values[0]);
        Assert.True(values[1] is double.NaN);
        Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(values[^1]);
    }

    [Fact]
    public void Order_by_sorts_lists_element_by_element_with_null_last()
    {
        // TCK ReturnOrderBy1 [9]
        var lists = new List<object?> { L(), L("a"), L("a", 1L), L(1L), L(1L, "a"), L(1L, null), L(null, 1L), L(null, 2L) };
        var shuffled = lists.AsEnumerable().Reverse().ToList();
        shuffled.Sort(CypherComparison.Order);
        Assert.Equal(lists, shuffled, new EquivalentComparer());
    }

    [Fact]
    public void Order_by_sorts_numbers_by_value_and_NaN_after_infinity()
    {
        var numbers = new List<object?> { NaN, 3L, double.PositiveInfinity, 2.5, -1L, double.NegativeInfinity, long.MaxValue };
        numbers.Sort(CypherComparison.Order);
        Assert.Equal(new List<object?> { double.NegativeInfinity, -1L, 2.5, 3L, long.MaxValue, double.PositiveInfinity, NaN }, numbers, new EquivalentComparer());
    }

    [Fact]
    public void Order_by_sorts_strings_booleans_and_entities()
    {
        var values = new List<object?> { "one", ".*", "", " ", true, false, new NodeValue(7), new NodeValue(2) };
        values.Sort(CypherComparison.Order);
        Assert.Equal(new List<object?> { new NodeValue(2), new NodeValue(7), "", " ", ".*", "one", false, true }, values, new EquivalentComparer());
    }

    [Fact]
    public void Order_by_sorts_maps_by_size_then_keys_then_values()
    {
        var maps = new List<object?> { M(("a", 2L)), M(("b", 1L)), M(), M(("a", 1L), ("b", 1L)), M(("a", 1L)) };
        maps.Sort(CypherComparison.Order);
        Assert.Equal(new List<object?> { M(), M(("a", 1L)), M(("a", 2L)), M(("b", 1L)), M(("a", 1L), ("b", 1L)) }, maps, new EquivalentComparer());
    }

    [Fact]
    public void Order_by_sorts_paths_along_their_walk()
    {
        var shorter = new PathValue([1, 2], [5]);
        var longer = new PathValue([1, 2, 3], [5, 6]);
        var other = new PathValue([1, 3], [4]);
        var paths = new List<object?> { longer, shorter, other, PathValue.Single(1) };
        paths.Sort(CypherComparison.Order);
        Assert.Equal(new List<object?> { PathValue.Single(1), other, shorter, longer }, paths);
    }

    [Fact]
    public void Values_that_order_as_equal_are_exactly_the_equivalent_ones()
    {
        object?[] values = [1L, 1.0, -0.0, 0L, NaN, null, "a", true, L(1L), L(1.0), M(("k", 1L)), M(("k", 1.0)), new NodeValue(1), L((object?)null), L()];
        foreach (var a in values)
        {
            foreach (var b in values)
            {
                Assert.Equal(CypherEquality.Equivalent(a, b), CypherComparison.CompareForOrder(a, b) == 0);
                Assert.Equal(Math.Sign(CypherComparison.CompareForOrder(a, b)), -Math.Sign(CypherComparison.CompareForOrder(b, a)));
            }
        }
    }

    private sealed class EquivalentComparer : IEqualityComparer<object?>
    {
        public new bool Equals(object? x, object? y) => CypherEquality.Equivalent(x, y);
        public int GetHashCode(object? obj) => CypherEquality.HashOf(obj);
    }
}
