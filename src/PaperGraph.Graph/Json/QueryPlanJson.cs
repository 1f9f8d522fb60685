using System.Text.Json;

namespace PaperGraph.Graph.Json;

/// <summary>
/// Query plans on the wire, as Neo4j's Query API writes them (neo4j/neo4j
/// <c>community/server/…/queryapi/response/format/DefaultResponseModule.java</c>, <c>QueryPlanSerializer</c> and
/// <c>ProfiledPlanSerializer</c>; the examples of neo4j/docs-query-api <c>profile-query.adoc</c>):
/// <c>queryPlan</c> for EXPLAIN is <c>{operatorType, arguments, identifiers, children}</c>; <c>profiledQueryPlan</c>
/// for PROFILE puts <c>dbHits, records, hasPageCacheStats, pageCacheHits, pageCacheMisses, pageCacheHitRatio,
/// time</c> first. Argument values are Cypher values, typed in Typed JSON and plain in plain JSON.
/// </summary>
public static class QueryPlanJson
{
    /// <summary>Writes <paramref name="plan"/> under <paramref name="propertyName"/> (<c>queryPlan</c> or
    /// <c>profiledQueryPlan</c>); <paramref name="profiled"/> adds the PROFILE counters.</summary>
    public static void Write(Utf8JsonWriter writer, string propertyName, GraphPlan plan, bool profiled, bool typed)
    {
        writer.WritePropertyName(propertyName);
        WriteOperator(writer, plan, profiled, typed, depth: 0);
    }

    private const int MaxDepth = 256;

    private static void WriteOperator(Utf8JsonWriter writer, GraphPlan op, bool profiled, bool typed, int depth)
    {
        writer.WriteStartObject();
        if (profiled)
        {
            writer.WriteNumber("dbHits", op.DbHits ?? 0);
            writer.WriteNumber("records", op.Rows ?? 0);
            writer.WriteBoolean("hasPageCacheStats", false);
            writer.WriteNumber("pageCacheHits", 0);
            writer.WriteNumber("pageCacheMisses", 0);
            writer.WriteNumber("pageCacheHitRatio", 0.0);
            writer.WriteNumber("time", op.Time ?? 0);
        }
        writer.WriteString("operatorType", op.OperatorType);
        writer.WriteStartObject("arguments");
        foreach (var (key, value) in op.Arguments)
        {
            writer.WritePropertyName(key);
            QueryApiJson.WriteValue(writer, value, typed);
        }
        writer.WriteEndObject();
        writer.WriteStartArray("identifiers");
        foreach (var identifier in op.Identifiers) writer.WriteStringValue(identifier);
        writer.WriteEndArray();
        writer.WriteStartArray("children");
        if (depth < MaxDepth)
        {
            foreach (var child in op.Children) WriteOperator(writer, child, profiled, typed, depth + 1);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a <c>queryPlan</c> or <c>profiledQueryPlan</c> object. Argument values may be typed or
    /// plain whatever <paramref name="typed"/> says (each is read by its own shape); unknown keys are ignored.</summary>
    /// <exception cref="GraphException"><c>Neo.ClientError.Request.Invalid</c> when it is not a plan.</exception>
    public static GraphPlan Read(JsonElement plan, bool typed, string where = "queryPlan") => ReadOperator(plan, typed, where, 0);

    private static GraphPlan ReadOperator(JsonElement op, bool typed, string where, int depth)
    {
        if (op.ValueKind != JsonValueKind.Object)
            throw new GraphException(GraphErrorCodes.RequestInvalid, $"Invalid Query API JSON at {where}: a plan operator must be an object.");
        if (depth > MaxDepth)
            throw new GraphException(GraphErrorCodes.RequestInvalid, $"Invalid Query API JSON at {where}: the plan is nested more than {MaxDepth} deep.");
        var type = op.TryGetProperty("operatorType", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new GraphException(GraphErrorCodes.RequestInvalid, $"Invalid Query API JSON at {where}: a plan operator needs an \"operatorType\" string.");
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (op.TryGetProperty("arguments", out var args) && args.ValueKind == JsonValueKind.Object)
        {
            foreach (var argument in args.EnumerateObject())
            {
                var isTyped = typed && argument.Value.ValueKind == JsonValueKind.Object && argument.Value.TryGetProperty("$type", out _);
                arguments[argument.Name] = QueryApiJson.ReadValue(argument.Value, isTyped, $"{where}.arguments.{argument.Name}");
            }
        }
        var identifiers = new List<string>();
        if (op.TryGetProperty("identifiers", out var ids) && ids.ValueKind == JsonValueKind.Array)
            identifiers.AddRange(ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!));
        var children = new List<GraphPlan>();
        if (op.TryGetProperty("children", out var kids) && kids.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var child in kids.EnumerateArray())
                children.Add(ReadOperator(child, typed, $"{where}.children[{i++}]", depth + 1));
        }
        return new GraphPlan(type, arguments, identifiers, children)
        {
            Rows = Long(op, "records"),
            DbHits = Long(op, "dbHits"),
            Time = Long(op, "time"),
        };
    }

    private static long? Long(JsonElement op, string name) =>
        op.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : null;
}
