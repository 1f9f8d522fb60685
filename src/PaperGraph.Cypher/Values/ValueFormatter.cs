using System.Globalization;
using System.Text;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>Text forms of values: <c>toString()</c>'s, and a Cypher-literal form for messages, EXPLAIN and
/// debugging.</summary>
/// <remarks>Floats print as Neo4j (Java) prints them: at least one fractional digit (<c>1.0</c>), the shortest
/// digits that read back to the same float, and scientific notation outside [10^-3, 10^7)
/// (<c>1.5E10</c>, <c>1.0E-4</c>).</remarks>
public static class ValueFormatter
{
    /// <summary>The text of a scalar as <c>toString()</c> and string concatenation give it, or null for values
    /// that have none (lists, maps, entities).</summary>
    public static string? ScalarToString(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        bool b => b ? "true" : "false",
        GraphTemporal t => t.ToString(),
        GraphPoint p => p.CypherText,
        _ => null,
    };

    /// <summary>A float as Neo4j prints it.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var magnitude = Math.Abs(value);
        var (digits, pointPosition) = ShortestDigits(magnitude);
        var text = new StringBuilder(digits.Length + 8);
        if (value < 0)
        {
            text.Append('-');
        }

        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            if (pointPosition <= 0)
            {
                text.Append("0.").Append('0', -pointPosition).Append(digits);
            }
            else if (pointPosition >= digits.Length)
            {
                text.Append(digits).Append('0', pointPosition - digits.Length).Append(".0");
            }
            else
            {
                text.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
            }
        }
        else
        {
            text.Append(digits[0]).Append('.');
            text.Append(digits.Length > 1 ? digits[1..] : "0");
            text.Append('E').Append((pointPosition - 1).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The significant digits (no leading or trailing zeros) and where the decimal point goes:
    /// value = 0.digits × 10^pointPosition.</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double magnitude)
    {
        // "R" gives the shortest digits that round-trip, as Java's Double.toString does.
        var round = magnitude.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = round.IndexOfAny(['E', 'e']);
        var mantissa = round;
        if (e >= 0)
        {
            exponent = int.Parse(round.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = round[..e];
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var digits = dot < 0 ? mantissa : integerPart + mantissa[(dot + 1)..];
        var pointPosition = integerPart.Length + exponent;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        pointPosition -= leading;
        return (digits.Length == 0 ? "0" : digits, pointPosition);
    }

    /// <summary>How long <see cref="Format"/>'s text may grow: it is quoted in error messages, which must stay
    /// small whatever value they are about.</summary>
    public const int MaxFormattedLength = 200;

    /// <summary>A value in Cypher-literal form (<c>'text'</c>, <c>[1, 2.0]</c>, <c>{k: null}</c>); nodes,
    /// relationships and paths by id, or with their labels, types and properties when a graph is given. Cut after
    /// <paramref name="maxLength"/> characters with "…" (error messages quote it).</summary>
    public static string Format(object? value, IGraphAccess? graph = null, int maxLength = MaxFormattedLength)
    {
        var text = new StringBuilder();
        Append(text, value, graph, maxLength, 0);
        if (text.Length > maxLength)
        {
            text.Length = maxLength;
            text.Append('…');
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, object? value, IGraphAccess? graph, int maxLength, int depth)
    {
        if (text.Length > maxLength)
        {
            return;
        }

        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                AppendQuoted(text, s.Length > maxLength ? s[..maxLength] : s);
                break;
            case long or double or bool:
                text.Append(ScalarToString(value));
                break;
            case NodeValue node:
                AppendNode(text, node.Id, graph);
                break;
            case RelationshipValue relationship:
                AppendRelationship(text, relationship.Id, graph);
                break;
            case PathValue path:
                AppendPath(text, path, graph);
                break;
            case GraphNode or GraphRelationship or GraphPath:
                text.Append(value);
                break;
            case GraphTemporal temporal:
                AppendQuoted(text, temporal.ToString()!);
                break;
            case GraphPoint point:
                text.Append(point.CypherText);
                break;
            case IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> when depth >= ValueLimits.MaxDepth:
                text.Append('…');
                break;
            case IReadOnlyDictionary<string, object?> map:
                AppendMap(text, map, graph, maxLength, depth + 1);
                break;
            case IReadOnlyList<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count && text.Length <= maxLength; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    Append(text, list[i], graph, maxLength, depth + 1);
                }

                text.Append(']');
                break;
            default:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void AppendQuoted(StringBuilder text, string s)
    {
        text.Append('\'');
        foreach (var c in s)
        {
            switch (c)
            {
                case '\'':
                    text.Append("\\'");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('\'');
    }

    private static void AppendMap(StringBuilder text, IReadOnlyDictionary<string, object?> map, IGraphAccess? graph, int maxLength, int depth)
    {
        text.Append('{');
        var first = true;
        foreach (var (key, item) in map)
        {
            if (text.Length > maxLength)
            {
                break;
            }

            if (!first)
            {
                text.Append(", ");
            }

            first = false;
            AppendKey(text, key);
            text.Append(": ");
            Append(text, item, graph, maxLength, depth);
        }

        text.Append('}');
    }

    private static void AppendKey(StringBuilder text, string key)
    {
        var plain = key.Length > 0 && (char.IsLetter(key[0]) || key[0] == '_') &&
                    key.All(c => char.IsLetterOrDigit(c) || c == '_');
        if (plain)
        {
            text.Append(key);
        }
        else
        {
            text.Append('`').Append(key.Replace("`", "``", StringComparison.Ordinal)).Append('`');
        }
    }

    private static void AppendNode(StringBuilder text, long id, IGraphAccess? graph)
    {
        text.Append('(');
        if (graph is null)
        {
            text.Append('#').Append(id.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            foreach (var label in graph.GetLabels(id))
            {
                text.Append(':');
                AppendKey(text, label);
            }

            var properties = graph.GetNodeProperties(id);
            if (properties.Count > 0)
            {
                if (text[^1] != '(')
                {
                    text.Append(' ');
                }

                AppendMap(text, properties, graph, MaxFormattedLength, 1);
            }
        }

        text.Append(')');
    }

    private static void AppendRelationship(StringBuilder text, long id, IGraphAccess? graph)
    {
        text.Append('[');
        if (graph is null)
        {
            text.Append('#').Append(id.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            text.Append(':');
            AppendKey(text, graph.GetTypeName(graph.GetRelationship(id).TypeId));
            var properties = graph.GetRelationshipProperties(id);
            if (properties.Count > 0)
            {
                text.Append(' ');
                AppendMap(text, properties, graph, MaxFormattedLength, 1);
            }
        }

        text.Append(']');
    }

    private static void AppendPath(StringBuilder text, PathValue path, IGraphAccess? graph)
    {
        text.Append('<');
        AppendNode(text, path.NodeIds[0], graph);
        for (var i = 0; i < path.Length; i++)
        {
            var relationshipId = path.RelationshipIds[i];
            var forward = graph is null || graph.GetRelationship(relationshipId).StartNodeId == path.NodeIds[i];
            text.Append(forward ? "-" : "<-");
            AppendRelationship(text, relationshipId, graph);
            text.Append(forward ? "->" : "-");
            AppendNode(text, path.NodeIds[i + 1], graph);
        }

        text.Append('>');
    }
}
