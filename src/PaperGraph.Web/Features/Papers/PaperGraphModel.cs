using PaperGraph.Graph;

namespace PaperGraph.Web.Features.Papers;

/// <summary>A section of the reading list.</summary>
public sealed record SectionInfo(string Key, string Title, string? Part, double Order);

/// <summary>A paper (any reading item) with the metadata the explorer shows.</summary>
/// <param name="Section">The key of its first section (by section order), used for colour and grouping.</param>
/// <param name="Sections">Every section it is listed in.</param>
public sealed record PaperInfo(string Key, string Title, string? Url, string? Kind, long? Year,
    IReadOnlyList<string> Authors, IReadOnlyList<string> Aliases, string? Section, IReadOnlyList<string> Sections,
    bool CuratedAddition);

/// <summary>A curated edge: <see cref="From"/> is a prerequisite of <see cref="To"/>.</summary>
public sealed record PrerequisiteEdge(string From, string To, string? Reason, string? Curator);

/// <summary>
/// The whole prerequisite graph as the explorer reads it: sections, papers and PREREQUISITE_OF edges,
/// with indexes for walking it both ways.
/// </summary>
/// <remarks>Immutable once built, so one instance is shared by concurrent requests.</remarks>
public sealed class PaperGraphModel
{
    private readonly Dictionary<string, PaperInfo> _papers;
    private readonly Dictionary<string, SectionInfo> _sections;
    private readonly Dictionary<string, List<PrerequisiteEdge>> _incoming = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PrerequisiteEdge>> _outgoing = new(StringComparer.Ordinal);

    public PaperGraphModel(IEnumerable<SectionInfo> sections, IEnumerable<PaperInfo> papers,
        IEnumerable<PrerequisiteEdge> edges, long sequence = 0)
    {
        Sections = sections.OrderBy(s => s.Order).ThenBy(s => s.Key, StringComparer.Ordinal).ToList();
        _sections = Sections.ToDictionary(s => s.Key, StringComparer.Ordinal);
        _papers = new Dictionary<string, PaperInfo>(StringComparer.Ordinal);
        foreach (var p in papers)
            _papers[p.Key] = p;
        Edges = edges.Where(e => _papers.ContainsKey(e.From) && _papers.ContainsKey(e.To)).ToList();
        foreach (var e in Edges)
        {
            Add(_outgoing, e.From, e);
            Add(_incoming, e.To, e);
        }
        Papers = _papers.Values.OrderBy(SortKey, SortKeyOrder).ToList();
        Sequence = sequence;
    }

    /// <summary>Sections in list order.</summary>
    public IReadOnlyList<SectionInfo> Sections { get; }

    /// <summary>Papers in reading order of the list: section order, then year, then title.</summary>
    public IReadOnlyList<PaperInfo> Papers { get; }

    public IReadOnlyList<PrerequisiteEdge> Edges { get; }

    /// <summary>The change-feed sequence the model was read at (0 when unknown).</summary>
    public long Sequence { get; }

    public PaperInfo? Find(string key) => _papers.GetValueOrDefault(key);

    public SectionInfo? FindSection(string? key) => key is null ? null : _sections.GetValueOrDefault(key);

    /// <summary>Edges into <paramref name="key"/>: its prerequisites.</summary>
    public IReadOnlyList<PrerequisiteEdge> PrerequisitesOf(string key) =>
        _incoming.TryGetValue(key, out var list) ? list : [];

    /// <summary>Edges out of <paramref name="key"/>: what it unlocks.</summary>
    public IReadOnlyList<PrerequisiteEdge> UnlocksOf(string key) =>
        _outgoing.TryGetValue(key, out var list) ? list : [];

    /// <summary>Tie-break order for papers: their section's order, then year (unknown last), then title.</summary>
    public (double, long, string) SortKey(PaperInfo p) =>
        (FindSection(p.Section)?.Order ?? double.MaxValue, p.Year ?? long.MaxValue, p.Title.ToUpperInvariant());

    /// <summary>Orders <see cref="SortKey"/>s with titles compared ordinally: a tuple's own CompareTo compares strings
    /// by the machine's culture, which would make the order depend on where the app runs.</summary>
    public static IComparer<(double, long, string)> SortKeyOrder { get; } = Comparer<(double, long, string)>.Create((a, b) =>
    {
        var c = a.Item1.CompareTo(b.Item1);
        if (c == 0) c = a.Item2.CompareTo(b.Item2);
        return c != 0 ? c : string.CompareOrdinal(a.Item3, b.Item3);
    });

    private static void Add(Dictionary<string, List<PrerequisiteEdge>> index, string key, PrerequisiteEdge edge)
    {
        if (!index.TryGetValue(key, out var list))
            index[key] = list = [];
        list.Add(edge);
    }

    /// <summary>Reads a property as text (numbers too), or null.</summary>
    internal static string? Text(IReadOnlyDictionary<string, object?> props, string name) =>
        props.TryGetValue(name, out var v) ? v switch
        {
            null => null,
            string s => s,
            IReadOnlyList<object?> list => string.Join(", ", list),
            _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
        } : null;

    /// <summary>Reads a property that may be a list or a single delimited string as a list of strings.</summary>
    internal static IReadOnlyList<string> TextList(IReadOnlyDictionary<string, object?> props, string name) =>
        props.TryGetValue(name, out var v) ? v switch
        {
            null => [],
            string s => s.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            IEnumerable<object?> list => list.Where(x => x is not null).Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture)!).ToList(),
            _ => [Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)!],
        } : [];

    internal static long? Integer(object? v) => v switch
    {
        long l => l,
        int i => i,
        double d when !double.IsNaN(d) => (long)d,
        string s when long.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    internal static double Number(object? v, double fallback) => v switch
    {
        long l => l,
        int i => i,
        double d => d,
        string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => fallback,
    };

    internal static bool Flag(IReadOnlyDictionary<string, object?> props, params string[] names) =>
        names.Any(n => props.TryGetValue(n, out var v) && v switch
        {
            bool b => b,
            string s => s.Length > 0 && !string.Equals(s, "false", StringComparison.OrdinalIgnoreCase),
            _ => false,
        });
}
