using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>
/// Type-preserving JSON for property maps: integers are written as JSON integers, floats always with a decimal
/// point or exponent (<c>1.0</c>, <c>1E+20</c>), and non-finite floats as <c>{"$f":"NaN"}</c>; lists are JSON
/// arrays of the same. Temporal values are objects <c>{"$t":"Date","v":"2017-06-12"}</c> holding their Typed JSON
/// type name and ISO-8601 text (added later: stores written before them never contain <c>$t</c>, so they open
/// unchanged); points are <c>{"$p":"SRID=7203;POINT (2.3 4.5)"}</c> (the Query API's text, whose shortest
/// round-trip digits keep every coordinate exactly). Reading gives back exactly the stored kinds (long, double,
/// string, bool, temporal, point, object[]).
/// </summary>
internal static class PropertyCodec
{
    public static string? Encode(IReadOnlyDictionary<string, object?> properties)
    {
        if (properties.Count == 0) return null;
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteMap(writer, properties);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void WriteMap(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> properties)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in properties)
        {
            if (value is null) continue;
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteRawValue(PropertyValues.FormatDouble(d), skipInputValidation: true); break;
            case double d:
                writer.WriteStartObject();
                writer.WriteString("$f", PropertyValues.FormatDouble(d));
                writer.WriteEndObject();
                break;
            case GraphTemporal t:
                writer.WriteStartObject();
                writer.WriteString("$t", t.TypedJsonName);
                writer.WriteString("v", t.ToString());
                writer.WriteEndObject();
                break;
            case GraphPoint p:
                writer.WriteStartObject();
                writer.WriteString("$p", p.Wkt);
                writer.WriteEndObject();
                break;
            case object[] list:
                writer.WriteStartArray();
                foreach (var item in list) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            default:
                // Values reach here only through PropertyValues.ToStored; anything else is a bug.
                throw new InvalidOperationException($"Storage: cannot encode a {value.GetType().Name} property.");
        }
    }

    public static PropertyBag Decode(string? json, TokenTable keys)
    {
        if (string.IsNullOrEmpty(json)) return PropertyBag.Empty;
        return Decode(Encoding.UTF8.GetBytes(json), keys);
    }

    /// <summary>Decodes a property map from its UTF-8 JSON text.</summary>
    public static PropertyBag Decode(ReadOnlySpan<byte> utf8, TokenTable keys)
    {
        if (utf8.IsEmpty) return PropertyBag.Empty;
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        return ReadMap(ref reader, keys);
    }

    // The key names of the last map read on this thread: maps read one after another (a load) mostly have the
    // same keys in the same order, so names are matched in place, unallocated, and the key array is shared.
    [ThreadStatic] private static string[]? t_lastNames;
    [ThreadStatic] private static List<string>? t_names;
    [ThreadStatic] private static List<object>? t_values;

    /// <summary>Reads an object at the reader's current StartObject token, leaving it on the EndObject.</summary>
    public static PropertyBag ReadMap(ref Utf8JsonReader reader, TokenTable keys)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Corrupt("a property map");
        var last = t_lastNames ?? [];
        var names = t_names ??= [];
        var values = t_values ??= [];
        names.Clear();
        values.Clear();
        var same = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var i = names.Count;
            string name;
            if (same && i < last.Length && reader.ValueTextEquals(last[i]))
            {
                name = last[i];
            }
            else
            {
                same = false;
                name = keys.Name(keys.GetOrAdd(reader.GetString()!));
            }
            reader.Read();
            names.Add(name);
            values.Add(ReadValue(ref reader));
        }
        if (names.Count == 0)
        {
            return PropertyBag.Empty;
        }
        string[] keyArray;
        if (same && names.Count == last.Length)
        {
            keyArray = last;
        }
        else
        {
            keyArray = [.. names];
            t_lastNames = keyArray;
        }
        var result = new PropertyBag(keyArray, [.. values]);
        names.Clear();
        values.Clear();
        return result;
    }

    private static object ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return reader.GetString()!;
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Number:
                var raw = reader.ValueSpan;
                return raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0 ? reader.GetDouble() : (object)reader.GetInt64();
            case JsonTokenType.StartArray:
                var items = new List<object>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(ReadValue(ref reader));
                return items.ToArray();
            case JsonTokenType.StartObject:
                reader.Read();
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("$t")) return ReadTemporal(ref reader);
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("$p")) return ReadPoint(ref reader);
                if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("$f")) throw Corrupt("a float");
                reader.Read();
                var text = reader.GetString();
                reader.Read();
                return text switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ => double.Parse(text!, CultureInfo.InvariantCulture),
                };
            default: throw Corrupt("a property value");
        }
    }

    /// <summary>Reads <c>"$p": text}</c> after the <c>$p</c> name, leaving the reader on the EndObject.</summary>
    private static GraphPoint ReadPoint(ref Utf8JsonReader reader)
    {
        reader.Read();
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw Corrupt("a point");
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndObject) throw Corrupt("a point");
        try
        {
            return GraphPoint.ParseWkt(text);
        }
        catch (Exception e) when (e is FormatException or GraphException)
        {
            throw Corrupt($"a point ('{text}': {e.Message})");
        }
    }

    /// <summary>Reads <c>"$t": type, "v": text}</c> after the <c>$t</c> name, leaving the reader on the EndObject.</summary>
    private static GraphTemporal ReadTemporal(ref Utf8JsonReader reader)
    {
        reader.Read();
        var type = reader.GetString();
        reader.Read();
        if (reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("v")) throw Corrupt("a temporal value");
        reader.Read();
        var text = reader.GetString() ?? throw Corrupt("a temporal value");
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndObject) throw Corrupt("a temporal value");
        try
        {
            return type switch
            {
                "Date" => GraphTemporalText.ParseDate(text),
                "LocalTime" => GraphTemporalText.ParseLocalTime(text),
                "Time" => GraphTemporalText.ParseTime(text),
                "LocalDateTime" => GraphTemporalText.ParseLocalDateTime(text),
                "OffsetDateTime" or "ZonedDateTime" => GraphTemporalText.ParseDateTime(text),
                "Duration" => GraphTemporalText.ParseDuration(text),
                _ => throw Corrupt("a temporal type"),
            };
        }
        catch (GraphException e) when (e.Code != GraphErrorCodes.DatabaseUnavailable)
        {
            throw Corrupt($"a temporal value ('{text}': {e.Message})");
        }
    }

    public static string EncodeStrings(IReadOnlyList<string> items)
    {
        var buffer = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items) writer.WriteStringValue(item);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static List<string> DecodeStrings(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return ReadStrings(ref reader);
    }

    public static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Corrupt("a list of names");
        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(reader.GetString()!);
        return items;
    }

    public static GraphException Corrupt(string what) =>
        new(GraphErrorCodes.DatabaseUnavailable, $"Storage: the database file is damaged: expected {what}.");
}
