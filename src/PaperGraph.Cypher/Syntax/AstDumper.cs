using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// Writes a syntax tree as indented text, one node per line with its scalar fields inline, for parser fixtures
/// and for comparing trees by structure. Fields at their default (false, null, empty) are left out.
/// </summary>
public static class AstDumper
{
    /// <summary>The tree as text; with <paramref name="includeSpans"/>, each line ends with <c>@line:column+length</c>.</summary>
    public static string Dump(AstNode node, bool includeSpans = false)
    {
        var sb = new StringBuilder();
        Write(sb, node, "", 0, includeSpans);
        return sb.ToString();
    }

    /// <summary>True when both trees have the same shape and values, ignoring spans and source text.</summary>
    public static bool StructurallyEqual(AstNode? a, AstNode? b) => SyntaxComparer.Instance.Equals(a, b);

    private static PropertyInfo[] FieldsOf(Type type) => SyntaxComparer.FieldsOf(type);

    private static void Write(StringBuilder sb, AstNode node, string label, int depth, bool includeSpans)
    {
        sb.Append(' ', depth * 2).Append(label).Append(node.GetType().Name);
        var fields = FieldsOf(node.GetType());
        var children = new List<(string Name, object Value)>();
        foreach (var field in fields)
        {
            var value = field.GetValue(node);
            switch (value)
            {
                case null:
                case false:
                    break;
                case true:
                    sb.Append(' ').Append(field.Name);
                    break;
                case string s:
                    sb.Append(' ').Append(field.Name).Append('=').Append(CypherPrinter.QuoteString(s));
                    break;
                case double d:
                    sb.Append(' ').Append(field.Name).Append('=').Append(d.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case IFormattable f when value is not AstNode:
                    sb.Append(' ').Append(field.Name).Append('=').Append(f.ToString(null, CultureInfo.InvariantCulture));
                    break;
                case IReadOnlyList<string> names:
                    if (names.Count > 0)
                    {
                        sb.Append(' ').Append(field.Name).Append("=[")
                            .AppendJoin(", ", names.Select(CypherPrinter.QuoteString)).Append(']');
                    }

                    break;
                case AstNode or IEnumerable:
                    children.Add((field.Name, value));
                    break;
                default:
                    sb.Append(' ').Append(field.Name).Append('=').Append(value);
                    break;
            }
        }

        if (includeSpans)
        {
            sb.Append(" @").Append(node.Span.ToString());
        }

        sb.Append('\n');
        foreach (var (name, value) in children)
        {
            if (value is AstNode child)
            {
                Write(sb, child, name + ": ", depth + 1, includeSpans);
            }
            else
            {
                var i = 0;
                foreach (var item in (IEnumerable)value)
                {
                    Write(sb, (AstNode)item, $"{name}[{i++}]: ", depth + 1, includeSpans);
                }
            }
        }
    }
}
