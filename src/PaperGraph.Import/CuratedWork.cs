using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Import;

/// <summary>
/// What curators did that an import must not undo, read from history (<c>(:Change)</c> nodes): the edges and papers
/// whose latest change removed them, and the papers whose latest change edited them.
/// </summary>
internal sealed class CuratedWork
{
    private readonly Dictionary<(string, string), (string Action, string Curator, long Seq)> _edges = [];
    private readonly Dictionary<string, (string Action, string Curator, long Seq)> _papers = new(StringComparer.Ordinal);

    private const string Query = """
        MATCH (c:Change)
        WHERE c.action IN ['add-edge', 'remove-edge', 'add-paper', 'edit-paper', 'remove-paper']
        RETURN c.seq AS seq, c.action AS action, c.from AS from, c.to AS to, c.paper AS paper, c.curator AS curator
        ORDER BY seq
        """;

    public static async Task<CuratedWork> ReadAsync(IGraphDatabase database, CancellationToken cancellationToken)
    {
        var work = new CuratedWork();
        var result = await database.ExecuteAsync(CypherQuery.Read(Query), cancellationToken).ConfigureAwait(false);
        foreach (var row in result.Values)
        {
            var seq = row[0] is long s ? s : 0;
            var action = row[1] as string ?? "";
            var curator = row[5] as string ?? CurationLog.UnknownActor;
            if (row[2] is string from && row[3] is string to) work._edges[(from, to)] = (action, curator, seq);
            else if (row[4] is string paper) work._papers[paper] = (action, curator, seq);
        }
        return work;
    }

    /// <summary>Whether the paper's latest change was a curator's edit.</summary>
    public bool Edited(string key) => _papers.TryGetValue(key, out var last) && last.Action == CurationLog.Actions.EditPaper;

    /// <summary>The plan without the papers and edges curators removed; <paramref name="skipped"/> says which and why.</summary>
    public ImportPlan Filter(ImportPlan plan, out IReadOnlyList<string> skipped)
    {
        var lines = new List<string>();
        var result = plan.Without(
            p =>
            {
                if (!_papers.TryGetValue(p.Key, out var last) || last.Action != CurationLog.Actions.RemovePaper) return false;
                lines.Add($"paper {p.Key}: removed by {last.Curator} (change {last.Seq})");
                return true;
            },
            e =>
            {
                if (!_edges.TryGetValue((e.From, e.To), out var last) || last.Action != CurationLog.Actions.RemoveEdge) return false;
                lines.Add($"edge {e.From} -> {e.To}: removed by {last.Curator} (change {last.Seq})");
                return true;
            });
        foreach (var p in plan.Papers)
        {
            if (Edited(p.Key)) lines.Add($"paper {p.Key}: edited by {_papers[p.Key].Curator} (change {_papers[p.Key].Seq}); kept as edited");
        }
        skipped = lines;
        return result;
    }
}
