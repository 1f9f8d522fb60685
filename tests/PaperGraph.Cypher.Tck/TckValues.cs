using System.Globalization;
using System.Text;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tck;

/// <summary>A node as the TCK writes it in a result table: <c>(:A:B {name: 'x'})</c>.</summary>
public sealed record TckNode(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A relationship as the TCK writes it: <c>[:T {k: 1}]</c>.</summary>
public sealed record TckRelationship(string Type, IReadOnlyDictionary<string, object?> Properties);

/// <summary>A path as the TCK writes it: <c>&lt;(a)-[:T]-&gt;(b)&lt;-[:U]-(c)&gt;</c>; <see cref="Forward"/>[i]
/// says whether relationship i points from node i to node i+1.</summary>
public sealed record TckPath(IReadOnlyList<TckNode> Nodes, IReadOnlyList<TckRelationship> Relationships, IReadOnlyList<bool> Forward);

/// <summary>The TCK's value syntax (result tables and parameters), parsed into CLR values: null, bool, long,
/// double, string, lists, maps, and <see cref="TckNode"/>/<see cref="TckRelationship"/>/<see cref="TckPath"/>.</summary>
public sealed class TckValueParser
{
    private readonly string _s;
    private int _i;

    private TckValueParser(string text) => _s = text;

    public static object? Parse(string text)
    {
        var p = new TckValueParser(text);
        var v = p.Value();
        p.Ws();
        if (p._i != p._s.Length) throw p.Error("unexpected trailing text");
        return v;
    }

    private FormatException Error(string what) => new($"{what} at offset {_i} in '{_s}'");

    private void Ws()
    {
        while (_i < _s.Length && _s[_i] is ' ' or '\t' or '\r' or '\n') _i++;
    }

    private char Peek => _i < _s.Length ? _s[_i] : '\0';

    private void Expect(string token)
    {
        Ws();
        if (string.CompareOrdinal(_s, _i, token, 0, token.Length) != 0) throw Error($"expected '{token}'");
        _i += token.Length;
    }

    private bool Word(string word)
    {
        if (string.CompareOrdinal(_s, _i, word, 0, word.Length) != 0) return false;
        var end = _i + word.Length;
        if (end < _s.Length && (char.IsLetterOrDigit(_s[end]) || _s[end] == '_')) return false;
        _i = end;
        return true;
    }

    private object? Value()
    {
        Ws();
        if (_i >= _s.Length) throw Error("unexpected end of value");
        if (Word("null")) return null;
        if (Word("true")) return true;
        if (Word("false")) return false;
        if (Word("NaN")) return double.NaN;
        if (Word("-Infinity") || Word("-Inf")) return double.NegativeInfinity;
        if (Word("Infinity") || Word("Inf")) return double.PositiveInfinity;
        var c = _s[_i];
        switch (c)
        {
            case '\'' or '"':
                return String();
            case '[':
                var j = _i + 1;
                while (j < _s.Length && _s[j] is ' ' or '\t') j++;
                return j < _s.Length && _s[j] == ':' ? Relationship() : List();
            case '{':
                return Map();
            case '(':
                return Node();
            case '<':
                return Path();
        }

        var start = _i;
        if (Peek == '-') _i++;
        var isFloat = false;
        while (_i < _s.Length && (char.IsAsciiDigit(_s[_i]) || _s[_i] == '.'))
        {
            isFloat |= _s[_i] == '.';
            _i++;
        }

        if (_i < _s.Length && _s[_i] is 'e' or 'E')
        {
            isFloat = true;
            _i++;
            if (Peek is '+' or '-') _i++;
            while (_i < _s.Length && char.IsAsciiDigit(_s[_i])) _i++;
        }

        var number = _s[start.._i];
        if (number is "" or "-") throw Error($"unexpected character '{c}'");
        return isFloat
            ? (object)double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture)
            : (object)long.Parse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private string String()
    {
        var quote = _s[_i++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_i >= _s.Length) throw Error("unterminated string");
            var c = _s[_i];
            if (c == '\\' && _i + 1 < _s.Length && _s[_i + 1] is '\\' or '\'' or '"')
            {
                sb.Append(_s[_i + 1]);
                _i += 2;
                continue;
            }

            _i++;
            if (c == quote) return sb.ToString();
            sb.Append(c);
        }
    }

    private string Name()
    {
        Ws();
        if (Peek == '`')
        {
            var sb = new StringBuilder();
            _i++;
            while (true)
            {
                if (_i >= _s.Length) throw Error("unterminated backtick name");
                if (_s[_i] == '`')
                {
                    if (_i + 1 < _s.Length && _s[_i + 1] == '`')
                    {
                        sb.Append('`');
                        _i += 2;
                        continue;
                    }

                    _i++;
                    return sb.ToString();
                }

                sb.Append(_s[_i++]);
            }
        }

        if (Peek is '\'' or '"') return String();
        var start = _i;
        while (_i < _s.Length && (char.IsAsciiLetterOrDigit(_s[_i]) || _s[_i] == '_')) _i++;
        if (_i == start) throw Error("expected a name");
        return _s[start.._i];
    }

    private List<object?> List()
    {
        Expect("[");
        var items = new List<object?>();
        Ws();
        if (Peek == ']')
        {
            _i++;
            return items;
        }

        while (true)
        {
            items.Add(Value());
            Ws();
            if (Peek == ',') { _i++; continue; }
            if (Peek == ']') { _i++; return items; }
            throw Error("expected ',' or ']' in list");
        }
    }

    private Dictionary<string, object?> Map()
    {
        Expect("{");
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        Ws();
        if (Peek == '}')
        {
            _i++;
            return map;
        }

        while (true)
        {
            var key = Name();
            Expect(":");
            map[key] = Value();
            Ws();
            if (Peek == ',') { _i++; continue; }
            if (Peek == '}') { _i++; return map; }
            throw Error("expected ',' or '}' in map");
        }
    }

    private List<string> Labels()
    {
        var labels = new List<string>();
        while (true)
        {
            Ws();
            if (Peek != ':') return labels;
            _i++;
            labels.Add(Name());
        }
    }

    private TckNode Node()
    {
        Expect("(");
        var labels = Labels();
        Ws();
        var props = Peek == '{' ? Map() : new Dictionary<string, object?>();
        Expect(")");
        return new TckNode(labels, props);
    }

    private TckRelationship Relationship()
    {
        Expect("[");
        var types = Labels();
        if (types.Count != 1) throw Error("a relationship needs exactly one type");
        Ws();
        var props = Peek == '{' ? Map() : new Dictionary<string, object?>();
        Expect("]");
        return new TckRelationship(types[0], props);
    }

    private TckPath Path()
    {
        Expect("<");
        var nodes = new List<TckNode> { Node() };
        var rels = new List<TckRelationship>();
        var forward = new List<bool>();
        while (true)
        {
            Ws();
            if (Peek == '>')
            {
                _i++;
                return new TckPath(nodes, rels, forward);
            }

            if (string.CompareOrdinal(_s, _i, "<-", 0, 2) == 0)
            {
                _i += 2;
                rels.Add(Relationship());
                Expect("-");
                forward.Add(false);
            }
            else if (Peek == '-')
            {
                _i++;
                rels.Add(Relationship());
                Expect("->");
                forward.Add(true);
            }
            else
            {
                throw Error("expected '-', '<-' or '>' in path");
            }

            nodes.Add(Node());
        }
    }
}

/// <summary>The TCK's comparison of an expected value with what the engine returned.</summary>
/// <remarks>Integers and floats are distinct types (as in Typed JSON); floats match within a relative 1e-12 and
/// NaN matches NaN; temporal values match their ISO text; nodes match by labels (any order) and properties,
/// relationships by type and properties, paths element by element and by each relationship's direction.</remarks>
public static class TckValueComparer
{
    private const double FloatTolerance = 1e-12;

    public static bool ValuesEqual(object? expected, object? actual, bool unorderedLists)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case bool b:
                return actual is bool a && a == b;
            case long l:
                return actual is long al && al == l;
            case double d:
                return actual is double ad && FloatEqual(d, ad);
            case string s:
                return actual switch
                {
                    string text => text == s,
                    GraphTemporal t => t.ToString() == s,
                    _ => false,
                };
            case List<object?> list:
                if (actual is not IReadOnlyList<object?> items || items.Count != list.Count) return false;
                return unorderedLists
                    ? BagMatch(list, items, (x, y) => ValuesEqual(x, y, unorderedLists))
                    : list.Zip(items).All(p => ValuesEqual(p.First, p.Second, unorderedLists));
            case Dictionary<string, object?> map:
                return actual is IReadOnlyDictionary<string, object?> am && MapsEqual(map, am, unorderedLists);
            case TckNode node:
                return actual is GraphNode n && NodeEqual(node, n, unorderedLists);
            case TckRelationship rel:
                return actual is GraphRelationship r && r.Type == rel.Type &&
                       MapsEqual(rel.Properties, r.Properties, unorderedLists);
            case TckPath path:
                return actual is GraphPath p && PathEqual(path, p, unorderedLists);
            default:
                return false;
        }
    }

    private static bool NodeEqual(TckNode e, GraphNode a, bool unorderedLists) =>
        e.Labels.Order(StringComparer.Ordinal).SequenceEqual(a.Labels.Order(StringComparer.Ordinal)) &&
        MapsEqual(e.Properties, a.Properties, unorderedLists);

    private static bool PathEqual(TckPath e, GraphPath a, bool unorderedLists)
    {
        if (e.Relationships.Count != a.Relationships.Count) return false;
        for (var i = 0; i < e.Nodes.Count; i++)
        {
            if (!NodeEqual(e.Nodes[i], a.Nodes[i], unorderedLists)) return false;
        }

        for (var i = 0; i < e.Relationships.Count; i++)
        {
            var r = a.Relationships[i];
            if (!ValuesEqual(e.Relationships[i], r, unorderedLists)) return false;
            var from = a.Nodes[i].ElementId;
            var to = a.Nodes[i + 1].ElementId;
            var selfLoop = from == to && r.StartNodeElementId == from && r.EndNodeElementId == from;
            if (selfLoop) continue;
            var forward = r.StartNodeElementId == from && r.EndNodeElementId == to;
            var backward = r.StartNodeElementId == to && r.EndNodeElementId == from;
            if (!(e.Forward[i] ? forward : backward)) return false;
        }

        return true;
    }

    private static bool MapsEqual(IReadOnlyDictionary<string, object?> e, IReadOnlyDictionary<string, object?> a, bool unorderedLists) =>
        e.Count == a.Count && e.All(kv => a.TryGetValue(kv.Key, out var v) && ValuesEqual(kv.Value, v, unorderedLists));

    private static bool FloatEqual(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b);
        if (a == b) return true;
        if (double.IsInfinity(a) || double.IsInfinity(b)) return false;
        return Math.Abs(a - b) <= FloatTolerance * Math.Max(Math.Abs(a), Math.Abs(b));
    }

    /// <summary>Matches two lists as multisets; a perfect matching is searched with augmenting paths, so values
    /// that match several candidates (tolerances, NaN) cannot fool a greedy pass.</summary>
    public static bool BagMatch<TE, TA>(IReadOnlyList<TE> expected, IReadOnlyList<TA> actual, Func<TE, TA, bool> eq)
    {
        if (expected.Count != actual.Count) return false;
        var owner = new int[actual.Count];
        Array.Fill(owner, -1);
        var adjacency = new List<int>[expected.Count];
        for (var i = 0; i < expected.Count; i++)
        {
            adjacency[i] = [];
            for (var j = 0; j < actual.Count; j++)
            {
                if (eq(expected[i], actual[j])) adjacency[i].Add(j);
            }

            if (adjacency[i].Count == 0) return false;
        }

        for (var i = 0; i < expected.Count; i++)
        {
            // Cheap first try: a free candidate.
            var free = adjacency[i].FindIndex(j => owner[j] == -1);
            if (free >= 0)
            {
                owner[adjacency[i][free]] = i;
                continue;
            }

            if (!Augment(i, new bool[actual.Count])) return false;
        }

        return true;

        bool Augment(int i, bool[] seen)
        {
            foreach (var j in adjacency[i])
            {
                if (seen[j]) continue;
                seen[j] = true;
                if (owner[j] == -1 || Augment(owner[j], seen))
                {
                    owner[j] = i;
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A type-preserving text of a property value, for the side-effect snapshots.</summary>
    public static string Canonical(object? value) => value switch
    {
        null => "null",
        bool b => b ? "b:true" : "b:false",
        long l => "i:" + l.ToString(CultureInfo.InvariantCulture),
        double d => "f:" + (double.IsNaN(d) ? "NaN" : d.ToString("R", CultureInfo.InvariantCulture)),
        string s => "s:" + s.Length.ToString(CultureInfo.InvariantCulture) + ":" + s,
        GraphTemporal t => "t:" + t.TypedJsonName + ":" + t,
        IReadOnlyList<object?> list => "l:[" + string.Join(",", list.Select(Canonical)) + "]",
        IReadOnlyDictionary<string, object?> map =>
            "m:{" + string.Join(",", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + Canonical(kv.Value))) + "}",
        _ => "o:" + value.GetType().Name + ":" + value,
    };

    /// <summary>A short text of a value for failure messages.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => double.IsNaN(d) ? "NaN" : double.IsInteger(d) && Math.Abs(d) < 1e15 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture),
        string s => "'" + s + "'",
        GraphTemporal t => t.TypedJsonName + "('" + t + "')",
        GraphNode n => "(" + string.Concat(n.Labels.Select(l => ":" + l)) + FormatProps(n.Properties) + ")",
        GraphRelationship r => "[:" + r.Type + FormatProps(r.Properties) + "]",
        GraphPath p => "<path of " + p.Length + ">",
        TckNode n => "(" + string.Concat(n.Labels.Select(l => ":" + l)) + FormatProps(n.Properties) + ")",
        TckRelationship r => "[:" + r.Type + FormatProps(r.Properties) + "]",
        TckPath p => "<path of " + p.Relationships.Count + ">",
        IReadOnlyList<object?> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(", ", map.Select(kv => kv.Key + ": " + Format(kv.Value))) + "}",
        _ => value.GetType().Name + ":" + value,
    };

    private static string FormatProps(IReadOnlyDictionary<string, object?> props) =>
        props.Count == 0 ? "" : " " + Format(props);
}
