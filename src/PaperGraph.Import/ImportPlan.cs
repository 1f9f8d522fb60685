namespace PaperGraph.Import;

/// <summary>A <c>(:Section)</c> node to write.</summary>
/// <param name="Order">1-based position of the section across everything imported together.</param>
/// <param name="Collection">The title of the reading list the section comes from.</param>
public sealed record SectionRecord(string Key, string Title, string? Part, int Order, string? Collection);

/// <summary>A <c>(:Paper)</c> node to write.</summary>
public sealed record PaperRecord(
    string Key, string Title, string Url, string Kind, int? Year, string? ArxivId,
    IReadOnlyList<string> Authors, IReadOnlyList<string> Aliases, string? Venue);

/// <summary>A <c>(:Paper)-[:IN_SECTION {order}]->(:Section)</c> edge; order is the paper's place in the section.</summary>
public sealed record MembershipRecord(string PaperKey, string SectionKey, int Order);

/// <summary>A <c>(:Paper)-[:PREREQUISITE_OF {reason, curator}]->(:Paper)</c> edge.</summary>
public sealed record PrerequisiteRecord(string From, string To, string Reason, string Curator, string Source, int Line);

/// <summary>
/// Everything an import will write, checked in memory first: sections, papers (one per work), memberships and
/// prerequisite edges. Building a plan never touches a store; a plan that exists is valid.
/// </summary>
public sealed class ImportPlan
{
    private ImportPlan(IReadOnlyList<SectionRecord> sections, IReadOnlyList<PaperRecord> papers,
        IReadOnlyList<MembershipRecord> memberships, IReadOnlyList<PrerequisiteRecord> prerequisites, int linkCount)
    {
        Sections = sections;
        Papers = papers;
        Memberships = memberships;
        Prerequisites = prerequisites;
        LinkCount = linkCount;
    }

    /// <summary>The same plan without some papers (and their memberships and edges) and some edges.</summary>
    internal ImportPlan Without(Func<PaperRecord, bool> dropPaper, Func<PrerequisiteRecord, bool> dropEdge)
    {
        var dropped = Papers.Where(dropPaper).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return new ImportPlan(Sections, Papers.Where(p => !dropped.Contains(p.Key)).ToList(),
            Memberships.Where(m => !dropped.Contains(m.PaperKey)).ToList(),
            Prerequisites.Where(e => !dropped.Contains(e.From) && !dropped.Contains(e.To) && !dropEdge(e)).ToList(), LinkCount);
    }

    public IReadOnlyList<SectionRecord> Sections { get; }
    public IReadOnlyList<PaperRecord> Papers { get; }
    public IReadOnlyList<MembershipRecord> Memberships { get; }
    public IReadOnlyList<PrerequisiteRecord> Prerequisites { get; }

    /// <summary>How many links the reading lists hold (several may point at one paper).</summary>
    public int LinkCount { get; }

    /// <summary>Reads and checks the given files. Every problem in every file is reported together.</summary>
    /// <param name="knownKeys">Paper keys already in the store, which edges may also name.</param>
    /// <exception cref="ImportException">Anything is wrong; nothing has been written.</exception>
    public static ImportPlan FromFiles(IReadOnlyList<string> markdownFiles, string? papersFile, string? prerequisitesFile,
        IReadOnlySet<string>? knownKeys = null)
    {
        var errors = new List<ImportError>();
        var lists = new List<ReadingList>();
        foreach (var file in markdownFiles)
        {
            try { lists.Add(ReadingListReader.ReadFile(file)); }
            catch (ImportException e) { errors.AddRange(e.Errors); }
        }
        IReadOnlyList<CuratedPaper> papers = [];
        if (papersFile is not null)
        {
            try { papers = PapersFile.ReadFile(papersFile); }
            catch (ImportException e) { errors.AddRange(e.Errors); }
        }
        var papersRead = errors.Count == 0;
        IReadOnlyList<PrerequisiteEntry> edges = [];
        if (prerequisitesFile is not null)
        {
            try
            {
                var (read, problems) = PrerequisiteFile.ReadFileAll(prerequisitesFile);
                edges = read;
                errors.AddRange(problems);
            }
            catch (ImportException e) { errors.AddRange(e.Errors); }
        }
        // The lists and curated papers read: check them (and the edges that read) too, so one run reports every
        // kind of problem. A list or papers.yaml that did not read would only add errors that follow from it.
        if (!papersRead) throw new ImportException(errors);
        ImportPlan? plan = null;
        try
        {
            plan = Build(lists, papers, edges,
                papersFile is null ? "papers.yaml" : SourceText.DisplayName(papersFile),
                prerequisitesFile is null ? "prerequisites.yaml" : SourceText.DisplayName(prerequisitesFile), knownKeys);
        }
        catch (ImportException e) { errors.AddRange(e.Errors); }
        if (errors.Count > 0) throw new ImportException(errors);
        return plan!;
    }

    /// <summary>Builds a plan from what the readers returned.</summary>
    /// <exception cref="ImportException">A curated entry matches nothing, or an edge is invalid.</exception>
    public static ImportPlan Build(IReadOnlyList<ReadingList> lists, IReadOnlyList<CuratedPaper> curated,
        IReadOnlyList<PrerequisiteEntry> edges, string papersSource = "papers.yaml",
        string prerequisitesSource = "prerequisites.yaml", IReadOnlySet<string>? knownKeys = null)
    {
        var errors = new List<ImportError>();
        var index = new CuratedIndex(curated);

        // Sections, in order across the lists; the same key twice must be the same section.
        var sections = new List<SectionRecord>();
        var sectionByKey = new Dictionary<string, (SectionRecord Record, string Source, int Line)>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            foreach (var s in list.Sections)
            {
                if (sectionByKey.TryGetValue(s.Key, out var existing))
                {
                    if (!string.Equals(existing.Record.Title, s.Title, StringComparison.Ordinal))
                        errors.Add(new ImportError(list.Source, s.Line,
                            $"section key '{s.Key}' ('{s.Title}') is already used by '{existing.Record.Title}' ({existing.Source}:{existing.Line})"));
                    continue;
                }
                var record = new SectionRecord(s.Key, s.Title, s.Part, sections.Count + 1, list.Title);
                sections.Add(record);
                sectionByKey[s.Key] = (record, list.Source, s.Line);
            }
        }

        // Papers: one per work (same identity or same curated entry), in order of first appearance.
        var drafts = new List<PaperDraft>();
        var byIdentity = new Dictionary<string, PaperDraft>(StringComparer.Ordinal);
        var byCurated = new Dictionary<CuratedPaper, PaperDraft>(ReferenceEqualityComparer.Instance);
        var memberships = new List<MembershipRecord>();
        var membershipSeen = new HashSet<(PaperDraft, string)>();
        var sectionCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var linkCount = 0;
        foreach (var list in lists)
        {
            foreach (var link in list.Links)
            {
                linkCount++;
                var uri = LinkFacts.AsWebAddress(link.Url)!;
                var identity = LinkFacts.Identity(uri);
                var kind = LinkFacts.Kind(uri);
                if (!byIdentity.TryGetValue(identity, out var draft))
                {
                    var match = index.Match(uri, identity, link.Title, kind);
                    if (match is not null && byCurated.TryGetValue(match, out var same))
                    {
                        draft = same;
                    }
                    else
                    {
                        draft = new PaperDraft(link, uri, kind, match);
                        drafts.Add(draft);
                        if (match is not null) byCurated[match] = draft;
                    }
                    byIdentity[identity] = draft;
                }
                draft.Year ??= link.Year;
                if (membershipSeen.Add((draft, link.SectionKey)))
                {
                    var order = sectionCounts[link.SectionKey] = sectionCounts.GetValueOrDefault(link.SectionKey) + 1;
                    memberships.Add(new MembershipRecord(draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), link.SectionKey, order));
                }
            }
        }

        // Curated entries: each must match a link, unless it is marked as an addition.
        foreach (var entry in curated)
        {
            if (byCurated.ContainsKey(entry)) continue;
            if (entry.Curated)
            {
                var draft = PaperDraft.Addition(entry);
                drafts.Add(draft);
                byCurated[entry] = draft;
            }
            else
            {
                errors.Add(new ImportError(papersSource, entry.Line,
                    $"'{entry.Key}' matches no link of the reading list (by url, arXiv id or title); fix its url, or mark it 'curated: true' if it is an addition"));
            }
        }

        // Keys: curated keys first, then short names or slugs, made unique in order of appearance.
        var used = new HashSet<string>(curated.Select(c => c.Key), StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            if (draft.Curated is not null) { draft.Key = draft.Curated.Key; continue; }
            var baseKey = draft.ShortName is { } shortName ? Slug.From(shortName) : Slug.From(draft.Title);
            if (baseKey.Length == 0) baseKey = "link-" + StableHash(draft.Identity);
            var key = baseKey;
            for (var n = 2; !used.Add(key); n++) key = $"{baseKey}-{n}";
            draft.Key = key;
        }
        var papers = drafts.Select(d => d.ToRecord()).ToList();
        var keyOfDraft = drafts.ToDictionary(d => d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d => d.Key!, StringComparer.Ordinal);
        memberships = memberships.Select(m => m with { PaperKey = keyOfDraft[m.PaperKey] }).ToList();

        var prerequisites = CheckEdges(edges, papers.Select(p => p.Key).ToHashSet(StringComparer.Ordinal), knownKeys, prerequisitesSource, errors);
        if (errors.Count > 0) throw new ImportException(errors);
        return new ImportPlan(sections, papers, memberships, prerequisites, linkCount);
    }

    private static List<PrerequisiteRecord> CheckEdges(IReadOnlyList<PrerequisiteEntry> edges, HashSet<string> keys,
        IReadOnlySet<string>? knownKeys, string source, List<ImportError> errors)
    {
        var records = new List<PrerequisiteRecord>();
        var seen = new Dictionary<(string, string), int>();
        bool Known(string key) => keys.Contains(key) || knownKeys?.Contains(key) == true;
        foreach (var e in edges)
        {
            var ok = true;
            foreach (var key in new[] { e.From, e.To }.Distinct(StringComparer.Ordinal))
            {
                if (Known(key)) continue;
                ok = false;
                var all = knownKeys is null ? keys : keys.Concat(knownKeys);
                var nearest = KeySuggestions.Nearest(key, all);
                errors.Add(new ImportError(source, e.Line, nearest is null
                    ? $"unknown paper id '{key}'"
                    : $"unknown paper id '{key}' (known ids include '{nearest}')"));
            }
            if (string.Equals(e.From, e.To, StringComparison.Ordinal))
            {
                errors.Add(new ImportError(source, e.Line, $"'{e.From}' cannot be a prerequisite of itself"));
                ok = false;
            }
            if (seen.TryGetValue((e.From, e.To), out var firstLine))
            {
                errors.Add(new ImportError(source, e.Line, $"the edge {e.From} → {e.To} is already on line {firstLine}"));
                ok = false;
            }
            else
            {
                seen[(e.From, e.To)] = e.Line;
            }
            if (ok) records.Add(new PrerequisiteRecord(e.From, e.To, e.Reason, e.Curator, source, e.Line));
        }
        // Cycles among the edges that are otherwise valid, reported with the other problems, not after them.
        if (Cycles.Find(records.Select(r => (r.From, r.To, r.Line))) is { } cycle)
            errors.Add(new ImportError(source, cycle.Line, $"these edges form a cycle: {string.Join(" → ", cycle.Path)} (prerequisites must form a DAG; remove one of them)"));
        return records;
    }

    internal static string StableHash(string text)
    {
        // FNV-1a: the same text gives the same key on every machine and run.
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)[..8];
    }

    private sealed class PaperDraft
    {
        private static int _nextId;

        public PaperDraft(ListedLink link, Uri uri, string kind, CuratedPaper? curated)
        {
            Id = Interlocked.Increment(ref _nextId);
            Curated = curated;
            Identity = LinkFacts.Identity(uri);
            Url = link.Url;
            var arxiv = LinkFacts.ArxivId(uri);
            Title = curated?.Title is { Length: > 0 } t ? t : link.Title;
            Kind = curated?.Kind ?? kind;
            ArxivId = curated?.ArxivId ?? arxiv;
            Year = curated?.Year ?? (ArxivId is not null ? LinkFacts.ArxivYear(ArxivId) : null);
            ShortName = ShortNameOf(link.Title);
        }

        private PaperDraft(CuratedPaper curated)
        {
            Id = Interlocked.Increment(ref _nextId);
            Curated = curated;
            Url = curated.Url ?? $"https://arxiv.org/abs/{curated.ArxivId}";
            var uri = LinkFacts.AsWebAddress(Url)!;
            Identity = LinkFacts.Identity(uri);
            Title = curated.Title;
            Kind = curated.Kind ?? LinkFacts.Kind(uri);
            ArxivId = curated.ArxivId ?? LinkFacts.ArxivId(uri);
            Year = curated.Year ?? (ArxivId is not null ? LinkFacts.ArxivYear(ArxivId) : null);
        }

        public static PaperDraft Addition(CuratedPaper curated) => new(curated);

        public int Id { get; }
        public CuratedPaper? Curated { get; }
        public string Identity { get; }
        public string Url { get; }
        public string Title { get; }
        public string Kind { get; }
        public string? ArxivId { get; }
        public int? Year { get; set; }
        public string? ShortName { get; }
        public string? Key { get; set; }

        public PaperRecord ToRecord() => new(Key!, Title, Url, Kind, Year, ArxivId,
            Curated?.Authors ?? [],
            Curated is not null ? Curated.Aliases : ShortName is not null ? [ShortName] : [],
            Curated?.Venue);
    }

    /// <summary>"GPT-2: Language Models are…" → "GPT-2": the name people call a work by, when the title gives one.</summary>
    public static string? ShortNameOf(string title)
    {
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return null;
        var head = title[..colon].Trim();
        if (head.Length is 0 or > 40 || head.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 4) return null;
        if (head.StartsWith("http", StringComparison.OrdinalIgnoreCase)) return null;
        return Slug.From(head).Length > 0 ? head : null;
    }

    private sealed class CuratedIndex
    {
        private readonly Dictionary<string, CuratedPaper> _byIdentity = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CuratedPaper> _byTitle = new(StringComparer.Ordinal);

        public CuratedIndex(IReadOnlyList<CuratedPaper> curated)
        {
            foreach (var c in curated)
            {
                if (c.ArxivId is not null) _byIdentity.TryAdd("arxiv:" + c.ArxivId, c);
                if (c.Url is not null && LinkFacts.Identity(c.Url) is { } identity) _byIdentity.TryAdd(identity, c);
                _byTitle.TryAdd(TitleKey(c.Title), c);
                foreach (var alias in c.Aliases) _byTitle.TryAdd(TitleKey(alias), c);
            }
        }

        public CuratedPaper? Match(Uri uri, string identity, string title, string kind)
        {
            if (_byIdentity.TryGetValue(identity, out var byUrl)) return byUrl;
            // A title match finds the same work at another address, but never turns a code or video link into the paper.
            if (kind is "code" or "video") return null;
            return _byTitle.GetValueOrDefault(TitleKey(title));
        }

        private static string TitleKey(string title) => ReadingListReader.Clean(title).ToLowerInvariant();
    }
}
