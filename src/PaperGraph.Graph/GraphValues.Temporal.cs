using System.Globalization;
using System.Text;

namespace PaperGraph.Graph;

/// <summary>A Cypher temporal value (DATE, LOCAL TIME, ZONED TIME, LOCAL DATETIME, ZONED DATETIME) or DURATION.</summary>
/// <remarks><see cref="object.ToString"/> gives Neo4j's ISO-8601 text, which <see cref="GraphTemporalText"/> parses
/// back to an equal value.</remarks>
public abstract class GraphTemporal
{
    /// <summary>The Typed JSON <c>$type</c> of the value (<c>Date</c>, <c>LocalTime</c>, <c>Time</c>,
    /// <c>LocalDateTime</c>, <c>OffsetDateTime</c>/<c>ZonedDateTime</c>, <c>Duration</c>).</summary>
    public abstract string TypedJsonName { get; }

    /// <summary>The Cypher type name used in messages (<c>DATE</c>, <c>ZONED DATETIME</c>, …).</summary>
    public abstract string CypherTypeName { get; }

    /// <summary>Neo4j's ISO-8601 text of the value.</summary>
    public abstract override string ToString();

    private protected GraphTemporal()
    {
    }
}

/// <summary>A calendar date (proleptic Gregorian, years -999,999,999 to 999,999,999).</summary>
public sealed class GraphDate : GraphTemporal, IEquatable<GraphDate>, IComparable<GraphDate>
{
    /// <summary>Days since 1970-01-01.</summary>
    public long EpochDay { get; }

    public GraphDate(long epochDay) => EpochDay = epochDay;

    /// <summary>The date of a year, month (1–12) and day (1–31); an impossible date is an ArgumentError.</summary>
    public static GraphDate Of(long year, long month, long day) => new(GraphCalendar.EpochDay(year, month, day));

    public long Year => GraphCalendar.FromEpochDay(EpochDay).Year;
    public int Month => GraphCalendar.FromEpochDay(EpochDay).Month;
    public int Day => GraphCalendar.FromEpochDay(EpochDay).Day;

    public override string TypedJsonName => "Date";
    public override string CypherTypeName => "DATE";

    public bool Equals(GraphDate? other) => other is not null && other.EpochDay == EpochDay;
    public override bool Equals(object? obj) => Equals(obj as GraphDate);
    public override int GetHashCode() => EpochDay.GetHashCode();
    public int CompareTo(GraphDate? other) => other is null ? 1 : EpochDay.CompareTo(other.EpochDay);
    public override string ToString() => TemporalFormat.Date(EpochDay);
}

/// <summary>A time of day without a time zone, to the nanosecond.</summary>
public sealed class GraphLocalTime : GraphTemporal, IEquatable<GraphLocalTime>, IComparable<GraphLocalTime>
{
    /// <summary>Nanoseconds since midnight (0 to 86,399,999,999,999).</summary>
    public long NanoOfDay { get; }

    public GraphLocalTime(long nanoOfDay)
    {
        if (nanoOfDay is < 0 or >= GraphCalendar.NanosPerDay)
        {
            throw new GraphException(GraphErrorCodes.ArgumentError, $"A time of day must be within 00:00 and 23:59:59.999999999 (got {nanoOfDay} ns).");
        }

        NanoOfDay = nanoOfDay;
    }

    /// <summary>The time of an hour, minute, second and nanosecond, each checked against its range.</summary>
    public static GraphLocalTime Of(long hour, long minute, long second, long nanosecond) =>
        new(GraphCalendar.NanoOfDay(hour, minute, second, nanosecond));

    public int Hour => (int)(NanoOfDay / GraphCalendar.NanosPerHour);
    public int Minute => (int)(NanoOfDay / GraphCalendar.NanosPerMinute % 60);
    public int Second => (int)(NanoOfDay / GraphCalendar.NanosPerSecond % 60);
    public int Nanosecond => (int)(NanoOfDay % GraphCalendar.NanosPerSecond);

    public override string TypedJsonName => "LocalTime";
    public override string CypherTypeName => "LOCAL TIME";

    public bool Equals(GraphLocalTime? other) => other is not null && other.NanoOfDay == NanoOfDay;
    public override bool Equals(object? obj) => Equals(obj as GraphLocalTime);
    public override int GetHashCode() => NanoOfDay.GetHashCode();
    public int CompareTo(GraphLocalTime? other) => other is null ? 1 : NanoOfDay.CompareTo(other.NanoOfDay);
    public override string ToString() => TemporalFormat.Time(NanoOfDay);
}

/// <summary>A time of day with a UTC offset (Cypher's ZONED TIME).</summary>
/// <remarks>Two times are equal when both the time and the offset are; they order by the instant they denote on
/// a common day (UTC), then by offset.</remarks>
public sealed class GraphTime : GraphTemporal, IEquatable<GraphTime>, IComparable<GraphTime>
{
    public GraphTime(long nanoOfDay, int offsetSeconds)
    {
        Time = new GraphLocalTime(nanoOfDay);
        OffsetSeconds = GraphCalendar.CheckOffset(offsetSeconds);
    }

    /// <summary>The local time of day.</summary>
    public GraphLocalTime Time { get; }

    /// <summary>The offset from UTC in seconds (−18:00 to +18:00).</summary>
    public int OffsetSeconds { get; }

    public long NanoOfDay => Time.NanoOfDay;

    /// <summary>The time of day in UTC, in nanoseconds (may fall outside one day).</summary>
    public long UtcNanos => NanoOfDay - OffsetSeconds * GraphCalendar.NanosPerSecond;

    public override string TypedJsonName => "Time";
    public override string CypherTypeName => "ZONED TIME";

    public bool Equals(GraphTime? other) => other is not null && other.NanoOfDay == NanoOfDay && other.OffsetSeconds == OffsetSeconds;
    public override bool Equals(object? obj) => Equals(obj as GraphTime);
    public override int GetHashCode() => HashCode.Combine(NanoOfDay, OffsetSeconds);

    public int CompareTo(GraphTime? other)
    {
        if (other is null) return 1;
        var c = UtcNanos.CompareTo(other.UtcNanos);
        return c != 0 ? c : OffsetSeconds.CompareTo(other.OffsetSeconds);
    }

    public override string ToString() => TemporalFormat.Time(NanoOfDay) + TemporalFormat.Offset(OffsetSeconds);
}

/// <summary>A date and time of day without a time zone.</summary>
public sealed class GraphLocalDateTime : GraphTemporal, IEquatable<GraphLocalDateTime>, IComparable<GraphLocalDateTime>
{
    public GraphLocalDateTime(long epochDay, long nanoOfDay)
    {
        Date = new GraphDate(epochDay);
        Time = new GraphLocalTime(nanoOfDay);
    }

    public GraphLocalDateTime(GraphDate date, GraphLocalTime time)
    {
        Date = date;
        Time = time;
    }

    public GraphDate Date { get; }
    public GraphLocalTime Time { get; }

    /// <summary>Seconds since 1970-01-01T00:00 on this (zoneless) clock.</summary>
    public long EpochSecond => Date.EpochDay * GraphCalendar.SecondsPerDay + Time.NanoOfDay / GraphCalendar.NanosPerSecond;

    public override string TypedJsonName => "LocalDateTime";
    public override string CypherTypeName => "LOCAL DATETIME";

    public bool Equals(GraphLocalDateTime? other) => other is not null && other.Date.EpochDay == Date.EpochDay && other.Time.NanoOfDay == Time.NanoOfDay;
    public override bool Equals(object? obj) => Equals(obj as GraphLocalDateTime);
    public override int GetHashCode() => HashCode.Combine(Date.EpochDay, Time.NanoOfDay);

    public int CompareTo(GraphLocalDateTime? other)
    {
        if (other is null) return 1;
        var c = Date.EpochDay.CompareTo(other.Date.EpochDay);
        return c != 0 ? c : Time.NanoOfDay.CompareTo(other.Time.NanoOfDay);
    }

    public override string ToString() => TemporalFormat.Date(Date.EpochDay) + "T" + TemporalFormat.Time(Time.NanoOfDay);
}

/// <summary>An instant with a UTC offset and, optionally, a named time zone (Cypher's ZONED DATETIME).</summary>
/// <remarks>Equal when the local date-time and the zone (or offset) are the same; ordered by instant, then local
/// date-time, then zone.</remarks>
public sealed class GraphDateTime : GraphTemporal, IEquatable<GraphDateTime>, IComparable<GraphDateTime>
{
    /// <summary>A date-time from its local date-time on the clock of <paramref name="offsetSeconds"/>.</summary>
    /// <param name="local">The wall-clock date and time.</param>
    /// <param name="offsetSeconds">The offset in effect (must be the zone's offset at that instant when a zone is given).</param>
    /// <param name="zoneId">An IANA zone name such as <c>Europe/Stockholm</c>, or null for an offset only.</param>
    public GraphDateTime(GraphLocalDateTime local, int offsetSeconds, string? zoneId)
    {
        Local = local;
        OffsetSeconds = GraphCalendar.CheckOffset(offsetSeconds);
        ZoneId = zoneId;
    }

    /// <summary>The wall-clock date and time.</summary>
    public GraphLocalDateTime Local { get; }

    public int OffsetSeconds { get; }

    /// <summary>The named zone, or null when the value has an offset only.</summary>
    public string? ZoneId { get; }

    /// <summary>Seconds since the Unix epoch (UTC).</summary>
    public long EpochSecond => Local.EpochSecond - OffsetSeconds;

    /// <summary>The nanosecond within the second.</summary>
    public int Nanosecond => Local.Time.Nanosecond;

    public override string TypedJsonName => ZoneId is null ? "OffsetDateTime" : "ZonedDateTime";
    public override string CypherTypeName => "ZONED DATETIME";

    public bool Equals(GraphDateTime? other) =>
        other is not null && other.Local.Equals(Local) && other.OffsetSeconds == OffsetSeconds &&
        string.Equals(other.ZoneId, ZoneId, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as GraphDateTime);
    public override int GetHashCode() => HashCode.Combine(Local, OffsetSeconds, ZoneId);

    public int CompareTo(GraphDateTime? other)
    {
        if (other is null) return 1;
        var c = EpochSecond.CompareTo(other.EpochSecond);
        if (c != 0) return c;
        c = Nanosecond.CompareTo(other.Nanosecond);
        if (c != 0) return c;
        c = Local.CompareTo(other.Local);
        return c != 0 ? c : string.CompareOrdinal(ZoneId ?? "", other.ZoneId ?? "");
    }

    public override string ToString() =>
        Local + TemporalFormat.Offset(OffsetSeconds) + (ZoneId is null ? "" : "[" + ZoneId + "]");
}

/// <summary>An amount of time in months, days, seconds and nanoseconds, kept apart as Neo4j keeps them (a month
/// or a day has no fixed length in seconds).</summary>
public sealed class GraphDuration : GraphTemporal, IEquatable<GraphDuration>, IComparable<GraphDuration>
{
    /// <summary>Average days per month (365.2425 / 12) and seconds per month, used to turn fractions into smaller units.</summary>
    public const double AverageDaysPerMonth = 30.436875;
    public const long AverageSecondsPerMonth = 2_629_746;

    /// <summary>A duration; <paramref name="nanos"/> may be any size and is carried into the seconds so that
    /// 0 ≤ <see cref="Nanos"/> &lt; 10⁹.</summary>
    public GraphDuration(long months, long days, long seconds, long nanos)
    {
        try
        {
            seconds = checked(seconds + nanos / GraphCalendar.NanosPerSecond);
        }
        catch (OverflowException)
        {
            throw new GraphException(GraphErrorCodes.ArithmeticError, "Duration: the number of seconds does not fit in a 64-bit integer.");
        }

        nanos %= GraphCalendar.NanosPerSecond;
        if (nanos < 0)
        {
            seconds--;
            nanos += GraphCalendar.NanosPerSecond;
        }

        Months = months;
        Days = days;
        Seconds = seconds;
        Nanos = (int)nanos;
    }

    public long Months { get; }
    public long Days { get; }
    public long Seconds { get; }

    /// <summary>Nanoseconds, 0 to 999,999,999 (a negative duration has negative seconds and positive nanos).</summary>
    public int Nanos { get; }

    /// <summary>A duration from fractional amounts: fractions of a month become days (30.436875 per month),
    /// fractions of a day seconds, fractions of a second nanoseconds, as Neo4j does.</summary>
    public static GraphDuration Approximate(double months, double days, double seconds, double nanos)
    {
        var m = Truncate(months);
        days += AverageDaysPerMonth * (months - m);
        var d = Truncate(days);
        seconds += GraphCalendar.SecondsPerDay * (days - d);
        var s = Truncate(seconds);
        nanos += GraphCalendar.NanosPerSecond * (seconds - s);
        return new GraphDuration((long)m, (long)d, (long)s, (long)Math.Truncate(nanos));
    }

    private static double Truncate(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 9.2e18)
        {
            throw new GraphException(GraphErrorCodes.ArithmeticError, $"Duration: the amount {value.ToString(CultureInfo.InvariantCulture)} is too large for a duration.");
        }

        return Math.Truncate(value);
    }

    public override string TypedJsonName => "Duration";
    public override string CypherTypeName => "DURATION";

    private long AverageLengthInSeconds => Seconds + Days * GraphCalendar.SecondsPerDay + Months * AverageSecondsPerMonth;

    public bool Equals(GraphDuration? other) =>
        other is not null && other.Months == Months && other.Days == Days && other.Seconds == Seconds && other.Nanos == Nanos;

    public override bool Equals(object? obj) => Equals(obj as GraphDuration);
    public override int GetHashCode() => HashCode.Combine(Months, Days, Seconds, Nanos);

    /// <summary>The ORDER BY order: by average length, then nanoseconds, months, days and seconds.</summary>
    public int CompareTo(GraphDuration? other)
    {
        if (other is null) return 1;
        var c = AverageLengthInSeconds.CompareTo(other.AverageLengthInSeconds);
        if (c != 0) return c;
        c = Nanos.CompareTo(other.Nanos);
        if (c != 0) return c;
        c = Months.CompareTo(other.Months);
        if (c != 0) return c;
        c = Days.CompareTo(other.Days);
        return c != 0 ? c : Seconds.CompareTo(other.Seconds);
    }

    /// <summary>Neo4j's form: <c>P12Y5M14DT16H13M10.000000001S</c>, <c>PT-1.999S</c>, <c>PT0S</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("P");
        static void Append(StringBuilder sb, long quantity, char unit)
        {
            if (quantity != 0) sb.Append(quantity.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }

        Append(text, Months / 12, 'Y');
        Append(text, Months % 12, 'M');
        Append(text, Days, 'D');
        if (Seconds != 0 || Nanos != 0)
        {
            var negative = Seconds < 0;
            var s = Seconds;
            long n = Nanos;
            if (negative && n != 0)
            {
                s++;
                n -= GraphCalendar.NanosPerSecond;
            }

            text.Append('T');
            Append(text, s / 3600, 'H');
            s %= 3600;
            Append(text, s / 60, 'M');
            s %= 60;
            if (s != 0 || n != 0)
            {
                if (s == 0 && negative)
                {
                    text.Append('-');
                }

                text.Append(s.ToString(CultureInfo.InvariantCulture));
                if (n != 0)
                {
                    text.Append('.').Append(Math.Abs(n).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
                }

                text.Append('S');
            }
        }

        if (text.Length == 1)
        {
            text.Append("T0S");
        }

        return text.ToString();
    }
}

/// <summary>Proleptic Gregorian calendar arithmetic on epoch days, for any 64-bit year range we accept.</summary>
public static class GraphCalendar
{
    public const long NanosPerSecond = 1_000_000_000;
    public const long NanosPerMinute = 60 * NanosPerSecond;
    public const long NanosPerHour = 60 * NanosPerMinute;
    public const long NanosPerDay = 24 * NanosPerHour;
    public const long SecondsPerDay = 86_400;
    public const long MinYear = -999_999_999;
    public const long MaxYear = 999_999_999;
    public const int MaxOffsetSeconds = 18 * 3600;

    private static readonly string[] MonthNames =
        ["JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"];

    /// <summary>Days since 1970-01-01 of a valid date; an invalid one is an ArgumentError naming the field.</summary>
    public static long EpochDay(long year, long month, long day)
    {
        if (year is < MinYear or > MaxYear) throw Invalid($"Invalid value for Year (valid values {MinYear} - {MaxYear}): {year}");
        if (month is < 1 or > 12) throw Invalid($"Invalid value for MonthOfYear (valid values 1 - 12): {month}");
        if (day < 1 || day > DaysInMonth(year, (int)month))
        {
            throw day is < 1 or > 31
                ? Invalid($"Invalid value for DayOfMonth (valid values 1 - 28/31): {day}")
                : Invalid(month == 2 && day == 29
                    ? $"Invalid date 'February 29' as '{year}' is not a leap year"
                    : $"Invalid date '{MonthNames[month - 1]} {day}'");
        }

        // Howard Hinnant's days_from_civil.
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var mp = (month + 9) % 12;
        var doy = (153 * mp + 2) / 5 + day - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    /// <summary>Year, month and day of an epoch day.</summary>
    public static (long Year, int Month, int Day) FromEpochDay(long epochDay)
    {
        var z = epochDay + 719468;
        var era = (z >= 0 ? z : z - 146096) / 146097;
        var doe = z - era * 146097;
        var yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = (int)(doy - (153 * mp + 2) / 5 + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        return (m <= 2 ? y + 1 : y, m, d);
    }

    public static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>ISO day of week, Monday = 1 … Sunday = 7.</summary>
    public static int DayOfWeek(long epochDay) => (int)(((epochDay + 3) % 7 + 7) % 7) + 1;

    /// <summary>The Monday that starts ISO week 1 of <paramref name="weekYear"/>.</summary>
    public static long WeekOneMonday(long weekYear)
    {
        var jan4 = EpochDay(weekYear, 1, 4);
        return jan4 - (DayOfWeek(jan4) - 1);
    }

    /// <summary>The ISO week-based year and week of an epoch day.</summary>
    public static (long WeekYear, int Week) IsoWeek(long epochDay)
    {
        var year = FromEpochDay(epochDay).Year;
        var weekYear = year + 1;
        var start = WeekOneMonday(weekYear);
        if (epochDay < start)
        {
            weekYear = year;
            start = WeekOneMonday(weekYear);
            if (epochDay < start)
            {
                weekYear = year - 1;
                start = WeekOneMonday(weekYear);
            }
        }

        return (weekYear, (int)((epochDay - start) / 7) + 1);
    }

    /// <summary>The number of ISO weeks (52 or 53) in a week-based year.</summary>
    public static int WeeksInWeekYear(long weekYear) => (int)((WeekOneMonday(weekYear + 1) - WeekOneMonday(weekYear)) / 7);

    public static long NanoOfDay(long hour, long minute, long second, long nanosecond)
    {
        if (hour is < 0 or > 23) throw Invalid($"Invalid value for HourOfDay (valid values 0 - 23): {hour}");
        if (minute is < 0 or > 59) throw Invalid($"Invalid value for MinuteOfHour (valid values 0 - 59): {minute}");
        if (second is < 0 or > 59) throw Invalid($"Invalid value for SecondOfMinute (valid values 0 - 59): {second}");
        if (nanosecond is < 0 or >= NanosPerSecond) throw Invalid($"Invalid value for NanoOfSecond (valid values 0 - 999999999): {nanosecond}");
        return hour * NanosPerHour + minute * NanosPerMinute + second * NanosPerSecond + nanosecond;
    }

    public static int CheckOffset(int offsetSeconds) => offsetSeconds is < -MaxOffsetSeconds or > MaxOffsetSeconds
        ? throw Invalid($"Zone offset not in valid range: -18:00 to +18:00 (got {TemporalFormat.Offset(offsetSeconds)})")
        : offsetSeconds;

    /// <summary>Floor division and modulo for negative numbers.</summary>
    public static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

    public static long FloorMod(long a, long b) => a - FloorDiv(a, b) * b;

    internal static GraphException Invalid(string message) => new(GraphErrorCodes.ArgumentError, message);
}

/// <summary>Neo4j's text forms of the temporal parts.</summary>
public static class TemporalFormat
{
    public static string Date(long epochDay)
    {
        var (year, month, day) = GraphCalendar.FromEpochDay(epochDay);
        return Year(year) + "-" + month.ToString("D2", CultureInfo.InvariantCulture) + "-" + day.ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>Four digits for years 0–9999; a sign and at least four digits otherwise.</summary>
    public static string Year(long year) => year switch
    {
        >= 0 and <= 9999 => year.ToString("D4", CultureInfo.InvariantCulture),
        > 9999 => "+" + year.ToString("D4", CultureInfo.InvariantCulture),
        _ => "-" + (-year).ToString("D4", CultureInfo.InvariantCulture),
    };

    /// <summary><c>HH:mm</c>, then <c>:ss</c> when seconds or nanoseconds are set, then the fraction in groups of
    /// three digits (<c>.645</c>, <c>.645876</c>, <c>.645876123</c>).</summary>
    public static string Time(long nanoOfDay)
    {
        var hour = nanoOfDay / GraphCalendar.NanosPerHour;
        var minute = nanoOfDay / GraphCalendar.NanosPerMinute % 60;
        var second = nanoOfDay / GraphCalendar.NanosPerSecond % 60;
        var nano = nanoOfDay % GraphCalendar.NanosPerSecond;
        var text = hour.ToString("D2", CultureInfo.InvariantCulture) + ":" + minute.ToString("D2", CultureInfo.InvariantCulture);
        if (second == 0 && nano == 0)
        {
            return text;
        }

        text += ":" + second.ToString("D2", CultureInfo.InvariantCulture);
        if (nano == 0)
        {
            return text;
        }

        return nano % 1_000_000 == 0 ? text + "." + (nano / 1_000_000).ToString("D3", CultureInfo.InvariantCulture)
            : nano % 1_000 == 0 ? text + "." + (nano / 1_000).ToString("D6", CultureInfo.InvariantCulture)
            : text + "." + nano.ToString("D9", CultureInfo.InvariantCulture);
    }

    /// <summary><c>Z</c> for UTC, else <c>+HH:MM</c>, with <c>:SS</c> when the offset has seconds.</summary>
    public static string Offset(int offsetSeconds)
    {
        if (offsetSeconds == 0)
        {
            return "Z";
        }

        var sign = offsetSeconds < 0 ? '-' : '+';
        var abs = Math.Abs(offsetSeconds);
        var text = $"{sign}{abs / 3600:D2}:{abs / 60 % 60:D2}";
        return abs % 60 == 0 ? text : text + $":{abs % 60:D2}";
    }
}
