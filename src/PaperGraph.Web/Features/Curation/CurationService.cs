using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Web.Features.Curation;

/// <summary>An answer of the curation API before it becomes HTTP: a status, ProblemDetails text or a body, an ETag.</summary>
public sealed record CurationOutcome(int Status, object? Body = null, string? Title = null, string? Detail = null,
    IReadOnlyDictionary<string, object?>? Extensions = null, string? ETag = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static CurationOutcome Problem(int status, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new(status, null, title, detail, extensions);
}

/// <summary>A prerequisite edge as the curation API answers it, with its version (the ETag to send back as If-Match).</summary>
public sealed record CuratedEdge(string From, string To, string Reason, string? Curator, string? CreatedAt, string Version, long? Seq = null);

/// <summary>A paper's editable fields (null: not given / unchanged).</summary>
public sealed record PaperFields(string? Key, string? Title, string? Url, long? Year, string? Kind,
    IReadOnlyList<string>? Aliases, string? Section);

/// <summary>A paper as the curation API answers it.</summary>
public sealed record CuratedPaper(string Key, string Title, string? Url, long? Year, string? Kind,
    IReadOnlyList<string> Aliases, IReadOnlyList<string> Sections, string Version, long? Seq = null);

/// <summary>
/// Curators' changes to edges and papers, each in one write transaction that takes the curation lock first
/// (<see cref="CurationLog.Reserve"/>), checks the rules against the graph as it is inside that transaction, writes,
/// and records its <c>(:Change)</c> before committing. The database's own commit check enforces the same rules
/// again for every other way in.
/// </summary>
public sealed partial class CurationService(IGraphDatabase database, TimeProvider clock)
{
    private const string FindPapers = "MATCH (p:Paper) WHERE p.key IN $keys RETURN p.key";

    private const string ReadEdge = """
        MATCH (a:Paper {key: $from})-[r:PREREQUISITE_OF]->(b:Paper {key: $to})
        RETURN r.reason AS reason, r.curator AS curator, r.createdAt AS createdAt
        """;

    private const string ChainBack = """
        MATCH (b:Paper {key: $to}), (a:Paper {key: $from})
        MATCH p = shortestPath((b)-[:PREREQUISITE_OF*]->(a))
        RETURN [n IN nodes(p) | n.key] AS keys
        """;

    private const string CreateEdge = """
        MATCH (a:Paper {key: $from}), (b:Paper {key: $to})
        CREATE (a)-[r:PREREQUISITE_OF {reason: $reason, curator: $curator, createdAt: $at}]->(b)
        RETURN r.reason, r.curator, r.createdAt
        """;

    private const string RewordEdge = """
        MATCH (:Paper {key: $from})-[r:PREREQUISITE_OF]->(:Paper {key: $to})
        SET r.reason = $reason, r.curator = $curator
        RETURN r.reason, r.curator, r.createdAt
        """;

    // The deleted ids go into the change's record (CurationLog.Deleted), for feeds that read the history.
    private const string DeleteEdge = """
        MATCH (:Paper {key: $from})-[r:PREREQUISITE_OF]->(:Paper {key: $to})
        WITH r, elementId(r) AS id
        DELETE r
        RETURN id
        """;

    private const string PaperAndItsRelationships = """
        MATCH (p:Paper {key: $key})
        OPTIONAL MATCH (p)-[r]-()
        RETURN elementId(p) AS paper, collect(DISTINCT elementId(r)) AS relationships
        """;

    private const string MembershipsOf = "MATCH (:Paper {key: $key})-[m:IN_SECTION]->(:Section) RETURN elementId(m)";

    private const string ReadPaper = """
        MATCH (p:Paper {key: $key})
        OPTIONAL MATCH (p)-[:IN_SECTION]->(s:Section)
        RETURN p, collect(s.key) AS sections
        """;

    private const string EdgesOfPaper = """
        MATCH (a:Paper)-[:PREREQUISITE_OF]->(b:Paper)
        WHERE a.key = $key OR b.key = $key
        RETURN a.key, b.key ORDER BY a.key, b.key
        """;

    /// <summary>The properties a curator edits on a paper.</summary>
    public static readonly IReadOnlyList<string> PaperProperties = ["title", "url", "year", "kind", "aliases"];

    private readonly TimeProvider _clock = clock;

    // ---- edges ----

    /// <summary>Adds <paramref name="from"/> → <paramref name="to"/>, or re-words it when it exists.</summary>
    public async Task<CurationOutcome> AddEdgeAsync(string? from, string? to, string? reason, string curator, string? ifMatch,
        string? proposer, CancellationToken ct, Func<IGraphTransaction, long?, Task>? alsoInTransaction = null)
    {
        from = from?.Trim();
        to = to?.Trim();
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
            return CurationOutcome.Problem(400, "Missing paper", "Give both 'from' (the prerequisite) and 'to' (what it unlocks) as paper keys.");
        if (string.IsNullOrEmpty(reason))
            return CurationOutcome.Problem(400, "Missing reason", $"Say why '{from}' should be read before '{to}': every prerequisite edge needs a reason.");
        if (string.Equals(from, to, StringComparison.Ordinal))
            return CurationOutcome.Problem(400, "Self-loop", $"'{from}' cannot be a prerequisite of itself.");

        await using var tx = await database.BeginTransactionAsync(AccessMode.Write, ct);
        var seq = await LockAsync(tx, curator, ct);
        if (await MissingAsync(tx, [from, to], ct) is { } missing) return missing;

        var existing = await tx.ExecuteAsync(Q(ReadEdge, ("from", from), ("to", to)), ct);
        if (existing.Values.Count > 0)
        {
            var row = existing.Values[0];
            var current = Edge(from, to, row);
            if (ifMatch is not null && !VersionMatches(ifMatch, current.Version))
                return Stale($"the edge {from} → {to}", current.Version);
            if (string.Equals(row[0] as string, reason, StringComparison.Ordinal))
            {
                if (alsoInTransaction is null) return new CurationOutcome(200, current, ETag: current.Version);
                await alsoInTransaction(tx, null);
                await tx.CommitAsync(ct);
                return new CurationOutcome(200, current, ETag: current.Version);
            }
            var reworded = await tx.ExecuteAsync(Q(RewordEdge, ("from", from), ("to", to), ("reason", reason), ("curator", curator)), ct);
            await RecordAsync(tx, seq, curator, CurationLog.Actions.RewordEdge, ct, from: from, to: to, reason: reason,
                previous: row[0] as string, proposer: proposer);
            if (alsoInTransaction is not null) await alsoInTransaction(tx, seq);
            await tx.CommitAsync(ct);
            var edge = Edge(from, to, reworded.Values[0]) with { Seq = seq };
            return new CurationOutcome(200, edge, ETag: edge.Version);
        }

        if (await CycleAsync(tx, from, to, ct) is { } cycle)
            return CycleProblem(from, to, cycle);
        var created = await tx.ExecuteAsync(Q(CreateEdge, ("from", from), ("to", to), ("reason", reason), ("curator", curator), ("at", Now())), ct);
        await RecordAsync(tx, seq, curator, CurationLog.Actions.AddEdge, ct, from: from, to: to, reason: reason, proposer: proposer);
        if (alsoInTransaction is not null) await alsoInTransaction(tx, seq);
        await tx.CommitAsync(ct);
        var added = Edge(from, to, created.Values[0]) with { Seq = seq };
        return new CurationOutcome(201, added, ETag: added.Version);
    }

    /// <summary>Removes <paramref name="from"/> → <paramref name="to"/>.</summary>
    public async Task<CurationOutcome> RemoveEdgeAsync(string from, string to, string curator, string? ifMatch, CancellationToken ct)
    {
        await using var tx = await database.BeginTransactionAsync(AccessMode.Write, ct);
        var seq = await LockAsync(tx, curator, ct);
        if (await MissingAsync(tx, [from, to], ct) is { } missing) return missing;
        var existing = await tx.ExecuteAsync(Q(ReadEdge, ("from", from), ("to", to)), ct);
        if (existing.Values.Count == 0)
            return CurationOutcome.Problem(404, "No such edge", $"There is no prerequisite edge '{from}' -> '{to}'.");
        var current = Edge(from, to, existing.Values[0]);
        if (ifMatch is not null && !VersionMatches(ifMatch, current.Version))
            return Stale($"the edge {from} → {to}", current.Version);
        var deleted = await DeleteEdgeAsync(tx, from, to, ct);
        await RecordAsync(tx, seq, curator, CurationLog.Actions.RemoveEdge, ct, from: from, to: to, reason: current.Reason, deleted: deleted);
        await tx.CommitAsync(ct);
        return new CurationOutcome(200, current with { Seq = seq });
    }

    /// <summary>The edge as it is now, with its version; null when there is none.</summary>
    public async Task<CuratedEdge?> GetEdgeAsync(string from, string to, CancellationToken ct)
    {
        var result = await database.ExecuteAsync(CypherQuery.Read(ReadEdge, P(("from", from), ("to", to))), ct);
        return result.Values.Count == 0 ? null : Edge(from, to, result.Values[0]);
    }

    // ---- papers ----

    /// <summary>Adds a paper (a curated addition, optionally listed in a section).</summary>
    public async Task<CurationOutcome> AddPaperAsync(PaperFields fields, string curator, string? proposer, CancellationToken ct,
        Func<IGraphTransaction, long?, Task>? alsoInTransaction = null)
    {
        var key = fields.Key?.Trim();
        var title = fields.Title?.Trim();
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(title))
            return CurationOutcome.Problem(400, "Missing field", "A paper needs a 'key' (a lowercase slug such as 'glove') and a 'title'.");
        if (!IsSlug(key))
            return CurationOutcome.Problem(400, "Invalid key", $"'{key}' is not a key: use lowercase letters, digits, '-' and '.' (at most 100).");
        if (Invalid(fields) is { } invalid) return invalid;

        await using var tx = await database.BeginTransactionAsync(AccessMode.Write, ct);
        var seq = await LockAsync(tx, curator, ct);
        if ((await tx.ExecuteAsync(Q(FindPapers, ("keys", new List<object?> { key })), ct)).Values.Count > 0)
            return CurationOutcome.Problem(409, "Paper exists", $"A paper with the key '{key}' already exists; edit it with PATCH /api/curation/papers/{key}.");
        if (fields.Section is { } section && (await tx.ExecuteAsync(Q("MATCH (s:Section {key: $s}) RETURN s.key", ("s", section)), ct)).Values.Count == 0)
            return CurationOutcome.Problem(404, "Section not found", $"No section has the key '{section}'.");
        await tx.ExecuteAsync(Q("CREATE (p:Paper {key: $key, title: $title, kind: $kind, aliases: $aliases, authors: []}) SET p.url = $url, p.year = $year",
            ("key", key), ("title", title), ("kind", fields.Kind?.Trim() ?? "paper"),
            ("aliases", (fields.Aliases ?? []).Select(a => (object?)a.Trim()).ToList()), ("url", fields.Url?.Trim()), ("year", fields.Year)), ct);
        if (fields.Section is { } s2)
            await tx.ExecuteAsync(Q("""
                MATCH (p:Paper {key: $key}), (s:Section {key: $s})
                OPTIONAL MATCH (:Paper)-[m:IN_SECTION]->(s)
                WITH p, s, coalesce(max(m.order), 0) + 1 AS next
                CREATE (p)-[:IN_SECTION {order: next}]->(s)
                """, ("key", key), ("s", s2)), ct);
        await RecordAsync(tx, seq, curator, CurationLog.Actions.AddPaper, ct, paper: key, reason: title, proposer: proposer);
        if (alsoInTransaction is not null) await alsoInTransaction(tx, seq);
        var paper = await ReadPaperAsync(tx, key, ct);
        await tx.CommitAsync(ct);
        return new CurationOutcome(201, paper! with { Seq = seq }, ETag: paper!.Version);
    }

    /// <summary>Edits a paper's title, url, year, kind, aliases or section.</summary>
    public async Task<CurationOutcome> EditPaperAsync(string key, PaperFields fields, string curator, string? ifMatch, CancellationToken ct)
    {
        if (fields.Title is { } t && string.IsNullOrWhiteSpace(t))
            return CurationOutcome.Problem(400, "Missing field", "A paper's title cannot be blank.");
        if (Invalid(fields) is { } invalid) return invalid;
        await using var tx = await database.BeginTransactionAsync(AccessMode.Write, ct);
        var seq = await LockAsync(tx, curator, ct);
        var (before, refused) = await ReadForChangeAsync(tx, key, ifMatch, ct);
        if (refused is not null) return refused;

        var sets = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (fields.Title is { } title && title.Trim() != before!.Title) sets["title"] = title.Trim();
        if (fields.Url is { } url && url.Trim() != before!.Url) sets["url"] = url.Trim().Length == 0 ? null : url.Trim();
        if (fields.Year is { } year && year != before!.Year) sets["year"] = year;
        if (fields.Kind is { } kind && kind.Trim() != before!.Kind) sets["kind"] = kind.Trim();
        if (fields.Aliases is { } aliases && !aliases.Select(a => a.Trim()).SequenceEqual(before!.Aliases)) sets["aliases"] = aliases.Select(a => (object?)a.Trim()).ToList();
        var moveSection = fields.Section is { } sec && !before!.Sections.Contains(sec);
        if (sets.Count == 0 && !moveSection)
            return new CurationOutcome(200, before, ETag: before!.Version);
        if (moveSection && (await tx.ExecuteAsync(Q("MATCH (s:Section {key: $s}) RETURN s.key", ("s", fields.Section)), ct)).Values.Count == 0)
            return CurationOutcome.Problem(404, "Section not found", $"No section has the key '{fields.Section}'.");

        var previous = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in sets.Keys) previous[name] = PaperValue(before!, name);
        if (moveSection) previous["section"] = before!.Sections.FirstOrDefault();
        if (sets.Count > 0)
            await tx.ExecuteAsync(Q("MATCH (p:Paper {key: $key}) SET p += $sets", ("key", key), ("sets", sets)), ct);
        var deleted = moveSection ? await MembershipsAsync(tx, key, ct) : Deleted.None;
        if (moveSection)
            await tx.ExecuteAsync(Q("""
                MATCH (p:Paper {key: $key}), (s:Section {key: $s})
                OPTIONAL MATCH (p)-[old:IN_SECTION]->(:Section)
                DELETE old
                WITH DISTINCT p, s
                OPTIONAL MATCH (:Paper)-[m:IN_SECTION]->(s)
                WITH p, s, coalesce(max(m.order), 0) + 1 AS next
                CREATE (p)-[:IN_SECTION {order: next}]->(s)
                """, ("key", key), ("s", fields.Section)), ct);
        await RecordAsync(tx, seq, curator, CurationLog.Actions.EditPaper, ct, paper: key,
            reason: string.Join(", ", previous.Keys), previous: JsonSerializer.Serialize(previous), deleted: deleted);
        var after = await ReadPaperAsync(tx, key, ct);
        await tx.CommitAsync(ct);
        return new CurationOutcome(200, after! with { Seq = seq }, ETag: after!.Version);
    }

    /// <summary>Removes a paper no prerequisite edge touches (409 naming the edges otherwise: each is removed on its
    /// own first, so its reason stays in history); the change keeps the paper's properties and section for undo.</summary>
    public async Task<CurationOutcome> RemovePaperAsync(string key, string curator, string? ifMatch, CancellationToken ct)
    {
        await using var tx = await database.BeginTransactionAsync(AccessMode.Write, ct);
        var seq = await LockAsync(tx, curator, ct);
        var (before, refused) = await ReadForChangeAsync(tx, key, ifMatch, ct);
        if (refused is not null) return refused;
        var edges = (await tx.ExecuteAsync(Q(EdgesOfPaper, ("key", key)), ct)).Values
            .Select(r => $"{r[0]} -> {r[1]}").ToList();
        if (edges.Count > 0)
            return CurationOutcome.Problem(409, "Paper has edges",
                $"'{key}' still has {edges.Count} prerequisite edge(s) ({string.Join(", ", edges.Take(5))}{(edges.Count > 5 ? ", …" : "")}); remove them first.",
                new Dictionary<string, object?> { ["edges"] = edges });
        var props = await tx.ExecuteAsync(Q("MATCH (p:Paper {key: $key}) RETURN properties(p)", ("key", key)), ct);
        var previous = new Dictionary<string, object?>(props.Values[0][0] as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>(), StringComparer.Ordinal);
        if (before!.Sections.FirstOrDefault() is { } section) previous["section"] = section;
        var deleted = await DeletePaperAsync(tx, key, ct);
        await RecordAsync(tx, seq, curator, CurationLog.Actions.RemovePaper, ct, paper: key, reason: before.Title,
            previous: JsonSerializer.Serialize(previous), deleted: deleted);
        await tx.CommitAsync(ct);
        return new CurationOutcome(200, before with { Seq = seq });
    }

    /// <summary>The paper as it is now, with its version; null when there is none.</summary>
    public async Task<CuratedPaper?> GetPaperAsync(string key, CancellationToken ct)
    {
        await using var tx = await database.BeginTransactionAsync(AccessMode.Read, ct);
        return await ReadPaperAsync(tx, key, ct);
    }

    // ---- shared ----

    /// <summary>Takes the curation lock and reserves this change's number.</summary>
    internal static async Task<long> LockAsync(IGraphTransaction tx, string curator, CancellationToken ct)
    {
        var reserved = await tx.ExecuteAsync(new CypherQuery(CurationLog.Reserve, P(("count", 1L), ("own", true))) { Actor = curator }, ct);
        return (long)reserved.Values[0][0]!;
    }

    internal async Task RecordAsync(IGraphTransaction tx, long seq, string curator, string action, CancellationToken ct,
        string? from = null, string? to = null, string? paper = null, string? reason = null, string? previous = null,
        string? proposer = null, long? undoes = null, Deleted? deleted = null)
    {
        var change = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["seq"] = seq, ["at"] = Now(), ["curator"] = curator, ["action"] = action, ["via"] = "api",
        };
        if (from is not null) change["from"] = from;
        if (to is not null) change["to"] = to;
        if (paper is not null) change["paper"] = paper;
        if (reason is not null) change["reason"] = reason;
        if (previous is not null) change["previous"] = previous;
        if (proposer is not null) change["proposer"] = proposer;
        if (undoes is not null) change["undoes"] = undoes;
        if (deleted is { } gone)
            change[CurationLog.Deleted] = JsonSerializer.Serialize(new { nodes = gone.Nodes, relationships = gone.Relationships });
        await tx.ExecuteAsync(new CypherQuery(CurationLog.Record, P(("changes", new List<object?> { change }))) { Actor = curator }, ct);
    }

    /// <summary>The element ids a change deleted, as its record keeps them (<see cref="CurationLog.Deleted"/>).</summary>
    internal sealed record Deleted(IReadOnlyList<string> Nodes, IReadOnlyList<string> Relationships)
    {
        public static readonly Deleted None = new([], []);
    }

    /// <summary>Deletes the edge <paramref name="from"/> → <paramref name="to"/>, returning what went.</summary>
    internal static async Task<Deleted> DeleteEdgeAsync(IGraphTransaction tx, string? from, string? to, CancellationToken ct)
    {
        var result = await tx.ExecuteAsync(Q(DeleteEdge, ("from", from), ("to", to)), ct);
        return new Deleted([], result.Values.Select(r => r[0]).OfType<string>().ToList());
    }

    /// <summary>Deletes the paper <paramref name="key"/> with its relationships, returning what went.</summary>
    internal static async Task<Deleted> DeletePaperAsync(IGraphTransaction tx, string? key, CancellationToken ct)
    {
        var found = await tx.ExecuteAsync(Q(PaperAndItsRelationships, ("key", key)), ct);
        await tx.ExecuteAsync(Q("MATCH (p:Paper {key: $key}) DETACH DELETE p", ("key", key)), ct);
        return new Deleted(found.Values.Select(r => r[0]).OfType<string>().ToList(),
            found.Values.SelectMany(r => r[1] as IReadOnlyList<object?> ?? []).OfType<string>().Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The paper's section memberships, which a section move is about to replace.</summary>
    internal static async Task<Deleted> MembershipsAsync(IGraphTransaction tx, string? key, CancellationToken ct)
    {
        var found = await tx.ExecuteAsync(Q(MembershipsOf, ("key", key)), ct);
        return new Deleted([], found.Values.Select(r => r[0]).OfType<string>().ToList());
    }

    internal static async Task<CurationOutcome?> MissingAsync(IGraphTransaction tx, string[] keys, CancellationToken ct)
    {
        var found = (await tx.ExecuteAsync(Q(FindPapers, ("keys", keys.Cast<object?>().ToList())), ct)).Values
            .Select(r => r[0] as string).ToHashSet(StringComparer.Ordinal);
        var missing = keys.FirstOrDefault(k => !found.Contains(k));
        return missing is null ? null : CurationOutcome.Problem(404, "Paper not found", $"No paper has the key '{missing}'.",
            new Dictionary<string, object?> { ["key"] = missing });
    }

    /// <summary>The chain back from <paramref name="to"/> to <paramref name="from"/>, as the cycle the edge would close
    /// (keys in order, <paramref name="from"/> first and last); null when there is none.</summary>
    internal static async Task<IReadOnlyList<string>?> CycleAsync(IGraphTransaction tx, string from, string to, CancellationToken ct)
    {
        var back = await tx.ExecuteAsync(Q(ChainBack, ("from", from), ("to", to)), ct);
        if (back.Values.Count == 0 || back.Values[0][0] is not IReadOnlyList<object?> keys) return null;
        return [from, .. keys.Select(k => k as string ?? "?")];
    }

    internal static CurationOutcome CycleProblem(string from, string to, IReadOnlyList<string> cycle) =>
        CurationOutcome.Problem(409, "Would create a cycle",
            $"'{to}' already leads to '{from}', so '{from}' -> '{to}' would close the cycle {string.Join(" -> ", cycle)}.",
            new Dictionary<string, object?> { ["cycle"] = cycle });

    /// <summary>The paper a change is about, read under the curation lock; or why the change cannot go on (404 for an
    /// unknown paper, 412 when <paramref name="ifMatch"/> names another version).</summary>
    private static async Task<(CuratedPaper? Paper, CurationOutcome? Refused)> ReadForChangeAsync(IGraphTransaction tx,
        string key, string? ifMatch, CancellationToken ct)
    {
        if (await MissingAsync(tx, [key], ct) is { } missing) return (null, missing);
        var paper = await ReadPaperAsync(tx, key, ct);
        if (ifMatch is not null && !VersionMatches(ifMatch, paper!.Version))
            return (null, Stale($"the paper {key}", paper.Version));
        return (paper, null);
    }

    private static CurationOutcome Stale(string what, string current) =>
        CurationOutcome.Problem(412, "Changed meanwhile",
            $"{char.ToUpperInvariant(what[0])}{what[1..]} changed since you read it (it is now version {current}); reload it and try again.",
            new Dictionary<string, object?> { ["version"] = current });

    private static bool VersionMatches(string ifMatch, string version) =>
        ifMatch.Trim() == "*" || ifMatch.Split(',').Any(v => v.Trim().Replace("W/", "", StringComparison.Ordinal) == version);

    private static CuratedEdge Edge(string from, string to, IReadOnlyList<object?> row)
    {
        var reason = row[0] as string ?? "";
        var curator = row[1] as string;
        var createdAt = row[2]?.ToString();
        return new CuratedEdge(from, to, reason, curator, createdAt, Version(reason, curator, createdAt));
    }

    private static async Task<CuratedPaper?> ReadPaperAsync(IGraphTransaction tx, string key, CancellationToken ct)
    {
        var result = await tx.ExecuteAsync(Q(ReadPaper, ("key", key)), ct);
        if (result.Values.Count == 0 || result.Values[0][0] is not GraphNode node) return null;
        var p = node.Properties;
        var sections = (result.Values[0][1] as IReadOnlyList<object?> ?? []).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var aliases = (p.GetValueOrDefault("aliases") as IReadOnlyList<object?> ?? []).OfType<string>().ToList();
        var version = Version(p.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Plain(kv.Value)}")
            .Append("sections=" + string.Join(",", sections)).ToArray());
        return new CuratedPaper(key, p.GetValueOrDefault("title") as string ?? key, p.GetValueOrDefault("url") as string,
            p.GetValueOrDefault("year") as long?, p.GetValueOrDefault("kind") as string, aliases, sections, version);
    }

    private static object? PaperValue(CuratedPaper paper, string name) => name switch
    {
        "title" => paper.Title,
        "url" => paper.Url,
        "year" => paper.Year,
        "kind" => paper.Kind,
        "aliases" => paper.Aliases,
        _ => null,
    };

    private static string Plain(object? value) => value switch
    {
        null => "",
        IReadOnlyList<object?> list => "[" + string.Join(",", list.Select(Plain)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A short strong ETag over the given values.</summary>
    private static string Version(params string?[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts.Select(p => p ?? "\u0000"))));
        return "\"" + Convert.ToHexStringLower(hash.AsSpan(0, 8)) + "\"";
    }

    private static CurationOutcome? Invalid(PaperFields fields)
    {
        if (fields.Year is < 1000 or > 3000)
            return CurationOutcome.Problem(400, "Invalid year", $"year must be a four-digit year, not {fields.Year}.");
        if (fields.Url is { Length: > 0 } url && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https")))
            return CurationOutcome.Problem(400, "Invalid url", $"'{url}' is not an http(s) address.");
        if (fields.Title is { Length: > 500 } || fields.Url is { Length: > 2000 } || fields.Kind is { Length: > 40 } ||
            fields.Aliases is { Count: > 20 } || fields.Aliases?.Any(a => a.Length > 100 || string.IsNullOrWhiteSpace(a)) == true)
            return CurationOutcome.Problem(400, "Too long", "title ≤ 500, url ≤ 2000, kind ≤ 40 characters; at most 20 non-blank aliases of ≤ 100.");
        return null;
    }

    private static bool IsSlug(string key) =>
        key.Length <= 100 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.');

    internal string Now() => CurationLog.Timestamp(_clock.GetUtcNow());

    internal static CypherQuery Q(string text, params (string Key, object? Value)[] parameters) => new(text, P(parameters));

    internal static Dictionary<string, object?> P(params (string Key, object? Value)[] parameters) =>
        parameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
