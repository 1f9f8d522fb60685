using PaperGraph.Cypher.Values;
using PaperGraph.Graph;
using static PaperGraph.Cypher.Tests.Values.V;

namespace PaperGraph.Cypher.Tests.Values;

public sealed class CypherOperatorsTests
{
    private static GraphException Fails(string code, Func<object?> action)
    {
        var ex = Assert.Throws<GraphException>(() => action());
        Assert.Equal(code, ex.Code);
        return ex;
    }

    [Fact]
    public void Integer_arithmetic_stays_integer()
    {
        Assert.Equal(104L, CypherOperators.Add(99L, 5L));
        Assert.Equal(-5L, CypherOperators.Subtract(3L, 8L));
        Assert.Equal(12L, CypherOperators.Multiply(3L, 4L));
        Assert.Equal(3L, CypherOperators.Divide(12L, 4L));
        Assert.Equal(-2L, CypherOperators.Divide(-7L, 3L));
        Assert.Equal(-1L, CypherOperators.Modulo(-7L, 3L));
        Assert.Equal(1L, CypherOperators.Modulo(7L, -3L));
    }

    [Fact]
    public void Arithmetic_precedence_example_from_the_TCK_evaluates_to_1()
    {
        // 12 / 4 * 3 - 2 * 4
        var value = CypherOperators.Subtract(CypherOperators.Multiply(CypherOperators.Divide(12L, 4L), 3L), CypherOperators.Multiply(2L, 4L));
        Assert.Equal(1L, value);
    }

    [Fact]
    public void A_float_operand_makes_a_float()
    {
        Assert.Equal(2.5, CypherOperators.Add(1L, 1.5));
        Assert.Equal(-0.5, CypherOperators.Subtract(1.0, 1.5));
        Assert.Equal(3.0, CypherOperators.Multiply(1.5, 2L));
        Assert.Equal(0.5, CypherOperators.Divide(1L, 2.0));
        Assert.Equal(1.5, CypherOperators.Modulo(7.5, 2L));
    }

    [Fact]
    public void Integer_overflow_is_an_arithmetic_error()
    {
        Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Add(long.MaxValue, 1L));
        Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Subtract(long.MinValue, 1L));
        Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Multiply(long.MaxValue, 2L));
        Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Multiply(long.MinValue, -1L));
        Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Divide(long.MinValue, -1L));
        var ex = Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Negate(long.MinValue));
        Assert.Contains("overflow", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Arithmetic_near_the_limits_does_not_overflow()
    {
        Assert.Equal(long.MaxValue, CypherOperators.Add(long.MaxValue - 1, 1L));
        Assert.Equal(long.MinValue, CypherOperators.Multiply(long.MinValue / 2, 2L));
        Assert.Equal(long.MinValue, CypherOperators.Subtract(-1L, long.MaxValue));
        Assert.Equal(0L, CypherOperators.Modulo(long.MinValue, -1L));
        Assert.Equal(-long.MaxValue, CypherOperators.Negate(long.MaxValue));
    }

    [Fact]
    public void Integer_division_by_zero_is_an_arithmetic_error_but_float_division_is_not()
    {
        var ex = Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Divide(1L, 0L));
        Assert.Contains("Division by zero", ex.Message, StringComparison.Ordinal);
        Fails(GraphErrorCodes.ArithmeticError, () => CypherOperators.Modulo(1L, 0L));
        Assert.Equal(double.PositiveInfinity, CypherOperators.Divide(1.0, 0L));
        Assert.Equal(double.NegativeInfinity, CypherOperators.Divide(-1L, 0.0));
        Assert.True(CypherOperators.Divide(0.0, 0.0) is double.NaN);
        Assert.True(CypherOperators.Modulo(1L, 0.0) is double.NaN);
    }

    [Fact]
    public void Power_is_always_a_float()
    {
        Assert.Equal(8.0, CypherOperators.Power(2L, 3L));
        Assert.Equal(0.5, CypherOperators.Power(2L, -1L));
        Assert.Equal(3.0, CypherOperators.Power(9.0, 0.5));
    }

    [Fact]
    public void Arithmetic_with_null_is_null()
    {
        Assert.Null(CypherOperators.Add(null, 1L));
        Assert.Null(CypherOperators.Subtract(1L, null));
        Assert.Null(CypherOperators.Multiply(null, null));
        Assert.Null(CypherOperators.Divide(null, 0L));
        Assert.Null(CypherOperators.Modulo(1L, null));
        Assert.Null(CypherOperators.Power(null, 2L));
        Assert.Null(CypherOperators.Negate(null));
        Assert.Null(CypherOperators.Add(L(1L), null));
    }

    [Fact]
    public void Plus_concatenates_strings_and_prints_numbers_and_booleans()
    {
        Assert.Equal("Neo4j", CypherOperators.Add("Neo", "4j"));
        Assert.Equal("a1", CypherOperators.Add("a", 1L));
        Assert.Equal("1.0a", CypherOperators.Add(1.0, "a"));
        Assert.Equal("atrue", CypherOperators.Add("a", true));
    }

    [Fact]
    public void Plus_concatenates_lists_and_appends_or_prepends_elements()
    {
        Assert.Equal(L(1L, 10L, 100L, 4L, 5L), CypherOperators.Add(L(1L, 10L, 100L), L(4L, 5L)));
        Assert.Equal(L(false, true, false), CypherOperators.Add(L(false, true), false));
        Assert.Equal(L("x", 1L), CypherOperators.Add("x", L(1L)));
        Assert.Equal(L(L(), L(), L()), CypherOperators.Add(L(L(), L()), L(L())));
    }

    [Fact]
    public void Adding_incompatible_types_is_a_type_error_naming_both()
    {
        var ex = Fails(GraphErrorCodes.TypeError, () => CypherOperators.Add(true, 1L));
        Assert.Equal("Cannot add BOOLEAN and INTEGER.", ex.Message);
        ex = Fails(GraphErrorCodes.TypeError, () => CypherOperators.Add("a", M()));
        Assert.Equal("Cannot add STRING and MAP.", ex.Message);
        ex = Fails(GraphErrorCodes.TypeError, () => CypherOperators.Subtract("a", 1L));
        Assert.Equal("Cannot subtract INTEGER from STRING.", ex.Message);
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Multiply("a", 2L));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Divide(L(), 2L));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Modulo(true, 2L));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Power("2", 2L));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Negate("1"));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Plus("1"));
        Assert.Equal(1.5, CypherOperators.Plus(1.5));
    }

    [Fact]
    public void And_follows_three_valued_logic()
    {
        // TCK Boolean1 [1]
        Assert.True(CypherOperators.And(true, true));
        Assert.False(CypherOperators.And(true, false));
        Assert.Null(CypherOperators.And(true, null));
        Assert.False(CypherOperators.And(false, true));
        Assert.False(CypherOperators.And(false, false));
        Assert.False(CypherOperators.And(false, null));
        Assert.Null(CypherOperators.And(null, true));
        Assert.False(CypherOperators.And(null, false));
        Assert.Null(CypherOperators.And(null, null));
    }

    [Fact]
    public void Or_follows_three_valued_logic()
    {
        Assert.True(CypherOperators.Or(true, true));
        Assert.True(CypherOperators.Or(true, false));
        Assert.True(CypherOperators.Or(true, null));
        Assert.True(CypherOperators.Or(false, true));
        Assert.False(CypherOperators.Or(false, false));
        Assert.Null(CypherOperators.Or(false, null));
        Assert.True(CypherOperators.Or(null, true));
        Assert.Null(CypherOperators.Or(null, false));
        Assert.Null(CypherOperators.Or(null, null));
    }

    [Fact]
    public void Xor_and_not_follow_three_valued_logic()
    {
        Assert.False(CypherOperators.Xor(true, true));
        Assert.True(CypherOperators.Xor(true, false));
        Assert.Null(CypherOperators.Xor(true, null));
        Assert.Null(CypherOperators.Xor(null, false));
        Assert.False(CypherOperators.Not(true));
        Assert.True(CypherOperators.Not(false));
        Assert.Null(CypherOperators.Not(null));
    }

    [Fact]
    public void Boolean_operators_reject_non_booleans()
    {
        var ex = Fails(GraphErrorCodes.TypeError, () => CypherOperators.And(true, 1L));
        Assert.Contains("AND expects a BOOLEAN, got INTEGER (1)", ex.Message, StringComparison.Ordinal);
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Or("x", true));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Xor(L(), true));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Not(0L));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.IsTrue(1L));
        Assert.True(CypherOperators.IsTrue(true));
        Assert.False(CypherOperators.IsTrue(null));
    }

    [Fact]
    public void String_predicates_match_case_sensitively()
    {
        Assert.True(CypherOperators.StartsWith("ABCDEF", "ABC"));
        Assert.False(CypherOperators.StartsWith("abcdef", "ABC"));
        Assert.True(CypherOperators.StartsWith("", ""));
        Assert.True(CypherOperators.EndsWith("ABCDEF", "DEF"));
        Assert.True(CypherOperators.EndsWith("Foo\n", "\n"));
        Assert.True(CypherOperators.Contains("ABCDEF", "CD"));
        Assert.True(CypherOperators.Contains("ab", ""));
        Assert.False(CypherOperators.Contains("ab", "B"));
    }

    [Fact]
    public void String_predicates_on_non_strings_are_null()
    {
        object?[] operands = [1L, 3.14, true, L(), M(), null];
        foreach (var a in operands)
        {
            foreach (var b in operands)
            {
                Assert.Null(CypherOperators.StartsWith(a, b));
                Assert.Null(CypherOperators.EndsWith(a, b));
                Assert.Null(CypherOperators.Contains(a, b));
            }
        }

        Assert.Null(CypherOperators.Contains("abc", null));
        Assert.Null(CypherOperators.StartsWith(null, "a"));
    }

    [Fact]
    public void Regex_must_match_the_whole_string()
    {
        Assert.True(CypherOperators.RegexMatch("ABCDEF", "AB.*"));
        Assert.False(CypherOperators.RegexMatch("ABCDEF", "BC"));
        Assert.True(CypherOperators.RegexMatch("ABCDEF", ".*BC.*"));
        Assert.True(CypherOperators.RegexMatch("abc", "(?i)ABC"));
        Assert.True(CypherOperators.RegexMatch("ab", "a|ab"));
        Assert.Null(CypherOperators.RegexMatch(1L, "1"));
        Assert.Null(CypherOperators.RegexMatch("a", null));
    }

    [Fact]
    public void An_invalid_regex_is_a_clear_argument_error()
    {
        var ex = Fails(GraphErrorCodes.ArgumentError, () => CypherOperators.RegexMatch("a", "(unclosed"));
        Assert.Contains("Invalid regular expression '(unclosed'", ex.Message, StringComparison.Ordinal);
        // A pattern only valid once wrapped must still be rejected.
        Fails(GraphErrorCodes.ArgumentError, () => CypherOperators.RegexMatch("a", "a)|(b"));
    }

    public static TheoryData<object?, object?, bool?> InCases => new()
    {
        // TCK Null3 [4] and List5
        { null, null, null },
        { null, L(1L, 2L, 3L), null },
        { null, L(1L, 2L, 3L, null), null },
        { null, L(), false },
        { 1L, L(1L, 2L, 3L, null), true },
        { 1L, L(null, 1L), true },
        { 5L, L(1L, 2L, 3L, null), null },
        { 1L, L("1", 2L), false },
        { L(1L, 2L), L(1L, L(1L, "2")), false },
        { L(1L), L(1L, 2L), false },
        { L(1L), L(1L, 2L, L(1L)), true },
        { L(1L, 2L), L(1L, L(2L, 1L)), false },
        { L(L(1L, 2L), L(3L, 4L)), L(5L, L(L(1L, 2L), L(3L, 4L))), true },
        { L((object?)null), L(L((object?)null)), null },
        { L((object?)null), L((object?)null), null },
        { L(1L), L(L(1L, null)), false },
        { 3L, L(1L, null, 3L), true },
        { L(1L, 2L), L(L(null, "foo"), L(1L, 2L)), true },
        { L(1L, 2L), L(L(null, 2L)), null },
        { L(1L, 2L, null), L(1L, L(1L, 2L, null)), null },
        { L(), L(L()), true },
        { L(), L(), false },
        { L(), L(1L, 2L, null), null },
        { 1.0, L(1L), true },
    };

    [Theory]
    [MemberData(nameof(InCases))]
    public void In_is_three_valued(object? value, object? list, bool? expected) =>
        Assert.Equal(expected, CypherOperators.In(value, list));

    [Fact]
    public void In_on_a_non_list_is_a_type_error()
    {
        var ex = Fails(GraphErrorCodes.TypeError, () => CypherOperators.In(1L, 123L));
        Assert.Contains("IN expects a LIST", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_indexing_counts_negative_indices_from_the_end_and_is_null_out_of_range()
    {
        var list = L(1L, 2L, 3L);
        Assert.Equal(1L, CypherOperators.Index(list, 0L, null));
        Assert.Equal(3L, CypherOperators.Index(list, -1L, null));
        Assert.Equal(1L, CypherOperators.Index(list, -3L, null));
        Assert.Null(CypherOperators.Index(list, 3L, null));
        Assert.Null(CypherOperators.Index(list, -4L, null));
        Assert.Null(CypherOperators.Index(list, long.MaxValue, null));
        Assert.Null(CypherOperators.Index(list, long.MinValue, null));
        Assert.Null(CypherOperators.Index(list, null, null));
        Assert.Null(CypherOperators.Index(null, 0L, null));
        Assert.Equal(1L, CypherOperators.Index(CypherOperators.Index(L(L(1L)), 0L, null), 0L, null));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(4.7)]
    [InlineData(1.0)]
    [InlineData("1")]
    public void Indexing_a_list_with_a_non_integer_is_a_type_error(object index) =>
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Index(L(1L, 2L), index, null));

    [Theory]
    [InlineData(true)]
    [InlineData(123L)]
    [InlineData(4.7)]
    [InlineData("1")]
    public void Indexing_a_non_list_is_a_type_error(object target) =>
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Index(target, 0L, null));

    [Fact]
    public void Maps_are_indexed_by_string_keys_case_sensitively()
    {
        var map = M(("name", "Mats"), ("Name", "Pontus"), ("null", "x"));
        Assert.Equal("Mats", CypherOperators.Index(map, "name", null));
        Assert.Equal("Pontus", CypherOperators.Index(map, "Name", null));
        Assert.Null(CypherOperators.Index(map, "nAMe", null));
        Assert.Equal("x", CypherOperators.Index(map, "null", null));
        Assert.Null(CypherOperators.Index(map, null, null));
        var ex = Fails(GraphErrorCodes.TypeError, () => CypherOperators.Index(map, 0L, null));
        Assert.Contains("STRING key", ex.Message, StringComparison.Ordinal);
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Index(map, 12.3, null));
    }

    [Fact]
    public void Slices_take_from_inclusive_to_exclusive_with_clamping()
    {
        var list = L(1L, 2L, 3L, 4L, 5L);
        Assert.Equal(L(2L, 3L), CypherOperators.Slice(list, 1L, 3L));
        Assert.Equal(L(2L, 3L, 4L, 5L), CypherOperators.Slice(list, 1L, long.MaxValue));
        Assert.Equal(L(1L, 2L), CypherOperators.Slice(list, 0L, 2L));
        Assert.Equal(L(), CypherOperators.Slice(list, 0L, 0L));
        Assert.Equal(L(3L, 4L), CypherOperators.Slice(list, -3L, -1L));
        Assert.Equal(L(), CypherOperators.Slice(list, 3L, 1L));
        Assert.Equal(list, CypherOperators.Slice(list, -10L, 10L));
        Assert.Null(CypherOperators.Slice(list, null, 3L));
        Assert.Null(CypherOperators.Slice(list, 1L, null));
        Assert.Null(CypherOperators.Slice(null, 1L, 2L));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Slice(list, 1.0, 2L));
        Fails(GraphErrorCodes.TypeError, () => CypherOperators.Slice("abc", 1L, 2L));
    }

    [Fact]
    public void Property_access_reads_maps_and_entities_and_missing_is_null()
    {
        var graph = new TestGraph();
        var n = graph.AddNode(["Person"], ("name", "Ann"));
        var m = graph.AddNode([]);
        var r = graph.AddRelationship(n, m, "KNOWS", ("since", 2020L));
        Assert.Equal("Ann", CypherOperators.Property(new NodeValue(n), "name", graph));
        Assert.Null(CypherOperators.Property(new NodeValue(n), "age", graph));
        Assert.Equal(2020L, CypherOperators.Property(new RelationshipValue(r), "since", graph));
        Assert.Equal("Ann", CypherOperators.Index(new NodeValue(n), "name", graph));
        Assert.Equal(42L, CypherOperators.Property(M(("existing", 42L), ("notMissing", null)), "existing", graph));
        Assert.Null(CypherOperators.Property(M(("existing", 42L), ("notMissing", null)), "notMissing", graph));
        Assert.Null(CypherOperators.Property(M(), "missing", graph));
        Assert.Null(CypherOperators.Property(null, "missing", graph));
    }

    [Theory]
    [InlineData(123L)]
    [InlineData(42.45)]
    [InlineData(true)]
    [InlineData("string")]
    public void Property_access_on_a_scalar_is_a_type_error(object target)
    {
        var ex = Fails(GraphErrorCodes.TypeError, () => CypherOperators.Property(target, "num", null));
        Assert.Contains("Cannot read property 'num'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boxes_of_small_integers_and_booleans_are_shared()
    {
        Assert.Same(CypherValues.Box(5L), CypherValues.Box(5L));
        Assert.Same(CypherValues.True, CypherValues.Box(true));
        Assert.Null(CypherValues.Box((bool?)null));
        Assert.Equal(100_000L, CypherValues.Box(100_000L));
    }
}
