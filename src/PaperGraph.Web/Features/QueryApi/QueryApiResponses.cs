using System.Buffers;
using System.Globalization;
using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>What one Query API answer carries: a statement's result (when one ran), the bookmark (after a
/// commit), the transaction (while it stays open).</summary>
internal sealed record QueryApiReply(QueryResult? Result, bool IncludeCounters, string? Bookmark, OpenTransaction? Transaction);

/// <summary>
/// Writes Query API answers in the negotiated <see cref="QueryApiFormat"/>: one JSON document in Neo4j's key order
/// (<c>data</c>, <c>notifications</c>, <c>counters</c>, <c>profiledQueryPlan</c>/<c>queryPlan</c>,
/// <c>bookmarks</c>, <c>transaction</c>: neo4j/neo4j <c>DriverResultSerializer.java</c>), or JSON Lines events
/// (<c>Header</c>, <c>Record</c>…, <c>Summary</c>; <c>Error</c>: neo4j/docs-query-api <c>streaming.adoc</c>).
/// </summary>
internal static class QueryApiResponses
{
    public static async Task WriteAsync(HttpContext http, QueryApiFormat format, int status, QueryApiReply reply, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        if (format.Lines) WriteLines(buffer, format.Typed, reply);
        else WriteDocument(buffer, format.Typed, reply);
        http.Response.StatusCode = status;
        http.Response.ContentType = format.ContentType;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, ct);
    }

    public static async Task WriteErrorAsync(HttpContext http, QueryApiFormat format, int status, string code, string message)
    {
        if (http.Response.HasStarted) return;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, QueryApiJson.WriterOptions))
        {
            if (format.Lines)
            {
                writer.WriteStartObject();
                writer.WriteString("$event", "Error");
                writer.WritePropertyName("_body");
                WriteErrorArray(writer, code, message);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteStartObject();
                writer.WritePropertyName("errors");
                WriteErrorArray(writer, code, message);
                writer.WriteEndObject();
            }
        }
        if (format.Lines) buffer.Write("\n"u8);
        http.Response.StatusCode = status;
        http.Response.ContentType = format.Lines ? format.ContentType : QueryApiMediaTypes.PlainJson;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, CancellationToken.None);
    }

    /// <summary>A statement that failed after producing rows: 202, its columns and rows, then <c>errors</c> (a
    /// <c>Header</c>, the <c>Record</c>s and an <c>Error</c> event in JSON Lines), with no summary.</summary>
    public static async Task WritePartialAsync(HttpContext http, QueryApiFormat format, QueryResult partial, string code, string message)
    {
        if (http.Response.HasStarted) return;
        var buffer = new ArrayBufferWriter<byte>();
        if (format.Lines)
        {
            foreach (var (name, write) in LineEvents(partial, format.Typed))
                WriteEvent(buffer, name, write);
            WriteEvent(buffer, "Error", w => WriteErrorArray(w, code, message));
        }
        else
        {
            using var writer = new Utf8JsonWriter(buffer, QueryApiJson.WriterOptions);
            writer.WriteStartObject();
            QueryApiJson.WriteData(writer, partial, format.Typed);
            writer.WritePropertyName("errors");
            WriteErrorArray(writer, code, message);
            writer.WriteEndObject();
        }
        http.Response.StatusCode = StatusCodes.Status202Accepted;
        http.Response.ContentType = format.ContentType;
        await http.Response.Body.WriteAsync(buffer.WrittenMemory, CancellationToken.None);
    }

    private static void WriteEvent(ArrayBufferWriter<byte> buffer, string name, Action<Utf8JsonWriter> body)
    {
        using (var writer = new Utf8JsonWriter(buffer, QueryApiJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("$event", name);
            writer.WritePropertyName("_body");
            body(writer);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
    }

    /// <summary>The <c>Header</c> event and one <c>Record</c> event per row.</summary>
    private static IEnumerable<(string Name, Action<Utf8JsonWriter> Body)> LineEvents(QueryResult? result, bool typed)
    {
        yield return ("Header", w =>
        {
            w.WriteStartObject();
            if (result is not null)
            {
                w.WriteStartArray("fields");
                foreach (var field in result.Fields) w.WriteStringValue(field);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
        if (result is null) yield break;
        foreach (var row in result.Values)
        {
            yield return ("Record", w =>
            {
                w.WriteStartArray();
                foreach (var value in row) QueryApiJson.WriteValue(w, value, typed);
                w.WriteEndArray();
            });
        }
    }

    private static void WriteErrorArray(Utf8JsonWriter writer, string code, string message)
    {
        writer.WriteStartArray();
        writer.WriteStartObject();
        writer.WriteString("code", code);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteDocument(IBufferWriter<byte> buffer, bool typed, QueryApiReply reply)
    {
        using var writer = new Utf8JsonWriter(buffer, QueryApiJson.WriterOptions);
        writer.WriteStartObject();
        if (reply.Result is { } result) QueryApiJson.WriteResultProperties(writer, result, typed, reply.IncludeCounters);
        WriteTail(writer, reply);
        writer.WriteEndObject();
    }

    private static void WriteLines(ArrayBufferWriter<byte> buffer, bool typed, QueryApiReply reply)
    {
        void Event(string name, Action<Utf8JsonWriter> body) => WriteEvent(buffer, name, body);

        var result = reply.Result;
        foreach (var (name, body) in LineEvents(result, typed)) Event(name, body);
        Event("Summary", w =>
        {
            w.WriteStartObject();
            if (result is not null)
            {
                QueryApiJson.WriteNotifications(w, result.Notifications);
                if (reply.IncludeCounters) QueryApiJson.WriteCounters(w, result.Counters);
                if (result.ProfiledQueryPlan is { } profiled) QueryPlanJson.Write(w, "profiledQueryPlan", profiled, profiled: true, typed);
                else if (result.QueryPlan is { } plan) QueryPlanJson.Write(w, "queryPlan", plan, profiled: false, typed);
            }
            WriteTail(w, reply);
            w.WriteEndObject();
        });
    }

    private static void WriteTail(Utf8JsonWriter writer, QueryApiReply reply)
    {
        if (reply.Bookmark is { } bookmark)
        {
            writer.WriteStartArray("bookmarks");
            writer.WriteStringValue(bookmark);
            writer.WriteEndArray();
        }
        if (reply.Transaction is { } open)
        {
            writer.WriteStartObject("transaction");
            writer.WriteString("id", open.Id);
            // Neo4j writes Instant.toString(): UTC, "Z", seconds (2024-10-22T15:48:29Z).
            writer.WriteString("expires", open.Expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }
    }
}
