using PaperGraph.Graph;

namespace PaperGraph.Import;

/// <summary>A stored <c>PREREQUISITE_OF</c> edge.</summary>
public sealed record StoredPrerequisite(string From, string To, string? Reason, string? Curator, object? CreatedAt);

/// <summary>A stored <c>IN_SECTION</c> edge.</summary>
public sealed record StoredMembership(string PaperKey, string SectionKey, long? Order);

/// <summary>
/// What the store holds of the PaperGraph model (sections, papers, memberships, prerequisites), read with four
/// Cypher statements through the seam. The importer compares a plan with it; the exporters write it out.
/// </summary>
public sealed class GraphSnapshot
{
    private GraphSnapshot(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> sections,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> papers,
        IReadOnlyList<StoredMembership> memberships, IReadOnlyList<StoredPrerequisite> prerequisites)
    {
        Sections = sections;
        Papers = papers;
        Memberships = memberships;
        Prerequisites = prerequisites;
    }

    /// <summary>Section properties by key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Sections { get; }

    /// <summary>Paper properties by key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, object?>> Papers { get; }

    public IReadOnlyList<StoredMembership> Memberships { get; }
    public IReadOnlyList<StoredPrerequisite> Prerequisites { get; }

    /// <summary>Reads the model through <paramref name="run"/> (a database or an open transaction).</summary>
    public static async Task<GraphSnapshot> ReadAsync(Func<CypherQuery, CancellationToken, Task<QueryResult>> run,
        CancellationToken cancellationToken = default)
    {
        var sections = await ReadNodesAsync(run, "MATCH (s:Section) RETURN s", cancellationToken).ConfigureAwait(false);
        var papers = await ReadNodesAsync(run, "MATCH (p:Paper) RETURN p", cancellationToken).ConfigureAwait(false);

        var memberships = new List<StoredMembership>();
        var result = await run(CypherQuery.Read(
            "MATCH (p:Paper)-[r:IN_SECTION]->(s:Section) RETURN p.key AS paper, s.key AS section, r.order AS position"),
            cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Values)
            if (row[0] is string p && row[1] is string s) memberships.Add(new StoredMembership(p, s, row[2] as long?));

        var prerequisites = new List<StoredPrerequisite>();
        result = await run(CypherQuery.Read(
            "MATCH (a:Paper)-[r:PREREQUISITE_OF]->(b:Paper) RETURN a.key AS from, b.key AS to, r.reason AS reason, r.curator AS curator, r.createdAt AS createdAt"),
            cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Values)
            if (row[0] is string a && row[1] is string b)
                prerequisites.Add(new StoredPrerequisite(a, b, row[2] as string, row[3] as string, row[4]));

        return new GraphSnapshot(sections, papers, memberships, prerequisites);
    }

    /// <summary>Reads the model from <paramref name="database"/>.</summary>
    public static Task<GraphSnapshot> ReadAsync(IGraphDatabase database, CancellationToken cancellationToken = default) =>
        ReadAsync(database.ExecuteAsync, cancellationToken);

    private static async Task<Dictionary<string, IReadOnlyDictionary<string, object?>>> ReadNodesAsync(
        Func<CypherQuery, CancellationToken, Task<QueryResult>> run, string statement, CancellationToken cancellationToken)
    {
        var nodes = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        var result = await run(CypherQuery.Read(statement), cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Values)
            if (row[0] is GraphNode node && node.Properties.TryGetValue("key", out var key) && key is string k)
                nodes[k] = node.Properties;
        return nodes;
    }

    /// <summary>A stored string property, or null.</summary>
    public static string? Text(IReadOnlyDictionary<string, object?> properties, string name) =>
        properties.TryGetValue(name, out var v) ? v as string : null;

    /// <summary>A stored integer property, or null.</summary>
    public static long? Integer(IReadOnlyDictionary<string, object?> properties, string name) =>
        properties.TryGetValue(name, out var v) ? v switch { long l => l, int i => i, double d when d == Math.Floor(d) => (long)d, _ => null } : null;

    /// <summary>A stored list-of-strings property, or empty.</summary>
    public static IReadOnlyList<string> Texts(IReadOnlyDictionary<string, object?> properties, string name) =>
        properties.TryGetValue(name, out var v) && v is System.Collections.IEnumerable list and not string
            ? list.Cast<object?>().Select(x => x?.ToString() ?? "").ToList()
            : [];
}
