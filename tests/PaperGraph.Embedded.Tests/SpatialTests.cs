using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

/// <summary>POINT as a Cypher value in the embedded engine, as Neo4j 5 has it: point(), its accessors,
/// point.distance, equality, ordering, and durable storage.</summary>
public sealed class SpatialTests
{
    [Fact]
    public async Task Point_builds_cartesian_and_wgs84_points_in_2d_and_3d()
    {
        await using var db = Db.Open();

        var row = db.Run("""
            RETURN point({x: 2.3, y: 4.5}) AS c, point({x: 1, y: 2, z: 3}) AS c3,
                   point({longitude: 12.5, latitude: 56.0}) AS g, point({longitude: 12.5, latitude: 56.0, height: 100}) AS g3,
                   point({x: 1, y: 2, crs: 'WGS-84'}) AS named, point({x: 1, y: 2, srid: 7203}) AS bySrid, point(null) AS none,
                   point({x: null, y: 1}) AS partial
            """).Values[0];

        Assert.Equal(new GraphPoint(7203, 2.3, 4.5), row[0]);
        Assert.Equal(new GraphPoint(9157, 1, 2, 3), row[1]);
        Assert.Equal(new GraphPoint(4326, 12.5, 56.0), row[2]);
        Assert.Equal(new GraphPoint(4979, 12.5, 56.0, 100), row[3]);
        Assert.Equal(new GraphPoint(4326, 1, 2), row[4]);
        Assert.Equal(new GraphPoint(7203, 1, 2), row[5]);
        Assert.Null(row[6]);
        Assert.Null(row[7]);
    }

    [Fact]
    public async Task Accessors_give_the_coordinates_the_crs_and_the_srid()
    {
        await using var db = Db.Open();

        var row = db.Run("""
            WITH point({longitude: 12.5, latitude: 56.0, height: 100}) AS p, point({x: 1, y: 2}) AS c
            RETURN p.x, p.y, p.z, p.longitude, p.latitude, p.height, p.crs, p.srid, c.x, c.crs, c.srid, toString(c)
            """).Values[0];

        Assert.Equal(new object?[] { 12.5, 56.0, 100.0, 12.5, 56.0, 100.0, "wgs-84-3d", 4979L, 1.0, "cartesian", 7203L,
            "point({x: 1.0, y: 2.0, crs: 'cartesian'})" }, row);
    }

    [Theory]
    [InlineData("RETURN point({x: 1, y: 2}).latitude")]
    [InlineData("RETURN point({x: 1, y: 2}).z")]
    [InlineData("RETURN point({longitude: 1, latitude: 95})")]
    [InlineData("RETURN point({x: 1, y: 2, crs: 'mars'})")]
    [InlineData("RETURN point({y: 2})")]
    public async Task Impossible_points_and_fields_are_argument_errors(string statement)
    {
        await using var db = Db.Open();

        Assert.Equal(GraphErrorCodes.ArgumentError, db.Fails(statement).Code);
    }

    [Fact]
    public async Task Distance_is_euclidean_in_cartesian_and_great_circle_in_wgs84()
    {
        await using var db = Db.Open();

        var row = db.Run("""
            RETURN point.distance(point({x: 0, y: 0}), point({x: 3, y: 4})) AS flat,
                   point.distance(point({x: 0, y: 0, z: 0}), point({x: 1, y: 2, z: 2})) AS space,
                   point.distance(point({longitude: 12.56, latitude: 55.67}), point({longitude: 13.40, latitude: 52.52})) AS cphToBerlin,
                   point.distance(point({x: 0, y: 0}), point({longitude: 0, latitude: 0})) AS mixed,
                   point.distance(null, point({x: 0, y: 0})) AS none
            """).Values[0];

        Assert.Equal(5.0, row[0]);
        Assert.Equal(3.0, row[1]);
        Assert.InRange((double)row[2]!, 354_000, 357_000); // Copenhagen to Berlin, about 355 km
        Assert.Null(row[3]);
        Assert.Null(row[4]);
    }

    [Fact]
    public async Task Points_are_equal_by_crs_and_coordinates_and_order_between_paths_and_temporals()
    {
        await using var db = Db.Open();

        var row = db.Run("""
            RETURN point({x: 1, y: 2}) = point({x: 1.0, y: 2.0}) AS same,
                   point({x: 1, y: 2}) = point({longitude: 1, latitude: 2}) AS otherCrs,
                   point({x: 1, y: 2}) < point({x: 3, y: 4}) AS notComparable
            """).Values[0];
        var ordered = db.Run("""
            UNWIND [date('2020-01-01'), point({x: 2, y: 0}), 'text', point({x: 1, y: 5})] AS v RETURN v ORDER BY v
            """).Values.Select(r => r[0]).ToList();

        Assert.Equal(new object?[] { true, false, null }, row);
        Assert.Equal(new GraphPoint(7203, 1, 5), ordered[0]);
        Assert.Equal(new GraphPoint(7203, 2, 0), ordered[1]);
        Assert.IsType<GraphDate>(ordered[2]);
    }

    [Fact]
    public async Task Point_properties_survive_a_restart_and_are_found_by_equality()
    {
        var folder = Directory.CreateTempSubdirectory("pg-spatial-").FullName;
        try
        {
            await using (var db = Db.Open(new EmbeddedDatabaseOptions { Path = folder }))
            {
                db.Run("CREATE (:Place {name: 'lab', at: point({longitude: 12.5, latitude: 56.0}), spots: [point({x: 1, y: 2}), point({x: 3, y: 4})]})");
                db.Run("CREATE (:Place {name: 'param', at: $p})", new { p = new GraphPoint(9157, 1.5, -2.25, 1e10) });
            }

            await using var reopened = Db.Open(new EmbeddedDatabaseOptions { Path = folder });
            var lab = reopened.Run("MATCH (p:Place {at: point({longitude: 12.5, latitude: 56.0})}) RETURN p.name, p.at.latitude, p.spots").Values[0];
            Assert.Equal("lab", lab[0]);
            Assert.Equal(56.0, lab[1]);
            Assert.Equal(new List<object?> { new GraphPoint(7203, 1, 2), new GraphPoint(7203, 3, 4) }, (IEnumerable<object?>)lab[2]!);
            Assert.Equal(new GraphPoint(9157, 1.5, -2.25, 1e10), reopened.Scalar("MATCH (p:Place {name: 'param'}) RETURN p.at"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
