using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using PaperGraph.Graph.Json;

namespace PaperGraph.Graph.Tests;

public sealed class GraphPointTests
{
    [Theory]
    [InlineData(7203, 2.3, 4.5, null, "SRID=7203;POINT (2.3 4.5)")]
    [InlineData(9157, 1.0, 2.0, 3.0, "SRID=9157;POINT Z (1.0 2.0 3.0)")]
    [InlineData(4326, 12.0, 56.0, null, "SRID=4326;POINT (12.0 56.0)")]
    [InlineData(4979, -0.5, 51.5, 1.0E10, "SRID=4979;POINT Z (-0.5 51.5 1.0E10)")]
    public void A_point_is_written_as_Neo4j_writes_it(int srid, double x, double y, double? z, string wkt)
    {
        var point = new GraphPoint(srid, x, y, z);

        Assert.Equal(wkt, point.Wkt);
        Assert.Equal(point, GraphPoint.ParseWkt(wkt));
    }

    [Fact]
    public void Typed_json_reads_and_writes_points_and_byte_arrays()
    {
        const string json = """[{"$type":"Point","_value":"SRID=7203;POINT (1.2 3.4)"},{"$type":"Base64","_value":"A2+/"}]""";

        var values = (IReadOnlyList<object?>)QueryApiJson.ReadTypedValue(JsonDocument.Parse($$"""{"$type":"List","_value":{{json}}}""").RootElement)!;

        Assert.Equal(new GraphPoint(7203, 1.2, 3.4), values[0]);
        Assert.Equal(new byte[] { 0x03, 0x6f, 0xbf }, values[1]);
        Assert.Equal($$"""{"$type":"List","_value":{{json}}}""", Write(values, typed: true));
        Assert.Equal("""["SRID=7203;POINT (1.2 3.4)","A2+/"]""", Write(values, typed: false));
    }

    [Theory]
    [InlineData("SRID=7203;POINT (1 2 3)")]
    [InlineData("SRID=4326;POINT (0.0 91.0)")]
    [InlineData("SRID=1234;POINT (0.0 1.0)")]
    [InlineData("POINT (1 2)")]
    [InlineData("SRID=7203;POINT (a b)")]
    public void A_malformed_or_impossible_point_is_refused_by_the_typed_reader(string text)
    {
        var e = Assert.Throws<GraphException>(() => QueryApiJson.ReadTypedValue(
            JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["$type"] = "Point", ["_value"] = text })).RootElement));

        Assert.Equal(GraphErrorCodes.RequestInvalid, e.Code);
    }

    [Fact]
    public void Any_text_is_either_a_point_or_refused_with_a_format_or_argument_error() =>
        Gen.String.Sample(text =>
        {
            try
            {
                var point = GraphPoint.ParseWkt(text);
                return GraphPoint.ParseWkt(point.Wkt).Equals(point);
            }
            catch (FormatException)
            {
                return true;
            }
            catch (GraphException e)
            {
                return e.Code == GraphErrorCodes.ArgumentError;
            }
        }, iter: 5000);

    [Fact]
    public void Any_point_round_trips_through_its_text() =>
        Gen.Select(Gen.Double, Gen.Double[-90, 90], Gen.Double, Gen.Int[0, 3]).Sample((x, y, z, kind) =>
        {
            var point = kind switch
            {
                0 => new GraphPoint(7203, x, y),
                1 => new GraphPoint(9157, x, y, z),
                2 => new GraphPoint(4326, x, y),
                _ => new GraphPoint(4979, x, y, z),
            };
            return GraphPoint.ParseWkt(point.Wkt).Equals(point);
        }, iter: 3000);

    [Fact]
    public void Any_finite_double_prints_as_Java_does_and_reads_back() =>
        Gen.Double.Where(double.IsFinite).Sample(d =>
        {
            var text = JavaText.Double(d);
            var scientific = text.Contains('E', StringComparison.Ordinal);
            var magnitude = Math.Abs(d);
            return double.Parse(text, CultureInfo.InvariantCulture).Equals(d)
                   && text.Contains('.', StringComparison.Ordinal)
                   && scientific == (magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e7))
                   && !text.Contains("E+", StringComparison.Ordinal);
        }, iter: 5000);

    [Theory]
    [InlineData("12:50+01:00", "12:50:00+01:00")]
    [InlineData("12:50:35.500+01:00", "12:50:35.5+01:00")]
    public void Temporal_text_on_the_wire_always_has_seconds(string cypher, string wire) =>
        Assert.Equal(wire, JavaText.Temporal(GraphTemporalText.ParseTime(cypher)));

    private static string Write(object? value, bool typed)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, QueryApiJson.WriterOptions)) QueryApiJson.WriteValue(writer, value, typed);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
