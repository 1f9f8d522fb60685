using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// Cypher's operators on engine values: arithmetic, boolean logic, string predicates, <c>IN</c>, indexing,
/// slicing and property access.
/// </summary>
/// <remarks>
/// <para>Null in, null out, except where three-valued logic says otherwise (<c>false AND null</c> is false,
/// <c>true OR null</c> is true).</para>
/// <para>Arithmetic: INTEGER op INTEGER is an INTEGER and overflow is an <c>ArithmeticError</c>, as is integer
/// division or modulo by zero; any FLOAT operand makes a FLOAT (IEEE: <c>1.0 / 0</c> is Infinity,
/// <c>0.0 / 0.0</c> NaN); <c>^</c> is always a FLOAT. <c>+</c> also concatenates strings (a number or boolean
/// on the other side is printed as <c>toString()</c> would) and lists (a non-list on one side is appended or
/// prepended). Anything else is a <c>TypeError</c> naming both types.</para>
/// </remarks>
public static class CypherOperators
{
    /// <summary>How long one <c>=~</c> match may run before the query fails.</summary>
    public static TimeSpan RegexTimeout { get; set; } = TimeSpan.FromSeconds(2);

    // --- Arithmetic -------------------------------------------------------------------------------------

    /// <summary><c>a + b</c>.</summary>
    public static object? Add(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (a)
        {
            case long la when b is long lb:
            {
                var sum = unchecked(la + lb);
                if (((la ^ sum) & (lb ^ sum)) < 0)
                {
                    throw ValueErrors.Overflow($"{la} + {lb}");
                }

                return CypherValues.Box(sum);
            }
            case long la when b is double db:
                return la + db;
            case double da when b is double db:
                return da + db;
            case double da when b is long lb:
                return da + lb;
        }

        if (b is GraphDuration durationB && a is GraphTemporal temporalA)
        {
            return CypherTemporal.Plus(temporalA, durationB);
        }

        if (a is GraphDuration durationA && b is GraphTemporal temporalB && b is not GraphDuration)
        {
            return CypherTemporal.Plus(temporalB, durationA);
        }

        if (a is IReadOnlyList<object?> listA)
        {
            if (b is IReadOnlyList<object?> listB)
            {
                var concatenated = new List<object?>(listA.Count + listB.Count);
                concatenated.AddRange(listA);
                concatenated.AddRange(listB);
                return concatenated;
            }

            var appended = new List<object?>(listA.Count + 1);
            appended.AddRange(listA);
            appended.Add(b);
            return appended;
        }

        if (b is IReadOnlyList<object?> list)
        {
            var prepended = new List<object?>(list.Count + 1) { a };
            prepended.AddRange(list);
            return prepended;
        }

        if (a is string sa && ValueFormatter.ScalarToString(b) is { } textB)
        {
            return string.Concat(sa, textB);
        }

        if (b is string sb && ValueFormatter.ScalarToString(a) is { } textA)
        {
            return string.Concat(textA, sb);
        }

        throw Mismatch("add", a, "and", b);
    }

    /// <summary><c>a - b</c>.</summary>
    public static object? Subtract(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (a)
        {
            case long la when b is long lb:
            {
                var difference = unchecked(la - lb);
                if (((la ^ lb) & (la ^ difference)) < 0)
                {
                    throw ValueErrors.Overflow($"{la} - {lb}");
                }

                return CypherValues.Box(difference);
            }
            case long la when b is double db:
                return la - db;
            case double da when b is double db:
                return da - db;
            case double da when b is long lb:
                return da - lb;
            case GraphTemporal ta when b is GraphDuration db:
                return CypherTemporal.Plus(ta, db, -1);
            default:
                throw ValueErrors.Type($"Cannot subtract {CypherTypes.NameOf(b)} from {CypherTypes.NameOf(a)}.");
        }
    }

    /// <summary><c>a * b</c>.</summary>
    public static object? Multiply(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (a)
        {
            case long la when b is long lb:
            {
                var high = Math.BigMul(la, lb, out var low);
                if ((high != 0 || low < 0) && (high != -1 || low >= 0))
                {
                    throw ValueErrors.Overflow($"{la} * {lb}");
                }

                return CypherValues.Box(low);
            }
            case long la when b is double db:
                return la * db;
            case double da when b is double db:
                return da * db;
            case double da when b is long lb:
                return da * lb;
            case GraphDuration da when b is long or double:
                return CypherTemporal.Multiply(da, b);
            case long or double when b is GraphDuration db:
                return CypherTemporal.Multiply(db, a);
            default:
                throw Mismatch("multiply", a, "and", b);
        }
    }

    /// <summary><c>a / b</c>: integer division truncates toward zero.</summary>
    public static object? Divide(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (a)
        {
            case long la when b is long lb:
                if (lb == 0)
                {
                    throw ValueErrors.Arithmetic($"Division by zero: {la} / 0 (divide by a float such as 0.0 to get Infinity or NaN).");
                }

                if (la == long.MinValue && lb == -1)
                {
                    throw ValueErrors.Overflow($"{la} / -1");
                }

                return CypherValues.Box(la / lb);
            case long la when b is double db:
                return la / db;
            case double da when b is double db:
                return da / db;
            case double da when b is long lb:
                return da / lb;
            case GraphDuration da when b is long or double:
                return CypherTemporal.Divide(da, b);
            default:
                throw Mismatch("divide", a, "by", b);
        }
    }

    /// <summary><c>a % b</c>: the remainder takes the sign of the dividend.</summary>
    public static object? Modulo(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        switch (a)
        {
            case long la when b is long lb:
                if (lb == 0)
                {
                    throw ValueErrors.Arithmetic($"Division by zero: {la} % 0.");
                }

                return CypherValues.Box(lb == -1 ? 0 : la % lb);
            case long la when b is double db:
                return la % db;
            case double da when b is double db:
                return da % db;
            case double da when b is long lb:
                return da % lb;
            default:
                throw ValueErrors.Type($"Cannot calculate the modulus of {CypherTypes.NameOf(a)} and {CypherTypes.NameOf(b)}.");
        }
    }

    /// <summary><c>a ^ b</c>: always a FLOAT.</summary>
    public static object? Power(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        if (TryGetDouble(a, out var x) && TryGetDouble(b, out var y))
        {
            return Math.Pow(x, y);
        }

        throw ValueErrors.Type($"Cannot raise {CypherTypes.NameOf(a)} to the power of {CypherTypes.NameOf(b)}.");
    }

    /// <summary>Unary <c>-a</c>.</summary>
    public static object? Negate(object? a) => a switch
    {
        null => null,
        long.MinValue => throw ValueErrors.Overflow($"-({long.MinValue})"),
        long l => CypherValues.Box(-l),
        double d => -d,
        _ => throw ValueErrors.Type($"Cannot negate {CypherTypes.NameOf(a)}; unary minus needs an INTEGER or FLOAT."),
    };

    /// <summary>Unary <c>+a</c>: numbers only.</summary>
    public static object? Plus(object? a) => a switch
    {
        null or long or double => a,
        _ => throw ValueErrors.Type($"Unary plus needs an INTEGER or FLOAT, got {CypherTypes.NameOf(a)}."),
    };

    // --- Boolean logic ----------------------------------------------------------------------------------

    /// <summary><c>a AND b</c> in three-valued logic.</summary>
    public static bool? And(object? a, object? b)
    {
        var x = AsTernary(a, "AND");
        var y = AsTernary(b, "AND");
        if (x == false || y == false)
        {
            return false;
        }

        return x is null || y is null ? null : true;
    }

    /// <summary><c>a OR b</c> in three-valued logic.</summary>
    public static bool? Or(object? a, object? b)
    {
        var x = AsTernary(a, "OR");
        var y = AsTernary(b, "OR");
        if (x == true || y == true)
        {
            return true;
        }

        return x is null || y is null ? null : false;
    }

    /// <summary><c>a XOR b</c>: null when either is null.</summary>
    public static bool? Xor(object? a, object? b)
    {
        var x = AsTernary(a, "XOR");
        var y = AsTernary(b, "XOR");
        return x is null || y is null ? null : x != y;
    }

    /// <summary><c>NOT a</c>.</summary>
    public static bool? Not(object? a) => AsTernary(a, "NOT") is { } x ? !x : null;

    /// <summary>A value used as a predicate (WHERE, CASE WHEN, a boolean operand): true, false or null; anything
    /// else is a <c>TypeError</c>.</summary>
    public static bool? AsTernary(object? value, string context = "a predicate") => value switch
    {
        null => null,
        bool b => b,
        _ => throw ValueErrors.Type($"{context} expects a BOOLEAN, got {CypherTypes.NameOf(value)} ({ValueFormatter.Format(value)})."),
    };

    /// <summary>Whether a WHERE predicate keeps the row: only <c>true</c> does.</summary>
    public static bool IsTrue(object? value) => AsTernary(value, "WHERE") == true;

    // --- Strings ----------------------------------------------------------------------------------------

    /// <summary><c>a STARTS WITH b</c>: null unless both are strings.</summary>
    public static bool? StartsWith(object? a, object? b) =>
        a is string s && b is string prefix ? s.StartsWith(prefix, StringComparison.Ordinal) : null;

    /// <summary><c>a ENDS WITH b</c>: null unless both are strings.</summary>
    public static bool? EndsWith(object? a, object? b) =>
        a is string s && b is string suffix ? s.EndsWith(suffix, StringComparison.Ordinal) : null;

    /// <summary><c>a CONTAINS b</c>: null unless both are strings.</summary>
    public static bool? Contains(object? a, object? b) =>
        a is string s && b is string part ? s.Contains(part, StringComparison.Ordinal) : null;

    /// <summary><c>a =~ pattern</c>: whether the whole string matches; null unless both are strings. An invalid
    /// pattern is an <c>ArgumentError</c> naming the problem.</summary>
    public static bool? RegexMatch(object? a, object? pattern)
    {
        if (a is not string s || pattern is not string p)
        {
            return null;
        }

        var regex = RegexCache.Get(p);
        try
        {
            return regex.IsMatch(s);
        }
        catch (RegexMatchTimeoutException)
        {
            throw ValueErrors.Argument(
                $"The regular expression '{p}' took longer than {RegexTimeout.TotalSeconds:0.#} s to match a string of {s.Length} characters.");
        }
    }

    // --- Lists, maps, entities --------------------------------------------------------------------------

    /// <summary><c>x IN list</c>: true when an element equals x, else null when some comparison was unknown,
    /// else false. A non-list on the right is a <c>TypeError</c>.</summary>
    public static bool? In(object? value, object? list)
    {
        if (list is null)
        {
            return null;
        }

        if (list is not IReadOnlyList<object?> items)
        {
            throw ValueErrors.Type($"IN expects a LIST on its right, got {CypherTypes.NameOf(list)} ({ValueFormatter.Format(list)}).");
        }

        var unknown = false;
        for (var i = 0; i < items.Count; i++)
        {
            switch (CypherEquality.AreEqual(value, items[i]))
            {
                case true:
                    return true;
                case null:
                    unknown = true;
                    break;
            }
        }

        return unknown ? null : false;
    }

    /// <summary><c>target[index]</c>: a list element (negative counts from the end; out of range is null), a
    /// map entry or an entity's property by string key.</summary>
    public static object? Index(object? target, object? index, IGraphAccess? graph)
    {
        if (target is null || index is null)
        {
            return null;
        }

        switch (target)
        {
            case IReadOnlyList<object?> list:
            {
                if (index is not long i)
                {
                    throw ValueErrors.Type($"A list index must be an INTEGER, got {CypherTypes.NameOf(index)} ({ValueFormatter.Format(index)}).");
                }

                if (i < 0)
                {
                    i += list.Count;
                }

                return i >= 0 && i < list.Count ? list[(int)i] : null;
            }
            case IReadOnlyDictionary<string, object?> or NodeValue or RelationshipValue:
                if (index is not string key)
                {
                    throw ValueErrors.Type(
                        $"A {CypherTypes.NameOf(target)} can only be indexed by a STRING key, got {CypherTypes.NameOf(index)} ({ValueFormatter.Format(index)}).");
                }

                return Property(target, key, graph);
            default:
                throw ValueErrors.Type(
                    $"Cannot index into {CypherTypes.NameOf(target)} ({ValueFormatter.Format(target)}); only a LIST, MAP, NODE or RELATIONSHIP can be indexed.");
        }
    }

    /// <summary><c>list[from..to]</c>: elements from <paramref name="from"/> (inclusive) to <paramref name="to"/>
    /// (exclusive), negative bounds counting from the end, clamped to the list. A bound left out in the query is
    /// passed as <c>0L</c> (from) or <c>long.MaxValue</c> (to); a null bound gives null.</summary>
    public static object? Slice(object? list, object? from, object? to)
    {
        if (list is null || from is null || to is null)
        {
            return null;
        }

        if (list is not IReadOnlyList<object?> items)
        {
            throw ValueErrors.Type($"Cannot slice {CypherTypes.NameOf(list)} ({ValueFormatter.Format(list)}); only a LIST can be sliced.");
        }

        if (from is not long start || to is not long end)
        {
            var bad = from is long ? to : from;
            throw ValueErrors.Type($"A list slice bound must be an INTEGER, got {CypherTypes.NameOf(bad)} ({ValueFormatter.Format(bad)}).");
        }

        var count = items.Count;
        start = ClampBound(start, count);
        end = ClampBound(end, count);
        if (end <= start)
        {
            return new List<object?>();
        }

        var slice = new List<object?>((int)(end - start));
        for (var i = (int)start; i < end; i++)
        {
            slice.Add(items[i]);
        }

        return slice;
    }

    private static long ClampBound(long bound, int count)
    {
        if (bound < 0)
        {
            bound = Math.Max(0, bound + count);
        }

        return Math.Min(bound, count);
    }

    /// <summary><c>target.key</c>: a map's entry or an entity's property (null when missing).</summary>
    public static object? Property(object? target, string key, IGraphAccess? graph) => target switch
    {
        null => null,
        IReadOnlyDictionary<string, object?> map => map.TryGetValue(key, out var value) ? value : null,
        GraphTemporal temporal => CypherTemporal.Property(temporal, key),
        GraphPoint point => CypherSpatial.Property(point, key),
        NodeValue node => RequireGraph(graph).GetNodeProperty(node.Id, key),
        RelationshipValue relationship => RequireGraph(graph).GetRelationshipProperty(relationship.Id, key),
        _ => throw ValueErrors.Type(
            $"Cannot read property '{key}' of {CypherTypes.NameOf(target)} ({ValueFormatter.Format(target)}); only a MAP, NODE or RELATIONSHIP has properties."),
    };

    // --- helpers ----------------------------------------------------------------------------------------

    internal static IGraphAccess RequireGraph(IGraphAccess? graph) =>
        graph ?? throw new InvalidOperationException("This operation reads the graph, but no IGraphAccess was given.");

    internal static bool TryGetDouble(object? value, out double result)
    {
        switch (value)
        {
            case long l:
                result = l;
                return true;
            case double d:
                result = d;
                return true;
            default:
                result = 0;
                return false;
        }
    }

    private static PaperGraph.Graph.GraphException Mismatch(string verb, object a, string preposition, object b) =>
        ValueErrors.Type($"Cannot {verb} {CypherTypes.NameOf(a)} {preposition} {CypherTypes.NameOf(b)}.");

    private static class RegexCache
    {
        private const int Capacity = 512;
        private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

        public static Regex Get(string pattern)
        {
            if (Cache.TryGetValue(pattern, out var regex))
            {
                return regex;
            }

            try
            {
                // Validate the pattern on its own first, so the wrapping below cannot make a broken one valid.
                _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);

                // Full match, as Java's Matcher.matches(): anchored at both ends around the whole pattern.
                regex = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant, RegexTimeout);
            }
            catch (ArgumentException e)
            {
                throw ValueErrors.Argument($"Invalid regular expression '{pattern}': {e.Message}");
            }

            if (Cache.Count >= Capacity)
            {
                Cache.Clear();
            }

            Cache[pattern] = regex;
            return regex;
        }
    }
}
