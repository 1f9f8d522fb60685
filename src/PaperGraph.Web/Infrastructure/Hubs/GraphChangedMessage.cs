using PaperGraph.Graph;
using PaperGraph.Graph.Curation;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Infrastructure.Hubs;

/// <summary>One recorded curation change carried by a <see cref="GraphChangedMessage"/>.</summary>
public sealed record CurationNotice(long Seq, string Curator, string Action, string? From, string? To, string? Paper,
    string? Reason, string? Proposer, long? Undoes);

/// <summary>
/// The hub's <c>GraphChanged</c> message: what one committed transaction changed (the store's
/// <see cref="GraphChange"/>), plus who did it, what and why, read from the <c>(:Change)</c> nodes the same
/// transaction recorded (<see cref="Curator"/>, <see cref="Action"/> and <see cref="Reason"/> are the first one's).
/// </summary>
public sealed record GraphChangedMessage(
    long Sequence,
    DateTimeOffset CommittedAt,
    IReadOnlyList<GraphNode> Nodes,
    IReadOnlyList<GraphRelationship> Relationships,
    IReadOnlyList<string> DeletedNodeIds,
    IReadOnlyList<string> DeletedRelationshipIds,
    string? Curator,
    string? Action,
    string? Reason,
    IReadOnlyList<CurationNotice> Curation)
{
    /// <summary>False when the change does not say what it changed (see <see cref="GraphChange.Itemised"/>):
    /// the page reads the graph again.</summary>
    public bool Itemised { get; init; } = true;

    /// <summary>What the change meant for the explorer (papers and edges as they are now, those gone), so a page
    /// that holds the graph at <c>Sequence - 1</c> applies it without reading the graph; null when not known.</summary>
    public GraphDelta? Delta { get; init; }

    public static GraphChangedMessage From(GraphChange change, GraphDelta? delta = null)
    {
        var notices = change.Nodes
            .Where(n => n.Labels.Contains(CurationLog.ChangeLabel))
            .Select(n =>
            {
                var p = n.Properties;
                string? S(string k) => p.GetValueOrDefault(k) as string;
                return new CurationNotice(p.GetValueOrDefault("seq") as long? ?? 0, S("curator") ?? CurationLog.UnknownActor,
                    S("action") ?? "", S("from"), S("to"), S("paper"), S("reason"), S("proposer"), p.GetValueOrDefault("undoes") as long?);
            })
            .OrderBy(n => n.Seq)
            .ToList();
        var first = notices.FirstOrDefault();
        return new GraphChangedMessage(change.Sequence, change.CommittedAt, change.Nodes, change.Relationships,
            change.DeletedNodeIds, change.DeletedRelationshipIds, first?.Curator, first?.Action, first?.Reason, notices)
        {
            Itemised = change.Itemised,
            Delta = change.Itemised ? delta : null,
        };
    }
}
