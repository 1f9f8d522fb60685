using PaperGraph.Cypher;
using PaperGraph.Graph;

namespace PaperGraph.Embedded;

/// <summary>
/// Until the engine builds <see cref="GraphPlan"/> trees itself: an EXPLAIN answered in the engine's compact
/// one-line form (<c>Project(Filter(NodeScan(p:Paper)))</c>) becomes Neo4j's shape here, the one place to replace
/// when it does: the statement's own columns, no rows, and a <see cref="QueryResult.QueryPlan"/> tree whose root
/// keeps the compact text as its <c>string-representation</c> argument.
/// </summary>
internal static class CompactPlans
{
    /// <summary>The result as Neo4j gives it for EXPLAIN; anything else (or a result that already has a tree) as is.</summary>
    public static QueryResult Complete(PreparedStatement prepared, QueryResult result)
    {
        if (!prepared.Plan.ExplainOnly || result.QueryPlan is not null || result.ProfiledQueryPlan is not null
            || result.Plan is not { } compact)
            return result;
        return new QueryResult(prepared.Plan.Columns, [], result.Counters)
        {
            Plan = compact,
            QueryPlan = ToGraphPlan(compact),
            Notifications = result.Notifications,
        };
    }

    /// <summary>The compact form as a tree: each <c>Name(…)</c> is an operator, an item that is itself
    /// <c>Name(…)</c> a child, any other item argument text (<c>Details</c>).</summary>
    public static GraphPlan ToGraphPlan(string compact)
    {
        var pos = 0;
        var root = TryParseOperator(compact, ref pos) is { } op && pos == compact.Length ? op : new Node("Plan", compact, []);
        return Convert(root, compact);
    }

    private sealed record Node(string Name, string? Details, List<Node> Children);

    private static GraphPlan Convert(Node node, string? compact)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (node.Details is { Length: > 0 } details) arguments["Details"] = details;
        if (compact is not null)
        {
            arguments["planner"] = "PaperGraph";
            arguments["string-representation"] = compact;
        }
        return new GraphPlan(node.Name, arguments, [], node.Children.Select(c => Convert(c, null)).ToList());
    }

    // Operator := Name [ '(' Item (',' Item)* ')' ] ; an Item that is itself "Name(...)" with a PascalCase name
    // is a child operator, anything else is argument text (parentheses and brackets balanced).
    private static Node? TryParseOperator(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] == ' ') pos++;
        var start = pos;
        if (pos >= s.Length || !char.IsUpper(s[pos])) return null;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_')) pos++;
        var node = new Node(s[start..pos], null, []);
        if (pos >= s.Length || s[pos] != '(') return node;
        pos++;
        var details = new List<string>();
        while (true)
        {
            var item = ReadItem(s, ref pos);
            if (item is null) return null;
            var inner = 0;
            if (TryParseOperator(item, ref inner) is { } child && inner == item.Length && item.EndsWith(')')) node.Children.Add(child);
            else if (item.Trim().Length > 0) details.Add(item.Trim());
            if (pos >= s.Length) return null;
            if (s[pos] == ')') { pos++; break; }
            pos++; // ','
        }
        return node with { Details = details.Count > 0 ? string.Join(", ", details) : null };
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
}
