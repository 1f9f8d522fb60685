namespace PaperGraph.Cypher.Values;

/// <summary>
/// Cypher's <c>=</c> (three-valued) and the equivalence used to group and de-duplicate values
/// (DISTINCT, grouping keys, UNION, <c>count(DISTINCT …)</c>).
/// </summary>
/// <remarks>
/// <para>Equality (openCypher, TCK <c>Comparison1</c>, <c>List3</c>): <c>null</c> on either side gives <c>null</c>;
/// values of different types are not equal (<c>'1' = 1</c> is false); integers and floats compare by value
/// (<c>1 = 1.0</c>); NaN equals nothing; lists and maps are equal when they have the same size (same keys) and
/// every pair is equal — a <c>false</c> pair makes the whole false, otherwise a <c>null</c> pair makes it
/// <c>null</c>; nodes and relationships are equal when they are the same entity; paths when they walk the same
/// ids.</para>
/// <para>Equivalence is the total version: <c>null</c> is equivalent to <c>null</c> and NaN to NaN, everything
/// else as equality. <see cref="Equivalence"/> hashes consistently with it (1 and 1.0 hash alike).</para>
/// </remarks>
public static class CypherEquality
{
    /// <summary>The equivalence as a comparer, for hash sets and dictionaries keyed by values.</summary>
    public static IEqualityComparer<object?> Equivalence { get; } = new EquivalenceComparer();

    /// <summary>Equivalence of whole rows (grouping keys made of several values).</summary>
    public static IEqualityComparer<object?[]> RowEquivalence { get; } = new RowEquivalenceComparer();

    /// <summary><c>a = b</c>: true, false or null (unknown).</summary>
    public static bool? AreEqual(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        // The per-row cases first, tested on exact types: no interface (variance) checks on the hot path.
        if (a is long la)
        {
            return b is long lb ? la == lb : b is double db ? NumberOrder.Equal(la, db) : false;
        }

        if (a is string sa)
        {
            return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
        }

        return AreEqualSlow(a, b);
    }

    private static bool? AreEqualSlow(object a, object b)
    {
        switch (a)
        {
            case double da:
                return b switch
                {
                    double db => da == db,
                    long lb => NumberOrder.Equal(lb, da),
                    _ => false,
                };
            case bool ba:
                return b is bool bb && ba == bb;
            case NodeValue na:
                return b is NodeValue nb && na.Id == nb.Id;
            case RelationshipValue ra:
                return b is RelationshipValue rb && ra.Id == rb.Id;
            case PathValue pa:
                return b is PathValue pb && pa.Equals(pb);
            case IReadOnlyList<object?> listA:
                return b is IReadOnlyList<object?> listB ? ListsEqual(listA, listB) : false;
            case IReadOnlyDictionary<string, object?> mapA:
                return b is IReadOnlyDictionary<string, object?> mapB ? MapsEqual(mapA, mapB) : false;
            default:
                return a.Equals(b);
        }
    }

    /// <summary><c>a &lt;&gt; b</c>: the negation of <see cref="AreEqual"/>, null staying null.</summary>
    public static bool? AreNotEqual(object? a, object? b) => AreEqual(a, b) is { } eq ? !eq : null;

    /// <summary>Whether two values fall in the same group: as <see cref="AreEqual"/>, except that null is
    /// equivalent to null and NaN to NaN (so the answer is never unknown).</summary>
    public static bool Equivalent(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a is long l1 && b is long l2)
        {
            return l1 == l2;
        }

        if (a is string s1)
        {
            return b is string s2 && string.Equals(s1, s2, StringComparison.Ordinal);
        }

        switch (a)
        {
            case long la:
                return b switch
                {
                    long lb => la == lb,
                    double db => NumberOrder.Equal(la, db),
                    _ => false,
                };
            case double da:
                return b switch
                {
                    double db => da == db || (double.IsNaN(da) && double.IsNaN(db)),
                    long lb => NumberOrder.Equal(lb, da),
                    _ => false,
                };
            case string sa:
                return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case bool ba:
                return b is bool bb && ba == bb;
            case NodeValue na:
                return b is NodeValue nb && na.Id == nb.Id;
            case RelationshipValue ra:
                return b is RelationshipValue rb && ra.Id == rb.Id;
            case PathValue pa:
                return b is PathValue pb && pa.Equals(pb);
            case IReadOnlyList<object?> listA:
            {
                if (b is not IReadOnlyList<object?> listB || listA.Count != listB.Count)
                {
                    return false;
                }

                ValueLimits.EnterContainer();
                for (var i = 0; i < listA.Count; i++)
                {
                    QueryBudget.TickCurrent();
                    if (!Equivalent(listA[i], listB[i]))
                    {
                        return false;
                    }
                }

                return true;
            }
            case IReadOnlyDictionary<string, object?> mapA:
            {
                if (b is not IReadOnlyDictionary<string, object?> mapB || mapA.Count != mapB.Count)
                {
                    return false;
                }

                ValueLimits.EnterContainer();
                foreach (var (key, value) in mapA)
                {
                    if (!mapB.TryGetValue(key, out var other) || !Equivalent(value, other))
                    {
                        return false;
                    }
                }

                return true;
            }
            default:
                return a.Equals(b);
        }
    }

    /// <summary>A hash consistent with <see cref="Equivalent"/>: equivalent values hash alike.</summary>
    public static int HashOf(object? value)
    {
        switch (value)
        {
            case null:
                return 0;
            case long l:
                return l.GetHashCode();
            case double d:
                return HashOfDouble(d);
            case string s:
                return s.GetHashCode(StringComparison.Ordinal);
            case bool b:
                return b ? 1231 : 1237;
            case NodeValue n:
                return HashCode.Combine(1, n.Id);
            case RelationshipValue r:
                return HashCode.Combine(2, r.Id);
            case PathValue p:
                return p.GetHashCode();
            case IReadOnlyList<object?> list:
            {
                ValueLimits.EnterContainer();
                var hash = new HashCode();
                hash.Add(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    QueryBudget.TickCurrent();
                    hash.Add(HashOf(list[i]));
                }

                return hash.ToHashCode();
            }
            case IReadOnlyDictionary<string, object?> map:
            {
                // Order-independent: maps with the same entries in another order are equivalent.
                ValueLimits.EnterContainer();
                var hash = map.Count;
                foreach (var (key, item) in map)
                {
                    hash += HashCode.Combine(key.GetHashCode(StringComparison.Ordinal), HashOf(item));
                }

                return hash;
            }
            default:
                return value.GetHashCode();
        }
    }

    private static int HashOfDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return 0x7ff80000;
        }

        // An integral float equals the integer of the same value, so it must hash like that integer.
        if (d >= -9.2233720368547758E18 && d < 9.2233720368547758E18 && Math.Floor(d) == d)
        {
            return ((long)d).GetHashCode();
        }

        return d.GetHashCode();
    }

    private static bool? ListsEqual(IReadOnlyList<object?> a, IReadOnlyList<object?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        ValueLimits.EnterContainer();
        var unknown = false;
        for (var i = 0; i < a.Count; i++)
        {
            QueryBudget.TickCurrent();
            switch (AreEqual(a[i], b[i]))
            {
                case false:
                    return false;
                case null:
                    unknown = true;
                    break;
            }
        }

        return unknown ? null : true;
    }

    private static bool? MapsEqual(IReadOnlyDictionary<string, object?> a, IReadOnlyDictionary<string, object?> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var key in a.Keys)
        {
            if (!b.ContainsKey(key))
            {
                return false;
            }
        }

        ValueLimits.EnterContainer();
        var unknown = false;
        foreach (var (key, value) in a)
        {
            switch (AreEqual(value, b[key]))
            {
                case false:
                    return false;
                case null:
                    unknown = true;
                    break;
            }
        }

        return unknown ? null : true;
    }

    private sealed class EquivalenceComparer : IEqualityComparer<object?>
    {
        public new bool Equals(object? x, object? y) => Equivalent(x, y);
        public int GetHashCode(object? obj) => HashOf(obj);
    }

    private sealed class RowEquivalenceComparer : IEqualityComparer<object?[]>
    {
        public bool Equals(object?[]? x, object?[]? y)
        {
            if (ReferenceEquals(x, y))
            {
                return true;
            }

            if (x is null || y is null || x.Length != y.Length)
            {
                return false;
            }

            for (var i = 0; i < x.Length; i++)
            {
                if (!Equivalent(x[i], y[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(object?[] obj)
        {
            var hash = new HashCode();
            foreach (var value in obj)
            {
                hash.Add(HashOf(value));
            }

            return hash.ToHashCode();
        }
    }
}
