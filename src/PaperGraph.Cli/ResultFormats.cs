using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;

namespace PaperGraph.Cli;

/// <summary>How <c>query</c> prints a result: a text table, the Query API JSON body, or CSV.</summary>
public static class ResultFormats
{
    /// <summary>Exactly the Neo4j Query API's plain-JSON response body: <c>{"data":{"fields":[…],"values":[[…]]}}</c>.</summary>
    public static string Json(QueryResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            QueryApiJson.WriteData(writer, result, typed: false);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>RFC 4180 CSV: a header of field names, then one line per row; text and temporal values as their text,
    /// other values as JSON.</summary>
    public static string Csv(QueryResult result)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', result.Fields.Select(CsvCell))).Append("\r\n");
        foreach (var row in result.Values)
            sb.Append(string.Join(',', row.Select(v => CsvCell(v switch { null => "", string s => s, GraphTemporal t => t.ToString(), _ => JsonText(v) })))).Append("\r\n");
        return sb.ToString();
    }

    private static string CsvCell(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>A boxed text table with a row count, as cypher-shell prints it.</summary>
    public static string Table(QueryResult result)
    {
        var sb = new StringBuilder();
        if (result.Fields.Count == 0)
        {
            sb.Append(Counters(result.Counters)).Append('\n');
            return sb.ToString();
        }
        var cells = result.Values.Select(row => row.Select(Display).ToList()).ToList();
        var widths = result.Fields.Select((f, i) => Math.Min(80, Math.Max(f.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length)))).ToList();
        string Line() => "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+\n";
        string Row(IReadOnlyList<string> values) =>
            "| " + string.Join(" | ", values.Select((v, i) => (v.Length > widths[i] ? v[..(widths[i] - 1)] + "…" : v).PadRight(widths[i]))) + " |\n";
        sb.Append(Line()).Append(Row(result.Fields)).Append(Line());
        foreach (var row in cells) sb.Append(Row(row));
        sb.Append(Line());
        sb.Append(cells.Count == 1 ? "1 row" : $"{cells.Count} rows");
        if (result.Counters.ContainsUpdates) sb.Append("; ").Append(Counters(result.Counters));
        sb.Append('\n');
        return sb.ToString();
    }

    private static string Counters(QueryCounters c)
    {
        var parts = new List<string>();
        void Add(int n, string what) { if (n > 0) parts.Add($"{what}: {n}"); }
        Add(c.NodesCreated, "nodes created");
        Add(c.NodesDeleted, "nodes deleted");
        Add(c.RelationshipsCreated, "relationships created");
        Add(c.RelationshipsDeleted, "relationships deleted");
        Add(c.PropertiesSet, "properties set");
        Add(c.LabelsAdded, "labels added");
        Add(c.ConstraintsAdded, "constraints added");
        Add(c.IndexesAdded, "indexes added");
        return parts.Count == 0 ? "no changes" : string.Join(", ", parts);
    }

    /// <summary>A value as the table shows it: text as is, temporal values as their ISO-8601 text (as cypher-shell
    /// prints them), nodes as <c>(:Label {…})</c>, the rest as JSON.</summary>
    public static string Display(object? value) => value switch
    {
        null => "null",
        string s => s.Replace('\n', ' '),
        GraphNode n => "(" + string.Concat(n.Labels.Select(l => ":" + l)) + " " + JsonText(n.Properties) + ")",
        GraphRelationship r => "[:" + r.Type + " " + JsonText(r.Properties) + "]",
        double d => QueryApiJson.FormatFloat(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        GraphTemporal t => t.ToString(),
        _ => JsonText(value),
    };

    private static string JsonText(object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            QueryApiJson.WritePlainValue(writer, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
