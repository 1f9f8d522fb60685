namespace PaperGraph.Import;

/// <summary>Finds the known key a mistyped key most likely meant.</summary>
public static class KeySuggestions
{
    /// <summary>The closest key: one that contains or is contained in <paramref name="key"/> first, else the
    /// smallest edit distance; null when nothing is reasonably close.</summary>
    public static string? Nearest(string key, IEnumerable<string> known)
    {
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var candidate in known.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var distance = Distance(key, candidate);
            var contains = candidate.Length >= 3 && (key.Contains(candidate, StringComparison.Ordinal) || candidate.Contains(key, StringComparison.Ordinal));
            var score = contains ? distance - 100 : distance;
            if (score < bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }
        if (best is null) return null;
        return bestScore < 0 || bestScore <= Math.Max(2, key.Length / 2) ? best : null;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
