using System.Globalization;
using System.Text;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>What may be stored as a property, Cypher equality on stored values, and keys for property indexes.</summary>
internal static class PropertyValues
{
    /// <summary>The canonical stored form of <paramref name="value"/> (long, double, string, bool, a
    /// <see cref="GraphTemporal"/>, a <see cref="GraphPoint"/>, or an <c>object[]</c> of one of those); null for null. Anything else is a <c>TypeError</c>, as in Neo4j.</summary>
    public static object? ToStored(object? value)
    {
        switch (value)
        {
            case null: return null;
            case string or bool or long or double or GraphTemporal or GraphPoint: return value;
            case DateOnly or TimeOnly or DateTime or DateTimeOffset or TimeSpan: return GraphValues.Normalize(value);
            case int or short or sbyte or byte or uint or ushort or float or decimal or char:
                return GraphValues.Normalize(value);
            case ulong u:
                return u <= long.MaxValue ? (long)u : throw TypeError($"The integer {u} is out of range for a property.");
            case GraphNode or GraphRelationship or GraphPath:
                throw TypeError($"Property values can only be of primitive types or arrays thereof. Encountered: {Describe(value)}.");
            case IReadOnlyDictionary<string, object?> or System.Collections.IDictionary:
                throw TypeError($"Property values can only be of primitive types or arrays thereof. Encountered: {Describe(value)}.");
            case System.Collections.IEnumerable list:
                return ToStoredList(list);
            default:
                throw TypeError($"Property values can only be of primitive types or arrays thereof. Encountered: {value.GetType().Name}.");
        }
    }

    private static object[] ToStoredList(System.Collections.IEnumerable list)
    {
        var items = new List<object>();
        Type? kind = null;
        foreach (var item in list)
        {
            var v = item switch
            {
                null => throw TypeError("Collections containing null values can not be stored in properties."),
                IReadOnlyDictionary<string, object?> or System.Collections.IDictionary or GraphNode or GraphRelationship or GraphPath =>
                    throw TypeError($"Property values can only be of primitive types or arrays thereof. Encountered: {Describe(item)}."),
                System.Collections.IEnumerable and not string =>
                    throw TypeError("Collections containing collections can not be stored in properties."),
                _ => ToStored(item)!,
            };
            if (kind is null) kind = v.GetType();
            else if (kind != v.GetType()) throw TypeError("Collections containing mixed types can not be stored in properties.");
            items.Add(v);
        }
        return items.ToArray();
    }

    /// <summary>Exact equality of stored values (1 and 1.0 differ here: setting one over the other is a change).</summary>
    public static bool SameStored(object? a, object? b)
    {
        if (a is object[] la && b is object[] lb)
        {
            if (la.Length != lb.Length) return false;
            for (var i = 0; i < la.Length; i++)
            {
                if (!SameStored(la[i], lb[i])) return false;
            }
            return true;
        }
        if (a is double da && b is double db) return da.Equals(db) && double.IsNegative(da) == double.IsNegative(db);
        return Equals(a, b);
    }

    /// <summary>The key under which a value is indexed, such that two values are Cypher-equal exactly when their
    /// keys are equal (1 = 1.0; NaN and null equal nothing, so they have no key).</summary>
    public static object? IndexKey(object? value)
    {
        switch (value)
        {
            case null: return null;
            case string or bool or GraphTemporal: return value;
            case GraphPoint p: return double.IsNaN(p.X) || double.IsNaN(p.Y) || (p.Z is { } z && double.IsNaN(z)) ? null : p;
            case long l: return NumberKey(l);
            case double d: return double.IsNaN(d) ? null : d == 0 ? 0.0 : d;
            case int or short or sbyte or byte or uint or ushort or float or decimal or char:
                return IndexKey(GraphValues.Normalize(value));
            case ulong u: return u <= long.MaxValue ? NumberKey((long)u) : (double)u;
            case ListKey: return value;
            case string[] s: return new ListKey(s);
            case System.Collections.IEnumerable list when value is not IReadOnlyDictionary<string, object?> and not System.Collections.IDictionary:
                var keys = new List<object>();
                foreach (var item in list)
                {
                    if (IndexKey(item) is not { } k) return null;
                    keys.Add(k);
                }
                return new ListKey(keys.ToArray());
            default: return null;
        }
    }

    private static object NumberKey(long l)
    {
        var d = (double)l;
        // Within ±2^53 every integer is an exact double, and then it must equal that double.
        return l is >= -(1L << 53) and <= 1L << 53 ? d : (object)l;
    }

    /// <summary>Cypher equality between a stored value and a looked-up value (true only when it is true, not null).</summary>
    public static bool CypherEquals(object? stored, object? key) => key is not null && Equals(IndexKey(stored), key);

    /// <summary>Formats a value as Neo4j's messages do: strings quoted, floats with a decimal point.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => "'" + (s.Length > 200 ? s[..200] + "…" : s) + "'",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        object[] list => "[" + string.Join(", ", list.Take(20).Select(Format)) + (list.Length > 20 ? ", …" : "") + "]",
        GraphTemporal t => t.ToString()!,
        GraphPoint p => p.CypherText,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }

    private static string Describe(object value) => value switch
    {
        GraphNode => "Node",
        GraphRelationship => "Relationship",
        GraphPath => "Path",
        // The first few entries only: an error message stays small whatever the value.
        IReadOnlyDictionary<string, object?> map => "Map{" + string.Join(", ", map.Take(10).Select(kv => kv.Key + " -> " + FormatAny(kv.Value)))
            + (map.Count > 10 ? ", …" : "") + "}",
        _ => "Map{}",
    };

    private static string FormatAny(object? value)
    {
        try { return Format(ToStored(value)); }
        catch (GraphException) { return value?.GetType().Name ?? "null"; }
    }

    private static GraphException TypeError(string message) => new(GraphErrorCodes.TypeError, message);

    /// <summary>A list as an index key: structural equality over element keys.</summary>
    private sealed class ListKey(object[] items) : IEquatable<ListKey>
    {
        private readonly object[] _items = items;

        public bool Equals(ListKey? other)
        {
            if (other is null || other._items.Length != _items.Length) return false;
            for (var i = 0; i < _items.Length; i++)
            {
                if (!_items[i].Equals(other._items[i])) return false;
            }
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as ListKey);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (var item in _items) hash.Add(item);
            return hash.ToHashCode();
        }

        public override string ToString()
        {
            var sb = new StringBuilder("[");
            sb.AppendJoin(", ", _items);
            return sb.Append(']').ToString();
        }
    }
}
