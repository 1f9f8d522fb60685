using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperGraph.Graph;

/// <summary>
/// Parses the ISO-8601 forms Neo4j accepts for temporal values: calendar, week and ordinal dates (<c>2015-07-21</c>,
/// <c>2015W302</c>, <c>2015-202</c>), times with optional seconds and fraction, offsets (<c>Z</c>, <c>+01</c>,
/// <c>+0100</c>, <c>+01:00:30</c>), named zones in brackets, and durations (<c>P1Y2M3DT4H</c>, fractional in the
/// smallest unit, or <c>P2012-02-02T14:37:21.545</c>). Bad text is an <c>ArgumentError</c> quoting it.
/// </summary>
public static partial class GraphTemporalText
{
    [GeneratedRegex(@"^(?<year>[0-9]{4}|[+-][0-9]{1,9})(?:-?(?:(?<month>[0-9]{2})(?:-?(?<day>[0-9]{2}))?|[Ww](?<week>[0-9]{2})(?:-?(?<dow>[0-9]))?|(?<ordinal>[0-9]{3})))?$", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(?<hour>[0-9]{2})(?::?(?<minute>[0-9]{2})(?::?(?<second>[0-9]{2})(?:[.,](?<fraction>[0-9]{1,9}))?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?:[Zz]|(?<sign>[+-])(?<hh>[0-9]{2})(?::?(?<mm>[0-9]{2})(?::?(?<ss>[0-9]{2}))?)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();

    private const string Number = @"[-+]?[0-9]+(?:[.,][0-9]+)?";

    [GeneratedRegex(@"^(?<sign>[-+]?)[Pp](?:(?<years>" + Number + ")[Yy])?(?:(?<months>" + Number + ")[Mm])?(?:(?<weeks>" + Number + ")[Ww])?(?:(?<days>" + Number + @")[Dd])?(?<t>[Tt](?:(?<hours>" + Number + ")[Hh])?(?:(?<minutes>" + Number + @")[Mm])?(?:(?<seconds>[-+]?[0-9]+)(?:[.,](?<sub>[0-9]{1,9}))?[Ss])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?<sign>[-+]?)[Pp](?<year>[0-9]{4})-?(?<month>[0-9]{2})-?(?<day>[0-9]{2})(?:[Tt](?<hour>[0-9]{2}):?(?<minute>[0-9]{2}):?(?<second>[0-9]{2})(?:[.,](?<sub>[0-9]{1,9}))?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateBasedDurationPattern();

    public static GraphDate ParseDate(string text) => new(ParseDateDays(text.Trim(), text, "Date"));

    public static GraphLocalTime ParseLocalTime(string text)
    {
        var (time, offset, zone) = SplitZone(text.Trim(), text, "LocalTime");
        if (offset is not null || zone is not null) throw Unparsable(text, "LocalTime");
        return new GraphLocalTime(ParseTimeNanos(time, text, "LocalTime"));
    }

    /// <summary>A time with an offset; without one, the offset is <paramref name="defaultOffsetSeconds"/> (UTC).</summary>
    public static GraphTime ParseTime(string text, int defaultOffsetSeconds = 0)
    {
        var (time, offset, zone) = SplitZone(text.Trim(), text, "Time");
        var nanos = ParseTimeNanos(time, text, "Time");
        int offsetSeconds;
        if (offset is not null)
        {
            offsetSeconds = ParseOffset(offset) ?? throw Unparsable(text, "Time");
        }
        else if (zone is not null)
        {
            var tz = TimeZones.Find(zone);
            offsetSeconds = TimeZones.OffsetAt(tz, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        }
        else
        {
            offsetSeconds = defaultOffsetSeconds;
        }

        return new GraphTime(nanos, offsetSeconds);
    }

    public static GraphLocalDateTime ParseLocalDateTime(string text)
    {
        var trimmed = text.Trim();
        var t = trimmed.IndexOfAny(['T', 't']);
        var date = ParseDateDays(t < 0 ? trimmed : trimmed[..t], text, "LocalDateTime");
        if (t < 0)
        {
            return new GraphLocalDateTime(date, 0);
        }

        var (time, offset, zone) = SplitZone(trimmed[(t + 1)..], text, "LocalDateTime");
        if (offset is not null || zone is not null) throw Unparsable(text, "LocalDateTime");
        return new GraphLocalDateTime(date, ParseTimeNanos(time, text, "LocalDateTime"));
    }

    /// <summary>A date-time with an offset and/or a named zone; without either, in UTC.</summary>
    public static GraphDateTime ParseDateTime(string text)
    {
        var trimmed = text.Trim();
        var t = trimmed.IndexOfAny(['T', 't']);
        var date = ParseDateDays(t < 0 ? trimmed : trimmed[..t], text, "DateTime");
        long nanos = 0;
        string? offset = null, zone = null;
        if (t >= 0)
        {
            string time;
            (time, offset, zone) = SplitZone(trimmed[(t + 1)..], text, "DateTime");
            nanos = ParseTimeNanos(time, text, "DateTime");
        }

        var local = new GraphLocalDateTime(date, nanos);
        int? offsetSeconds = offset is null ? null : ParseOffset(offset) ?? throw Unparsable(text, "DateTime");
        if (zone is not null)
        {
            return TimeZones.AtZone(local, zone, offsetSeconds);
        }

        return new GraphDateTime(local, offsetSeconds ?? 0, null);
    }

    public static GraphDuration ParseDuration(string text)
    {
        var trimmed = text.Trim();
        var m = DurationPattern().Match(trimmed);
        if (m.Success)
        {
            return FromUnits(m, text) ?? throw Unparsable(text, "Duration");
        }

        m = DateBasedDurationPattern().Match(trimmed);
        if (!m.Success) throw Unparsable(text, "Duration");
        var sign = m.Groups["sign"].Value == "-" ? -1 : 1;
        var month = long.Parse(m.Groups["month"].Value, CultureInfo.InvariantCulture);
        var day = long.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture);
        if (month > 12) throw GraphCalendar.Invalid($"months is out of range: {month}");
        if (day > 31) throw GraphCalendar.Invalid($"days is out of range: {day}");
        var months = long.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) * 12 + month;
        long seconds = 0, nanos = 0;
        if (m.Groups["hour"].Success)
        {
            var h = long.Parse(m.Groups["hour"].Value, CultureInfo.InvariantCulture);
            var mi = long.Parse(m.Groups["minute"].Value, CultureInfo.InvariantCulture);
            var s = long.Parse(m.Groups["second"].Value, CultureInfo.InvariantCulture);
            if (h > 24) throw GraphCalendar.Invalid($"hours out of range: {h}");
            if (mi > 60) throw GraphCalendar.Invalid($"minutes out of range: {mi}");
            if (s > 60) throw GraphCalendar.Invalid($"seconds out of range: {s}");
            seconds = h * 3600 + mi * 60 + s;
            nanos = Fraction(m.Groups["sub"]);
        }

        return new GraphDuration(sign * months, sign * day, sign * seconds, sign * nanos);
    }

    private static GraphDuration? FromUnits(Match m, string text)
    {
        if (!m.Groups["years"].Success && !m.Groups["months"].Success && !m.Groups["weeks"].Success &&
            !m.Groups["days"].Success && !m.Groups["t"].Success)
        {
            return null;
        }

        if (m.Groups["t"].Success && m.Groups["t"].Length == 1)
        {
            return null; // "PT" with nothing after it
        }

        var sign = m.Groups["sign"].Value == "-" ? -1 : 1;
        string[] order = ["years", "months", "weeks", "days", "hours", "minutes"];
        double[] factor = [12, 1, 7, 1, 3600, 60];
        double months = 0, days = 0, seconds = 0;
        var fractional = false;
        for (var i = 0; i < order.Length; i++)
        {
            var g = m.Groups[order[i]];
            if (!g.Success) continue;
            if (fractional) return null; // only the smallest unit given may have a fraction
            var value = g.Value.Replace(',', '.');
            fractional = value.Contains('.', StringComparison.Ordinal);
            var amount = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture) * factor[i];
            if (!fractional)
            {
                // Exact integer arithmetic for whole units.
                var whole = long.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) * (long)factor[i];
                switch (i)
                {
                    case < 2: months += whole; break;
                    case < 4: days += whole; break;
                    default: seconds += whole; break;
                }

                continue;
            }

            switch (i)
            {
                case < 2: months += amount; break;
                case < 4: days += amount; break;
                default: seconds += amount; break;
            }
        }

        long nanos = 0;
        if (m.Groups["seconds"].Success)
        {
            if (fractional) return null;
            var s = long.Parse(m.Groups["seconds"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            seconds += s;
            nanos = Fraction(m.Groups["sub"]);
            if (m.Groups["seconds"].Value.StartsWith('-'))
            {
                nanos = -nanos;
            }
        }

        if (fractional)
        {
            return GraphDuration.Approximate(sign * months, sign * days, sign * seconds, sign * (double)nanos);
        }

        return new GraphDuration(sign * (long)months, sign * (long)days, sign * (long)seconds, sign * nanos);
    }

    private static long Fraction(Group group) =>
        group.Success ? long.Parse(group.Value.PadRight(9, '0'), CultureInfo.InvariantCulture) : 0;

    /// <summary>The epoch day of a calendar, week or ordinal date text.</summary>
    internal static long ParseDateDays(string text, string original, string kind)
    {
        var m = DatePattern().Match(text);
        if (!m.Success) throw Unparsable(original, kind);
        var year = long.Parse(m.Groups["year"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (m.Groups["week"].Success)
        {
            var week = int.Parse(m.Groups["week"].Value, CultureInfo.InvariantCulture);
            var dow = m.Groups["dow"].Success ? int.Parse(m.Groups["dow"].Value, CultureInfo.InvariantCulture) : 1;
            return WeekDate(year, week, dow);
        }

        if (m.Groups["ordinal"].Success)
        {
            return OrdinalDate(year, int.Parse(m.Groups["ordinal"].Value, CultureInfo.InvariantCulture));
        }

        var month = m.Groups["month"].Success ? long.Parse(m.Groups["month"].Value, CultureInfo.InvariantCulture) : 1;
        var day = m.Groups["day"].Success ? long.Parse(m.Groups["day"].Value, CultureInfo.InvariantCulture) : 1;
        return GraphCalendar.EpochDay(year, month, day);
    }

    /// <summary>The epoch day of ISO week <paramref name="week"/>, day <paramref name="dayOfWeek"/> (Monday = 1) of a week-based year.</summary>
    public static long WeekDate(long weekYear, long week, long dayOfWeek)
    {
        if (week < 1 || week > GraphCalendar.WeeksInWeekYear(weekYear))
        {
            throw GraphCalendar.Invalid($"Invalid value for WeekOfWeekBasedYear (valid values 1 - {GraphCalendar.WeeksInWeekYear(weekYear)}): {week}");
        }

        if (dayOfWeek is < 1 or > 7) throw GraphCalendar.Invalid($"Invalid value for DayOfWeek (valid values 1 - 7): {dayOfWeek}");
        return GraphCalendar.WeekOneMonday(weekYear) + (week - 1) * 7 + (dayOfWeek - 1);
    }

    /// <summary>The epoch day of day <paramref name="ordinalDay"/> (1 = January 1st) of <paramref name="year"/>.</summary>
    public static long OrdinalDate(long year, long ordinalDay)
    {
        var length = GraphCalendar.IsLeapYear(year) ? 366 : 365;
        if (ordinalDay < 1 || ordinalDay > length) throw GraphCalendar.Invalid($"Invalid value for DayOfYear (valid values 1 - 365/366): {ordinalDay}");
        return GraphCalendar.EpochDay(year, 1, 1) + ordinalDay - 1;
    }

    private static long ParseTimeNanos(string text, string original, string kind)
    {
        var m = TimePattern().Match(text);
        if (!m.Success) throw Unparsable(original, kind);
        long Part(string name) => m.Groups[name].Success ? long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return GraphCalendar.NanoOfDay(Part("hour"), Part("minute"), Part("second"), Fraction(m.Groups["fraction"]));
    }

    /// <summary>Splits <c>21:40:32+01:00[Europe/Stockholm]</c> into the time, the offset and the zone name.</summary>
    private static (string Time, string? Offset, string? Zone) SplitZone(string text, string original, string kind)
    {
        string? zone = null;
        var bracket = text.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            if (!text.EndsWith(']')) throw Unparsable(original, kind);
            zone = text[(bracket + 1)..^1];
            text = text[..bracket];
        }

        var at = text.IndexOfAny(['Z', 'z', '+', '-']);
        return at < 0 ? (text, null, zone) : (text[..at], text[at..], zone);
    }

    /// <summary>Seconds east of UTC for <c>Z</c>, <c>±HH</c>, <c>±HHMM</c>, <c>±HH:MM</c> or <c>±HH:MM:SS</c>; null if malformed.</summary>
    public static int? ParseOffset(string text)
    {
        var m = OffsetPattern().Match(text);
        if (!m.Success) return null;
        if (!m.Groups["sign"].Success) return 0;
        int Part(string name) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var (hh, mm, ss) = (Part("hh"), Part("mm"), Part("ss"));
        if (hh > 18 || mm > 59 || ss > 59) throw GraphCalendar.Invalid($"Invalid time zone offset '{text}'");
        var seconds = hh * 3600 + mm * 60 + ss;
        return GraphCalendar.CheckOffset(m.Groups["sign"].Value == "-" ? -seconds : seconds);
    }

    private static GraphException Unparsable(string text, string kind) =>
        new(GraphErrorCodes.ArgumentError, $"Text cannot be parsed to a {kind}: '{text}'");
}

/// <summary>Named time zones (IANA ids such as <c>Europe/Stockholm</c>) and their offsets over time.</summary>
public static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.Ordinal);

    /// <summary>The zone named <paramref name="id"/>; an unknown name is an ArgumentError.</summary>
    public static TimeZoneInfo Find(string id) =>
        Cache.GetOrAdd(id, static name =>
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(name);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
            {
                return null;
            }
        }) ?? throw new GraphException(GraphErrorCodes.ArgumentError, $"Invalid value for time zone: unknown zone '{id}'");

    private static readonly ConcurrentDictionary<string, ZoneHistory?> Histories = new(StringComparer.Ordinal);

    /// <summary>A zone's transitions as its TZif file (RFC 8536) lists them: the offset in force from each
    /// transition on, and the one before the first.</summary>
    private sealed class ZoneHistory(long[] transitions, int[] offsets, int initialOffset)
    {
        public bool TryGetOffset(long epochSecond, out int offset)
        {
            offset = 0;
            if (transitions.Length == 0 || epochSecond >= transitions[^1])
            {
                return false;
            }

            var index = Array.BinarySearch(transitions, epochSecond);
            if (index < 0)
            {
                index = ~index - 1;
            }

            offset = index < 0 ? initialOffset : offsets[index];
            return true;
        }

        public static ZoneHistory? Load(string zoneId)
        {
            try
            {
                var folder = Environment.GetEnvironmentVariable("TZDIR") ?? "/usr/share/zoneinfo";
                if (zoneId.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(zoneId))
                {
                    return null;
                }

                var path = Path.Combine(folder, zoneId);
                return File.Exists(path) ? Parse(File.ReadAllBytes(path)) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or IndexOutOfRangeException)
            {
                return null;
            }
        }

        private static ZoneHistory? Parse(byte[] data)
        {
            static int Int32At(byte[] bytes, int at) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at, 4));
            static long Int64At(byte[] bytes, int at) => System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(at, 8));

            if (data.Length < 44 || data[0] != 'T' || data[1] != 'Z' || data[2] != 'i' || data[3] != 'f')
            {
                return null;
            }

            var header = 0;
            var timeSize = 4;
            int Count(int field) => Int32At(data, header + 20 + field * 4);
            if (data[4] >= '2')
            {
                // Skip the 32-bit block to the 64-bit one.
                var v1 = Count(3) * 5 + Count(4) * 6 + Count(5) + Count(2) * 8 + Count(1) + Count(0);
                header = 44 + v1;
                timeSize = 8;
                if (data.Length < header + 44 || data[header] != 'T')
                {
                    return null;
                }
            }

            var timeCount = Count(3);
            var typeCount = Count(4);
            var at = header + 44;
            var transitions = new long[timeCount];
            for (var i = 0; i < timeCount; i++)
            {
                transitions[i] = timeSize == 8 ? Int64At(data, at + i * 8) : Int32At(data, at + i * 4);
            }

            var typeIndexes = at + timeCount * timeSize;
            var types = typeIndexes + timeCount;
            if (typeCount == 0 || types + typeCount * 6 > data.Length)
            {
                return null;
            }

            var offsets = new int[timeCount];
            for (var i = 0; i < timeCount; i++)
            {
                offsets[i] = Int32At(data, types + data[typeIndexes + i] * 6);
            }

            return new ZoneHistory(transitions, offsets, Int32At(data, types));
        }
    }

    /// <summary>Whether a text names a zone rather than an offset.</summary>
    public static bool IsOffset(string text) => GraphTemporalText.ParseOffset(text) is not null;

    /// <summary>The zone's offset in seconds at an instant (seconds since the epoch, UTC).</summary>
    /// <remarks>Historical offsets come from the zone's TZif file when there is one, to the second (local mean
    /// time such as +01:12:12); <see cref="TimeZoneInfo"/>, which rounds offsets to whole minutes, answers for
    /// instants after the file's last transition and where no file is found.</remarks>
    public static int OffsetAt(TimeZoneInfo zone, long epochSecond)
    {
        if (Histories.GetOrAdd(zone.Id, ZoneHistory.Load) is { } history && history.TryGetOffset(epochSecond, out var exact))
        {
            return exact;
        }

        var clamped = Math.Clamp(epochSecond, -62135596800L + 86400, 253402300799L - 86400);
        return (int)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(clamped)).TotalSeconds;
    }

    /// <summary>The date-time with wall clock <paramref name="local"/> in <paramref name="zoneId"/>. In a gap (clocks
    /// put forward) the time moves forward by the gap; in an overlap the earlier offset wins unless
    /// <paramref name="preferredOffset"/> names the other.</summary>
    public static GraphDateTime AtZone(GraphLocalDateTime local, string zoneId, int? preferredOffset = null)
    {
        if (GraphTemporalText.ParseOffset(zoneId) is { } fixedOffset)
        {
            return new GraphDateTime(local, fixedOffset, null);
        }

        var zone = Find(zoneId);
        var localSeconds = local.EpochSecond;
        var before = OffsetAt(zone, localSeconds - 86400);
        var after = OffsetAt(zone, localSeconds + 86400);
        var valid = new List<int>(2);
        foreach (var candidate in new[] { before, after }.Distinct())
        {
            if (OffsetAt(zone, localSeconds - candidate) == candidate)
            {
                valid.Add(candidate);
            }
        }

        if (valid.Count == 0)
        {
            // A gap: keep the instant the old offset gives and show it on the new clock.
            var instant = localSeconds - before;
            var offset = OffsetAt(zone, instant);
            return FromInstant(instant, local.Time.Nanosecond, offset, zone.Id);
        }

        var chosen = preferredOffset is { } p && valid.Contains(p) ? p : valid.Max();
        return new GraphDateTime(local, chosen, zone.Id);
    }

    /// <summary>The date-time at an instant, shown with the given offset and zone.</summary>
    public static GraphDateTime FromInstant(long epochSecond, int nanosecond, int offsetSeconds, string? zoneId)
    {
        var localSeconds = epochSecond + offsetSeconds;
        var day = GraphCalendar.FloorDiv(localSeconds, GraphCalendar.SecondsPerDay);
        var secondOfDay = GraphCalendar.FloorMod(localSeconds, GraphCalendar.SecondsPerDay);
        return new GraphDateTime(new GraphLocalDateTime(day, secondOfDay * GraphCalendar.NanosPerSecond + nanosecond), offsetSeconds, zoneId);
    }

    /// <summary>The date-time at an instant in a zone (named, or an offset text such as <c>+01:00</c>).</summary>
    public static GraphDateTime InZone(long epochSecond, int nanosecond, string zoneId)
    {
        if (GraphTemporalText.ParseOffset(zoneId) is { } offset)
        {
            return FromInstant(epochSecond, nanosecond, offset, null);
        }

        var zone = Find(zoneId);
        return FromInstant(epochSecond, nanosecond, OffsetAt(zone, epochSecond), zone.Id);
    }
}
