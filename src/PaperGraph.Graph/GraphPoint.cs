using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperGraph.Graph;

/// <summary>
/// A spatial point (Cypher's POINT) in one of Neo4j's four coordinate reference systems: Cartesian 2D
/// (SRID 7203) and 3D (9157), WGS-84 2D (4326) and 3D (4979). In WGS-84, <see cref="X"/> is the longitude,
/// <see cref="Y"/> the latitude and <see cref="Z"/> the height in metres.
/// </summary>
/// <remarks>Two points are equal when their CRS and every coordinate are. On the wire (Typed JSON, and Neo4j's
/// plain JSON) a point is the text <c>SRID=7203;POINT (2.3 4.5)</c>, or <c>SRID=9157;POINT Z (2.3 4.5 6.7)</c>
/// in 3D, with coordinates printed as Java prints a double (<see cref="Wkt"/>, <see cref="ParseWkt"/>).</remarks>
public sealed partial class GraphPoint : IEquatable<GraphPoint>, IComparable<GraphPoint>
{
    public const int CartesianSrid = 7203;
    public const int Cartesian3DSrid = 9157;
    public const int Wgs84Srid = 4326;
    public const int Wgs843DSrid = 4979;

    /// <summary>A point; <paramref name="z"/> is given exactly for the 3D systems.</summary>
    /// <exception cref="GraphException"><c>Neo.ClientError.Statement.ArgumentError</c> for an unknown SRID, a
    /// coordinate count that does not fit it, or a WGS-84 latitude outside [-90, 90].</exception>
    public GraphPoint(int srid, double x, double y, double? z = null)
    {
        var is3D = srid switch
        {
            CartesianSrid or Wgs84Srid => false,
            Cartesian3DSrid or Wgs843DSrid => true,
            _ => throw new GraphException(GraphErrorCodes.ArgumentError,
                $"Unknown coordinate reference system SRID {srid} (known: 7203 cartesian, 9157 cartesian-3d, 4326 wgs-84, 4979 wgs-84-3d)."),
        };
        if (is3D != z.HasValue)
            throw new GraphException(GraphErrorCodes.ArgumentError,
                $"A point in {CrsName(srid)} has {(is3D ? 3 : 2)} coordinates, but {(z.HasValue ? 3 : 2)} were given.");
        if (srid is Wgs84Srid or Wgs843DSrid && !(y >= -90 && y <= 90))
            throw new GraphException(GraphErrorCodes.ArgumentError,
                $"Cannot create WGS84 point with invalid coordinate: latitude {JavaText.Double(y)} is outside [-90, 90].");
        Srid = srid;
        X = x;
        Y = y;
        Z = z;
    }

    /// <summary>The coordinate reference system's id (7203, 9157, 4326 or 4979).</summary>
    public int Srid { get; }

    /// <summary>x, or the longitude in WGS-84.</summary>
    public double X { get; }

    /// <summary>y, or the latitude in WGS-84.</summary>
    public double Y { get; }

    /// <summary>z, or the height in WGS-84 3D; null in 2D.</summary>
    public double? Z { get; }

    /// <summary>Neo4j's name of the CRS: <c>cartesian</c>, <c>cartesian-3d</c>, <c>wgs-84</c>, <c>wgs-84-3d</c>.</summary>
    public string Crs => CrsName(Srid);

    public bool IsGeographic => Srid is Wgs84Srid or Wgs843DSrid;

    public bool Is3D => Z.HasValue;

    /// <summary>The CRS name of a known SRID.</summary>
    public static string CrsName(int srid) => srid switch
    {
        CartesianSrid => "cartesian",
        Cartesian3DSrid => "cartesian-3d",
        Wgs84Srid => "wgs-84",
        Wgs843DSrid => "wgs-84-3d",
        _ => "n/a",
    };

    /// <summary>The SRID of a CRS name (case-insensitive), or null.</summary>
    public static int? SridOf(string crs) => crs.ToLowerInvariant() switch
    {
        "cartesian" => CartesianSrid,
        "cartesian-3d" => Cartesian3DSrid,
        "wgs-84" => Wgs84Srid,
        "wgs-84-3d" => Wgs843DSrid,
        _ => null,
    };

    /// <summary>The wire text: <c>SRID=4326;POINT (12.0 56.0)</c>, <c>SRID=9157;POINT Z (1.0 2.0 3.0)</c>.</summary>
    public string Wkt => Z is { } z
        ? $"SRID={Srid.ToString(CultureInfo.InvariantCulture)};POINT Z ({JavaText.Double(X)} {JavaText.Double(Y)} {JavaText.Double(z)})"
        : $"SRID={Srid.ToString(CultureInfo.InvariantCulture)};POINT ({JavaText.Double(X)} {JavaText.Double(Y)})";

    [GeneratedRegex(@"^SRID=(\d+);\s*POINT\s*Z?\s*\(\s*(\S+)\s+(\S+)\s*(\S+)?\s*\)$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex WktPattern();

    /// <summary>Reads the wire text (<see cref="Wkt"/>); the Z marker is optional, as Neo4j's reader has it.</summary>
    /// <exception cref="FormatException">The text is not of that form.</exception>
    /// <exception cref="GraphException">The SRID or coordinate count is wrong.</exception>
    public static GraphPoint ParseWkt(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = text.Length <= 200 ? WktPattern().Match(text.Trim()) : Match.Empty;
        if (!match.Success
            || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var srid)
            || !TryCoordinate(match.Groups[2].Value, out var x) || !TryCoordinate(match.Groups[3].Value, out var y))
            throw new FormatException($"'{Shorten(text)}' is not a point; expected e.g. SRID=7203;POINT (2.3 4.5) or SRID=9157;POINT Z (2.3 4.5 6.7).");
        double? z = null;
        if (match.Groups[4].Success)
        {
            if (!TryCoordinate(match.Groups[4].Value, out var zz))
                throw new FormatException($"'{Shorten(text)}' is not a point: '{match.Groups[4].Value}' is not a number.");
            z = zz;
        }
        return new GraphPoint(srid, x, y, z);
    }

    private static bool TryCoordinate(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
        || JavaText.TryParseSpecialDouble(text, out value);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>Cypher's <c>toString()</c> of a point: <c>point({x: 2.3, y: 4.5, crs: 'cartesian'})</c>.</summary>
    public string CypherText => IsGeographic
        ? Z is { } h
            ? $"point({{longitude: {JavaText.Double(X)}, latitude: {JavaText.Double(Y)}, height: {JavaText.Double(h)}, crs: '{Crs}'}})"
            : $"point({{longitude: {JavaText.Double(X)}, latitude: {JavaText.Double(Y)}, crs: '{Crs}'}})"
        : Z is { } z
            ? $"point({{x: {JavaText.Double(X)}, y: {JavaText.Double(Y)}, z: {JavaText.Double(z)}, crs: '{Crs}'}})"
            : $"point({{x: {JavaText.Double(X)}, y: {JavaText.Double(Y)}, crs: '{Crs}'}})";

    public override string ToString() => CypherText;

    public bool Equals(GraphPoint? other) =>
        other is not null && other.Srid == Srid && other.X.Equals(X) && other.Y.Equals(Y) && Nullable.Equals(other.Z, Z);

    public override bool Equals(object? obj) => Equals(obj as GraphPoint);

    public override int GetHashCode() => HashCode.Combine(Srid, X, Y, Z);

    /// <summary>The order of ORDER BY among points: by SRID, then x, y, z.</summary>
    public int CompareTo(GraphPoint? other)
    {
        if (other is null) return 1;
        var c = Srid.CompareTo(other.Srid);
        if (c == 0) c = X.CompareTo(other.X);
        if (c == 0) c = Y.CompareTo(other.Y);
        if (c == 0) c = Nullable.Compare(Z, other.Z);
        return c;
    }
}
