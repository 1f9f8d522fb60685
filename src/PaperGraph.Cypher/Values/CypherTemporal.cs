using System.Globalization;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// Temporal values in Cypher: the constructor functions (<c>date()</c>, <c>localtime()</c>, <c>time()</c>,
/// <c>localdatetime()</c>, <c>datetime()</c>, <c>duration()</c>) from maps, strings and other temporals, their
/// component accessors (<c>d.year</c>, <c>dt.epochSeconds</c>, <c>dur.minutesOfHour</c>), truncation, and
/// arithmetic with durations. The default time zone is UTC.
/// </summary>
public static class CypherTemporal
{
    /// <summary>What a constructor builds.</summary>
    public enum Kind
    {
        Date,
        LocalTime,
        Time,
        LocalDateTime,
        DateTime,
    }

    private static bool HasDate(Kind kind) => kind is Kind.Date or Kind.LocalDateTime or Kind.DateTime;
    private static bool HasTime(Kind kind) => kind is not Kind.Date;
    private static bool HasZone(Kind kind) => kind is Kind.Time or Kind.DateTime;

    private static string FunctionName(Kind kind) => kind.ToString().ToLowerInvariant();

    // --- construction ------------------------------------------------------------------------------------

    /// <summary><c>date(x)</c> and its siblings: no argument is the statement's clock, a string is parsed, a map
    /// is built field by field, a temporal is converted.</summary>
    public static object? Construct(Kind kind, ReadOnlySpan<object?> args, FunctionContext context)
    {
        if (args.Length == 0)
        {
            return Now(kind, context.StatementStart, null);
        }

        var value = args[0];
        switch (value)
        {
            case null:
                return null;
            case string text:
                return Parse(kind, text);
            case IReadOnlyDictionary<string, object?> { Count: 1 } map when map.Keys.Single().Equals("timezone", StringComparison.OrdinalIgnoreCase):
                // date({timezone: 'Europe/Stockholm'}): the statement's clock in that zone.
                return map.Values.Single() is { } zone ? Now(kind, context.StatementStart, zone) : null;
            case IReadOnlyDictionary<string, object?> map:
                return FromMap(kind, map, context);
            case GraphTemporal temporal and not GraphDuration:
                return Select(kind, temporal);
            default:
                throw ValueErrors.FunctionArgument(FunctionName(kind), value, "a STRING, MAP or temporal value");
        }
    }

    /// <summary>The current instant on a clock (<c>date.realtime()</c> and friends), in UTC or the given zone.</summary>
    /// <param name="kind">What to build.</param>
    /// <param name="clock">The clock's reading.</param>
    /// <param name="zone">The zone to show it in (a name or an offset), or null for UTC.</param>
    /// <param name="hasArgument">Whether the zone was given as an argument (a null argument gives null).</param>
    public static object? Now(Kind kind, DateTimeOffset clock, object? zone, bool hasArgument = false)
    {
        if (zone is null && hasArgument)
        {
            return null;
        }

        var epochSecond = clock.ToUnixTimeSeconds();
        var nanos = (int)(clock.UtcTicks % TimeSpan.TicksPerSecond * 100);
        var zoneId = zone switch
        {
            null => null,
            string s => s,
            _ => throw ValueErrors.FunctionArgument(FunctionName(kind), zone, "a STRING time zone"),
        };
        var now = zoneId is null ? TimeZones.FromInstant(epochSecond, nanos, 0, null) : TimeZones.InZone(epochSecond, nanos, zoneId);
        return Select(kind, now);
    }

    private static GraphTemporal Parse(Kind kind, string text) => kind switch
    {
        Kind.Date => GraphTemporalText.ParseDate(text),
        Kind.LocalTime => GraphTemporalText.ParseLocalTime(text),
        Kind.Time => GraphTemporalText.ParseTime(text),
        Kind.LocalDateTime => GraphTemporalText.ParseLocalDateTime(text),
        _ => GraphTemporalText.ParseDateTime(text),
    };

    /// <summary>Converts one temporal into another kind: <c>date(datetime)</c> keeps the date,
    /// <c>time(localtime)</c> puts the time in UTC, and so on.</summary>
    public static GraphTemporal Select(Kind kind, GraphTemporal source)
    {
        var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (HasDate(kind) && DateOf(source) is not null)
        {
            map["date"] = source;
        }

        if (HasTime(kind) && TimeOf(source) is not null)
        {
            map["time"] = source;
        }

        if (map.Count == 0)
        {
            throw ValueErrors.Type($"Cannot construct a {FunctionName(kind)} from a {source.CypherTypeName} ({source}).");
        }

        return FromMap(kind, map, FunctionContext.WithoutGraph);
    }

    /// <summary>The local date of a temporal that has one.</summary>
    private static long? DateOf(object? value) => value switch
    {
        GraphDate d => d.EpochDay,
        GraphLocalDateTime ldt => ldt.Date.EpochDay,
        GraphDateTime dt => dt.Local.Date.EpochDay,
        _ => null,
    };

    /// <summary>The local time of day of a temporal that has one, with its offset and zone when it has them.</summary>
    private static (long Nanos, int? Offset, string? Zone)? TimeOf(object? value) => value switch
    {
        GraphLocalTime t => (t.NanoOfDay, null, null),
        GraphTime t => (t.NanoOfDay, t.OffsetSeconds, null),
        GraphLocalDateTime ldt => (ldt.Time.NanoOfDay, null, null),
        GraphDateTime dt => (dt.Local.Time.NanoOfDay, dt.OffsetSeconds, dt.ZoneId),
        _ => null,
    };

    private static readonly HashSet<string> DateFields = new(StringComparer.OrdinalIgnoreCase)
        { "year", "month", "day", "week", "dayOfWeek", "ordinalDay", "quarter", "dayOfQuarter" };

    private static readonly HashSet<string> TimeFields = new(StringComparer.OrdinalIgnoreCase)
        { "hour", "minute", "second", "millisecond", "microsecond", "nanosecond" };

    /// <summary>Builds a temporal from a map of fields, optionally starting from <c>date</c>, <c>time</c> or
    /// <c>datetime</c> values whose fields the others override.</summary>
    public static GraphTemporal FromMap(Kind kind, IReadOnlyDictionary<string, object?> input, FunctionContext context)
    {
        var map = new Dictionary<string, object?>(input, StringComparer.OrdinalIgnoreCase);
        foreach (var key in map.Keys)
        {
            var known = DateFields.Contains(key) || TimeFields.Contains(key) || key.ToLowerInvariant() is "timezone" or "date" or "time" or "datetime" or "epochseconds" or "epochmillis";
            if (!known || (!HasDate(kind) && (DateFields.Contains(key) || key.Equals("date", StringComparison.OrdinalIgnoreCase))) ||
                (!HasTime(kind) && (TimeFields.Contains(key) || key.Equals("time", StringComparison.OrdinalIgnoreCase))) ||
                (!HasZone(kind) && key.Equals("timezone", StringComparison.OrdinalIgnoreCase)))
            {
                throw ValueErrors.Argument($"{FunctionName(kind)}(): the field '{key}' is not valid here.");
            }
        }

        if (map.ContainsKey("datetime") && !(HasDate(kind) && HasTime(kind)))
        {
            throw ValueErrors.Argument($"{FunctionName(kind)}(): the field 'datetime' needs a kind with both a date and a time; use 'date' or 'time'.");
        }

        var groups = new[]
        {
            new[] { "month", "day" }, ["week", "dayOfWeek"], ["ordinalDay"], ["quarter", "dayOfQuarter"],
        }.Where(g => g.Any(map.ContainsKey)).ToList();
        if (groups.Count > 1)
        {
            throw ValueErrors.Argument(
                $"{FunctionName(kind)}(): the fields {string.Join(" and ", groups.Select(g => "'" + g.First(map.ContainsKey) + "'"))} select a date in different ways; give one of them.");
        }

        if (map.ContainsKey("epochSeconds") || map.ContainsKey("epochMillis"))
        {
            var others = map.Keys.Where(k => k.ToLowerInvariant() is not ("epochseconds" or "epochmillis" or "nanosecond" or "timezone")).ToList();
            if (kind != Kind.DateTime || others.Count > 0 || (map.ContainsKey("epochSeconds") && map.ContainsKey("epochMillis")))
            {
                throw ValueErrors.Argument($"{FunctionName(kind)}(): 'epochSeconds' or 'epochMillis' builds a datetime alone (with 'nanosecond' and 'timezone' only).");
            }

            return FromEpoch(map);
        }

        object? baseDateValue = map.TryGetValue("datetime", out var dtv) ? dtv : map.TryGetValue("date", out var dv) ? dv : null;
        object? baseTimeValue = map.TryGetValue("datetime", out var dtv2) ? dtv2 : map.TryGetValue("time", out var tv) ? tv : null;
        long? baseDate = baseDateValue is null ? null : DateOf(baseDateValue) ??
            throw ValueErrors.Type($"{FunctionName(kind)}(): 'date' must be a temporal value with a date, not {CypherTypes.NameOf(baseDateValue)}.");
        (long Nanos, int? Offset, string? Zone)? baseTime = baseTimeValue is null ? null : TimeOf(baseTimeValue) ??
            (baseTimeValue is GraphDate ? (0L, null, null)
                : throw ValueErrors.Type($"{FunctionName(kind)}(): 'time' must be a temporal value with a time, not {CypherTypes.NameOf(baseTimeValue)}."));

        long epochDay = 0;
        if (HasDate(kind))
        {
            epochDay = BuildDate(kind, map, baseDate);
        }

        long nanos = 0;
        if (HasTime(kind))
        {
            nanos = BuildTime(kind, map, baseTime?.Nanos);
        }

        switch (kind)
        {
            case Kind.Date:
                return new GraphDate(epochDay);
            case Kind.LocalTime:
                return new GraphLocalTime(nanos);
            case Kind.LocalDateTime:
                return new GraphLocalDateTime(epochDay, nanos);
        }

        var zoneText = map.TryGetValue("timezone", out var tz) ? tz switch
        {
            null => null,
            string s => s,
            _ => throw ValueErrors.Type($"{FunctionName(kind)}(): 'timezone' must be a STRING, not {CypherTypes.NameOf(tz)}."),
        } : null;
        var baseOffset = baseTime?.Offset;
        var baseZone = baseTime?.Zone;

        if (kind == Kind.Time)
        {
            if (zoneText is null)
            {
                return new GraphTime(nanos, baseOffset ?? 0);
            }

            var newOffset = ZoneOffsetNow(zoneText, context);
            if (baseOffset is { } from)
            {
                nanos = GraphCalendar.FloorMod(nanos + (newOffset - from) * GraphCalendar.NanosPerSecond, GraphCalendar.NanosPerDay);
            }

            return new GraphTime(nanos, newOffset);
        }

        var local = new GraphLocalDateTime(epochDay, nanos);
        if (zoneText is null)
        {
            return baseZone is not null ? TimeZones.AtZone(local, baseZone, baseOffset)
                : new GraphDateTime(local, baseOffset ?? 0, null);
        }

        if (baseOffset is { } sourceOffset)
        {
            // The source's zone decides the instant of the new wall-clock time (its offset may differ on the new date).
            var instant = baseZone is not null ? TimeZones.AtZone(local, baseZone, sourceOffset).EpochSecond : local.EpochSecond - sourceOffset;
            return TimeZones.InZone(instant, local.Time.Nanosecond, zoneText);
        }

        return TimeZones.AtZone(local, zoneText);
    }

    private static int ZoneOffsetNow(string zone, FunctionContext context) =>
        GraphTemporalText.ParseOffset(zone) ?? TimeZones.OffsetAt(TimeZones.Find(zone), context.StatementStart.ToUnixTimeSeconds());

    private static GraphDateTime FromEpoch(Dictionary<string, object?> map)
    {
        long seconds;
        long nanos = Field(map, "nanosecond") ?? 0;
        if (map.ContainsKey("epochSeconds"))
        {
            seconds = Field(map, "epochSeconds") ?? 0;
        }
        else
        {
            var millis = Field(map, "epochMillis") ?? 0;
            seconds = GraphCalendar.FloorDiv(millis, 1000);
            nanos += GraphCalendar.FloorMod(millis, 1000) * 1_000_000;
        }

        seconds += GraphCalendar.FloorDiv(nanos, GraphCalendar.NanosPerSecond);
        nanos = GraphCalendar.FloorMod(nanos, GraphCalendar.NanosPerSecond);
        var zone = map.TryGetValue("timezone", out var tz) && tz is string s ? s : null;
        return zone is null ? TimeZones.FromInstant(seconds, (int)nanos, 0, null) : TimeZones.InZone(seconds, (int)nanos, zone);
    }

    private static long? Field(Dictionary<string, object?> map, string name)
    {
        if (!map.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            long l => l,
            double d when d == Math.Floor(d) && Math.Abs(d) < 9e18 => (long)d,
            _ => throw ValueErrors.Type($"The temporal field '{name}' must be an INTEGER, not {CypherTypes.NameOf(value)} ({ValueFormatter.Format(value)})."),
        };
    }

    private static long BuildDate(Kind kind, Dictionary<string, object?> map, long? baseDate)
    {
        var year = Field(map, "year");
        var month = Field(map, "month");
        var day = Field(map, "day");
        var week = Field(map, "week");
        var dayOfWeek = Field(map, "dayOfWeek");
        var ordinalDay = Field(map, "ordinalDay");
        var quarter = Field(map, "quarter");
        var dayOfQuarter = Field(map, "dayOfQuarter");

        if (baseDate is { } b)
        {
            var (y, m, d) = GraphCalendar.FromEpochDay(b);
            if (week is not null || dayOfWeek is not null)
            {
                var (weekYear, w) = GraphCalendar.IsoWeek(b);
                return GraphTemporalText.WeekDate(year ?? weekYear, week ?? w, dayOfWeek ?? GraphCalendar.DayOfWeek(b));
            }

            if (ordinalDay is not null)
            {
                return GraphTemporalText.OrdinalDate(year ?? y, ordinalDay.Value);
            }

            if (quarter is not null || dayOfQuarter is not null)
            {
                var q = (m - 1) / 3 + 1;
                var doq = b - GraphCalendar.EpochDay(y, (q - 1) * 3 + 1, 1) + 1;
                return QuarterDate(year ?? y, quarter ?? q, dayOfQuarter ?? doq);
            }

            return GraphCalendar.EpochDay(year ?? y, month ?? m, day ?? d);
        }

        if (year is null)
        {
            throw ValueErrors.Argument($"{FunctionName(kind)}(): the field 'year' must be given (or a 'date' to start from).");
        }

        if (week is not null)
        {
            return GraphTemporalText.WeekDate(year.Value, week.Value, dayOfWeek ?? 1);
        }

        if (dayOfWeek is not null)
        {
            throw ValueErrors.Argument($"{FunctionName(kind)}(): 'dayOfWeek' needs 'week'.");
        }

        if (ordinalDay is not null)
        {
            return GraphTemporalText.OrdinalDate(year.Value, ordinalDay.Value);
        }

        if (quarter is not null || dayOfQuarter is not null)
        {
            return QuarterDate(year.Value, quarter ?? 1, dayOfQuarter ?? 1);
        }

        if (day is not null && month is null)
        {
            throw ValueErrors.Argument($"{FunctionName(kind)}(): 'day' needs 'month'.");
        }

        return GraphCalendar.EpochDay(year.Value, month ?? 1, day ?? 1);
    }

    private static long QuarterDate(long year, long quarter, long dayOfQuarter)
    {
        if (quarter is < 1 or > 4)
        {
            throw ValueErrors.Argument($"Invalid value for QuarterOfYear (valid values 1 - 4): {quarter}");
        }

        var start = GraphCalendar.EpochDay(year, (quarter - 1) * 3 + 1, 1);
        var end = quarter == 4 ? GraphCalendar.EpochDay(year + 1, 1, 1) : GraphCalendar.EpochDay(year, quarter * 3 + 1, 1);
        if (dayOfQuarter < 1 || start + dayOfQuarter - 1 >= end)
        {
            throw ValueErrors.Argument($"Invalid value for DayOfQuarter (valid values 1 - 90/91/92): {dayOfQuarter}");
        }

        return start + dayOfQuarter - 1;
    }

    private static long BuildTime(Kind kind, Dictionary<string, object?> map, long? baseNanos)
    {
        var hour = Field(map, "hour");
        var minute = Field(map, "minute");
        var second = Field(map, "second");
        var milli = Field(map, "millisecond");
        var micro = Field(map, "microsecond");
        var nano = Field(map, "nanosecond");
        var b = baseNanos ?? 0;
        if (baseNanos is null)
        {
            if ((minute is not null && hour is null) || (second is not null && minute is null) ||
                ((milli ?? micro ?? nano) is not null && second is null))
            {
                throw ValueErrors.Argument($"{FunctionName(kind)}(): a smaller time unit was given without the larger ones.");
            }
        }

        long subSecond;
        if (milli is not null || micro is not null || nano is not null)
        {
            if (milli is < 0 or > 999 || (micro is { } us && (us < 0 || us > (milli is null ? 999_999 : 999))) ||
                (nano is { } ns && (ns < 0 || ns > (milli is null && micro is null ? 999_999_999 : 999))))
            {
                throw ValueErrors.Argument($"{FunctionName(kind)}(): millisecond, microsecond or nanosecond out of range.");
            }

            subSecond = (milli ?? 0) * 1_000_000 + (micro ?? 0) * 1_000 + (nano ?? 0);
        }
        else
        {
            subSecond = b % GraphCalendar.NanosPerSecond;
        }

        return GraphCalendar.NanoOfDay(
            hour ?? b / GraphCalendar.NanosPerHour,
            minute ?? b / GraphCalendar.NanosPerMinute % 60,
            second ?? b / GraphCalendar.NanosPerSecond % 60,
            subSecond);
    }

    // --- truncation --------------------------------------------------------------------------------------

    /// <summary><c>date.truncate(unit, value, map)</c> and the others: <paramref name="value"/> cut down to the
    /// unit, then the map's fields applied.</summary>
    public static object? Truncate(Kind kind, ReadOnlySpan<object?> args, FunctionContext context)
    {
        if (args[0] is null || args[1] is null)
        {
            return null;
        }

        var name = FunctionName(kind) + ".truncate";
        var unit = args[0] as string ?? throw ValueErrors.FunctionArgument(name, args[0], "a STRING unit");
        var source = args[1] as GraphTemporal is { } t and not GraphDuration ? t : throw ValueErrors.FunctionArgument(name, args[1], "a temporal value");
        var overrides = args.Length > 2 ? args[2] switch
        {
            null => null,
            IReadOnlyDictionary<string, object?> m => m,
            var other => throw ValueErrors.FunctionArgument(name, other, "a MAP"),
        } : null;

        var date = DateOf(source);
        var time = TimeOf(source);
        long? newDate = date;
        long newNanos = time?.Nanos ?? 0;
        var u = unit.ToLowerInvariant();
        var isDateUnit = u is "millennium" or "century" or "decade" or "year" or "weekyear" or "quarter" or "month" or "week" or "day";
        if (isDateUnit)
        {
            if (date is not { } d)
            {
                throw ValueErrors.Argument($"{name}(): cannot truncate a {source.CypherTypeName} to the unit '{unit}'.");
            }

            var (y, m, _) = GraphCalendar.FromEpochDay(d);
            newDate = u switch
            {
                "millennium" => GraphCalendar.EpochDay(GraphCalendar.FloorDiv(y, 1000) * 1000, 1, 1),
                "century" => GraphCalendar.EpochDay(GraphCalendar.FloorDiv(y, 100) * 100, 1, 1),
                "decade" => GraphCalendar.EpochDay(GraphCalendar.FloorDiv(y, 10) * 10, 1, 1),
                "year" => GraphCalendar.EpochDay(y, 1, 1),
                "weekyear" => GraphCalendar.WeekOneMonday(GraphCalendar.IsoWeek(d).WeekYear),
                "quarter" => GraphCalendar.EpochDay(y, (m - 1) / 3 * 3 + 1, 1),
                "month" => GraphCalendar.EpochDay(y, m, 1),
                "week" => d - (GraphCalendar.DayOfWeek(d) - 1),
                _ => d,
            };
            newNanos = 0;
        }
        else
        {
            var step = u switch
            {
                "hour" => GraphCalendar.NanosPerHour,
                "minute" => GraphCalendar.NanosPerMinute,
                "second" => GraphCalendar.NanosPerSecond,
                "millisecond" => 1_000_000L,
                "microsecond" => 1_000L,
                _ => throw ValueErrors.Argument($"{name}(): unknown unit '{unit}' (expected millennium, century, decade, year, weekYear, quarter, month, week, day, hour, minute, second, millisecond or microsecond)."),
            };
            if (time is null)
            {
                throw ValueErrors.Argument($"{name}(): cannot truncate a {source.CypherTypeName} to the unit '{unit}'.");
            }

            newNanos -= newNanos % step;
        }

        var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (HasDate(kind))
        {
            map["date"] = new GraphDate(newDate ?? throw ValueErrors.Argument($"{name}(): a {source.CypherTypeName} has no date."));
        }

        // Sub-second fields in the map fill in below the truncated unit; a time zone in the map replaces the
        // source's without moving the wall-clock time.
        if (overrides is not null)
        {
            long Amount(string key) => overrides.FirstOrDefault(kv => kv.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value switch
            {
                null => 0,
                long l => l,
                var other => throw ValueErrors.Type($"{name}(): '{key}' must be an INTEGER, not {CypherTypes.NameOf(other)}."),
            };
            var extra = Amount("millisecond") * 1_000_000 + Amount("microsecond") * 1_000 + Amount("nanosecond");
            if (extra != 0 && newNanos % GraphCalendar.NanosPerSecond + extra is < 0 or >= GraphCalendar.NanosPerSecond)
            {
                throw ValueErrors.Argument($"{name}(): millisecond, microsecond or nanosecond out of range.");
            }

            newNanos += extra;
            overrides = overrides
                .Where(kv => kv.Key.ToLowerInvariant() is not ("millisecond" or "microsecond" or "nanosecond"))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
            if (overrides.Keys.Any(k => k.Equals("timezone", StringComparison.OrdinalIgnoreCase)))
            {
                time = time is null ? null : (time.Value.Nanos, null, null);
            }
        }

        if (HasTime(kind))
        {
            map["time"] = time is { Offset: { } offset }
                ? source is GraphDateTime dt && newDate is { } nd
                    ? TimeZones.AtZone(new GraphLocalDateTime(nd, newNanos), dt.ZoneId ?? TemporalFormat.Offset(offset), offset)
                    : new GraphTime(newNanos, offset)
                : new GraphLocalTime(newNanos);
        }

        if (overrides is not null)
        {
            foreach (var (key, value) in overrides)
            {
                map[key] = value;
            }
        }

        return FromMap(kind, map, context);
    }

    // --- accessors ---------------------------------------------------------------------------------------

    /// <summary><c>value.field</c> on a temporal or duration; an unknown field is an error naming it.</summary>
    public static object? Property(GraphTemporal value, string key)
    {
        if (value is GraphDuration duration)
        {
            return DurationField(duration, key);
        }

        var k = key.ToLowerInvariant();
        var date = DateOf(value);
        if (date is { } d)
        {
            var (y, m, day) = GraphCalendar.FromEpochDay(d);
            object? result = k switch
            {
                "year" => y,
                "quarter" => (long)((m - 1) / 3 + 1),
                "month" => (long)m,
                "week" => (long)GraphCalendar.IsoWeek(d).Week,
                "weekyear" => GraphCalendar.IsoWeek(d).WeekYear,
                "day" => (long)day,
                "ordinalday" => d - GraphCalendar.EpochDay(y, 1, 1) + 1,
                "weekday" or "dayofweek" => (long)GraphCalendar.DayOfWeek(d),
                "dayofquarter" => d - GraphCalendar.EpochDay(y, (m - 1) / 3 * 3 + 1, 1) + 1,
                _ => Missing,
            };
            if (!ReferenceEquals(result, Missing))
            {
                return Box(result);
            }
        }

        if (TimeOf(value) is { } time)
        {
            var n = time.Nanos;
            object? result = k switch
            {
                "hour" => n / GraphCalendar.NanosPerHour,
                "minute" => n / GraphCalendar.NanosPerMinute % 60,
                "second" => n / GraphCalendar.NanosPerSecond % 60,
                "millisecond" => n % GraphCalendar.NanosPerSecond / 1_000_000,
                "microsecond" => n % GraphCalendar.NanosPerSecond / 1_000,
                "nanosecond" => n % GraphCalendar.NanosPerSecond,
                _ => Missing,
            };
            if (!ReferenceEquals(result, Missing))
            {
                return Box(result);
            }

            if (time.Offset is { } offset)
            {
                result = k switch
                {
                    "timezone" => time.Zone ?? TemporalFormat.Offset(offset),
                    "offset" => TemporalFormat.Offset(offset),
                    "offsetminutes" => (long)(offset / 60),
                    "offsetseconds" => (long)offset,
                    _ => Missing,
                };
                if (!ReferenceEquals(result, Missing))
                {
                    return Box(result);
                }
            }
        }

        if (value is GraphDateTime dt)
        {
            switch (k)
            {
                case "epochseconds":
                    return CypherValues.Box(dt.EpochSecond);
                case "epochmillis":
                    return CypherValues.Box(dt.EpochSecond * 1000 + dt.Nanosecond / 1_000_000);
            }
        }

        throw ValueErrors.Argument($"No such field: a {value.CypherTypeName} has no field '{key}'.");
    }

    private static readonly object Missing = new();

    private static object? Box(object? value) => value is long l ? CypherValues.Box(l) : value;

    private static object DurationField(GraphDuration d, string key)
    {
        long value = key.ToLowerInvariant() switch
        {
            "years" => d.Months / 12,
            "months" => d.Months,
            "monthsofyear" => d.Months % 12,
            "monthsofquarter" => d.Months % 3,
            "quarters" => d.Months / 3,
            "quartersofyear" => d.Months / 3 % 4,
            "weeks" => d.Days / 7,
            "daysofweek" => d.Days % 7,
            "days" => d.Days,
            "hours" => d.Seconds / 3600,
            "minutesofhour" => d.Seconds / 60 % 60,
            "minutes" => d.Seconds / 60,
            "secondsofminute" => d.Seconds % 60,
            "seconds" => d.Seconds,
            "millisecondsofsecond" => d.Nanos / 1_000_000,
            "milliseconds" => d.Seconds * 1000 + d.Nanos / 1_000_000,
            "microsecondsofsecond" => d.Nanos / 1_000,
            "microseconds" => d.Seconds * 1_000_000 + d.Nanos / 1_000,
            "nanosecondsofsecond" => d.Nanos,
            "nanoseconds" => d.Seconds * GraphCalendar.NanosPerSecond + d.Nanos,
            _ => throw ValueErrors.Argument($"No such field: a DURATION has no field '{key}'."),
        };
        return CypherValues.Box(value);
    }

    // --- durations ---------------------------------------------------------------------------------------

    private static readonly (string Name, double Months, double Days, double Seconds, double Nanos)[] DurationUnits =
    [
        ("years", 12, 0, 0, 0), ("months", 1, 0, 0, 0), ("weeks", 0, 7, 0, 0), ("days", 0, 1, 0, 0),
        ("hours", 0, 0, 3600, 0), ("minutes", 0, 0, 60, 0), ("seconds", 0, 0, 1, 0),
        ("milliseconds", 0, 0, 0, 1_000_000), ("microseconds", 0, 0, 0, 1_000), ("nanoseconds", 0, 0, 0, 1),
    ];

    /// <summary><c>duration(x)</c>: from a map of amounts (fractions allowed) or an ISO-8601 string.</summary>
    public static object? Duration(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return GraphTemporalText.ParseDuration(text);
            case GraphDuration d:
                return d;
            case IReadOnlyDictionary<string, object?> map:
            {
                double months = 0, days = 0, seconds = 0, nanos = 0;
                long lm = 0, ld = 0, ls = 0, ln = 0;
                var fractional = false;
                foreach (var (key, amount) in map)
                {
                    var unit = Array.FindIndex(DurationUnits, u => u.Name.Equals(key, StringComparison.OrdinalIgnoreCase));
                    if (unit < 0)
                    {
                        throw ValueErrors.Argument($"duration(): unknown unit '{key}' (expected years, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds or nanoseconds).");
                    }

                    var u = DurationUnits[unit];
                    switch (amount)
                    {
                        case null:
                            continue;
                        case long l:
                            try
                            {
                                checked
                                {
                                    lm += l * (long)u.Months;
                                    ld += l * (long)u.Days;
                                    ls += l * (long)u.Seconds;
                                    ln += l * (long)u.Nanos;
                                }
                            }
                            catch (OverflowException)
                            {
                                throw ValueErrors.Arithmetic($"duration(): {key}: {l} is too large for a duration.");
                            }

                            break;
                        case double f:
                            fractional = true;
                            months += f * u.Months;
                            days += f * u.Days;
                            seconds += f * u.Seconds;
                            nanos += f * u.Nanos;
                            break;
                        default:
                            throw ValueErrors.Type($"duration(): '{key}' must be a number, not {CypherTypes.NameOf(amount)}.");
                    }
                }

                return fractional
                    ? GraphDuration.Approximate(lm + months, ld + days, ls + seconds, ln + nanos)
                    : new GraphDuration(lm, ld, ls, ln);
            }

            default:
                throw ValueErrors.FunctionArgument("duration", value, "a STRING or MAP");
        }
    }

    /// <summary><c>temporal + duration</c> (and <c>duration + temporal</c>): months and days on the calendar (a day
    /// past the month's end is clamped), seconds and nanoseconds on the clock; a zoned date-time adds its time
    /// part on the instant line.</summary>
    public static GraphTemporal Plus(GraphTemporal temporal, GraphDuration d, int sign = 1)
    {
        try
        {
            checked
            {
                var months = d.Months * sign;
                var days = d.Days * sign;
                var seconds = d.Seconds * sign;
                var nanos = (long)d.Nanos * sign;
                switch (temporal)
                {
                    case GraphDuration other:
                        return new GraphDuration(other.Months + months, other.Days + days, other.Seconds + seconds, other.Nanos + nanos);
                    case GraphDate date:
                        return new GraphDate(PlusDays(PlusMonths(date.EpochDay, months), days + seconds / GraphCalendar.SecondsPerDay));
                    case GraphLocalTime time:
                        return new GraphLocalTime(PlusClock(time.NanoOfDay, seconds, nanos));
                    case GraphTime time:
                        return new GraphTime(PlusClock(time.NanoOfDay, seconds, nanos), time.OffsetSeconds);
                    case GraphLocalDateTime ldt:
                        return PlusLocal(ldt, months, days, seconds, nanos);
                    case GraphDateTime dt:
                    {
                        var local = PlusLocal(dt.Local, months, days, 0, 0);
                        var moved = dt.ZoneId is null ? new GraphDateTime(local, dt.OffsetSeconds, null) : TimeZones.AtZone(local, dt.ZoneId, dt.OffsetSeconds);
                        if (seconds == 0 && nanos == 0)
                        {
                            return moved;
                        }

                        var totalNanos = moved.Nanosecond + nanos;
                        var instant = moved.EpochSecond + seconds + GraphCalendar.FloorDiv(totalNanos, GraphCalendar.NanosPerSecond);
                        var nano = (int)GraphCalendar.FloorMod(totalNanos, GraphCalendar.NanosPerSecond);
                        return dt.ZoneId is null ? TimeZones.FromInstant(instant, nano, dt.OffsetSeconds, null) : TimeZones.InZone(instant, nano, dt.ZoneId);
                    }

                    default:
                        throw new InvalidOperationException("Unknown temporal value.");
                }
            }
        }
        catch (OverflowException)
        {
            throw ValueErrors.Arithmetic($"Temporal arithmetic overflows: {temporal} {(sign > 0 ? "+" : "-")} {d}.");
        }
    }

    private static long PlusMonths(long epochDay, long months)
    {
        if (months == 0)
        {
            return epochDay;
        }

        var (y, m, d) = GraphCalendar.FromEpochDay(epochDay);
        var total = y * 12 + (m - 1) + months;
        var year = GraphCalendar.FloorDiv(total, 12);
        var month = (int)GraphCalendar.FloorMod(total, 12) + 1;
        return GraphCalendar.EpochDay(year, month, Math.Min(d, GraphCalendar.DaysInMonth(year, month)));
    }

    private static long PlusDays(long epochDay, long days)
    {
        var result = checked(epochDay + days);
        var year = GraphCalendar.FromEpochDay(result).Year;
        return year is < GraphCalendar.MinYear or > GraphCalendar.MaxYear
            ? throw ValueErrors.Arithmetic($"The date is out of range (years {GraphCalendar.MinYear} to {GraphCalendar.MaxYear}).")
            : result;
    }

    private static long PlusClock(long nanoOfDay, long seconds, long nanos) =>
        GraphCalendar.FloorMod(nanoOfDay + GraphCalendar.FloorMod(seconds, GraphCalendar.SecondsPerDay) * GraphCalendar.NanosPerSecond + nanos, GraphCalendar.NanosPerDay);

    private static GraphLocalDateTime PlusLocal(GraphLocalDateTime ldt, long months, long days, long seconds, long nanos)
    {
        var date = PlusDays(PlusMonths(ldt.Date.EpochDay, months), days);
        var total = ldt.Time.NanoOfDay + GraphCalendar.FloorMod(seconds, GraphCalendar.SecondsPerDay) * GraphCalendar.NanosPerSecond + nanos;
        var carryDays = GraphCalendar.FloorDiv(seconds, GraphCalendar.SecondsPerDay) + GraphCalendar.FloorDiv(total, GraphCalendar.NanosPerDay);
        return new GraphLocalDateTime(PlusDays(date, carryDays), GraphCalendar.FloorMod(total, GraphCalendar.NanosPerDay));
    }

    /// <summary><c>duration * number</c>.</summary>
    public static GraphDuration Multiply(GraphDuration d, object factor)
    {
        switch (factor)
        {
            case long l:
                try
                {
                    return checked(new GraphDuration(d.Months * l, d.Days * l, d.Seconds * l, d.Nanos * l));
                }
                catch (OverflowException)
                {
                    throw ValueErrors.Arithmetic($"Duration arithmetic overflows: {d} * {l}.");
                }

            case double f:
                return GraphDuration.Approximate(d.Months * f, d.Days * f, d.Seconds * f, d.Nanos * f);
            default:
                throw ValueErrors.Type($"Cannot multiply DURATION by {CypherTypes.NameOf(factor)}.");
        }
    }

    /// <summary><c>duration / number</c>.</summary>
    public static GraphDuration Divide(GraphDuration d, object divisor)
    {
        var f = divisor switch
        {
            long l => (double)l,
            double x => x,
            _ => throw ValueErrors.Type($"Cannot divide DURATION by {CypherTypes.NameOf(divisor)}."),
        };
        if (f == 0)
        {
            throw ValueErrors.Arithmetic("Division by zero: a DURATION divided by 0.");
        }

        return GraphDuration.Approximate(d.Months / f, d.Days / f, d.Seconds / f, d.Nanos / f);
    }

    // --- duration.between --------------------------------------------------------------------------------

    /// <summary>Which parts <c>duration.between</c> and its relatives compute.</summary>
    public enum BetweenUnit
    {
        All,
        Months,
        Days,
        Seconds,
    }

    /// <summary><c>duration.between(from, to)</c>: whole months, then whole days, then the time left, each signed as
    /// the difference is. A local value meets a zoned one in the zoned one's zone; a value without a date takes
    /// the other's date.</summary>
    public static object? Between(object? a, object? b, BetweenUnit unit, string function)
    {
        if (a is null || b is null)
        {
            return null;
        }

        var from = a as GraphTemporal is { } fa and not GraphDuration ? fa : throw ValueErrors.FunctionArgument(function, a, "a temporal value");
        var to = b as GraphTemporal is { } tb and not GraphDuration ? tb : throw ValueErrors.FunctionArgument(function, b, "a temporal value");

        var fromDate = DateOf(from);
        var toDate = DateOf(to);
        var fromTime = TimeOf(from) ?? (0L, null, null);
        var toTime = TimeOf(to) ?? (0L, null, null);
        var bothDated = fromDate is not null && toDate is not null;

        // The zone both are seen in: the first zoned one's.
        string? zone = fromTime.Offset is { } fo ? fromTime.Zone ?? TemporalFormat.Offset(fo)
            : toTime.Offset is { } to2 ? toTime.Zone ?? TemporalFormat.Offset(to2) : null;

        var fromDay = fromDate ?? toDate ?? 0;
        var toDay = toDate ?? fromDate ?? 0;
        var fromLocal = new GraphLocalDateTime(fromDay, fromTime.Nanos);
        var toLocal = new GraphLocalDateTime(toDay, toTime.Nanos);

        // Instants (as epoch nanoseconds would overflow, keep seconds and nanos apart).
        (long Seconds, long Nanos) Instant(GraphLocalDateTime local, (long Nanos, int? Offset, string? Zone) time)
        {
            if (zone is null)
            {
                return (local.EpochSecond, local.Time.Nanosecond);
            }

            var dt = time.Offset is { } own
                ? time.Zone is not null ? TimeZones.AtZone(local, time.Zone, own) : new GraphDateTime(local, own, null)
                : TimeZones.AtZone(local, zone);
            return (dt.EpochSecond, dt.Nanosecond);
        }

        var fromInstant = Instant(fromLocal, fromTime);
        var toInstant = Instant(toLocal, toTime);

        long months = 0, days = 0;
        if (bothDated && unit is BetweenUnit.All or BetweenUnit.Months or BetweenUnit.Days)
        {
            // Calendar units are counted on the wall clock of the 'from' zone.
            var toWall = zone is null ? toLocal : TimeZones.InZone(toInstant.Seconds, (int)toInstant.Nanos, zone).Local;
            if (unit is BetweenUnit.All or BetweenUnit.Months)
            {
                months = MonthsUntil(fromLocal, toWall);
                fromLocal = PlusLocal(fromLocal, months, 0, 0, 0);
            }

            var secondsLeft = toWall.EpochSecond - fromLocal.EpochSecond;
            var nanosLeft = toWall.Time.Nanosecond - fromLocal.Time.Nanosecond;
            if (secondsLeft > 0 && nanosLeft < 0)
            {
                secondsLeft--;
            }
            else if (secondsLeft < 0 && nanosLeft > 0)
            {
                secondsLeft++;
            }

            days = secondsLeft / GraphCalendar.SecondsPerDay;
            fromLocal = PlusLocal(fromLocal, 0, days, 0, 0);
            fromInstant = Instant(fromLocal, fromTime);
        }

        switch (unit)
        {
            case BetweenUnit.Months:
                return new GraphDuration(months, 0, 0, 0);
            case BetweenUnit.Days:
                return new GraphDuration(0, days, 0, 0);
        }

        var seconds = toInstant.Seconds - fromInstant.Seconds;
        var nanos = toInstant.Nanos - fromInstant.Nanos;
        return new GraphDuration(months, days, seconds, nanos);
    }

    /// <summary>Whole months from one wall-clock date-time to another, truncated toward zero.</summary>
    private static long MonthsUntil(GraphLocalDateTime from, GraphLocalDateTime to)
    {
        var endDay = to.Date.EpochDay;
        if (endDay > from.Date.EpochDay && to.Time.NanoOfDay < from.Time.NanoOfDay)
        {
            endDay--;
        }
        else if (endDay < from.Date.EpochDay && to.Time.NanoOfDay > from.Time.NanoOfDay)
        {
            endDay++;
        }

        var (y1, m1, d1) = GraphCalendar.FromEpochDay(from.Date.EpochDay);
        var (y2, m2, d2) = GraphCalendar.FromEpochDay(endDay);
        var packed1 = (y1 * 12 + m1 - 1) * 32 + d1;
        var packed2 = (y2 * 12 + m2 - 1) * 32 + d2;
        return (packed2 - packed1) / 32;
    }
}
