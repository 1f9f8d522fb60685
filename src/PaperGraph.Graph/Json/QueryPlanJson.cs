using System.Text.Json;

namespace PaperGraph.Graph.Json;

/// <summary>
/// The EXPLAIN plan as the Query API's <c>queryPlan</c> tree (<c>operatorType</c>, <c>arguments</c>,
/// <c>identifiers</c>, <c>children</c>), built from the engine's compact one-line form
/// (<c>Project(Filter(NodeScan(p:Paper)))</c>). The root's <c>arguments["string-representation"]</c> keeps the
/// compact form itself, so a reader gets it back exactly.
/// </summary>
public static class QueryPlanJson
{
    /// <summary>Writes <paramref name="compact"/> as a plan tree under the property <paramref name="propertyName"/>.</summary>
    public static void Write(Utf8JsonWriter writer, string propertyName, string compact)
    {
        writer.WritePropertyName(propertyName);
        var pos = 0;
        var root = TryParseOperator(compact, ref pos) is { } op && pos == compact.Length
            ? op
            : new PlanOperator("Plan", compact, []);
        WriteOperator(writer, root, compact);
    }

    /// <summary>The compact form back from a plan tree (its <c>string-representation</c>, else rebuilt).</summary>
    public static string Read(JsonElement plan)
    {
        if (plan.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Object
            && args.TryGetProperty("string-representation", out var text) && text.ValueKind == JsonValueKind.String)
            return text.GetString()!;
        return Rebuild(plan);
    }

    private static string Rebuild(JsonElement plan)
    {
        var name = plan.TryGetProperty("operatorType", out var t) ? t.GetString() ?? "?" : "?";
        var parts = new List<string>();
        if (plan.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Object
            && args.TryGetProperty("Details", out var d) && d.ValueKind == JsonValueKind.String)
            parts.Add(d.GetString()!);
        if (plan.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
            parts.AddRange(children.EnumerateArray().Select(Rebuild));
        return parts.Count == 0 ? name : $"{name}({string.Join(", ", parts)})";
    }

    private sealed record PlanOperator(string Name, string? Details, List<PlanOperator> Children);

    private static void WriteOperator(Utf8JsonWriter writer, PlanOperator op, string? compact)
    {
        writer.WriteStartObject();
        writer.WriteString("operatorType", op.Name);
        writer.WriteStartObject("arguments");
        if (op.Details is { Length: > 0 } details) writer.WriteString("Details", details);
        if (compact is not null) writer.WriteString("string-representation", compact);
        writer.WriteEndObject();
        writer.WriteStartArray("identifiers");
        writer.WriteEndArray();
        writer.WriteStartArray("children");
        foreach (var child in op.Children) WriteOperator(writer, child, null);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // Operator := Name [ '(' Item (',' Item)* ')' ] ; an Item that is itself "Name(...)" with a PascalCase name
    // is a child operator, anything else is argument text (parentheses and brackets balanced).
    private static PlanOperator? TryParseOperator(string s, ref int pos)
    {
        SkipSpaces(s, ref pos);
        var start = pos;
        if (pos >= s.Length || !char.IsUpper(s[pos])) return null;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_')) pos++;
        var name = s[start..pos];
        var op = new PlanOperator(name, null, []);
        if (pos >= s.Length || s[pos] != '(') return op;
        pos++;
        var details = new List<string>();
        while (true)
        {
            var item = ReadItem(s, ref pos);
            if (item is null) return null;
            var inner = 0;
            if (TryParseOperator(item, ref inner) is { } child && inner == item.Length && item.EndsWith(')')) op.Children.Add(child);
            else if (item.Trim().Length > 0) details.Add(item.Trim());
            if (pos >= s.Length) return null;
            if (s[pos] == ')') { pos++; break; }
            pos++; // ','
        }
        return op with { Details = details.Count > 0 ? string.Join(", ", details) : null };
    }

    private static string? ReadItem(string s, ref int pos)
    {
        var start = pos;
        var depth = 0;
        for (; pos < s.Length; pos++)
        {
            var c = s[pos];
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0) return s[start..pos];
                depth--;
            }
            else if (c == ',' && depth == 0) return s[start..pos];
        }
        return null;
    }

    private static void SkipSpaces(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] == ' ') pos++;
    }
}
