using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// Spatial values as Neo4j 5 has them (Cypher manual, "Spatial functions" and "Spatial values"): <c>point()</c>
/// from a map in Cartesian (<c>x</c>, <c>y</c>[, <c>z</c>]) or WGS-84 (<c>longitude</c>, <c>latitude</c>[,
/// <c>height</c>]) coordinates, with an optional <c>crs</c> name or <c>srid</c>; the accessors <c>p.x</c>,
/// <c>p.y</c>, <c>p.z</c>, <c>p.longitude</c>, <c>p.latitude</c>, <c>p.height</c>, <c>p.crs</c>, <c>p.srid</c>;
/// <c>point.distance()</c> (Euclidean, or great-circle on the WGS-84 sphere of Neo4j's radius) and
/// <c>point.withinBBox()</c>. A null anywhere in the arguments gives null; points of different CRSs have no
/// distance (null).
/// </summary>
public static class CypherSpatial
{
    /// <summary>The sphere radius Neo4j uses for WGS-84 distances, in metres.</summary>
    public const double EarthRadiusMeters = 6378140.0;

    private static readonly string[] Keys = ["x", "y", "z", "longitude", "latitude", "height", "crs", "srid"];

    /// <summary><c>point(map)</c>.</summary>
    public static object? Point(object? argument)
    {
        if (argument is null) return null;
        if (argument is not IReadOnlyDictionary<string, object?> map)
            throw ValueErrors.FunctionArgument("point", argument, "a MAP of coordinates");
        var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in map)
        {
            if (Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                if (value is null) return null;
                values[key] = value;
            }
        }

        var cartesian = values.ContainsKey("x") || values.ContainsKey("y") || values.ContainsKey("z");
        var geographic = values.ContainsKey("longitude") || values.ContainsKey("latitude") || values.ContainsKey("height");
        if (cartesian && geographic)
            throw ValueErrors.Argument("A point must have either Cartesian (x, y, z) or geographic (longitude, latitude, height) coordinates, not both.");
        var (xKey, yKey, zKey) = geographic ? ("longitude", "latitude", "height") : ("x", "y", "z");
        if (!values.TryGetValue(xKey, out var xValue) || !values.TryGetValue(yKey, out var yValue))
            throw ValueErrors.Argument("A point must contain either 'x' and 'y', or 'longitude' and 'latitude'.");
        var x = Coordinate(xKey, xValue);
        var y = Coordinate(yKey, yValue);
        double? z = values.TryGetValue(zKey, out var zValue) ? Coordinate(zKey, zValue) : null;

        int srid;
        if (values.TryGetValue("crs", out var crs) && values.ContainsKey("srid"))
            throw ValueErrors.Argument("A point takes 'crs' or 'srid', not both.");
        if (crs is not null)
        {
            srid = crs is string name && GraphPoint.SridOf(name) is { } known
                ? known
                : throw ValueErrors.Argument($"Unknown coordinate reference system: {ValueFormatter.Format(crs)} (known: 'cartesian', 'cartesian-3d', 'wgs-84', 'wgs-84-3d').");
        }
        else if (values.TryGetValue("srid", out var sridValue))
        {
            srid = sridValue is long l && l is GraphPoint.CartesianSrid or GraphPoint.Cartesian3DSrid or GraphPoint.Wgs84Srid or GraphPoint.Wgs843DSrid
                ? (int)l
                : throw ValueErrors.Argument($"Unknown coordinate reference system SRID: {ValueFormatter.Format(sridValue)} (known: 7203, 9157, 4326, 4979).");
        }
        else
        {
            srid = (geographic, z.HasValue) switch
            {
                (false, false) => GraphPoint.CartesianSrid,
                (false, true) => GraphPoint.Cartesian3DSrid,
                (true, false) => GraphPoint.Wgs84Srid,
                (true, true) => GraphPoint.Wgs843DSrid,
            };
        }
        return new GraphPoint(srid, x, y, z);
    }

    private static double Coordinate(string key, object? value) => value switch
    {
        long l => l,
        double d => d,
        _ => throw ValueErrors.Type($"A point's '{key}' must be a number, got {CypherTypes.NameOf(value)} ({ValueFormatter.Format(value)})."),
    };

    /// <summary><c>p.key</c> on a point.</summary>
    public static object? Property(GraphPoint point, string key)
    {
        switch (key.ToLowerInvariant())
        {
            case "x": return point.X;
            case "y": return point.Y;
            case "z":
                return point.Z ?? throw NotAvailable(point, key);
            case "longitude":
                return point.IsGeographic ? point.X : throw NotAvailable(point, key);
            case "latitude":
                return point.IsGeographic ? point.Y : throw NotAvailable(point, key);
            case "height":
                return point.IsGeographic && point.Z is { } h ? h : throw NotAvailable(point, key);
            case "crs": return point.Crs;
            case "srid": return CypherValues.Box((long)point.Srid);
            default:
                throw ValueErrors.Argument($"No such field: a POINT has no field '{key}' (it has x, y, z, longitude, latitude, height, crs and srid).");
        }
    }

    private static GraphException NotAvailable(GraphPoint point, string key) =>
        ValueErrors.Argument($"Field: {key} is not available on {point.Crs} point: {point.CypherText}");

    /// <summary><c>point.distance(a, b)</c>: metres in WGS-84, units of the coordinates in Cartesian; null when
    /// either is null or their CRSs differ.</summary>
    public static object? Distance(object? a, object? b)
    {
        if (a is null || b is null) return null;
        var p = a as GraphPoint ?? throw ValueErrors.FunctionArgument("point.distance", a, "a POINT");
        var q = b as GraphPoint ?? throw ValueErrors.FunctionArgument("point.distance", b, "a POINT");
        if (p.Srid != q.Srid) return null;
        if (!p.IsGeographic)
        {
            var dx = p.X - q.X;
            var dy = p.Y - q.Y;
            var dz = (p.Z ?? 0) - (q.Z ?? 0);
            return Math.Sqrt(dx * dx + dy * dy + dz * dz);
        }
        var lat1 = DegreesToRadians(p.Y);
        var lat2 = DegreesToRadians(q.Y);
        var dLat = lat2 - lat1;
        var dLon = DegreesToRadians(q.X - p.X);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        var greatCircle = 2 * EarthRadiusMeters * Math.Atan2(Math.Sqrt(h), Math.Sqrt(1 - h));
        if (p.Z is not { } h1 || q.Z is not { } h2) return greatCircle;
        var dh = h1 - h2;
        return Math.Sqrt(greatCircle * greatCircle + dh * dh);
    }

    /// <summary><c>point.withinBBox(p, lowerLeft, upperRight)</c>: whether p lies in the box (edges included; in
    /// WGS-84 a box whose lower-left longitude is east of its upper-right one crosses the 180th meridian).</summary>
    public static object? WithinBBox(object? point, object? lowerLeft, object? upperRight)
    {
        if (point is null || lowerLeft is null || upperRight is null) return null;
        var p = point as GraphPoint ?? throw ValueErrors.FunctionArgument("point.withinBBox", point, "a POINT");
        var ll = lowerLeft as GraphPoint ?? throw ValueErrors.FunctionArgument("point.withinBBox", lowerLeft, "a POINT");
        var ur = upperRight as GraphPoint ?? throw ValueErrors.FunctionArgument("point.withinBBox", upperRight, "a POINT");
        if (p.Srid != ll.Srid || p.Srid != ur.Srid) return null;
        bool xInside;
        if (p.IsGeographic && ll.X > ur.X) xInside = p.X >= ll.X || p.X <= ur.X;
        else if (!p.IsGeographic && ll.X > ur.X) return null;
        else xInside = p.X >= ll.X && p.X <= ur.X;
        if (ll.Y > ur.Y) return null;
        var inside = xInside && p.Y >= ll.Y && p.Y <= ur.Y
                     && (p.Z is not { } z || (z >= ll.Z && z <= ur.Z));
        return CypherValues.Box(inside);
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}
