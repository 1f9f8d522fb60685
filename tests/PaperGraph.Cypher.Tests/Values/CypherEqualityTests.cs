using CsCheck;
using PaperGraph.Cypher.Values;
using static PaperGraph.Cypher.Tests.Values.V;

namespace PaperGraph.Cypher.Tests.Values;

public sealed class CypherEqualityTests
{
    [Fact]
    public void Null_equals_nothing_not_even_null()
    {
        Assert.Null(CypherEquality.AreEqual(null, null));
        Assert.Null(CypherEquality.AreEqual(null, 1L));
        Assert.Null(CypherEquality.AreEqual("a", null));
        Assert.Null(CypherEquality.AreNotEqual(null, null));
    }

    [Fact]
    public void Integers_and_floats_compare_by_value()
    {
        Assert.True(CypherEquality.AreEqual(1L, 1.0));
        Assert.True(CypherEquality.AreEqual(1.0, 1L));
        Assert.True(CypherEquality.AreEqual(1.0, 1.0));
        Assert.False(CypherEquality.AreEqual(1L, 1.5));
        Assert.True(CypherEquality.AreEqual(0.0, -0.0));
    }

    [Fact]
    public void Large_integers_are_not_rounded_through_floats()
    {
        Assert.False(CypherEquality.AreEqual(4611686018427387905L, 4611686018427387900L));
        Assert.False(CypherEquality.AreEqual((1L << 53) + 1, (double)(1L << 53)));
        Assert.True(CypherEquality.AreEqual(1L << 53, (double)(1L << 53)));
        Assert.False(CypherEquality.AreEqual(long.MaxValue, 9223372036854775808.0));
    }

    [Fact]
    public void Values_of_different_types_are_not_equal()
    {
        Assert.False(CypherEquality.AreEqual("1", 1L));
        Assert.False(CypherEquality.AreEqual("1.0", 1.0));
        Assert.False(CypherEquality.AreEqual(true, 1L));
        Assert.False(CypherEquality.AreEqual(L(1L, 2L), "foo"));
        Assert.False(CypherEquality.AreEqual(new NodeValue(1), new RelationshipValue(1)));
    }

    [Fact]
    public void NaN_equals_nothing_and_differs_from_everything()
    {
        Assert.False(CypherEquality.AreEqual(NaN, 1L));
        Assert.False(CypherEquality.AreEqual(NaN, 1.0));
        Assert.False(CypherEquality.AreEqual(NaN, NaN));
        Assert.False(CypherEquality.AreEqual(NaN, "a"));
        Assert.True(CypherEquality.AreNotEqual(NaN, NaN));
    }

    public static TheoryData<object, object, bool?> Lists => new()
    {
        // TCK Comparison1 [6] and List3
        { L(1L, 2L), L(1L), false },
        { L((object?)null), L(1L), null },
        { L("a"), L(1L), false },
        { L(L(1L)), L(L(1L), L((object?)null)), false },
        { L(L(1L), L(2L)), L(L(1L), L((object?)null)), null },
        { L(L(1L), L(2L, 3L)), L(L(1L), L((object?)null)), false },
        { L(1L), L(1L, null), false },
        { L(1L, 2L), L(null, "foo"), false },
        { L(1L, 2L), L(null, 2L), null },
        { L(L(1L, 2L), L(1L, 3L)), L(L(1L, 2L), L(null, "foo")), false },
        { L(L(1L, 2L), L("foo", "bar")), L(L(1L, 2L), L(null, "bar")), null },
        { L(1L, 2.0), L(1.0, 2L), true },
        { L(), L(), true },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void Lists_are_equal_element_by_element_with_nulls_making_it_unknown(object a, object b, bool? expected) =>
        Assert.Equal(expected, CypherEquality.AreEqual(a, b));

    public static TheoryData<object, object, bool?> Maps => new()
    {
        // TCK Comparison1 [7]
        { M(), M(), true },
        { M(("k", true)), M(("k", true)), true },
        { M(("k", 1L)), M(("k", 1L)), true },
        { M(("k", 1.0)), M(("k", 1.0)), true },
        { M(("k", "abc")), M(("k", "abc")), true },
        { M(("k", "a"), ("l", 2L)), M(("l", 2L), ("k", "a")), true },
        { M(), M(("k", null)), false },
        { M(("k", null)), M(), false },
        { M(("k", 1L)), M(("k", 1L), ("l", null)), false },
        { M(("k", null), ("l", 1L)), M(("l", 1L)), false },
        { M(("k", null)), M(("k", null), ("l", null)), false },
        { M(("k", null)), M(("k", null)), null },
        { M(("k", 1L)), M(("k", null)), null },
        { M(("k", 1L), ("l", null)), M(("k", null), ("l", null)), null },
        { M(("k", 1L), ("l", null)), M(("k", null), ("l", 1L)), null },
        { M(("k", 1L), ("l", null)), M(("k", 1L), ("l", 1L)), null },
    };

    [Theory]
    [MemberData(nameof(Maps))]
    public void Maps_are_equal_when_keys_match_and_values_are_equal(object a, object b, bool? expected) =>
        Assert.Equal(expected, CypherEquality.AreEqual(a, b));

    [Fact]
    public void Entities_are_equal_when_they_are_the_same_entity()
    {
        Assert.True(CypherEquality.AreEqual(new NodeValue(5), new NodeValue(5)));
        Assert.False(CypherEquality.AreEqual(new NodeValue(5), new NodeValue(6)));
        Assert.True(CypherEquality.AreEqual(new RelationshipValue(5), new RelationshipValue(5)));
        Assert.True(CypherEquality.AreEqual(new PathValue([1, 1], [7]), new PathValue([1, 1], [7])));
        Assert.False(CypherEquality.AreEqual(new PathValue([1, 2], [7]), new PathValue([2, 1], [7])));
    }

    [Fact]
    public void Null_is_equivalent_to_null_and_NaN_to_NaN_for_grouping()
    {
        Assert.True(CypherEquality.Equivalent(null, null));
        Assert.False(CypherEquality.Equivalent(null, 1L));
        Assert.True(CypherEquality.Equivalent(NaN, NaN));
        Assert.True(CypherEquality.Equivalent(1L, 1.0));
        Assert.True(CypherEquality.Equivalent(L(null, NaN), L(null, NaN)));
        Assert.True(CypherEquality.Equivalent(M(("k", null)), M(("k", null))));
        Assert.False(CypherEquality.Equivalent(M(("k", null)), M(("j", null))));
        Assert.False(CypherEquality.Equivalent("1", 1L));
    }

    [Fact]
    public void Distinct_through_the_equivalence_comparer_merges_1_and_1_point_0()
    {
        var values = new object?[] { 1L, 1.0, null, null, NaN, NaN, "a", L(1L, null), L(1.0, null), M(("a", 1L)), M(("a", 1.0)) };
        var distinct = new HashSet<object?>(values, CypherEquality.Equivalence);
        Assert.Equal(6, distinct.Count);
    }

    [Fact]
    public void Equivalent_values_hash_alike()
    {
        Assert.Equal(CypherEquality.HashOf(1L), CypherEquality.HashOf(1.0));
        Assert.Equal(CypherEquality.HashOf(-3L), CypherEquality.HashOf(-3.0));
        Assert.Equal(CypherEquality.HashOf(0.0), CypherEquality.HashOf(-0.0));
        Assert.Equal(CypherEquality.HashOf(L(1L, 2.0)), CypherEquality.HashOf(L(1.0, 2L)));
        Assert.Equal(CypherEquality.HashOf(M(("a", 1L), ("b", 2L))), CypherEquality.HashOf(M(("b", 2.0), ("a", 1.0))));
        Assert.Equal(CypherEquality.HashOf(NaN), CypherEquality.HashOf(-NaN));
    }

    [Fact]
    public void Rows_group_by_equivalence_of_every_column()
    {
        var groups = new Dictionary<object?[], int>(CypherEquality.RowEquivalence)
        {
            [[1L, "a", null]] = 1,
        };
        Assert.True(groups.ContainsKey([1.0, "a", null]));
        Assert.False(groups.ContainsKey([1L, "b", null]));
        Assert.False(groups.ContainsKey([1L, "a"]));
    }

    [Fact]
    public void Equivalence_and_hash_agree_on_random_numbers() =>
        Gen.Select(Gen.Long[-1_000_000, 1_000_000], Gen.Bool).Sample(t =>
        {
            var (n, asFloat) = t;
            object other = asFloat ? (double)n : n;
            return CypherEquality.Equivalent(n, other) && CypherEquality.HashOf(n) == CypherEquality.HashOf(other);
        });
}
