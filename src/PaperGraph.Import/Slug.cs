using System.Globalization;
using System.Text;

namespace PaperGraph.Import;

/// <summary>Stable lowercase keys made from titles.</summary>
public static class Slug
{
    /// <summary>
    /// Lowercases, drops accents, keeps letters and digits of any script (and a dot between two digits), joins
    /// the rest with single hyphens, and cuts long results at a hyphen before <paramref name="maxLength"/>.
    /// Returns an empty string when the text has no letter or digit.
    /// </summary>
    public static string From(string text, int maxLength = 60)
    {
        // No string.Normalize here: keys are identities in stores made while the apps ran with invariant globalization
        // (where it changed nothing), and with ICU it would change them (Hangul to Jamo, 'ﬁ' to "fi") or throw on a
        // lone surrogate. Fold below handles precomposed Latin letters; combining marks are dropped.
        var sb = new StringBuilder(text.Length);
        var runes = text.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            var category = Rune.GetUnicodeCategory(r);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
                continue;
            if (Rune.IsLetterOrDigit(r))
            {
                var lower = Rune.ToLowerInvariant(r);
                var folded = lower.IsBmp ? Fold((char)lower.Value) : null;
                sb.Append(folded ?? lower.ToString());
            }
            else if (r.Value == '.' && sb.Length > 0 && char.IsDigit(sb[^1]) && i + 1 < runes.Length && Rune.IsDigit(runes[i + 1]))
            {
                sb.Append('.');
            }
            else if (r.Value is '\'' or '\u2019')
            {
                // "Let's" → "lets": an apostrophe does not split a word.
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }
        var slug = sb.ToString().Trim('-');
        if (slug.Length <= maxLength) return slug;
        var cut = slug.LastIndexOf('-', maxLength);
        slug = cut > maxLength / 2 ? slug[..cut] : slug[..maxLength];
        if (char.IsHighSurrogate(slug[^1])) slug = slug[..^1];
        return slug.Trim('-');
    }

    // Latin letters with diacritics, folded to ASCII.
    private const string Accented = "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž";
    private const string Plain = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnoooooooooorrrssssttuuuuuuuuuuwyyyzzz";

    private static string? Fold(char c) => c switch
    {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        'ð' => "d",
        _ => Accented.IndexOf(c, StringComparison.Ordinal) is var i and >= 0 ? Plain[i].ToString() : null,
    };

    /// <summary>True when <paramref name="key"/> is what <see cref="From"/> could produce (a valid key).</summary>
    public static bool IsValidKey(string key) =>
        key.Length > 0 && key.Length <= 100 && From(key, 100) == key;
}
