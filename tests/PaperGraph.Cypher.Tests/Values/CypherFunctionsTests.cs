using System.Globalization;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;
using static PaperGraph.Cypher.Tests.Values.V;

namespace PaperGraph.Cypher.Tests.Values;

public sealed class CypherFunctionsTests
{
    private static readonly FunctionContext NoGraph = FunctionContext.WithoutGraph;

    private static object? Call(string name, params object?[] args) => CypherFunctions.Invoke(name, NoGraph, args);

    private static object? CallOn(IGraphAccess graph, string name, params object?[] args) =>
        CypherFunctions.Invoke(name, new FunctionContext(graph, DateTimeOffset.UnixEpoch), args);

    private static GraphException Fails(string code, string name, params object?[] args)
    {
        var ex = Assert.Throws<GraphException>(() => Call(name, args));
        Assert.Equal(code, ex.Code);
        return ex;
    }

    [Fact]
    public void Functions_are_found_by_name_ignoring_case()
    {
        Assert.True(CypherFunctions.TryGet("TOSTRING", out var f));
        Assert.Equal("toString", f.Name);
        Assert.True(CypherFunctions.TryGet("tolower", out _));
        Assert.False(CypherFunctions.TryGet("foo", out _));
        Assert.Equal("Unknown function 'foo'", CypherFunctions.UnknownFunctionMessage("foo"));
        Assert.False(CypherFunctions.TryGet("count", out _));
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("de-DE")]
    public void Results_do_not_depend_on_the_machine_culture(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal("I", Call("toUpper", "i"));
            Assert.Equal("i", Call("toLower", "I"));
            Assert.Equal("1.5", Call("toString", 1.5));
            Assert.Equal(1.5, Call("toFloat", "1.5"));
            Assert.Equal("\u00C5", Call("normalize", "\u212B"));
            Assert.True(CypherComparison.CompareStrings("Z", "a") < 0);
            Assert.True(CypherComparison.CompareStrings("a", "\u00E4") < 0);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Normalize_takes_each_normal_form_and_null_stays_null()
    {
        Assert.Equal("fi", Call("normalize", "\uFB01", "NFKC"));
        Assert.Equal("a\u0301", Call("normalize", "\u00E1", "NFD"));
        Assert.Null(Call("normalize", [null]));
        Fails(GraphErrorCodes.ArgumentError, "normalize", "x", "NFX");
    }

    [Theory]
    [InlineData("distance", "The function distance() (spatial values)")]
    [InlineData("apoc.text.join", "The function apoc.text.join()")]
    public void Neo4j_functions_the_engine_lacks_are_known_as_unsupported(string name, string feature)
    {
        Assert.True(CypherFunctions.IsKnownButUnsupported(name, out var described));
        Assert.Equal(feature, described);
        Assert.False(CypherFunctions.TryGet(name, out _));
    }

    [Fact]
    public void Made_up_and_supported_functions_are_not_flagged_as_unsupported()
    {
        Assert.False(CypherFunctions.IsKnownButUnsupported("foo", out _));
        Assert.False(CypherFunctions.IsKnownButUnsupported("toString", out _));
        Assert.False(CypherFunctions.IsKnownButUnsupported("timestamp", out _));
        Assert.False(CypherFunctions.IsKnownButUnsupported("dates", out _));
    }

    [Theory]
    [InlineData("date")]
    [InlineData("DateTime")]
    [InlineData("localtime.truncate")]
    [InlineData("duration.between")]
    [InlineData("datetime.fromepochmillis")]
    public void Temporal_functions_are_supported(string name)
    {
        Assert.True(CypherFunctions.TryGet(name, out _));
        Assert.False(CypherFunctions.IsKnownButUnsupported(name, out _));
    }

    [Fact]
    public void Descriptors_expose_arity_for_the_binder()
    {
        Assert.True(CypherFunctions.TryGet("substring", out var substring));
        Assert.True(substring.AcceptsArity(2));
        Assert.True(substring.AcceptsArity(3));
        Assert.False(substring.AcceptsArity(1));
        Assert.Equal("2 or 3 arguments", substring.ArityDescription);
        Assert.True(CypherFunctions.TryGet("coalesce", out var coalesce));
        Assert.True(coalesce.AcceptsArity(10));
        Assert.Equal("at least 1 argument", coalesce.ArityDescription);
        var ex = Assert.Throws<GraphException>(() => Call("abs"));
        Assert.Equal(GraphErrorCodes.SyntaxError, ex.Code);
        Assert.Contains("abs() takes 1 argument", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_random_and_clock_reading_functions_are_non_deterministic()
    {
        // The temporal constructors read the clock when called without arguments (date() is today).
        string[] temporal = ["date", "localtime", "time", "localdatetime", "datetime"];
        var clocks = temporal.Concat(temporal.SelectMany(t => new[] { t + ".transaction", t + ".statement", t + ".realtime" }));
        var nonDeterministic = CypherFunctions.All.Where(f => !f.IsDeterministic).Select(f => f.Name).Order(StringComparer.Ordinal);
        Assert.Equal(clocks.Concat(["rand", "randomUUID", "timestamp"]).Order(StringComparer.Ordinal), nonDeterministic);
    }

    [Theory]
    [InlineData("toString")]
    [InlineData("toInteger")]
    [InlineData("toFloat")]
    [InlineData("toBoolean")]
    [InlineData("toLower")]
    [InlineData("size")]
    [InlineData("head")]
    [InlineData("abs")]
    [InlineData("sqrt")]
    [InlineData("labels")]
    [InlineData("id")]
    [InlineData("keys")]
    [InlineData("reverse")]
    [InlineData("length")]
    public void Functions_of_null_are_null(string name) => Assert.Null(Call(name, [null]));

    [Fact]
    public void Entity_functions_read_the_graph()
    {
        var graph = new TestGraph();
        var a = graph.AddNode(["Person", "Author"], ("name", "Ann"), ("age", 40L));
        var b = graph.AddNode([]);
        var r = graph.AddRelationship(a, b, "WROTE", ("year", 2020L));
        Assert.Equal(L("Person", "Author"), CallOn(graph, "labels", new NodeValue(a)));
        Assert.Equal(L(), CallOn(graph, "labels", new NodeValue(b)));
        Assert.Equal("WROTE", CallOn(graph, "type", new RelationshipValue(r)));
        Assert.Equal(M(("name", "Ann"), ("age", 40L)), CallOn(graph, "properties", new NodeValue(a)));
        Assert.Equal(M(("year", 2020L)), CallOn(graph, "properties", new RelationshipValue(r)));
        Assert.Equal(L("name", "age"), CallOn(graph, "keys", new NodeValue(a)));
        Assert.Equal(L("year"), CallOn(graph, "keys", new RelationshipValue(r)));
        Assert.Equal(new NodeValue(a), CallOn(graph, "startNode", new RelationshipValue(r)));
        Assert.Equal(new NodeValue(b), CallOn(graph, "endNode", new RelationshipValue(r)));
        Assert.Equal(a, CallOn(graph, "id", new NodeValue(a)));
        Assert.Equal(r, CallOn(graph, "id", new RelationshipValue(r)));
        Assert.Equal("4:pg:" + a, CallOn(graph, "elementId", new NodeValue(a)));
        Assert.Equal("5:pg:" + r, CallOn(graph, "elementId", new RelationshipValue(r)));
    }

    [Fact]
    public void Entity_functions_reject_other_types_with_a_type_error()
    {
        var graph = new TestGraph();
        var a = graph.AddNode([]);
        foreach (var invalid in new object[] { 0L, 1.0, true, "", L() })
        {
            var ex = Assert.Throws<GraphException>(() => CallOn(graph, "type", invalid));
            Assert.Equal(GraphErrorCodes.TypeError, ex.Code);
        }

        var onNode = Assert.Throws<GraphException>(() => CallOn(graph, "type", new NodeValue(a)));
        Assert.Equal("type() expects a RELATIONSHIP, got NODE ((#0)).", onNode.Message);
        Assert.Equal(GraphErrorCodes.TypeError, Assert.Throws<GraphException>(() => CallOn(graph, "labels", L(1L))).Code);
        Assert.Equal(GraphErrorCodes.TypeError, Assert.Throws<GraphException>(() => CallOn(graph, "properties", 1L)).Code);
        Assert.Equal(GraphErrorCodes.TypeError, Assert.Throws<GraphException>(() => CallOn(graph, "id", "x")).Code);
    }

    [Fact]
    public void Keys_and_properties_of_a_map()
    {
        var map = M(("name", "Alice"), ("age", 38L), ("k", null));
        Assert.Equal(L("name", "age", "k"), Call("keys", map));
        Assert.Same(map, Call("properties", map));
        Assert.Equal(L(), Call("keys", M()));
    }

    [Fact]
    public void Path_functions_list_the_walk()
    {
        var path = new PathValue([1, 2, 3], [10, 11]);
        Assert.Equal(L(new NodeValue(1), new NodeValue(2), new NodeValue(3)), Call("nodes", path));
        Assert.Equal(L(new RelationshipValue(10), new RelationshipValue(11)), Call("relationships", path));
        Assert.Equal(2L, Call("length", path));
        Assert.Equal(0L, Call("length", PathValue.Single(4)));
        Fails(GraphErrorCodes.TypeError, "length", "abc");
        Fails(GraphErrorCodes.TypeError, "nodes", L());
    }

    [Fact]
    public void Size_counts_list_elements_and_string_code_points()
    {
        Assert.Equal(3L, Call("size", L(1L, 2L, 3L)));
        Assert.Equal(0L, Call("size", L()));
        Assert.Equal(5L, Call("size", "hello"));
        Assert.Equal(2L, Call("size", "a\U0001F600"));
        Fails(GraphErrorCodes.TypeError, "size", PathValue.Single(1));
        Fails(GraphErrorCodes.TypeError, "size", 12L);
    }

    [Fact]
    public void Head_last_and_tail()
    {
        Assert.Equal(1L, Call("head", L(1L, 2L, 3L)));
        Assert.Equal(3L, Call("last", L(1L, 2L, 3L)));
        Assert.Equal(L(2L, 3L), Call("tail", L(1L, 2L, 3L)));
        Assert.Null(Call("head", L()));
        Assert.Null(Call("last", L()));
        Assert.Equal(L(), Call("tail", L()));
        Assert.Equal(L(3L, 4L, 5L), Call("tail", Call("tail", L(1L, 2L, 3L, 4L, 5L))));
        Fails(GraphErrorCodes.TypeError, "head", "abc");
    }

    public static TheoryData<long, long, long, long[]> Ranges => new()
    {
        // TCK List11 [1], [2]
        { -1236, -1234, 1, [-1236, -1235, -1234] },
        { 0, -123, 1, [] },
        { 0, 0, 1, [0] },
        { 1381, -3412, -1298, [1381, 83, -1215, -2513] },
        { 0, -2000, -1298, [0, -1298] },
        { 10, -10, -3, [10, 7, 4, 1, -2, -5, -8] },
        { 0, 1, -123, [] },
        { 0, 0, -1, [0] },
        { 0, 1, 2, [0] },
        { -10, 10, 3, [-10, -7, -4, -1, 2, 5, 8] },
        { -3412, 1381, 1298, [-3412, -2114, -816, 482] },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Range_counts_from_start_to_end_inclusive_by_step(long start, long end, long step, long[] expected)
    {
        var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(Call("range", start, end, step));
        Assert.Equal(expected.Cast<object?>().ToList(), list.ToList());
        Assert.Equal(expected.Length, list.Count);
        if (expected.Length > 0)
        {
            Assert.Equal(expected[^1], list[^1]);
        }
    }

    [Fact]
    public void Range_defaults_to_step_one_and_is_empty_when_direction_and_step_disagree()
    {
        Assert.Equal(L(0L, 1L, 2L, 3L), ((IReadOnlyList<object?>)Call("range", 0L, 3L)!).ToList());
        foreach (var stop in new long[] { 1, 2, 500, 1000, 1500 })
        {
            foreach (var step in new long[] { -1000, -3, -2, -1, 1, 2, 3, 1000 })
            {
                var list = (IReadOnlyList<object?>)Call("range", 0L, stop, step)!;
                Assert.Equal(Math.Sign(stop) != Math.Sign(step), list.Count == 0);
            }
        }
    }

    [Fact]
    public void A_huge_range_costs_no_memory_and_a_too_huge_one_is_refused()
    {
        var list = (IReadOnlyList<object?>)Call("range", 1L, 2_000_000_000L)!;
        Assert.Equal(2_000_000_000, list.Count);
        Assert.Equal(1_999_999_999L, list[1_999_999_998]);
        var ex = Fails(GraphErrorCodes.ArgumentError, "range", long.MinValue, long.MaxValue);
        Assert.Contains("at most", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_with_step_zero_or_non_integers_is_an_argument_error()
    {
        Fails(GraphErrorCodes.ArgumentError, "range", 2L, 8L, 0L);
        Fails(GraphErrorCodes.ArgumentError, "range", 0L, 0L, 0L);
        // TCK List11 [5]
        object?[][] invalid =
        [
            [true, 1L, 1L], [0L, true, 1L], [0L, 1L, true], [-1.1, 1L, 1L], [0.0, 1L, 1L], [0L, 1.1, 1L],
            [0L, 1L, 1.1], ["xyz", 1L, 1L], [L(0L), 1L, 1L], [0L, 1L, M(("step", 1L))], [null, 1L, 1L],
        ];
        foreach (var args in invalid)
        {
            Fails(GraphErrorCodes.ArgumentError, "range", args);
        }
    }

    [Fact]
    public void Reverse_reverses_lists_and_strings()
    {
        Assert.Equal(L(3L, 2L, 1L), Call("reverse", L(1L, 2L, 3L)));
        Assert.Equal("Oskar", Call("reverse", "raksO"));
        Assert.Equal("\U0001F600a", Call("reverse", "a\U0001F600"));
    }

    [Fact]
    public void Coalesce_returns_the_first_non_null()
    {
        Assert.Equal("x", Call("coalesce", null, "x", "y"));
        Assert.Null(Call("coalesce", null, null));
        Assert.Equal(1L, Call("coalesce", 1L));
    }

    [Fact]
    public void ToString_prints_scalars_and_rejects_structures()
    {
        Assert.Equal("42", Call("toString", 42L));
        Assert.Equal("true", Call("toString", true));
        Assert.Equal("2.3", Call("toString", 2.3));
        Assert.Equal("1.0", Call("toString", 1.0));
        Assert.Equal("apa", Call("toString", "apa"));
        foreach (var invalid in new object[] { L(), M(), new NodeValue(1), new RelationshipValue(1), PathValue.Single(1) })
        {
            Fails(GraphErrorCodes.TypeError, "toString", invalid);
            Assert.Null(Call("toStringOrNull", invalid));
        }
    }

    [Fact]
    public void ToInteger_truncates_floats_and_parses_strings()
    {
        Assert.Equal(82L, Call("toInteger", 82.9));
        Assert.Equal(-2L, Call("toInteger", -2.9));
        Assert.Equal(2L, Call("toInteger", "2"));
        Assert.Equal(2L, Call("toInteger", "2.9"));
        Assert.Equal(1L, Call("toInteger", "1.7"));
        Assert.Equal(-42L, Call("toInteger", "-42"));
        Assert.Equal(4611686018427387905L, Call("toInteger", "4611686018427387905"));
        Assert.Null(Call("toInteger", "foo"));
        Assert.Null(Call("toInteger", ""));
        Assert.Equal(1L, Call("toInteger", true));
        Assert.Equal(0L, Call("toInteger", false));
        foreach (var invalid in new object[] { L(), M(), new NodeValue(1), new RelationshipValue(1), PathValue.Single(1) })
        {
            Fails(GraphErrorCodes.TypeError, "toInteger", invalid);
            Assert.Null(Call("toIntegerOrNull", invalid));
        }
    }

    [Fact]
    public void ToFloat_converts_numbers_and_parses_strings()
    {
        Assert.Equal(3.0, Call("toFloat", 3L));
        Assert.Equal(3.4, Call("toFloat", 3.4));
        Assert.Equal(5.0, Call("toFloat", "5"));
        Assert.Equal(1.5e10, Call("toFloat", "1.5E10"));
        Assert.Null(Call("toFloat", "foo"));
        Assert.Null(Call("toFloat", ""));
        foreach (var invalid in new object[] { true, L(), M(), new NodeValue(1), PathValue.Single(1) })
        {
            Fails(GraphErrorCodes.TypeError, "toFloat", invalid);
            Assert.Null(Call("toFloatOrNull", invalid));
        }
    }

    [Fact]
    public void ToBoolean_accepts_booleans_true_false_strings_and_integers()
    {
        Assert.Equal(true, Call("toBoolean", true));
        Assert.Equal(true, Call("toBoolean", "true"));
        Assert.Equal(false, Call("toBoolean", "FALSE"));
        Assert.Null(Call("toBoolean", ""));
        Assert.Null(Call("toBoolean", " tru "));
        Assert.Null(Call("toBoolean", "f alse"));
        Assert.Equal(false, Call("toBoolean", 0L));
        Assert.Equal(true, Call("toBoolean", 5L));
        foreach (var invalid in new object[] { 1.0, L(), M(), new NodeValue(1), new RelationshipValue(1), PathValue.Single(1) })
        {
            Fails(GraphErrorCodes.TypeError, "toBoolean", invalid);
            Assert.Null(Call("toBooleanOrNull", invalid));
        }
    }

    [Fact]
    public void List_conversions_convert_each_element_or_give_null()
    {
        Assert.Equal(L("1", "2.5", "true", null, null), Call("toStringList", L(1L, 2.5, true, null, L())));
        Assert.Equal(L(1L, 2L, null, null), Call("toIntegerList", L("1", 2.9, "x", M())));
        Assert.Equal(L(1.0, 2.5, null), Call("toFloatList", L(1L, "2.5", true)));
        Assert.Equal(L(true, false, null, null), Call("toBooleanList", L("true", false, "x", 1.0)));
        Fails(GraphErrorCodes.TypeError, "toStringList", "x");
    }

    [Fact]
    public void Case_and_trimming()
    {
        Assert.Equal("abc", Call("toLower", "AbC"));
        Assert.Equal("ABC", Call("toUpper", "AbC"));
        Assert.Equal("ABC", Call("upper", "abc"));
        Assert.Equal("a b", Call("trim", "  a b \t\n"));
        Assert.Equal("a ", Call("ltrim", "  a "));
        Assert.Equal("  a", Call("rtrim", "  a "));
        Fails(GraphErrorCodes.TypeError, "toLower", 1L);
        Fails(GraphErrorCodes.TypeError, "trim", L());
    }

    [Fact]
    public void Split_keeps_empty_pieces()
    {
        Assert.Equal(L("one", "two"), Call("split", "one1two", "1"));
        Assert.Equal(L("a", "", "b", ""), Call("split", "a,,b,", ","));
        Assert.Equal(L("a", "b", "c"), Call("split", "abc", ""));
        Assert.Equal(L("a", "b", "c"), Call("split", "a-b_c", L("-", "_")));
        Assert.Null(Call("split", null, ","));
        Assert.Null(Call("split", "a", null));
        Fails(GraphErrorCodes.TypeError, "split", 1L, ",");
    }

    [Fact]
    public void Substring_counts_from_zero_and_rejects_negatives()
    {
        Assert.Equal("123456789", Call("substring", "0123456789", 1L));
        Assert.Equal("123", Call("substring", "0123456789", 1L, 3L));
        Assert.Equal("89", Call("substring", "0123456789", 8L, 10L));
        Assert.Equal("", Call("substring", "0123456789", 20L));
        Assert.Equal("\U0001F600b", Call("substring", "a\U0001F600b", 1L));
        Fails(GraphErrorCodes.ArgumentError, "substring", "abc", -1L);
        Fails(GraphErrorCodes.ArgumentError, "substring", "abc", 0L, -1L);
        Fails(GraphErrorCodes.TypeError, "substring", "abc", 1.5);
    }

    [Fact]
    public void Replace_left_and_right()
    {
        Assert.Equal("heLLo", Call("replace", "hello", "l", "L"));
        Assert.Equal("-a-b-", Call("replace", "ab", "", "-"));
        Assert.Null(Call("replace", "ab", null, "-"));
        Assert.Equal("hel", Call("left", "hello", 3L));
        Assert.Equal("hello", Call("left", "hello", 30L));
        Assert.Equal("llo", Call("right", "hello", 3L));
        Assert.Equal("hello", Call("right", "hello", 30L));
        Assert.Null(Call("left", null, 3L));
        Fails(GraphErrorCodes.ArgumentError, "left", "hello", -1L);
        Fails(GraphErrorCodes.ArgumentError, "right", "hello", null);
    }

    [Fact]
    public void Abs_sign_ceil_floor()
    {
        Assert.Equal(1L, Call("abs", -1L));
        Assert.Equal(1.5, Call("abs", -1.5));
        Fails(GraphErrorCodes.ArithmeticError, "abs", long.MinValue);
        Assert.Equal(-1L, Call("sign", -5L));
        Assert.Equal(1L, Call("sign", 0.5));
        Assert.Equal(0L, Call("sign", 0L));
        Assert.Equal(2.0, Call("ceil", 1.1));
        Assert.Equal(1.0, Call("ceil", 1L));
        Assert.Equal(1.0, Call("floor", 1.9));
        Assert.Equal(-2.0, Call("floor", -1.1));
        Fails(GraphErrorCodes.TypeError, "abs", "1");
        Fails(GraphErrorCodes.TypeError, "ceil", true);
    }

    [Theory]
    [InlineData(3.141592, 3.0)]
    [InlineData(2.5, 3.0)]
    [InlineData(-1.5, -1.0)]
    [InlineData(-2.5, -2.0)]
    [InlineData(0.49999999999999994, 0.0)]
    [InlineData(-0.4, 0.0)]
    public void Round_sends_ties_toward_positive_infinity(double x, double expected) =>
        Assert.Equal(expected, Call("round", x));

    [Theory]
    [InlineData(3.141592, 3L, "HALF_UP", 3.142)]
    [InlineData(2.675, 2L, "HALF_UP", 2.68)]
    [InlineData(-1.5, 0L, "HALF_UP", -2.0)]
    [InlineData(-1.5, 0L, "HALF_DOWN", -1.0)]
    [InlineData(2.5, 0L, "HALF_EVEN", 2.0)]
    [InlineData(1.21, 1L, "UP", 1.3)]
    [InlineData(-1.21, 1L, "UP", -1.3)]
    [InlineData(1.29, 1L, "DOWN", 1.2)]
    [InlineData(-1.21, 1L, "CEILING", -1.2)]
    [InlineData(-1.21, 1L, "FLOOR", -1.3)]
    [InlineData(1234.5, -2L, "HALF_UP", 1200.0)]
    [InlineData(1e300, 2L, "HALF_UP", 1e300)]
    public void Round_to_a_precision_with_a_mode(double x, long precision, string mode, double expected) =>
        Assert.Equal(expected, Call("round", x, precision, mode));

    [Fact]
    public void Round_rejects_an_unknown_mode()
    {
        var ex = Fails(GraphErrorCodes.ArgumentError, "round", 1.5, 0L, "SIDEWAYS");
        Assert.Contains("SIDEWAYS", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1.24, Call("round", 1.235, 2L));
    }

    [Fact]
    public void Math_functions_return_floats()
    {
        Assert.Equal(3.6, (double)Call("sqrt", 12.96)!, 12);
        Assert.True(Call("sqrt", -1L) is double.NaN);
        Assert.Equal(double.NegativeInfinity, Call("log", 0L));
        Assert.Equal(2.0, Call("log10", 100L));
        Assert.Equal(Math.E, Call("exp", 1L));
        Assert.Equal(0.0, Call("sin", 0L));
        Assert.Equal(1.0, Call("cos", 0.0));
        Assert.Equal(Math.PI / 2, Call("asin", 1L));
        Assert.Equal(Math.PI / 4, Call("atan2", 1L, 1L));
        Assert.Equal(180.0, Call("degrees", Math.PI));
        Assert.Equal(Math.PI, Call("radians", 180L));
        Assert.Equal(1.0, Call("haversin", Math.PI));
        Assert.Equal(Math.PI, Call("pi"));
        Assert.Equal(Math.E, Call("e"));
        Assert.Equal(true, Call("isNaN", double.NaN));
        Assert.Equal(false, Call("isNaN", 1L));
        Fails(GraphErrorCodes.TypeError, "sqrt", "4");
    }

    [Fact]
    public void Rand_is_in_the_unit_interval_and_timestamp_is_the_statement_start()
    {
        for (var i = 0; i < 100; i++)
        {
            var r = (double)Call("rand")!;
            Assert.InRange(r, 0.0, 0.9999999999);
        }

        var start = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var context = new FunctionContext(null, start);
        Assert.Equal(start.ToUnixTimeMilliseconds(), CypherFunctions.Invoke("timestamp", context));
        Assert.Equal(start.ToUnixTimeMilliseconds(), CypherFunctions.Invoke("timestamp", context));
    }

    [Fact]
    public void Temporal_constructors_without_fields_read_the_statement_clock()
    {
        var start = new DateTimeOffset(2026, 1, 2, 23, 4, 5, 500, TimeSpan.Zero);
        var context = new FunctionContext(null, start);
        Assert.Equal("2026-01-02", CypherFunctions.Invoke("date", context)!.ToString());
        Assert.Equal("2026-01-02T23:04:05.500Z", CypherFunctions.Invoke("datetime.statement", context)!.ToString());
        Assert.Equal("23:04:05.500Z", CypherFunctions.Invoke("time.transaction", context)!.ToString());
        Assert.Equal("2026-01-03", CypherFunctions.Invoke("date", context, M(("timezone", "Europe/Stockholm")))!.ToString());
        Assert.Equal("2026-01-03T00:04:05.500+01:00[Europe/Stockholm]",
            CypherFunctions.Invoke("datetime", context, M(("timezone", "Europe/Stockholm")))!.ToString());
        Assert.Equal("2026-01-02T18:04:05.500", CypherFunctions.Invoke("localdatetime.statement", context, "-05:00")!.ToString());
        Assert.Null(CypherFunctions.Invoke("date.realtime", context, [null]));
    }

    [Fact]
    public void RandomUUID_gives_a_fresh_uuid_each_call()
    {
        var a = Assert.IsType<string>(Call("randomUUID"));
        var b = Assert.IsType<string>(Call("randomUUID"));
        Assert.True(Guid.TryParse(a, out _));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void NullIf_gives_null_when_both_are_equal()
    {
        Assert.Null(Call("nullIf", 1L, 1.0));
        Assert.Equal("a", Call("nullIf", "a", "b"));
        Assert.Equal(1L, Call("nullIf", 1L, null));
        Assert.Null(Call("nullIf", null, 1L));
    }

    [Fact]
    public void Exists_and_isEmpty()
    {
        Assert.Equal(true, Call("exists", 1L));
        Assert.Equal(false, Call("exists", [null]));
        Assert.Equal(true, Call("isEmpty", L()));
        Assert.Equal(false, Call("isEmpty", "a"));
        Assert.Equal(true, Call("isEmpty", M()));
        Fails(GraphErrorCodes.TypeError, "isEmpty", 1L);
    }
}
