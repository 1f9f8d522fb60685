using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// Cypher's inequality operators (<c>&lt; &lt;= &gt; &gt;=</c>, three-valued) and the total order of
/// ORDER BY, <c>min()</c> and <c>max()</c>.
/// </summary>
/// <remarks>
/// <para>Comparability (TCK <c>Comparison2</c>): numbers compare by value across INTEGER and FLOAT, strings by
/// Unicode code point, booleans with false before true, lists lexicographically (an element pair that is not
/// comparable makes the answer null; a list that is a prefix of another is smaller). Every other pair — null,
/// different types, maps, nodes, relationships, paths — gives null. NaN compared with a number gives false for
/// all four operators.</para>
/// <para>Orderability (<see cref="Order"/>, TCK <c>ReturnOrderBy1</c>): ascending, MAP &lt; NODE &lt;
/// RELATIONSHIP &lt; LIST &lt; PATH &lt; POINT &lt; ZONED DATETIME &lt; LOCAL DATETIME &lt; DATE &lt; ZONED TIME &lt; LOCAL TIME &lt;
/// DURATION &lt; STRING &lt; BOOLEAN &lt; NUMBER, NaN after every other number, and null
/// last. Within a type: maps by size, then by their sorted keys, then by the values in key order; nodes and
/// relationships by id; lists and paths element by element (shorter first when one is a prefix of the other).
/// Values that order as equal are exactly the equivalent ones (<see cref="CypherEquality.Equivalent"/>).</para>
/// </remarks>
public static class CypherComparison
{
    /// <summary>The ascending ORDER BY order as a comparer.</summary>
    public static IComparer<object?> Order { get; } = new OrderComparer();

    /// <summary>The descending ORDER BY order (null first).</summary>
    public static IComparer<object?> OrderDescending { get; } = new DescendingComparer();

    /// <summary><c>a &lt; b</c>.</summary>
    public static bool? LessThan(object? a, object? b) => Compare(a, b) switch
    {
        Comparability.Less => true,
        Comparability.Equal or Comparability.Greater or Comparability.Unordered => false,
        _ => null,
    };

    /// <summary><c>a &lt;= b</c>.</summary>
    public static bool? LessThanOrEqual(object? a, object? b) => Compare(a, b) switch
    {
        Comparability.Less or Comparability.Equal => true,
        Comparability.Greater or Comparability.Unordered => false,
        _ => null,
    };

    /// <summary><c>a &gt; b</c>.</summary>
    public static bool? GreaterThan(object? a, object? b) => Compare(a, b) switch
    {
        Comparability.Greater => true,
        Comparability.Equal or Comparability.Less or Comparability.Unordered => false,
        _ => null,
    };

    /// <summary><c>a &gt;= b</c>.</summary>
    public static bool? GreaterThanOrEqual(object? a, object? b) => Compare(a, b) switch
    {
        Comparability.Greater or Comparability.Equal => true,
        Comparability.Less or Comparability.Unordered => false,
        _ => null,
    };

    /// <summary>How two values compare under the inequality operators.</summary>
    public static Comparability Compare(object? a, object? b)
    {
        switch (a)
        {
            case null:
                return Comparability.Undefined;
            case long la:
                return b switch
                {
                    long lb => FromSign(la.CompareTo(lb)),
                    double db => double.IsNaN(db) ? Comparability.Unordered : FromSign(NumberOrder.Compare(la, db)),
                    _ => Comparability.Undefined,
                };
            case double da:
                return b switch
                {
                    double db => double.IsNaN(da) || double.IsNaN(db) ? Comparability.Unordered : FromSign(da.CompareTo(db)),
                    long lb => double.IsNaN(da) ? Comparability.Unordered : FromSign(-NumberOrder.Compare(lb, da)),
                    _ => Comparability.Undefined,
                };
            case string sa:
                return b is string sb ? FromSign(CompareStrings(sa, sb)) : Comparability.Undefined;
            case bool ba:
                return b is bool bb ? FromSign(ba.CompareTo(bb)) : Comparability.Undefined;
            case GraphDuration:
                return Comparability.Undefined;
            case GraphTemporal ta:
                return ta.GetType() == b?.GetType() ? FromSign(CompareTemporals(ta, (GraphTemporal)b)) : Comparability.Undefined;
            case IReadOnlyList<object?> listA when b is IReadOnlyList<object?> listB:
            {
                ValueLimits.EnterContainer();
                var common = Math.Min(listA.Count, listB.Count);
                for (var i = 0; i < common; i++)
                {
                    QueryBudget.TickCurrent();
                    var element = Compare(listA[i], listB[i]);
                    if (element != Comparability.Equal)
                    {
                        return element;
                    }
                }

                return FromSign(listA.Count.CompareTo(listB.Count));
            }
            default:
                return Comparability.Undefined;
        }
    }

    /// <summary>Strings by Unicode code point (not UTF-16 unit: a supplementary character sorts after U+FFFF).</summary>
    public static int CompareStrings(string a, string b)
    {
        var common = a.AsSpan().CommonPrefixLength(b);
        if (common == a.Length || common == b.Length)
        {
            return a.Length.CompareTo(b.Length);
        }

        char ca = a[common], cb = b[common];
        var surrogateA = char.IsSurrogate(ca);
        if (surrogateA != char.IsSurrogate(cb))
        {
            return surrogateA ? 1 : -1;
        }

        return ca.CompareTo(cb);
    }

    /// <summary>The ORDER BY comparison (ascending): a total order over all values.</summary>
    public static int CompareForOrder(object? a, object? b)
    {
        // The common cases first, without type ranking.
        if (a is long la && b is long lb)
        {
            return la.CompareTo(lb);
        }

        if (a is string sa && b is string sb)
        {
            return CompareStrings(sa, sb);
        }

        var rankA = Rank(a);
        var rankB = Rank(b);
        if (rankA != rankB)
        {
            return rankA.CompareTo(rankB);
        }

        switch (a)
        {
            case null:
                return 0;
            case long or double:
                return CompareNumbersForOrder(a, b!);
            case bool ba:
                return ba.CompareTo((bool)b!);
            case NodeValue na:
                return na.Id.CompareTo(((NodeValue)b!).Id);
            case RelationshipValue ra:
                return ra.Id.CompareTo(((RelationshipValue)b!).Id);
            case PathValue pa:
                return ComparePaths(pa, (PathValue)b!);
            case IReadOnlyList<object?> listA:
            {
                var listB = (IReadOnlyList<object?>)b!;
                ValueLimits.EnterContainer();
                var common = Math.Min(listA.Count, listB.Count);
                for (var i = 0; i < common; i++)
                {
                    QueryBudget.TickCurrent();
                    var c = CompareForOrder(listA[i], listB[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return listA.Count.CompareTo(listB.Count);
            }
            case IReadOnlyDictionary<string, object?> mapA:
                return CompareMaps(mapA, (IReadOnlyDictionary<string, object?>)b!);
            case GraphTemporal ta:
                return CompareTemporals(ta, (GraphTemporal)b!);
            case GraphPoint pa:
                return pa.CompareTo((GraphPoint)b!);
            default:
                return 0;
        }
    }

    /// <summary>Two temporal values of the same type (the caller checks), by their own order.</summary>
    private static int CompareTemporals(GraphTemporal a, GraphTemporal b) => a switch
    {
        GraphDate da => da.CompareTo((GraphDate)b),
        GraphLocalTime la => la.CompareTo((GraphLocalTime)b),
        GraphTime ta => ta.CompareTo((GraphTime)b),
        GraphLocalDateTime lda => lda.CompareTo((GraphLocalDateTime)b),
        GraphDateTime dta => dta.CompareTo((GraphDateTime)b),
        GraphDuration du => du.CompareTo((GraphDuration)b),
        _ => 0,
    };

    private static int Rank(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> => 0,
        NodeValue => 1,
        RelationshipValue => 2,
        PathValue => 4,
        IReadOnlyList<object?> => 3,
        GraphPoint => 5,
        GraphDateTime => 6,
        GraphLocalDateTime => 7,
        GraphDate => 8,
        GraphTime => 9,
        GraphLocalTime => 10,
        GraphDuration => 11,
        string => 12,
        bool => 13,
        long or double => 14,
        null => 16,
        _ => 15,
    };

    private static int CompareNumbersForOrder(object a, object b)
    {
        switch (a)
        {
            case long la when b is long lb:
                return la.CompareTo(lb);
            case long la:
            {
                var db = (double)b;
                return double.IsNaN(db) ? -1 : NumberOrder.Compare(la, db);
            }
            default:
            {
                var da = (double)a;
                if (b is long lb)
                {
                    return double.IsNaN(da) ? 1 : -NumberOrder.Compare(lb, da);
                }

                // double.CompareTo puts NaN first; ORDER BY puts it after every number.
                var db = (double)b;
                var nanA = double.IsNaN(da);
                var nanB = double.IsNaN(db);
                if (nanA || nanB)
                {
                    return nanA == nanB ? 0 : nanA ? 1 : -1;
                }

                return da == db ? 0 : da < db ? -1 : 1; // 0.0 and -0.0 are equal, as under =
            }
        }
    }

    private static int ComparePaths(PathValue a, PathValue b)
    {
        // Element by element in walk order: node, relationship, node, …
        var common = Math.Min(a.Length, b.Length);
        for (var i = 0; i < common; i++)
        {
            var c = a.NodeIds[i].CompareTo(b.NodeIds[i]);
            if (c != 0)
            {
                return c;
            }

            c = a.RelationshipIds[i].CompareTo(b.RelationshipIds[i]);
            if (c != 0)
            {
                return c;
            }
        }

        var last = a.NodeIds[common].CompareTo(b.NodeIds[common]);
        return last != 0 ? last : a.Length.CompareTo(b.Length);
    }

    private static int CompareMaps(IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b)
    {
        var c = a.Count.CompareTo(b.Count);
        if (c != 0 || a.Count == 0)
        {
            return c;
        }

        ValueLimits.EnterContainer();
        var keysA = a.Keys.ToArray();
        var keysB = b.Keys.ToArray();
        Array.Sort(keysA, CompareStrings);
        Array.Sort(keysB, CompareStrings);
        for (var i = 0; i < keysA.Length; i++)
        {
            c = CompareStrings(keysA[i], keysB[i]);
            if (c != 0)
            {
                return c;
            }
        }

        foreach (var key in keysA)
        {
            c = CompareForOrder(a[key], b[key]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static Comparability FromSign(int sign) =>
        sign < 0 ? Comparability.Less : sign > 0 ? Comparability.Greater : Comparability.Equal;

    private sealed class OrderComparer : IComparer<object?>
    {
        public int Compare(object? x, object? y) => CompareForOrder(x, y);
    }

    private sealed class DescendingComparer : IComparer<object?>
    {
        public int Compare(object? x, object? y) => CompareForOrder(y, x);
    }
}

/// <summary>The outcome of comparing two values with the inequality operators.</summary>
public enum Comparability
{
    /// <summary>Not comparable: the operators give null.</summary>
    Undefined,
    Less,
    Equal,
    Greater,

    /// <summary>Numbers where one is NaN: every operator gives false.</summary>
    Unordered,
}
