namespace PaperGraph.Cypher.Values;

/// <summary>Exact comparison of a 64-bit integer with a float (no rounding of the integer to a double, so
/// 2^53 + 1 is not equal to 2^53 as a float).</summary>
internal static class NumberOrder
{
    private const double TwoPow63 = 9223372036854775808.0;

    /// <summary>Whether <paramref name="l"/> and <paramref name="d"/> are the same number (NaN: never).</summary>
    public static bool Equal(long l, double d) =>
        d >= -TwoPow63 && d < TwoPow63 && Math.Floor(d) == d && (long)d == l;

    /// <summary>Sign of <c>l - d</c>; <paramref name="d"/> must not be NaN.</summary>
    public static int Compare(long l, double d)
    {
        if (d >= TwoPow63)
        {
            return -1;
        }

        if (d < -TwoPow63)
        {
            return 1;
        }

        var truncated = (long)d;
        if (l != truncated)
        {
            return l < truncated ? -1 : 1;
        }

        // Same integral part: the fraction of d decides. Only floats below 2^52 have one, and for those the
        // subtraction is exact.
        var fraction = d - truncated;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }
}
