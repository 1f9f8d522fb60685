using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Web.Features.Papers;

/// <summary>
/// The read model's working copy, kept by element id so that a <see cref="GraphChange"/> (nodes and relationships
/// as they are after a commit, deleted ids) applies to it directly: sections, papers, their section memberships
/// and the prerequisite edges. <see cref="ToModel"/> projects it into the immutable <see cref="PaperGraphModel"/>;
/// <see cref="Apply"/> also says what the change meant for the explorer (a <see cref="GraphDelta"/>).
/// </summary>
/// <remarks>Not thread-safe: its owner (<see cref="PaperGraphReader"/>) applies changes one at a time.</remarks>
internal sealed class GraphReadState
{
    internal const string SectionLabel = "Section";
    internal const string InSectionType = "IN_SECTION";

    private readonly Dictionary<string, GraphNode> _sections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _fallbackOrder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphNode> _papers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphRelationship> _memberships = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GraphRelationship> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _membershipsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _edgesAt = new(StringComparer.Ordinal);

    public GraphReadState(long sequence) => Sequence = sequence;

    /// <summary>The last change this state includes.</summary>
    public long Sequence { get; private set; }

    /// <summary>Puts a node as read (a Section or Paper; others are ignored).</summary>
    public void PutNode(GraphNode node)
    {
        // A node may lose its label (REMOVE p:Paper): it then leaves the model.
        _sections.Remove(node.ElementId);
        _papers.Remove(node.ElementId);
        if (node.Labels.Contains(SectionLabel))
        {
            _sections[node.ElementId] = node;
            if (!_fallbackOrder.ContainsKey(node.ElementId))
                _fallbackOrder[node.ElementId] = 10_000 + _fallbackOrder.Count;
        }
        if (node.Labels.Contains(CurationLog.PaperLabel))
            _papers[node.ElementId] = node;
    }

    /// <summary>Puts a relationship as read (IN_SECTION or PREREQUISITE_OF; others are ignored).</summary>
    public void PutRelationship(GraphRelationship relationship)
    {
        if (relationship.Type == InSectionType)
        {
            _memberships[relationship.ElementId] = relationship;
            Index(_membershipsOf, relationship.StartNodeElementId, relationship.ElementId);
        }
        else if (relationship.Type == CurationLog.PrerequisiteType)
        {
            _edges[relationship.ElementId] = relationship;
            Index(_edgesAt, relationship.StartNodeElementId, relationship.ElementId);
            Index(_edgesAt, relationship.EndNodeElementId, relationship.ElementId);
        }
    }

    private void RemoveRelationship(string id)
    {
        if (_memberships.Remove(id, out var m))
            Unindex(_membershipsOf, m.StartNodeElementId, id);
        if (_edges.Remove(id, out var e))
        {
            Unindex(_edgesAt, e.StartNodeElementId, id);
            Unindex(_edgesAt, e.EndNodeElementId, id);
        }
    }

    /// <summary>Applies one itemised change (idempotent: replaying one already included is harmless) and returns
    /// what it changed for the explorer, or null when it touched sections (the explorer then reads the graph).</summary>
    public GraphDelta? Apply(GraphChange change)
    {
        // A section the change only names as it was (Neo4j's change feed sends the sections of the papers it
        // names) changes nothing; a new, edited or removed one does.
        var sectionsTouched = change.Nodes.Any(n => (n.Labels.Contains(SectionLabel) || _sections.ContainsKey(n.ElementId))
                && !(_sections.TryGetValue(n.ElementId, out var held) && SameNode(held, n)))
            || change.DeletedNodeIds.Any(_sections.ContainsKey);

        // The papers and edges this change may alter, and how they looked before it. A paper or membership the
        // change names exactly as held (Neo4j's change feed sends the papers at an edge's ends) changed nothing, and
        // stays out of the delta that every open page is sent.
        var papers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in change.Nodes)
            if ((n.Labels.Contains(CurationLog.PaperLabel) || _papers.ContainsKey(n.ElementId))
                && !(_papers.TryGetValue(n.ElementId, out var heldPaper) && SameNode(heldPaper, n)))
                papers.Add(n.ElementId);
        foreach (var id in change.DeletedNodeIds)
            if (_papers.ContainsKey(id)) papers.Add(id);
        foreach (var r in change.Relationships)
            if (r.Type == InSectionType && !(_memberships.TryGetValue(r.ElementId, out var heldMembership)
                    && heldMembership.StartNodeElementId == r.StartNodeElementId && heldMembership.EndNodeElementId == r.EndNodeElementId))
                papers.Add(r.StartNodeElementId);
        foreach (var id in change.DeletedRelationshipIds)
            if (_memberships.TryGetValue(id, out var m)) papers.Add(m.StartNodeElementId);
        var edges = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in change.Relationships)
            if (r.Type == CurationLog.PrerequisiteType) edges.Add(r.ElementId);
        foreach (var id in change.DeletedRelationshipIds)
            if (_edges.ContainsKey(id)) edges.Add(id);
        foreach (var id in change.DeletedNodeIds)
            if (_edgesAt.TryGetValue(id, out var at)) edges.UnionWith(at);

        var keysBefore = papers.ToDictionary(id => id, KeyOf, StringComparer.Ordinal);
        var edgesBefore = edges.ToDictionary(id => id, id => ProjectEdge(id, keysBefore), StringComparer.Ordinal);

        foreach (var node in change.Nodes) PutNode(node);
        foreach (var relationship in change.Relationships) PutRelationship(relationship);
        foreach (var id in change.DeletedRelationshipIds) RemoveRelationship(id);
        foreach (var id in change.DeletedNodeIds)
        {
            // A node goes with its relationships (Neo4j deletes none that has any), listed or not.
            foreach (var byNode in new[] { _membershipsOf, _edgesAt })
                if (byNode.TryGetValue(id, out var at))
                    foreach (var r in at.ToList()) RemoveRelationship(r);
            _papers.Remove(id);
            _sections.Remove(id);
        }
        Sequence = Math.Max(Sequence, change.Sequence);
        if (sectionsTouched) return null;

        // A paper that appeared, went or changed its key changes the ends of every edge at it.
        foreach (var id in papers)
        {
            if (KeyOf(id) == keysBefore[id] || !_edgesAt.TryGetValue(id, out var at)) continue;
            foreach (var e in at)
                if (edges.Add(e)) edgesBefore[e] = ProjectEdge(e, keysBefore);
        }

        var index = SectionIndex();
        var after = new List<GraphPaper>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in papers)
        {
            if (ProjectPaper(id, index) is not { } p) continue;
            present.Add(p.Key);
            after.Add(new GraphPaper(p.Key, p.Title, p.Year, p.Kind, p.Section, p.Sections, p.CuratedAddition, p.Aliases));
        }
        var removedPapers = keysBefore.Values.OfType<string>().Where(k => !present.Contains(k) && !HasPaper(k)).Distinct(StringComparer.Ordinal).ToList();
        var edgesAfter = new List<PrerequisiteEdge>();
        var ends = new HashSet<(string, string)>();
        foreach (var id in edges)
        {
            if (ProjectEdge(id, null) is not { } e) continue;
            edgesAfter.Add(e);
            ends.Add((e.From, e.To));
        }
        var removedEdges = edgesBefore.Values.OfType<PrerequisiteEdge>()
            .Where(e => !ends.Contains((e.From, e.To)))
            .Select(e => new EdgeEnds(e.From, e.To)).Distinct().ToList();
        return new GraphDelta(after, removedPapers, edgesAfter, removedEdges);
    }

    /// <summary>The immutable model of the state as it is now.</summary>
    public PaperGraphModel ToModel()
    {
        var index = SectionIndex();
        var papers = new List<PaperInfo>(_papers.Count);
        foreach (var id in _papers.Keys)
            if (ProjectPaper(id, index) is { } p) papers.Add(p);
        var edges = new List<PrerequisiteEdge>(_edges.Count);
        foreach (var id in _edges.Keys)
            if (ProjectEdge(id, null) is { } e) edges.Add(e);
        return new PaperGraphModel(index.Sections, papers, edges, Sequence);
    }

    private sealed record SectionIndexes(List<SectionInfo> Sections, Dictionary<string, string> KeyOf, Dictionary<string, double> Order);

    private SectionIndexes SectionIndex()
    {
        var sections = new List<SectionInfo>(_sections.Count);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (id, n) in _sections)
        {
            if (PaperGraphModel.Text(n.Properties, "key") is not { } key) continue;
            keys[id] = key;
            var s = new SectionInfo(key, PaperGraphModel.Text(n.Properties, "title") ?? key,
                PaperGraphModel.Text(n.Properties, "part"),
                PaperGraphModel.Number(n.Properties.GetValueOrDefault("order"), _fallbackOrder[id]));
            sections.Add(s);
            order.TryAdd(key, s.Order);
        }
        return new SectionIndexes(sections, keys, order);
    }

    private string? KeyOf(string paperId) =>
        _papers.TryGetValue(paperId, out var n) ? PaperGraphModel.Text(n.Properties, "key") : null;

    private bool HasPaper(string key) =>
        _papers.Values.Any(n => PaperGraphModel.Text(n.Properties, "key") == key);

    private PaperInfo? ProjectPaper(string id, SectionIndexes index)
    {
        if (!_papers.TryGetValue(id, out var n) || PaperGraphModel.Text(n.Properties, "key") is not { } key) return null;
        var inSections = new List<string>();
        if (_membershipsOf.TryGetValue(id, out var rels))
        {
            foreach (var r in rels)
                if (index.KeyOf.TryGetValue(_memberships[r].EndNodeElementId, out var s) && !inSections.Contains(s, StringComparer.Ordinal))
                    inSections.Add(s);
        }
        // Ties in section order fall back to the key, so every way of reading the graph gives one order.
        inSections = inSections.OrderBy(s => index.Order.GetValueOrDefault(s, double.MaxValue)).ThenBy(s => s, StringComparer.Ordinal).ToList();
        var p = n.Properties;
        return new PaperInfo(key, PaperGraphModel.Text(p, "title") ?? key, PaperGraphModel.Text(p, "url"),
            PaperGraphModel.Text(p, "kind"), PaperGraphModel.Integer(p.GetValueOrDefault("year")),
            PaperGraphModel.TextList(p, "authors"), PaperGraphModel.TextList(p, "aliases"),
            inSections.FirstOrDefault(), inSections,
            PaperGraphModel.Flag(p, "curatedAddition", "curated", "addition", "isAddition"));
    }

    /// <summary>An edge as the explorer shows it, its ends' keys taken from <paramref name="keys"/> where given
    /// (the keys before a change), else from the papers now; null when it is not between two papers.</summary>
    private PrerequisiteEdge? ProjectEdge(string id, Dictionary<string, string?>? keys)
    {
        if (!_edges.TryGetValue(id, out var r)) return null;
        string? Key(string node) => keys is not null && keys.TryGetValue(node, out var k) ? k : KeyOf(node);
        if (Key(r.StartNodeElementId) is not { } from || Key(r.EndNodeElementId) is not { } to) return null;
        return new PrerequisiteEdge(from, to, r.Properties.GetValueOrDefault("reason") as string,
            r.Properties.GetValueOrDefault("curator") as string);
    }

    /// <summary>Whether two reads of a node hold the same labels and properties.</summary>
    private static bool SameNode(GraphNode a, GraphNode b) =>
        a.Labels.SequenceEqual(b.Labels, StringComparer.Ordinal)
        && a.Properties.Count == b.Properties.Count
        && a.Properties.All(p => b.Properties.TryGetValue(p.Key, out var v) && SameValue(p.Value, v));

    private static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (IReadOnlyList<object?> x, IReadOnlyList<object?> y) => x.Count == y.Count && x.Zip(y).All(t => SameValue(t.First, t.Second)),
        _ => Equals(a, b),
    };

    private static void Index(Dictionary<string, HashSet<string>> index, string key, string id)
    {
        if (!index.TryGetValue(key, out var set))
            index[key] = set = new HashSet<string>(StringComparer.Ordinal);
        set.Add(id);
    }

    private static void Unindex(Dictionary<string, HashSet<string>> index, string key, string id)
    {
        if (index.TryGetValue(key, out var set) && set.Remove(id) && set.Count == 0)
            index.Remove(key);
    }
}

/// <summary>What one committed change meant for the explorer, so a page can apply it without reading the graph:
/// papers as they are now (added or changed), papers gone, edges as they are now, edges gone.</summary>
public sealed record GraphDelta(IReadOnlyList<GraphPaper> Papers, IReadOnlyList<string> RemovedPapers,
    IReadOnlyList<PrerequisiteEdge> Edges, IReadOnlyList<EdgeEnds> RemovedEdges);

/// <summary>The two ends of a prerequisite edge.</summary>
public sealed record EdgeEnds(string From, string To);
