using System.Text.Json;

namespace PaperGraph.Graph.Json;

// Response bodies (spec §3, §6): the envelope stays plain JSON; only values are typed.
public static partial class QueryApiJson
{
    /// <summary>Writes <c>"data": {"fields": […], "values": [[…], …]}</c> as a property of the current object.</summary>
    public static void WriteData(Utf8JsonWriter writer, QueryResult result, bool typed)
    {
        writer.WriteStartObject("data");
        writer.WriteStartArray("fields");
        foreach (var field in result.Fields) writer.WriteStringValue(field);
        writer.WriteEndArray();
        writer.WriteStartArray("values");
        foreach (var row in result.Values)
        {
            writer.WriteStartArray();
            foreach (var value in row) WriteValue(writer, value, typed);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"counters": {…}</c> with exactly the Query API's keys.</summary>
    public static void WriteCounters(Utf8JsonWriter writer, QueryCounters c)
    {
        writer.WriteStartObject("counters");
        writer.WriteBoolean("containsUpdates", c.ContainsUpdates);
        writer.WriteNumber("nodesCreated", c.NodesCreated);
        writer.WriteNumber("nodesDeleted", c.NodesDeleted);
        writer.WriteNumber("propertiesSet", c.PropertiesSet);
        writer.WriteNumber("relationshipsCreated", c.RelationshipsCreated);
        writer.WriteNumber("relationshipsDeleted", c.RelationshipsDeleted);
        writer.WriteNumber("labelsAdded", c.LabelsAdded);
        writer.WriteNumber("labelsRemoved", c.LabelsRemoved);
        writer.WriteNumber("indexesAdded", c.IndexesAdded);
        writer.WriteNumber("indexesRemoved", c.IndexesRemoved);
        writer.WriteNumber("constraintsAdded", c.ConstraintsAdded);
        writer.WriteNumber("constraintsRemoved", c.ConstraintsRemoved);
        writer.WriteBoolean("containsSystemUpdates", c.ContainsSystemUpdates);
        writer.WriteNumber("systemUpdates", c.SystemUpdates);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"notifications": […]</c> (nothing when there are none).</summary>
    public static void WriteNotifications(Utf8JsonWriter writer, IReadOnlyList<Notification> notifications)
    {
        if (notifications.Count == 0) return;
        writer.WriteStartArray("notifications");
        foreach (var n in notifications)
        {
            writer.WriteStartObject();
            // Neo4j's order (neo4j/neo4j DefaultResponseModule.NotificationSerializer).
            writer.WriteString("code", n.Code);
            writer.WriteString("description", n.Description);
            writer.WriteString("severity", n.Severity);
            writer.WriteString("title", n.Title);
            if (n.Position is { } p)
            {
                writer.WriteStartObject("position");
                writer.WriteNumber("offset", p.Offset);
                writer.WriteNumber("line", p.Line);
                writer.WriteNumber("column", p.Column);
                writer.WriteEndObject();
            }
            writer.WriteString("category", n.Category);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes the whole answer to one statement in Neo4j's order (<c>DriverResultSerializer.finish</c>):
    /// data, notifications, counters when asked, then <c>profiledQueryPlan</c> (PROFILE) or <c>queryPlan</c>
    /// (EXPLAIN). The caller adds <c>bookmarks</c> / <c>transaction</c>.</summary>
    public static void WriteResultProperties(Utf8JsonWriter writer, QueryResult result, bool typed, bool includeCounters)
    {
        WriteData(writer, result, typed);
        WriteNotifications(writer, result.Notifications);
        if (includeCounters) WriteCounters(writer, result.Counters);
        if (result.ProfiledQueryPlan is { } profiled) QueryPlanJson.Write(writer, "profiledQueryPlan", profiled, profiled: true, typed);
        else if (result.QueryPlan is { } plan) QueryPlanJson.Write(writer, "queryPlan", plan, profiled: false, typed);
    }

    /// <summary>Writes <c>{"errors": [{"code": …, "message": …}]}</c>.</summary>
    public static void WriteErrors(Utf8JsonWriter writer, string code, string message)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The error a response body carries (the last entry of <c>errors</c>, as Neo4j's clients take it),
    /// with the position its message names; null when there is none.</summary>
    public static GraphException? ReadError(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("errors", out var errors)
            || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            return null;
        var last = errors[errors.GetArrayLength() - 1];
        var code = last.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : GraphErrorCodes.UnknownError;
        var message = last.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : code;
        return new GraphException(code, message, PositionIn(message));
    }

    // Neo4j (and SourcePosition.ToString) write "(line 1, column 24 (offset: 23))"; the body has no position field.
    private static SourcePosition? PositionIn(string message)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"line (\d+), column (\d+) \(offset: (\d+)\)",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        return match.Success
               && int.TryParse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var line)
               && int.TryParse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var column)
               && int.TryParse(match.Groups[3].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var offset)
            ? new SourcePosition(offset, line, column)
            : null;
    }

    /// <summary>Reads a successful response body (<c>data</c>, <c>counters</c>, <c>notifications</c>,
    /// <c>queryPlan</c>) into a <see cref="QueryResult"/>; a body without <c>data</c> gives an empty result.</summary>
    public static QueryResult ReadResult(JsonElement root, bool typed)
    {
        var fields = new List<string>();
        var rows = new List<IReadOnlyList<object?>>();
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            if (data.TryGetProperty("fields", out var f) && f.ValueKind == JsonValueKind.Array)
                fields.AddRange(f.EnumerateArray().Select(x => x.GetString() ?? ""));
            if (data.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
            {
                var r = 0;
                foreach (var row in values.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Array)
                        throw Invalid($"data.values[{r}]", "each row must be an array");
                    rows.Add(row.EnumerateArray().Select((v, i) => typed
                        ? ReadTypedValue(v, $"data.values[{r}][{i}]")
                        : ReadPlainResultValue(v, $"data.values[{r}][{i}]")).ToList());
                    r++;
                }
            }
        }
        var counters = root.TryGetProperty("counters", out var cs) ? ReadCounters(cs) : QueryCounters.None;
        var queryPlan = root.TryGetProperty("queryPlan", out var plan) && plan.ValueKind == JsonValueKind.Object
            ? QueryPlanJson.Read(plan, typed, "queryPlan") : null;
        var profiledPlan = root.TryGetProperty("profiledQueryPlan", out var profiled) && profiled.ValueKind == JsonValueKind.Object
            ? QueryPlanJson.Read(profiled, typed, "profiledQueryPlan") : null;
        return new QueryResult(fields, rows, counters)
        {
            Notifications = root.TryGetProperty("notifications", out var ns) ? ReadNotifications(ns) : [],
            QueryPlan = queryPlan,
            ProfiledQueryPlan = profiledPlan,
            Plan = (queryPlan ?? profiledPlan)?.Arguments.GetValueOrDefault("string-representation") as string,
        };
    }

    /// <summary>A result value in plain JSON, which Neo4j writes for nodes as <c>{elementId, labels, properties}</c>,
    /// for relationships as <c>{elementId, startNodeElementId, endNodeElementId, type, properties}</c> and for paths as
    /// the array of those, alternating and connected (neo4j/docs-query-api <c>result-formats.adoc</c>): objects of
    /// exactly those keys come back as entities, everything else as <see cref="ReadPlainValue"/> reads it
    /// (temporal values and points stay strings: plain JSON does not say what they are).</summary>
    public static object? ReadPlainResultValue(JsonElement element, string where = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                if (AsEntity(element, where) is { } entity) return entity;
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                    map[property.Name] = ReadPlainResultValue(property.Value, where + "." + property.Name);
                return map;
            }
            case JsonValueKind.Array:
            {
                var items = element.EnumerateArray().Select((item, i) => ReadPlainResultValue(item, $"{where}[{i}]")).ToList();
                return AsPath(items) ?? (object)items;
            }
            default:
                return ReadPlainValue(element, where);
        }
    }

    private static readonly string[] NodeKeys = ["elementId", "labels", "properties"];
    private static readonly string[] RelationshipKeys = ["elementId", "startNodeElementId", "endNodeElementId", "type", "properties"];

    private static object? AsEntity(JsonElement element, string where)
    {
        var names = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (names.SetEquals(NodeKeys) && element.GetProperty("elementId").ValueKind == JsonValueKind.String
            && element.GetProperty("labels") is { ValueKind: JsonValueKind.Array } labels
            && labels.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String)
            && element.GetProperty("properties").ValueKind == JsonValueKind.Object)
        {
            return new GraphNode(element.GetProperty("elementId").GetString()!,
                labels.EnumerateArray().Select(l => l.GetString()!).ToList(),
                (Dictionary<string, object?>)ReadPlainResultValue(element.GetProperty("properties"), where + ".properties")!);
        }
        if (names.SetEquals(RelationshipKeys) && RelationshipKeys[..4].All(k => element.GetProperty(k).ValueKind == JsonValueKind.String)
            && element.GetProperty("properties").ValueKind == JsonValueKind.Object)
        {
            return new GraphRelationship(element.GetProperty("elementId").GetString()!, element.GetProperty("startNodeElementId").GetString()!,
                element.GetProperty("endNodeElementId").GetString()!, element.GetProperty("type").GetString()!,
                (Dictionary<string, object?>)ReadPlainResultValue(element.GetProperty("properties"), where + ".properties")!);
        }
        return null;
    }

    private static GraphPath? AsPath(List<object?> items)
    {
        if (items.Count < 3 || items.Count % 2 == 0) return null;
        var nodes = new List<GraphNode>();
        var relationships = new List<GraphRelationship>();
        for (var i = 0; i < items.Count; i++)
        {
            if (i % 2 == 0 && items[i] is GraphNode n) nodes.Add(n);
            else if (i % 2 == 1 && items[i] is GraphRelationship r) relationships.Add(r);
            else return null;
        }
        for (var i = 0; i < relationships.Count; i++)
        {
            var (a, b, r) = (nodes[i].ElementId, nodes[i + 1].ElementId, relationships[i]);
            if (!(r.StartNodeElementId == a && r.EndNodeElementId == b) && !(r.StartNodeElementId == b && r.EndNodeElementId == a))
                return null;
        }
        return new GraphPath(nodes, relationships);
    }

    /// <summary>Reads a <c>counters</c> object.</summary>
    public static QueryCounters ReadCounters(JsonElement c)
    {
        if (c.ValueKind != JsonValueKind.Object) return QueryCounters.None;
        int Get(string name) => c.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;
        return new QueryCounters
        {
            NodesCreated = Get("nodesCreated"),
            NodesDeleted = Get("nodesDeleted"),
            PropertiesSet = Get("propertiesSet"),
            RelationshipsCreated = Get("relationshipsCreated"),
            RelationshipsDeleted = Get("relationshipsDeleted"),
            LabelsAdded = Get("labelsAdded"),
            LabelsRemoved = Get("labelsRemoved"),
            IndexesAdded = Get("indexesAdded"),
            IndexesRemoved = Get("indexesRemoved"),
            ConstraintsAdded = Get("constraintsAdded"),
            ConstraintsRemoved = Get("constraintsRemoved"),
            SystemUpdates = Get("systemUpdates"),
        };
    }

    private static List<Notification> ReadNotifications(JsonElement ns)
    {
        var list = new List<Notification>();
        if (ns.ValueKind != JsonValueKind.Array) return list;
        foreach (var n in ns.EnumerateArray())
        {
            string S(string name) => n.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            SourcePosition? position = null;
            if (n.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                int I(string name) => p.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;
                position = new SourcePosition(I("offset"), I("line"), I("column"));
            }
            list.Add(new Notification(S("code"), S("title"), S("description"), S("severity"), position,
                S("category") is { Length: > 0 } category ? category : "GENERIC"));
        }
        return list;
    }
}
