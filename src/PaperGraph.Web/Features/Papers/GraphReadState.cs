using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Web.Features.Papers;

/// <summary>
/// The read model's working copy, kept by element id so that a <see cref="GraphChange"/> (nodes and relationships
/// as they are after a commit, deleted ids) applies to it directly: sections, papers, their section memberships
/// and the prerequisite edges. <see cref="ToModel"/> projects it into the immutable <see cref="PaperGraphModel"/>.
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
            _memberships[relationship.ElementId] = relationship;
        else if (relationship.Type == CurationLog.PrerequisiteType)
            _edges[relationship.ElementId] = relationship;
    }

    /// <summary>Applies one itemised change (idempotent: replaying one already included is harmless).</summary>
    public void Apply(GraphChange change)
    {
        foreach (var node in change.Nodes) PutNode(node);
        foreach (var relationship in change.Relationships) PutRelationship(relationship);
        foreach (var id in change.DeletedRelationshipIds)
        {
            _memberships.Remove(id);
            _edges.Remove(id);
        }
        foreach (var id in change.DeletedNodeIds)
        {
            _papers.Remove(id);
            _sections.Remove(id);
        }
        Sequence = Math.Max(Sequence, change.Sequence);
    }

    /// <summary>The immutable model of the state as it is now.</summary>
    public PaperGraphModel ToModel()
    {
        var sections = new List<SectionInfo>(_sections.Count);
        var sectionKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, n) in _sections)
        {
            if (PaperGraphModel.Text(n.Properties, "key") is not { } key) continue;
            sectionKeys[id] = key;
            sections.Add(new SectionInfo(key, PaperGraphModel.Text(n.Properties, "title") ?? key,
                PaperGraphModel.Text(n.Properties, "part"),
                PaperGraphModel.Number(n.Properties.GetValueOrDefault("order"), _fallbackOrder[id])));
        }
        var order = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in sections) order.TryAdd(s.Key, s.Order);

        var membership = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var m in _memberships.Values)
        {
            if (!sectionKeys.TryGetValue(m.EndNodeElementId, out var section)) continue;
            if (!membership.TryGetValue(m.StartNodeElementId, out var list))
                membership[m.StartNodeElementId] = list = [];
            if (!list.Contains(section, StringComparer.Ordinal)) list.Add(section);
        }

        var papers = new List<PaperInfo>(_papers.Count);
        var paperKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, n) in _papers)
        {
            var p = n.Properties;
            if (PaperGraphModel.Text(p, "key") is not { } key) continue;
            paperKeys[id] = key;
            var inSections = membership.TryGetValue(id, out var list)
                ? list.OrderBy(s => order.GetValueOrDefault(s, double.MaxValue)).ThenBy(s => s, StringComparer.Ordinal).ToList()
                : [];
            papers.Add(new PaperInfo(key, PaperGraphModel.Text(p, "title") ?? key, PaperGraphModel.Text(p, "url"),
                PaperGraphModel.Text(p, "kind"), PaperGraphModel.Integer(p.GetValueOrDefault("year")),
                PaperGraphModel.TextList(p, "authors"), PaperGraphModel.TextList(p, "aliases"),
                inSections.FirstOrDefault(), inSections,
                PaperGraphModel.Flag(p, "curatedAddition", "curated", "addition", "isAddition")));
        }

        var edges = new List<PrerequisiteEdge>(_edges.Count);
        foreach (var r in _edges.Values)
        {
            if (paperKeys.TryGetValue(r.StartNodeElementId, out var from) && paperKeys.TryGetValue(r.EndNodeElementId, out var to))
                edges.Add(new PrerequisiteEdge(from, to, r.Properties.GetValueOrDefault("reason") as string,
                    r.Properties.GetValueOrDefault("curator") as string));
        }
        return new PaperGraphModel(sections, papers, edges, Sequence);
    }
}
