using System.Text;
using System.Text.Json;
using CsCheck;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;

namespace PaperGraph.Neo4j.Tests;

public sealed class QueryApiJsonTests
{
    private static string Write(object? value, bool typed)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, QueryApiJson.WriterOptions)) QueryApiJson.WriteValue(writer, value, typed);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static object? Read(string json, bool typed) => QueryApiJson.ReadValue(JsonDocument.Parse(json).RootElement, typed);

    [Theory]
    [InlineData("Date", "2017-06-12")]
    [InlineData("LocalTime", "09:30:00.5")]
    [InlineData("Time", "09:30:00+02:00")]
    [InlineData("LocalDateTime", "2017-06-12T09:30:00")]
    [InlineData("OffsetDateTime", "2017-06-12T09:30:00-05:00")]
    [InlineData("ZonedDateTime", "2017-06-12T09:30:00+02:00[Europe/Berlin]")]
    [InlineData("LocalTime", "12:50:35.556")]
    [InlineData("Time", "12:50:35.556+01:00")]
    [InlineData("Duration", "P1Y2M3DT4H")]
    public void Typed_temporal_values_round_trip_with_their_type_and_text(string type, string text)
    {
        var json = $$"""{"$type":"{{type}}","_value":"{{text}}"}""";
        var value = Read(json, typed: true);

        Assert.IsAssignableFrom<GraphTemporal>(value);
        Assert.Equal(json, Write(value, typed: true));
        Assert.Equal($"\"{text}\"", Write(value, typed: false));
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-0", 0L)]
    [InlineData("42.0", 42.0)]
    [InlineData("4.2e1", 42.0)]
    [InlineData("1E3", 1000.0)]
    public void Plain_number_type_follows_its_text(string json, object expected)
    {
        var value = Read(json, typed: false);

        Assert.Equal(expected.GetType(), value!.GetType());
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e300, "1.0E300")]
    [InlineData(1e10, "1.0E10")]
    [InlineData(3.2e9, "3.2E9")]
    [InlineData(2e-7, "2.0E-7")]
    [InlineData(1234567.0, "1234567.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Floats_are_written_so_they_read_back_as_floats(double value, string text)
    {
        Assert.Equal($$"""{"$type":"Float","_value":"{{text}}"}""", Write(value, typed: true));
        var plain = Write(value, typed: false);
        Assert.Equal(double.IsFinite(value) ? text : $"\"{text}\"", plain);
        if (double.IsFinite(value)) Assert.Equal(value, Assert.IsType<double>(Read(plain, typed: false)));
    }

    [Fact]
    public void Typed_integer_travels_as_a_string_of_digits()
    {
        Assert.Equal("""{"$type":"Integer","_value":"-9223372036854775808"}""", Write(long.MinValue, typed: true));
        Assert.Equal(long.MaxValue, Read("""{"$type":"Integer","_value":"9223372036854775807"}""", typed: true));
    }

    [Fact]
    public void Typed_null_carries_a_null_value()
    {
        Assert.Equal("""{"$type":"Null","_value":null}""", Write(null, typed: true));
        Assert.Null(Read("""{"$type":"Null","_value":null}""", typed: true));
    }

    [Fact]
    public void Typed_path_reads_back_as_nodes_and_relationships()
    {
        var a = new GraphNode("4:pg:1", ["Paper"], new Dictionary<string, object?> { ["year"] = 2013L });
        var b = new GraphNode("4:pg:2", ["Paper", "Classic"], new Dictionary<string, object?>());
        var r = new GraphRelationship("5:pg:3", "4:pg:1", "4:pg:2", "PREREQUISITE_OF", new Dictionary<string, object?> { ["w"] = 0.5 });
        var path = new GraphPath([b, a], [r]);

        var back = Assert.IsType<GraphPath>(Read(Write(path, typed: true), typed: true));

        Assert.Equal(path, back);
        Assert.Equal(2013L, back.Nodes[1].Properties["year"]);
        Assert.Equal(0.5, back.Relationships[0].Properties["w"]);
        Assert.Equal(["Paper", "Classic"], back.Nodes[0].Labels);
    }

    [Theory]
    [InlineData("""{"_value": "1"}""", "$type")]
    [InlineData("""{"$type": "Integer", "_value": "1.5"}""", "Integer")]
    [InlineData("""{"$type": "Float", "_value": "abc"}""", "Float")]
    [InlineData("""{"$type": "Banana", "_value": 1}""", "unknown $type 'Banana'")]
    [InlineData("""{"$type": "List", "_value": [{"$type": "Duration", "_value": "P1X"}]}""", "$[0]")]
    [InlineData("""{"$type": "Point", "_value": {"coordinates": [1, 2]}}""", "Point")]
    [InlineData("""7""", "typed value")]
    public void Malformed_typed_json_is_refused_saying_what_and_where(string json, string mentioned)
    {
        var e = Assert.Throws<GraphException>(() => Read(json, typed: true));

        Assert.Equal(GraphErrorCodes.RequestInvalid, e.Code);
        Assert.Contains(mentioned, e.Message);
    }

    private static readonly Gen<object?> Scalar = Gen.OneOf<object?>(
        Gen.Const((object?)null)!,
        Gen.Bool.Select(b => (object?)b),
        Gen.Long.Select(l => (object?)l),
        Gen.Double.Select(d => (object?)d),
        Gen.String.Select(s => (object?)s));

    private static Gen<object?> Value(int depth) => depth == 0 ? Scalar : Gen.Frequency(
        (4, Scalar),
        (1, Value(depth - 1).List[0, 4].Select(l => (object?)l.ToList<object?>())),
        (1, Gen.Dictionary(Gen.String.AlphaNumeric, Value(depth - 1))[0, 4]
            .Select(d => (object?)new Dictionary<string, object?>(d, StringComparer.Ordinal))));

    [Fact]
    public void Any_value_round_trips_through_typed_json() =>
        Value(3).Sample(v => Same(v, Read(Write(v, typed: true), typed: true)), iter: 2000);

    [Fact]
    public void Any_value_with_finite_floats_round_trips_through_plain_json() =>
        Value(3).Where(v => !HasNonFinite(v)).Sample(v => Same(v, Read(Write(v, typed: false), typed: false)), iter: 2000);

    private static bool HasNonFinite(object? v) => v switch
    {
        double d => !double.IsFinite(d),
        List<object?> l => l.Any(HasNonFinite),
        Dictionary<string, object?> m => m.Values.Any(HasNonFinite),
        _ => false,
    };

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (double x, double y) => x.Equals(y),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => Same(p.First, p.Second)),
        (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
            x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var o) && Same(kv.Value, o)),
        _ => Equals(a, b) && a!.GetType() == b!.GetType(),
    };
}

public sealed class QueryApiErrorTests
{
    [Fact]
    public void Error_body_gives_the_code_the_message_and_the_position_the_message_names()
    {
        const string body = """{"errors": [{"code": "Neo.ClientError.Statement.SyntaxError", "message": "Invalid input 'RETRUN' (line 1, column 24 (offset: 23))"}]}""";

        var e = QueryApiJson.ReadError(JsonDocument.Parse(body).RootElement)!;

        Assert.Equal(GraphErrorCodes.SyntaxError, e.Code);
        Assert.StartsWith("Invalid input 'RETRUN'", e.Message);
        Assert.Equal(new SourcePosition(23, 1, 24), e.Position);
    }

    [Fact]
    public void Body_without_errors_is_no_error() =>
        Assert.Null(QueryApiJson.ReadError(JsonDocument.Parse("""{"data": {"fields": [], "values": []}}""").RootElement));
}
