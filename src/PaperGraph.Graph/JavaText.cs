using System.Globalization;
using System.Text;

namespace PaperGraph.Graph;

/// <summary>
/// Text as Neo4j's server writes it on the wire, where it comes from Java: a double as <c>Double.toString</c>
/// prints it, and temporal values as <c>java.time</c>'s ISO formatters print them (seconds always there).
/// </summary>
public static class JavaText
{
    /// <summary>A double as Java prints it: the shortest digits that read back to the same value, at least one
    /// fractional digit (<c>1.0</c>), scientific notation outside [10^-3, 10^7) (<c>1.0E10</c>, <c>1.0E-4</c>), and
    /// <c>NaN</c>, <c>Infinity</c>, <c>-Infinity</c>.</summary>
    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        var magnitude = Math.Abs(value);
        var (digits, point) = ShortestDigits(magnitude);
        var text = new StringBuilder(digits.Length + 8);
        if (value < 0) text.Append('-');
        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            if (point <= 0) text.Append("0.").Append('0', -point).Append(digits);
            else if (point >= digits.Length) text.Append(digits).Append('0', point - digits.Length).Append(".0");
            else text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
        else
        {
            text.Append(digits[0]).Append('.').Append(digits.Length > 1 ? digits[1..] : "0");
            text.Append('E').Append((point - 1).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>value = 0.digits × 10^point, with the shortest round-tripping digits (what "R" gives).</summary>
    private static (string Digits, int Point) ShortestDigits(double magnitude)
    {
        var round = magnitude.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = round.IndexOfAny(['E', 'e']);
        var mantissa = round;
        if (e >= 0)
        {
            exponent = int.Parse(round.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = round[..e];
        }
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        var all = intPart + fraction;
        var point = intPart.Length + exponent;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0') leading++;
        all = all[leading..];
        point -= leading;
        return (all.TrimEnd('0') is { Length: > 0 } trimmed ? trimmed : "0", point);
    }

    /// <summary>Java's names of the non-finite doubles.</summary>
    public static bool TryParseSpecialDouble(string text, out double value)
    {
        value = text switch
        {
            "NaN" => double.NaN,
            "Infinity" or "+Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => 0,
        };
        return text is "NaN" or "Infinity" or "+Infinity" or "-Infinity";
    }

    /// <summary>A temporal value as Neo4j's Query API writes it: <c>java.time</c>'s ISO formatters, which always
    /// print the seconds (<c>12:50:00+01:00</c>) and the fraction without trailing zeros (<c>12:50:00.5</c>);
    /// durations in Neo4j's own form (as <c>toString()</c>).</summary>
    public static string Temporal(GraphTemporal value) => value switch
    {
        GraphLocalTime t => IsoTime(t.NanoOfDay),
        GraphTime t => IsoTime(t.NanoOfDay) + TemporalFormat.Offset(t.OffsetSeconds),
        GraphLocalDateTime t => TemporalFormat.Date(t.Date.EpochDay) + "T" + IsoTime(t.Time.NanoOfDay),
        GraphDateTime t => TemporalFormat.Date(t.Local.Date.EpochDay) + "T" + IsoTime(t.Local.Time.NanoOfDay)
                           + TemporalFormat.Offset(t.OffsetSeconds) + (t.ZoneId is null ? "" : "[" + t.ZoneId + "]"),
        _ => value.ToString(),
    };

    /// <summary><c>HH:mm:ss</c>, then the fraction with as few digits as it needs (ISO_LOCAL_TIME).</summary>
    public static string IsoTime(long nanoOfDay)
    {
        var hour = nanoOfDay / GraphCalendar.NanosPerHour;
        var minute = nanoOfDay / GraphCalendar.NanosPerMinute % 60;
        var second = nanoOfDay / GraphCalendar.NanosPerSecond % 60;
        var nano = nanoOfDay % GraphCalendar.NanosPerSecond;
        var text = string.Create(CultureInfo.InvariantCulture, $"{hour:D2}:{minute:D2}:{second:D2}");
        return nano == 0 ? text : text + "." + nano.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
    }
}
