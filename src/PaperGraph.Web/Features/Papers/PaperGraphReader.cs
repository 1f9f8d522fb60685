using PaperGraph.Graph;

namespace PaperGraph.Web.Features.Papers;

/// <summary>
/// Reads the prerequisite graph through the graph seam with four read-only Cypher statements, and keeps the
/// last answer while the database's change feed says nothing was committed since.
/// </summary>
public sealed class PaperGraphReader(IGraphDatabase database)
{
    internal const string SectionsQuery = "MATCH (s:Section) RETURN s";
    internal const string PapersQuery = "MATCH (p:Paper) RETURN p";
    internal const string MembershipQuery = "MATCH (p:Paper)-[:IN_SECTION]->(s:Section) RETURN p.key AS paper, s.key AS section";
    internal const string EdgesQuery =
        "MATCH (a:Paper)-[r:PREREQUISITE_OF]->(b:Paper) RETURN a.key AS prerequisite, b.key AS unlocks, r.reason AS reason, r.curator AS curator";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private PaperGraphModel? _cached;

    /// <summary>The graph as it is now (cached while the change feed reports no new commit).</summary>
    public async Task<PaperGraphModel> ReadAsync(CancellationToken cancellationToken)
    {
        var feed = database as IGraphChangeFeed;
        var sequence = feed?.LastSequence ?? -1;
        if (feed is not null && _cached is { } hit && hit.Sequence == sequence)
            return hit;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            sequence = feed?.LastSequence ?? -1;
            if (feed is not null && _cached is { } again && again.Sequence == sequence)
                return again;
            var model = await LoadAsync(sequence, cancellationToken);
            if (feed is not null)
                _cached = model;
            return model;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PaperGraphModel> LoadAsync(long sequence, CancellationToken ct)
    {
        var sectionRows = await database.ExecuteAsync(CypherQuery.Read(SectionsQuery), ct);
        var sections = new List<SectionInfo>();
        var index = 0;
        foreach (var row in sectionRows.Values)
        {
            if (row[0] is not GraphNode n || PaperGraphModel.Text(n.Properties, "key") is not { } key)
                continue;
            sections.Add(new SectionInfo(key, PaperGraphModel.Text(n.Properties, "title") ?? key,
                PaperGraphModel.Text(n.Properties, "part"),
                PaperGraphModel.Number(n.Properties.GetValueOrDefault("order"), 10_000 + index++)));
        }
        var order = sections.ToDictionary(s => s.Key, s => s.Order, StringComparer.Ordinal);

        var membership = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in (await database.ExecuteAsync(CypherQuery.Read(MembershipQuery), ct)).Values)
        {
            if (row[0] is not string paper || row[1] is not string section)
                continue;
            if (!membership.TryGetValue(paper, out var list))
                membership[paper] = list = [];
            if (!list.Contains(section, StringComparer.Ordinal))
                list.Add(section);
        }

        var papers = new List<PaperInfo>();
        foreach (var row in (await database.ExecuteAsync(CypherQuery.Read(PapersQuery), ct)).Values)
        {
            if (row[0] is not GraphNode n || PaperGraphModel.Text(n.Properties, "key") is not { } key)
                continue;
            var p = n.Properties;
            var inSections = membership.TryGetValue(key, out var list)
                ? list.OrderBy(s => order.GetValueOrDefault(s, double.MaxValue)).ToList()
                : [];
            papers.Add(new PaperInfo(key, PaperGraphModel.Text(p, "title") ?? key, PaperGraphModel.Text(p, "url"),
                PaperGraphModel.Text(p, "kind"), PaperGraphModel.Integer(p.GetValueOrDefault("year")),
                PaperGraphModel.TextList(p, "authors"), PaperGraphModel.TextList(p, "aliases"),
                inSections.FirstOrDefault(), inSections,
                PaperGraphModel.Flag(p, "curatedAddition", "curated", "addition", "isAddition")));
        }

        var edges = new List<PrerequisiteEdge>();
        foreach (var row in (await database.ExecuteAsync(CypherQuery.Read(EdgesQuery), ct)).Values)
        {
            if (row[0] is string from && row[1] is string to)
                edges.Add(new PrerequisiteEdge(from, to, row[2] as string, row[3] as string));
        }
        return new PaperGraphModel(sections, papers, edges, sequence);
    }
}
