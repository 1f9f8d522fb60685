using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

public sealed class TemporalTests
{
    [Fact]
    public async Task Dates_are_found_through_an_index_and_a_uniqueness_constraint_refuses_a_second_equal_date()
    {
        await using var db = Db.Open();
        db.Run("CREATE INDEX FOR (d:Day) ON (d.on)");
        db.Run("CREATE CONSTRAINT FOR (h:Holiday) REQUIRE h.on IS UNIQUE");
        db.Run("UNWIND range(0, 99) AS i CREATE (:Day {on: date('2017-01-01') + duration({days: i}), n: i})");
        db.Run("CREATE (:Holiday {on: date('2017-12-25')})");

        Assert.Equal(40L, db.Scalar("MATCH (d:Day {on: date('2017-02-10')}) RETURN d.n"));
        Assert.Equal(40L, db.Scalar("MATCH (d:Day) WHERE d.on = $on RETURN d.n", new { on = new DateOnly(2017, 2, 10) }));
        var error = db.Fails("CREATE (:Holiday {on: date({year: 2017, month: 12, day: 25})})");
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
    }

    [Fact]
    public async Task Clr_date_and_time_parameters_arrive_as_temporal_values()
    {
        await using var db = Db.Open();
        var row = db.Run("RETURN $d.year AS year, $t + duration('PT1H') AS later, $span AS span",
            new { d = new DateOnly(2024, 2, 29), t = new DateTimeOffset(2024, 2, 29, 23, 30, 0, TimeSpan.FromHours(1)), span = TimeSpan.FromMinutes(90) }).Values[0];

        Assert.Equal(2024L, row[0]);
        Assert.Equal("2024-03-01T00:30+01:00", row[1]!.ToString());
        Assert.Equal(new GraphDuration(0, 0, 5400, 0), row[2]);
    }

    [Fact]
    public async Task Temporal_list_properties_may_not_mix_types()
    {
        await using var db = Db.Open();
        var error = db.Fails("CREATE (:Event {on: [date('2017-01-01'), localdatetime('2017-01-01T00:00')]})");
        Assert.Equal(GraphErrorCodes.TypeError, error.Code);
        db.Run("CREATE (:Event {on: [date('2017-01-01'), date('2018-01-01')]})");
        Assert.Equal(2L, db.Scalar("MATCH (e:Event) RETURN size(e.on)"));
    }
}
