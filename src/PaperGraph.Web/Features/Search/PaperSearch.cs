using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.Search;

/// <summary>One search answer.</summary>
/// <param name="Match">What matched: <c>key</c>, <c>alias</c>, <c>title</c> or <c>fuzzy</c>.</param>
public sealed record SearchHit(string Key, string Title, long? Year, string? Section, string Match, double Score);

/// <summary>
/// Forgiving search over keys, aliases and titles: case, accents, punctuation and spacing do not matter
/// ("gpt2", "GPT 2" and "gpt-2" are one), word prefixes match, and a typo or two in a word is forgiven.
/// </summary>
public static class PaperSearch
{
    public static IReadOnlyList<SearchHit> Find(PaperGraphModel graph, string query, int limit = 10)
    {
        var q = Normalize(query);
        if (q.Length == 0)
            return [];
        var qCompact = q.Replace(" ", "", StringComparison.Ordinal);
        var qWords = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var hits = new List<SearchHit>();
        foreach (var prepared in Prepared(graph))
        {
            var (score, match) = Score(prepared, q, qCompact, qWords);
            if (score > 0)
            {
                var paper = prepared.Paper;
                hits.Add(new SearchHit(paper.Key, paper.Title, paper.Year, paper.Section, match, score));
            }
        }
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.Title.Length).ThenBy(h => h.Key, StringComparer.Ordinal)
            .Take(limit).ToList();
    }

    /// <summary>A paper's names, normalized once per version of the graph (50,000 titles took most of a search).</summary>
    private sealed record PreparedPaper(PaperInfo Paper, (string Compact, bool IsKey)[] Names, string Title, string TitleCompact, string[] Words);

    private static readonly ConditionalWeakTable<PaperGraphModel, PreparedPaper[]> Cache = [];

    private static PreparedPaper[] Prepared(PaperGraphModel graph) => Cache.GetValue(graph, g => g.Papers.Select(paper =>
    {
        var names = paper.Aliases.Select(a => (a, false)).Prepend((paper.Key, true))
            .Select(n => (Normalize(n.Item1).Replace(" ", "", StringComparison.Ordinal), n.Item2))
            .Where(n => n.Item1.Length > 0).ToArray();
        var title = Normalize(paper.Title);
        return new PreparedPaper(paper, names, title, title.Replace(" ", "", StringComparison.Ordinal),
            title.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }).ToArray());

    private static (double, string) Score(PreparedPaper paper, string q, string qCompact, string[] qWords)
    {
        var best = (0.0, "");
        void Consider(double s, string m)
        {
            if (s > best.Item1)
                best = (s, m);
        }

        foreach (var (compact, isKey) in paper.Names)
        {
            if (compact == qCompact)
                Consider(isKey ? 100 : 95, isKey ? "key" : "alias");
            else if (compact.StartsWith(qCompact, StringComparison.Ordinal))
                Consider(isKey ? 85 : 80, isKey ? "key" : "alias");
            else if (qCompact.Length >= 3 && Typos(compact, qCompact) <= MaxTypos(qCompact.Length))
                Consider(isKey ? 55 : 50, "fuzzy");
        }

        var title = paper.Title;
        var titleCompact = paper.TitleCompact;
        var words = paper.Words;
        if (title == q)
            Consider(98, "title");
        else if (title.StartsWith(q, StringComparison.Ordinal))
            Consider(75, "title");
        else if (qCompact.Length >= 2 && titleCompact.Contains(qCompact, StringComparison.Ordinal)
            && words.Any(w => w.StartsWith(qWords[0], StringComparison.Ordinal)))
            Consider(70, "title");
        else if (qCompact.Length >= 3 && titleCompact.Contains(qCompact, StringComparison.Ordinal))
            Consider(45, "title");

        // Every query word matches a title word: exactly, as a prefix, or with a typo.
        if (qWords.Length > 0)
        {
            double total = 0;
            foreach (var qw in qWords)
            {
                double wordBest = 0;
                foreach (var w in words)
                {
                    if (w == qw)
                        wordBest = Math.Max(wordBest, 1);
                    else if (w.StartsWith(qw, StringComparison.Ordinal) && qw.Length >= 2)
                        wordBest = Math.Max(wordBest, 0.8);
                    else if (qw.Length >= 4 && Typos(w, qw) <= MaxTypos(qw.Length))
                        wordBest = Math.Max(wordBest, 0.6);
                }
                if (wordBest == 0)
                {
                    total = 0;
                    break;
                }
                total += wordBest;
            }
            if (total > 0)
                Consider(30 + 30 * total / qWords.Length, total == qWords.Length ? "title" : "fuzzy");
        }
        return best;
    }

    private static int MaxTypos(int length) => length >= 8 ? 2 : length >= 3 ? 1 : 0;

    /// <summary>Levenshtein distance with adjacent transpositions, capped early at 3.</summary>
    internal static int Typos(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
            return 3;
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>Lower case, accents removed, every run of non-letters-or-digits one space.</summary>
    internal static string Normalize(string text)
    {
        // With ICU this takes the accents off every script; text with a lone surrogate has no normal form and is
        // searched as written rather than failing the request.
        string decomposed;
        try
        {
            decomposed = text.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            decomposed = text;
        }

        var sb = new StringBuilder(decomposed.Length);
        var space = true;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space)
            {
                sb.Append(' ');
                space = true;
            }
        }
        return sb.ToString().TrimEnd();
    }
}
