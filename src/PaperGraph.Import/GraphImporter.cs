using System.Globalization;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Import;

/// <summary>Created / updated / unchanged counts for one kind of thing.</summary>
public sealed record ChangeCounts(int Created, int Updated, int Unchanged)
{
    public override string ToString() => $"{Created} created, {Updated} updated, {Unchanged} unchanged";
}

/// <summary>What an import did.</summary>
/// <param name="CuratorEdgesKept">Seed edges not written because a curator's edge already joins the same papers.</param>
public sealed record ImportSummary(ChangeCounts Sections, ChangeCounts Papers, ChangeCounts Memberships,
    ChangeCounts Prerequisites, int CuratorEdgesKept, int Links)
{
    /// <summary>True when the store already held everything (nothing was written).</summary>
    /// <summary>What the import did not write because curators changed it since (history), one line each:
    /// "edge word2vec -> glove: removed by cara (change 12)".</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    public bool NothingChanged => Sections.Created + Sections.Updated + Papers.Created + Papers.Updated +
        Memberships.Created + Memberships.Updated + Prerequisites.Created + Prerequisites.Updated == 0;
}

/// <summary>Progress of the write phase: <paramref name="Done"/> of <paramref name="Total"/> rows.</summary>
public sealed record ImportProgress(string Stage, int Done, int Total);

/// <summary>
/// Writes an <see cref="ImportPlan"/> through the graph seam, as Cypher: uniqueness constraints first, then one
/// transaction of parameterised <c>UNWIND … MERGE</c> batches. Only what differs from the store is written, so
/// re-importing changes nothing; edges whose curator is not <c>seed</c> are never touched or removed.
/// </summary>
public sealed class GraphImporter(IGraphDatabase database, TimeProvider? clock = null)
{
    /// <summary>The curator recorded for an import unless told otherwise.</summary>
    public const string DefaultActor = "import";

    /// <summary>Who imports (recorded in history as the curator of the import).</summary>
    public string Actor { get; init; } = DefaultActor;

    /// <summary>Rows per UNWIND statement.</summary>
    public int BatchSize { get; init; } = 1_000;

    public static readonly IReadOnlyList<string> ConstraintStatements =
    [
        "CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (p:Paper) REQUIRE p.key IS UNIQUE",
        "CREATE CONSTRAINT section_key IF NOT EXISTS FOR (s:Section) REQUIRE s.key IS UNIQUE",
    ];

    internal const string MergeSections = """
        UNWIND $rows AS row
        MERGE (s:Section {key: row.key})
        SET s.title = row.title, s.part = row.part, s.order = row.order, s.collection = row.collection
        """;

    internal const string MergePapers = """
        UNWIND $rows AS row
        MERGE (p:Paper {key: row.key})
        SET p.title = row.title, p.url = row.url, p.kind = row.kind, p.year = row.year, p.arxivId = row.arxivId,
            p.authors = row.authors, p.aliases = row.aliases, p.venue = row.venue
        """;

    // Relationships: the diff against the store already tells which are new, so new ones are CREATEd (the same
    // result as MERGE, one lookup less) and existing ones are matched and SET.
    internal const string CreateMemberships = """
        UNWIND $rows AS row
        MATCH (p:Paper {key: row.paper})
        MATCH (s:Section {key: row.section})
        CREATE (p)-[:IN_SECTION {order: row.order}]->(s)
        """;

    internal const string UpdateMemberships = """
        UNWIND $rows AS row
        MATCH (:Paper {key: row.paper})-[r:IN_SECTION]->(:Section {key: row.section})
        SET r.order = row.order
        """;

    internal const string CreatePrerequisites = """
        UNWIND $rows AS row
        MATCH (a:Paper {key: row.from})
        MATCH (b:Paper {key: row.to})
        CREATE (a)-[:PREREQUISITE_OF {reason: row.reason, curator: row.curator, createdAt: row.createdAt}]->(b)
        """;

    internal const string UpdatePrerequisites = """
        UNWIND $rows AS row
        MATCH (:Paper {key: row.from})-[r:PREREQUISITE_OF]->(:Paper {key: row.to})
        SET r.reason = row.reason, r.curator = row.curator
        """;

    /// <summary>Compares <paramref name="plan"/> with the store and writes the difference in one transaction.</summary>
    /// <exception cref="ImportException">The plan's edges close a cycle with edges already in the store; nothing is written.</exception>
    public async Task<ImportSummary> ImportAsync(ImportPlan plan, IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var snapshot = await GraphSnapshot.ReadAsync(database, cancellationToken).ConfigureAwait(false);
        var curated = await CuratedWork.ReadAsync(database, cancellationToken).ConfigureAwait(false);
        var diff = Diff(curated.Filter(plan, out var skipped), snapshot, curated);
        var summary = diff.Summary with { Skipped = skipped };
        if (summary.NothingChanged) return summary;

        foreach (var statement in ConstraintStatements.Concat(CurationLog.ConstraintStatements))
            await database.ExecuteAsync(new CypherQuery(statement), cancellationToken).ConfigureAwait(false);

        var total = diff.Sections.Count + diff.Papers.Count + diff.NewMemberships.Count + diff.ChangedMemberships.Count + diff.NewPrerequisites.Count + diff.ChangedPrerequisites.Count;
        var done = 0;
        await using var tx = await database.BeginTransactionAsync(AccessMode.Write, cancellationToken).ConfigureAwait(false);
        foreach (var (stage, statement, rows) in new[]
                 {
                     ("sections", MergeSections, diff.Sections), ("papers", MergePapers, diff.Papers),
                     ("sections of papers", CreateMemberships, diff.NewMemberships), ("sections of papers", UpdateMemberships, diff.ChangedMemberships),
                     ("prerequisites", CreatePrerequisites, diff.NewPrerequisites), ("prerequisites", UpdatePrerequisites, diff.ChangedPrerequisites),
                 })
        {
            for (var start = 0; start < rows.Count; start += BatchSize)
            {
                var batch = rows.GetRange(start, Math.Min(BatchSize, rows.Count - start));
                var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["rows"] = batch.Cast<object?>().ToList() };
                await tx.ExecuteAsync(new CypherQuery(statement, parameters), cancellationToken).ConfigureAwait(false);
                done += batch.Count;
                progress?.Report(new ImportProgress(stage, done, total));
            }
        }
        // One change in history for the whole import (the commit check then itemises nothing).
        var reserved = await tx.ExecuteAsync(new CypherQuery(CurationLog.Reserve,
            new Dictionary<string, object?> { ["count"] = 1L, ["own"] = true }) { Actor = Actor }, cancellationToken).ConfigureAwait(false);
        var change = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["seq"] = reserved.Values[0][0], ["at"] = CurationLog.Timestamp((clock ?? TimeProvider.System).GetUtcNow()),
            ["curator"] = Actor, ["action"] = CurationLog.Actions.Import, ["via"] = "import",
            ["reason"] = $"papers {summary.Papers}; prerequisite edges {summary.Prerequisites}" +
                         (skipped.Count > 0 ? $"; skipped {skipped.Count} curated change(s)" : ""),
        };
        await tx.ExecuteAsync(new CypherQuery(CurationLog.Record,
            new Dictionary<string, object?> { ["changes"] = new List<object?> { change } }) { Actor = Actor }, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private sealed record PlannedWrites(List<Dictionary<string, object?>> Sections, List<Dictionary<string, object?>> Papers,
        List<Dictionary<string, object?>> NewMemberships, List<Dictionary<string, object?>> ChangedMemberships,
        List<Dictionary<string, object?>> NewPrerequisites, List<Dictionary<string, object?>> ChangedPrerequisites, ImportSummary Summary);

    private PlannedWrites Diff(ImportPlan plan, GraphSnapshot store, CuratedWork curated)
    {
        var sections = new List<Dictionary<string, object?>>();
        int sCreated = 0, sUpdated = 0, sSame = 0;
        foreach (var s in plan.Sections)
        {
            var row = SectionRow(s);
            if (!store.Sections.TryGetValue(s.Key, out var stored)) { sCreated++; sections.Add(row); }
            else if (!SameProperties(row, stored)) { sUpdated++; sections.Add(row); }
            else sSame++;
        }

        var papers = new List<Dictionary<string, object?>>();
        int pCreated = 0, pUpdated = 0, pSame = 0;
        foreach (var p in plan.Papers)
        {
            var row = PaperRow(p);
            if (!store.Papers.TryGetValue(p.Key, out var stored)) { pCreated++; papers.Add(row); }
            else if (curated.Edited(p.Key)) pSame++; // a curator's edit wins over the file
            else if (!SameProperties(row, stored)) { pUpdated++; papers.Add(row); }
            else pSame++;
        }

        var storedMemberships = new Dictionary<(string, string), long?>();
        foreach (var m in store.Memberships) storedMemberships.TryAdd((m.PaperKey, m.SectionKey), m.Order);
        var newMemberships = new List<Dictionary<string, object?>>();
        var changedMemberships = new List<Dictionary<string, object?>>();
        int mCreated = 0, mUpdated = 0, mSame = 0;
        foreach (var m in plan.Memberships)
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal) { ["paper"] = m.PaperKey, ["section"] = m.SectionKey, ["order"] = (long)m.Order };
            if (!storedMemberships.TryGetValue((m.PaperKey, m.SectionKey), out var order)) { mCreated++; newMemberships.Add(row); }
            else if (order != m.Order) { mUpdated++; changedMemberships.Add(row); }
            else mSame++;
        }

        var storedEdges = new Dictionary<(string, string), StoredPrerequisite>();
        foreach (var e in store.Prerequisites) storedEdges.TryAdd((e.From, e.To), e);
        var createdAt = (clock ?? TimeProvider.System).GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var newEdges = new List<Dictionary<string, object?>>();
        var changedEdges = new List<Dictionary<string, object?>>();
        int eCreated = 0, eUpdated = 0, eSame = 0, kept = 0;
        foreach (var e in plan.Prerequisites)
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["from"] = e.From, ["to"] = e.To, ["reason"] = e.Reason, ["curator"] = e.Curator, ["createdAt"] = createdAt,
            };
            if (!storedEdges.TryGetValue((e.From, e.To), out var stored)) { eCreated++; newEdges.Add(row); }
            else if (stored.Curator != e.Curator && e.Curator == PrerequisiteFile.SeedCurator) kept++;
            else if (stored.Reason != e.Reason || stored.Curator != e.Curator) { eUpdated++; changedEdges.Add(row); }
            else eSame++;
        }

        // The DAG rule holds for the whole store: the file's edges must not close a cycle with a curator's edges.
        var fromPlan = plan.Prerequisites.ToDictionary(e => (e.From, e.To), e => e.Line);
        var all = store.Prerequisites.Where(e => !fromPlan.ContainsKey((e.From, e.To))).Select(e => (e.From, e.To, Line: 0))
            .Concat(plan.Prerequisites.Select(e => (e.From, e.To, e.Line)));
        if (Cycles.Find(all) is { } cycle)
        {
            var source = plan.Prerequisites.FirstOrDefault()?.Source ?? "prerequisites.yaml";
            throw new ImportException(source, cycle.Line,
                $"with the edges already in the store these edges form a cycle: {string.Join(" → ", cycle.Path)} (prerequisites must form a DAG)");
        }

        var summary = new ImportSummary(new ChangeCounts(sCreated, sUpdated, sSame), new ChangeCounts(pCreated, pUpdated, pSame),
            new ChangeCounts(mCreated, mUpdated, mSame), new ChangeCounts(eCreated, eUpdated, eSame), kept, plan.LinkCount);
        return new PlannedWrites(sections, papers, newMemberships, changedMemberships, newEdges, changedEdges, summary);
    }

    internal static Dictionary<string, object?> SectionRow(SectionRecord s) => new(StringComparer.Ordinal)
    {
        ["key"] = s.Key, ["title"] = s.Title, ["part"] = s.Part, ["order"] = (long)s.Order, ["collection"] = s.Collection,
    };

    internal static Dictionary<string, object?> PaperRow(PaperRecord p) => new(StringComparer.Ordinal)
    {
        ["key"] = p.Key, ["title"] = p.Title, ["url"] = p.Url, ["kind"] = p.Kind, ["year"] = p.Year is { } y ? (long)y : null,
        ["arxivId"] = p.ArxivId, ["authors"] = p.Authors.Cast<object?>().ToList(), ["aliases"] = p.Aliases.Cast<object?>().ToList(),
        ["venue"] = p.Venue,
    };

    /// <summary>True when every planned property equals the stored one (a null means "absent").</summary>
    private static bool SameProperties(Dictionary<string, object?> planned, IReadOnlyDictionary<string, object?> stored)
    {
        foreach (var (name, value) in planned)
        {
            stored.TryGetValue(name, out var current);
            if (!SameValue(value, current)) return false;
        }
        return true;
    }

    private static bool SameValue(object? a, object? b)
    {
        a = GraphValues.Normalize(a);
        b = GraphValues.Normalize(b);
        return (a, b) switch
        {
            (null, null) => true,
            (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => x.Count == y.Count && x.Zip(y).All(p => SameValue(p.First, p.Second)),
            (long x, double y) => x == y,
            (double x, long y) => x == y,
            _ => Equals(a, b),
        };
    }
}
