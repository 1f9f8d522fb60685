using CsCheck;

namespace PaperGraph.Graph.Tests;

public sealed class GraphTemporalTests
{
    [Theory]
    [InlineData("2015-07-21", "2015-07-21")]
    [InlineData("20150721", "2015-07-21")]
    [InlineData("2015-07", "2015-07-01")]
    [InlineData("2015-W30-2", "2015-07-21")]
    [InlineData("2015W30", "2015-07-20")]
    [InlineData("2015-202", "2015-07-21")]
    [InlineData("2015", "2015-01-01")]
    [InlineData("+12345-01-02", "+12345-01-02")]
    [InlineData("-0044-03-15", "-0044-03-15")]
    public void Dates_parse_from_calendar_week_and_ordinal_forms(string text, string expected) =>
        Assert.Equal(expected, GraphTemporalText.ParseDate(text).ToString());

    [Theory]
    [InlineData("21:40:32.142+0100", "21:40:32.142+01:00")]
    [InlineData("214032.142Z", "21:40:32.142Z")]
    [InlineData("2140-00:00", "21:40Z")]
    [InlineData("2140-02", "21:40-02:00")]
    [InlineData("12:34:56+02:05:59", "12:34:56+02:05:59")]
    [InlineData("12:00:00.000001", "12:00:00.000001Z")]
    public void Times_parse_offsets_and_print_like_neo4j(string text, string expected) =>
        Assert.Equal(expected, GraphTemporalText.ParseTime(text).ToString());

    [Theory]
    [InlineData("2015-W30-2T214032.142", "2015-07-21T21:40:32.142")]
    [InlineData("2015T214032", "2015-01-01T21:40:32")]
    [InlineData("2015202T21", "2015-07-21T21:00")]
    public void Local_date_times_parse_mixed_forms(string text, string expected) =>
        Assert.Equal(expected, GraphTemporalText.ParseLocalDateTime(text).ToString());

    [Theory]
    [InlineData("2015-07-21T21:40:32.142+02:00[Europe/Stockholm]", "2015-07-21T21:40:32.142+02:00[Europe/Stockholm]")]
    [InlineData("2015-07-21T21:40:32.142[Europe/London]", "2015-07-21T21:40:32.142+01:00[Europe/London]")]
    [InlineData("2015-07-21T21:40:32.142-04[America/New_York]", "2015-07-21T21:40:32.142-04:00[America/New_York]")]
    [InlineData("2015-07-21T21:40", "2015-07-21T21:40Z")]
    public void Date_times_take_the_offset_of_their_named_zone(string text, string expected) =>
        Assert.Equal(expected, GraphTemporalText.ParseDateTime(text).ToString());

    [Fact]
    public void A_wall_clock_time_in_a_spring_forward_gap_moves_forward_by_the_gap()
    {
        var local = GraphTemporalText.ParseLocalDateTime("2017-03-26T02:30");
        Assert.Equal("2017-03-26T03:30+02:00[Europe/Stockholm]", TimeZones.AtZone(local, "Europe/Stockholm").ToString());
    }

    [Theory]
    [InlineData("1890-01-01T12:00[Europe/Berlin]", "1890-01-01T12:00+00:53:28[Europe/Berlin]")]
    [InlineData("1880-06-01T12:00[America/New_York]", "1880-06-01T12:00-04:56:02[America/New_York]")]
    public void Historical_offsets_keep_their_seconds(string text, string expected) =>
        Assert.Equal(expected, GraphTemporalText.ParseDateTime(text).ToString());

    [Fact]
    public void An_ambiguous_wall_clock_time_takes_the_earlier_offset()
    {
        var local = GraphTemporalText.ParseLocalDateTime("2017-10-29T02:30");
        Assert.Equal("2017-10-29T02:30+02:00[Europe/Stockholm]", TimeZones.AtZone(local, "Europe/Stockholm").ToString());
    }

    [Theory]
    [InlineData("P14DT16H12M", "P14DT16H12M")]
    [InlineData("P5M1.5D", "P5M1DT12H")]
    [InlineData("P0.75M", "P22DT19H51M49.5S")]
    [InlineData("PT0.75M", "PT45S")]
    [InlineData("P2.5W", "P17DT12H")]
    [InlineData("P12Y5M14DT16H12M70S", "P12Y5M14DT16H13M10S")]
    [InlineData("P2012-02-02T14:37:21.545", "P2012Y2M2DT14H37M21.545S")]
    [InlineData("PT-1.999S", "PT-1.999S")]
    [InlineData("PT0S", "PT0S")]
    public void Durations_parse_fractions_into_smaller_units(string text, string expected) =>
        Assert.Equal(expected, GraphTemporalText.ParseDuration(text).ToString());

    [Theory]
    [InlineData(0, 0, -60, -1_000_000, "PT-1M-0.001S")]
    [InlineData(0, 0, -2, 1_000_000, "PT-1.999S")]
    [InlineData(0, 1, 0, -1_000_000, "P1DT-0.001S")]
    [InlineData(0, 0, 60, -1_000_000, "PT59.999S")]
    public void Durations_print_negative_seconds_with_their_fraction(long months, long days, long seconds, long nanos, string expected) =>
        Assert.Equal(expected, new GraphDuration(months, days, seconds, nanos).ToString());

    [Theory]
    [InlineData("2015-13-01")]
    [InlineData("2015-02-29")]
    [InlineData("25:00")]
    [InlineData("12:00+19:00")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1.5Y2M")]
    [InlineData("yesterday")]
    public void Bad_text_is_an_argument_error_quoting_the_problem(string text)
    {
        var error = Assert.Throws<GraphException>(() =>
        {
            if (text.StartsWith('P')) GraphTemporalText.ParseDuration(text);
            else if (text.Contains(':', StringComparison.Ordinal)) GraphTemporalText.ParseTime(text);
            else GraphTemporalText.ParseDate(text);
        });
        Assert.Equal(GraphErrorCodes.ArgumentError, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Times_order_by_their_instant_and_are_equal_only_with_the_same_offset()
    {
        var a = GraphTemporalText.ParseTime("10:00+01:00");
        var b = GraphTemporalText.ParseTime("09:35:14.645876123Z");
        var sameInstant = GraphTemporalText.ParseTime("09:00Z");
        Assert.True(a.CompareTo(b) < 0);
        Assert.NotEqual(a, sameInstant);
        Assert.NotEqual(0, a.CompareTo(sameInstant));
    }

    [Fact]
    public void Durations_order_by_their_average_length()
    {
        var month = GraphTemporalText.ParseDuration("P1M");
        var thirtyDays = GraphTemporalText.ParseDuration("P30D");
        var thirtyOneDays = GraphTemporalText.ParseDuration("P31D");
        Assert.True(thirtyDays.CompareTo(month) < 0);
        Assert.True(month.CompareTo(thirtyOneDays) < 0);
    }

    [Fact]
    public void Clr_dates_and_times_normalize_to_temporal_values()
    {
        Assert.Equal("2017-06-12", GraphValues.Normalize(new DateOnly(2017, 6, 12))!.ToString());
        Assert.Equal("09:30:15", GraphValues.Normalize(new TimeOnly(9, 30, 15))!.ToString());
        Assert.Equal("2017-06-12T09:30+02:00", GraphValues.Normalize(new DateTimeOffset(2017, 6, 12, 9, 30, 0, TimeSpan.FromHours(2)))!.ToString());
        Assert.Equal("PT36H0.5S", GraphValues.Normalize(TimeSpan.FromHours(36) + TimeSpan.FromMilliseconds(500))!.ToString());
    }

    // ---- property tests: printing then parsing gives the same value back -------------------------------

    private static readonly Gen<long> EpochDay = Gen.Long[GraphCalendar.EpochDay(-9999, 1, 1), GraphCalendar.EpochDay(99999, 12, 31)];
    private static readonly Gen<long> NanoOfDay = Gen.OneOf(
        Gen.Long[0, GraphCalendar.NanosPerDay - 1],
        Gen.Long[0, 86_399].Select(s => s * GraphCalendar.NanosPerSecond),
        Gen.Long[0, 1439].Select(m => m * GraphCalendar.NanosPerMinute),
        Gen.Long[0, 86_399_999].Select(ms => ms * 1_000_000));
    private static readonly Gen<int> Offset = Gen.OneOf(Gen.Int[-18 * 3600, 18 * 3600], Gen.Int[-18 * 4, 18 * 4].Select(q => q * 900));

    [Fact]
    public void Dates_round_trip_through_their_text() =>
        EpochDay.Sample(day =>
        {
            var date = new GraphDate(day);
            Assert.Equal(date, GraphTemporalText.ParseDate(date.ToString()));
        });

    [Fact]
    public void Calendar_fields_round_trip_through_epoch_days() =>
        EpochDay.Sample(day =>
        {
            var (year, month, dayOfMonth) = GraphCalendar.FromEpochDay(day);
            Assert.Equal(day, GraphCalendar.EpochDay(year, month, dayOfMonth));
            var (weekYear, week) = GraphCalendar.IsoWeek(day);
            Assert.Equal(day, GraphTemporalText.WeekDate(weekYear, week, GraphCalendar.DayOfWeek(day)));
        });

    [Fact]
    public void Times_round_trip_through_their_text() =>
        Gen.Select(NanoOfDay, Offset).Sample((nanos, offset) =>
        {
            var local = new GraphLocalTime(nanos);
            var time = new GraphTime(nanos, offset);
            Assert.Equal(local, GraphTemporalText.ParseLocalTime(local.ToString()));
            Assert.Equal(time, GraphTemporalText.ParseTime(time.ToString()));
        });

    [Fact]
    public void Date_times_round_trip_through_their_text() =>
        Gen.Select(EpochDay, NanoOfDay, Offset).Sample((day, nanos, offset) =>
        {
            var local = new GraphLocalDateTime(day, nanos);
            var dateTime = new GraphDateTime(local, offset, null);
            Assert.Equal(local, GraphTemporalText.ParseLocalDateTime(local.ToString()));
            Assert.Equal(dateTime, GraphTemporalText.ParseDateTime(dateTime.ToString()));
        });

    [Fact]
    public void Zoned_date_times_round_trip_through_their_text() =>
        Gen.Select(Gen.Long[GraphCalendar.EpochDay(1900, 1, 1), GraphCalendar.EpochDay(2100, 1, 1)], NanoOfDay,
                Gen.Int[0, 4].Select(i => new[] { "Europe/Stockholm", "America/New_York", "Australia/Eucla", "Asia/Kolkata", "UTC" }[i]))
            .Sample((day, nanos, zone) =>
            {
                var dateTime = TimeZones.AtZone(new GraphLocalDateTime(day, nanos), zone);
                Assert.Equal(dateTime, GraphTemporalText.ParseDateTime(dateTime.ToString()));
            });

    [Fact]
    public void Durations_round_trip_through_their_text() =>
        Gen.Select(Gen.Long[-1_000_000, 1_000_000], Gen.Long[-1_000_000, 1_000_000], Gen.Long[-10_000_000_000, 10_000_000_000],
                Gen.Long[0, 999_999_999])
            .Sample((months, days, seconds, nanos) =>
            {
                var duration = new GraphDuration(months, days, seconds, nanos);
                Assert.Equal(duration, GraphTemporalText.ParseDuration(duration.ToString()));
            });
}
