using System.Globalization;
using System.Text.Json;

namespace PaperGraph.Graph.Json;

/// <summary>
/// Neo4j Query API JSON for Cypher values and response bodies, both directions, in plain JSON and in Typed JSON
/// (<c>application/vnd.neo4j.query</c>). Used by the web app's server, the Neo4j HTTP backend and the CLI
/// (<c>query --format json</c>), so all three write and read the same wire format.
/// </summary>
/// <remarks>
/// Plain JSON (spec §4): a number written without fraction or exponent is an INTEGER, any other a FLOAT (the
/// number's text decides, not its value); floats are always written with a fraction or an exponent so that they
/// read back as floats; non-finite floats, which plain JSON cannot hold, are written as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>. Typed JSON (spec §5): every value at every depth is
/// <c>{"$type": T, "_value": V}</c>; integers and floats travel as strings.
/// Malformed input throws <see cref="GraphException"/> with <c>Neo.ClientError.Request.Invalid</c> naming where
/// in the document the problem is.
/// </remarks>
public static partial class QueryApiJson
{
    /// <summary>Plain JSON parameters and results.</summary>
    public const string PlainMediaType = "application/json";

    /// <summary>Typed JSON parameters and results.</summary>
    public const string TypedMediaType = "application/vnd.neo4j.query";

    /// <summary>Options for writers of Query API bodies: UTF-8 text as is (no <c>\u00e9</c> or <c>\u002B</c>
    /// escapes), as Neo4j writes it. Not for embedding in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // ---------------------------------------------------------------- values out

    /// <summary>Writes <paramref name="value"/> as plain JSON (spec §4).</summary>
    /// <exception cref="GraphException">The value nests deeper than <see cref="GraphValues.MaxDepth"/>.</exception>
    public static void WritePlainValue(Utf8JsonWriter writer, object? value) => WritePlainValue(writer, value, 0);

    private static void WritePlainValue(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > GraphValues.MaxDepth) throw GraphValues.TooDeep();
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: WritePlainFloat(writer, d); break;
            case float f: WritePlainFloat(writer, f); break;
            case GraphTemporal t: writer.WriteStringValue(JavaText.Temporal(t)); break;
            case GraphPoint p: writer.WriteStringValue(p.Wkt); break;
            case byte[] bytes: writer.WriteStringValue(Convert.ToBase64String(bytes)); break;
            case GraphNode n:
                writer.WriteStartObject();
                writer.WriteString("elementId", n.ElementId);
                writer.WriteStartArray("labels");
                foreach (var label in n.Labels) writer.WriteStringValue(label);
                writer.WriteEndArray();
                writer.WritePropertyName("properties");
                WritePlainMap(writer, n.Properties, depth + 1);
                writer.WriteEndObject();
                break;
            case GraphRelationship r:
                writer.WriteStartObject();
                writer.WriteString("elementId", r.ElementId);
                writer.WriteString("startNodeElementId", r.StartNodeElementId);
                writer.WriteString("endNodeElementId", r.EndNodeElementId);
                writer.WriteString("type", r.Type);
                writer.WritePropertyName("properties");
                WritePlainMap(writer, r.Properties, depth + 1);
                writer.WriteEndObject();
                break;
            case GraphPath p:
                writer.WriteStartArray();
                foreach (var element in PathElements(p)) WritePlainValue(writer, element, depth + 1);
                writer.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, object?> map: WritePlainMap(writer, map, depth + 1); break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) WritePlainValue(writer, item, depth + 1);
                writer.WriteEndArray();
                break;
            default: WritePlainValue(writer, GraphValues.Normalize(value), depth); break;
        }
    }

    /// <summary>Writes <paramref name="value"/> as Typed JSON (spec §5).</summary>
    /// <exception cref="GraphException">The value nests deeper than <see cref="GraphValues.MaxDepth"/>.</exception>
    public static void WriteTypedValue(Utf8JsonWriter writer, object? value) => WriteTypedValue(writer, value, 0);

    private static void WriteTypedValue(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > GraphValues.MaxDepth) throw GraphValues.TooDeep();
        writer.WriteStartObject();
        switch (value)
        {
            case null:
                writer.WriteString("$type", "Null");
                writer.WriteNull("_value");
                break;
            case bool b:
                writer.WriteString("$type", "Boolean");
                writer.WriteBoolean("_value", b);
                break;
            case string s:
                writer.WriteString("$type", "String");
                writer.WriteString("_value", s);
                break;
            case long or int:
                writer.WriteString("$type", "Integer");
                writer.WriteString("_value", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                break;
            case double or float:
                writer.WriteString("$type", "Float");
                writer.WriteString("_value", FormatFloat(Convert.ToDouble(value, CultureInfo.InvariantCulture)));
                break;
            case GraphTemporal t:
                writer.WriteString("$type", t.TypedJsonName);
                writer.WriteString("_value", JavaText.Temporal(t));
                break;
            case GraphPoint p:
                writer.WriteString("$type", "Point");
                writer.WriteString("_value", p.Wkt);
                break;
            case byte[] bytes:
                writer.WriteString("$type", "Base64");
                writer.WriteString("_value", Convert.ToBase64String(bytes));
                break;
            case GraphNode n:
                writer.WriteString("$type", "Node");
                writer.WriteStartObject("_value");
                writer.WriteString("_element_id", n.ElementId);
                writer.WriteStartArray("_labels");
                foreach (var label in n.Labels) writer.WriteStringValue(label);
                writer.WriteEndArray();
                writer.WritePropertyName("_properties");
                WriteTypedProperties(writer, n.Properties, depth + 1);
                writer.WriteEndObject();
                break;
            case GraphRelationship r:
                writer.WriteString("$type", "Relationship");
                writer.WriteStartObject("_value");
                writer.WriteString("_element_id", r.ElementId);
                writer.WriteString("_start_node_element_id", r.StartNodeElementId);
                writer.WriteString("_end_node_element_id", r.EndNodeElementId);
                writer.WriteString("_type", r.Type);
                writer.WritePropertyName("_properties");
                WriteTypedProperties(writer, r.Properties, depth + 1);
                writer.WriteEndObject();
                break;
            case GraphPath p:
                writer.WriteString("$type", "Path");
                writer.WriteStartArray("_value");
                foreach (var element in PathElements(p)) WriteTypedValue(writer, element, depth + 1);
                writer.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteString("$type", "Map");
                writer.WritePropertyName("_value");
                WriteTypedProperties(writer, map, depth + 1);
                break;
            case IReadOnlyList<object?> list:
                writer.WriteString("$type", "List");
                writer.WriteStartArray("_value");
                foreach (var item in list) WriteTypedValue(writer, NormalizeForWrite(item), depth + 1);
                writer.WriteEndArray();
                break;
            default:
                writer.WriteEndObject();
                writer.Flush();
                throw new ArgumentException($"A {value.GetType().Name} is not a Cypher value.", nameof(value));
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes one value in the chosen form.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value, bool typed)
    {
        if (typed) WriteTypedValue(writer, NormalizeForWrite(value));
        else WritePlainValue(writer, value);
    }

    /// <summary>A float as Neo4j (Java's <c>Double.toString</c>) writes it in Typed and plain JSON: <c>"1.0"</c>,
    /// <c>"0.1"</c>, <c>"1.0E10"</c>, <c>"1.0E-4"</c>, <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.</summary>
    public static string FormatFloat(double d) => JavaText.Double(d);

    private static void WritePlainFloat(Utf8JsonWriter writer, double d)
    {
        if (double.IsFinite(d)) writer.WriteRawValue(FormatFloat(d), skipInputValidation: true);
        else writer.WriteStringValue(FormatFloat(d));
    }

    private static void WritePlainMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> map, int depth)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in map)
        {
            writer.WritePropertyName(key);
            WritePlainValue(writer, item, depth);
        }
        writer.WriteEndObject();
    }

    private static void WriteTypedProperties(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> map, int depth)
    {
        writer.WriteStartObject();
        foreach (var (key, item) in map)
        {
            writer.WritePropertyName(key);
            WriteTypedValue(writer, NormalizeForWrite(item), depth);
        }
        writer.WriteEndObject();
    }

    private static object? NormalizeForWrite(object? value) => value switch
    {
        null or bool or string or long or int or double or float or GraphNode or GraphRelationship or GraphPath or GraphTemporal
            or GraphPoint or byte[] or IReadOnlyDictionary<string, object?> or IReadOnlyList<object?> => value,
        _ => GraphValues.Normalize(value),
    };

    private static IEnumerable<object> PathElements(GraphPath path)
    {
        yield return path.Nodes[0];
        for (var i = 0; i < path.Relationships.Count; i++)
        {
            yield return path.Relationships[i];
            yield return path.Nodes[i + 1];
        }
    }

    // ---------------------------------------------------------------- values in

    /// <summary>Reads a plain-JSON value: objects become maps, arrays lists, and a number is an INTEGER
    /// (<see cref="long"/>) when its text has no fraction or exponent, else a FLOAT (<see cref="double"/>).</summary>
    public static object? ReadPlainValue(JsonElement element, string where = "$") => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => ReadPlainNumber(element, where),
        JsonValueKind.Array => element.EnumerateArray().Select((item, i) => ReadPlainValue(item, $"{where}[{i}]")).ToList(),
        JsonValueKind.Object => ReadObject(element, where, ReadPlainValue),
        _ => throw Invalid(where, $"unexpected JSON {element.ValueKind}"),
    };

    private static object ReadPlainNumber(JsonElement element, string where)
    {
        var text = element.GetRawText();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            if (element.TryGetInt64(out var l)) return l;
            throw Invalid(where, $"the integer {text} does not fit in 64 bits (write it as a float, e.g. {text}.0, if that is what you mean)");
        }
        return element.GetDouble();
    }

    /// <summary>Reads a Typed JSON value (<c>{"$type": T, "_value": V}</c>), nodes, relationships and paths
    /// included, temporal values from their ISO-8601 text, points from their WKT-like text and byte arrays from
    /// Base64. Types PaperGraph has no value for (vectors) are refused by name.</summary>
    public static object? ReadTypedValue(JsonElement element, string where = "$")
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid(where, $"expected a typed value {{\"$type\": …, \"_value\": …}}, found a JSON {Describe(element.ValueKind)}");
        if (!element.TryGetProperty("$type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            throw Invalid(where, "a typed value needs a \"$type\" string");
        if (!element.TryGetProperty("_value", out var v))
            throw Invalid(where, "a typed value needs a \"_value\" (null for Null)");
        var type = typeElement.GetString()!;
        return type switch
        {
            "Null" => v.ValueKind == JsonValueKind.Null ? null : throw Invalid(where, "a Null's _value must be null"),
            "Boolean" => v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid(where, "a Boolean's _value must be true or false"),
            },
            "String" => v.ValueKind == JsonValueKind.String ? v.GetString() : throw Invalid(where, "a String's _value must be a string"),
            "Integer" => ReadTypedInteger(v, where),
            "Float" => ReadTypedFloat(v, where),
            "List" => v.ValueKind == JsonValueKind.Array
                ? v.EnumerateArray().Select((item, i) => ReadTypedValue(item, $"{where}[{i}]")).ToList()
                : throw Invalid(where, "a List's _value must be an array"),
            "Map" => v.ValueKind == JsonValueKind.Object
                ? ReadObject(v, where, ReadTypedValue)
                : throw Invalid(where, "a Map's _value must be an object"),
            "Node" => ReadTypedNode(v, where),
            "Relationship" => ReadTypedRelationship(v, where),
            "Path" => ReadTypedPath(v, where),
            "Date" or "Time" or "LocalTime" or "DateTime" or "ZonedDateTime" or "OffsetDateTime" or "LocalDateTime" or "Duration" =>
                ReadTypedTemporal(type, v, where),
            "Point" => ReadTypedPoint(v, where),
            "Base64" => ReadTypedBase64(v, where),
            "Vector" or "Unsupported" =>
                throw Invalid(where, $"values of type {type} are not supported by PaperGraph"),
            _ => throw Invalid(where, $"unknown $type '{type}' (expected Null, Boolean, Integer, Float, String, Base64, List, Map, Node, Relationship, Path, Point, Date, Time, LocalTime, DateTime, LocalDateTime or Duration)"),
        };
    }

    /// <summary>A point from its WKT-like text (<c>SRID=7203;POINT (2.3 4.5)</c>).</summary>
    private static GraphPoint ReadTypedPoint(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.String)
            throw Invalid(where, "a Point's _value must be a string such as \"SRID=7203;POINT (2.3 4.5)\"");
        try
        {
            return GraphPoint.ParseWkt(v.GetString()!);
        }
        catch (Exception e) when (e is FormatException or GraphException)
        {
            throw Invalid(where, e.Message.TrimEnd('.'));
        }
    }

    /// <summary>A byte array from its Base64 text.</summary>
    private static byte[] ReadTypedBase64(JsonElement v, string where)
    {
        if (v.ValueKind == JsonValueKind.String && v.TryGetBytesFromBase64(out var bytes))
            return bytes;
        throw Invalid(where, "a Base64's _value must be a string of Base64 (RFC 4648) text");
    }

    /// <summary>A temporal value from its ISO-8601 text (<c>"2017-06-12"</c>, <c>"P1Y2M3DT4H"</c>).</summary>
    private static GraphTemporal ReadTypedTemporal(string type, JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.String)
            throw Invalid(where, $"a {type}'s _value must be an ISO-8601 string");
        var text = v.GetString()!;
        try
        {
            return type switch
            {
                "Date" => GraphTemporalText.ParseDate(text),
                "Time" => GraphTemporalText.ParseTime(text),
                "LocalTime" => GraphTemporalText.ParseLocalTime(text),
                "LocalDateTime" => GraphTemporalText.ParseLocalDateTime(text),
                "Duration" => GraphTemporalText.ParseDuration(text),
                _ => GraphTemporalText.ParseDateTime(text),
            };
        }
        catch (GraphException e)
        {
            throw Invalid(where, $"'{text}' is not a valid {type}: {e.Message}");
        }
    }

    /// <summary>Reads one value in the chosen form.</summary>
    public static object? ReadValue(JsonElement element, bool typed, string where = "$") =>
        typed ? ReadTypedValue(element, where) : ReadPlainValue(element, where);

    /// <summary>Reads a <c>parameters</c> object (plain or typed); null or absent gives an empty map.</summary>
    public static Dictionary<string, object?> ReadParameters(JsonElement? parameters, bool typed)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parameters is not { } p || p.ValueKind == JsonValueKind.Null)
            return result;
        if (p.ValueKind != JsonValueKind.Object)
            throw Invalid("parameters", $"must be a JSON object, not a {Describe(p.ValueKind)}");
        foreach (var property in p.EnumerateObject())
            result[property.Name] = ReadValue(property.Value, typed, "parameters." + property.Name);
        return result;
    }

    /// <summary>Writes a <c>parameters</c> object (plain or typed).</summary>
    public static void WriteParameters(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> parameters, bool typed)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in parameters)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value, typed);
        }
        writer.WriteEndObject();
    }

    private static long ReadTypedInteger(JsonElement v, string where)
    {
        if (v.ValueKind == JsonValueKind.String
            && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var number))
            return number;
        throw Invalid(where, $"an Integer's _value must be a string of decimal digits within 64 bits, not {v.GetRawText()}");
    }

    private static double ReadTypedFloat(JsonElement v, string where)
    {
        if (v.ValueKind == JsonValueKind.Number)
            return v.GetDouble();
        if (v.ValueKind == JsonValueKind.String)
        {
            var s = v.GetString()!;
            switch (s)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                return d;
        }
        throw Invalid(where, $"a Float's _value must be a decimal string, \"NaN\", \"Infinity\" or \"-Infinity\", not {v.GetRawText()}");
    }

    private static GraphNode ReadTypedNode(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.Object) throw Invalid(where, "a Node's _value must be an object");
        var labels = RequiredProperty(v, "_labels", where);
        if (labels.ValueKind != JsonValueKind.Array) throw Invalid(where + "._labels", "must be an array of strings");
        return new GraphNode(
            RequiredString(v, "_element_id", where),
            labels.EnumerateArray().Select(l => l.GetString() ?? throw Invalid(where + "._labels", "must hold strings")).ToList(),
            ReadTypedPropertyMap(v, where));
    }

    private static GraphRelationship ReadTypedRelationship(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.Object) throw Invalid(where, "a Relationship's _value must be an object");
        return new GraphRelationship(
            RequiredString(v, "_element_id", where),
            RequiredString(v, "_start_node_element_id", where),
            RequiredString(v, "_end_node_element_id", where),
            RequiredString(v, "_type", where),
            ReadTypedPropertyMap(v, where));
    }

    private static GraphPath ReadTypedPath(JsonElement v, string where)
    {
        if (v.ValueKind != JsonValueKind.Array) throw Invalid(where, "a Path's _value must be an array");
        var nodes = new List<GraphNode>();
        var relationships = new List<GraphRelationship>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var element = ReadTypedValue(item, $"{where}[{i}]");
            if (i % 2 == 0 && element is GraphNode n) nodes.Add(n);
            else if (i % 2 == 1 && element is GraphRelationship r) relationships.Add(r);
            else throw Invalid($"{where}[{i}]", "a Path alternates Node and Relationship, starting and ending with a Node");
            i++;
        }
        if (nodes.Count == 0 || nodes.Count != relationships.Count + 1)
            throw Invalid(where, "a Path alternates Node and Relationship, starting and ending with a Node");
        return new GraphPath(nodes, relationships);
    }

    private static Dictionary<string, object?> ReadTypedPropertyMap(JsonElement v, string where)
    {
        if (!v.TryGetProperty("_properties", out var properties) || properties.ValueKind == JsonValueKind.Null)
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        if (properties.ValueKind != JsonValueKind.Object) throw Invalid(where + "._properties", "must be an object");
        return ReadObject(properties, where + "._properties", ReadTypedValue);
    }

    private static Dictionary<string, object?> ReadObject(JsonElement element, string where, Func<JsonElement, string, object?> read)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            map[property.Name] = read(property.Value, where + "." + property.Name);
        return map;
    }

    private static JsonElement RequiredProperty(JsonElement v, string name, string where) =>
        v.TryGetProperty(name, out var p) ? p : throw Invalid(where, $"missing \"{name}\"");

    private static string RequiredString(JsonElement v, string name, string where)
    {
        var p = RequiredProperty(v, name, where);
        return p.ValueKind == JsonValueKind.String ? p.GetString()! : throw Invalid(where + "." + name, "must be a string");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    private static GraphException Invalid(string where, string problem) =>
        new(GraphErrorCodes.RequestInvalid, $"Invalid Query API JSON at {where}: {problem}.");
}
