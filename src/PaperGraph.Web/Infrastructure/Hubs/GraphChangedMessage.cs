using System.Text.Json.Serialization;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Infrastructure.Hubs;

/// <summary>One recorded curation change carried by a <see cref="GraphChangedMessage"/>.</summary>
public sealed record CurationNotice(long Seq, string Curator, string Action, string? From, string? To, string? Paper,
    string? Reason, string? Proposer, long? Undoes);

/// <summary>
/// The hub's <c>GraphChanged</c> message: what one committed transaction changed, plus who did it, what and why,
/// read from the <c>(:Change)</c> nodes the same transaction recorded (<see cref="Curator"/>, <see cref="Action"/>
/// and <see cref="Reason"/> are the first one's).
/// </summary>
/// <remarks>What changed comes in one of two forms. With a <see cref="Delta"/> (the explorer's papers and edges as
/// they are now: what pages apply) the store's raw change is left out, <see cref="Nodes"/>,
/// <see cref="Relationships"/> and the deleted ids are null and absent from the JSON: every open page gets each
/// message, and the raw change was three quarters of its bytes. Without a delta (a change that does not say what it
/// changed, or one the read model could not turn into a delta) the raw change is sent as the store gave it.</remarks>
public sealed record GraphChangedMessage(
    long Sequence,
    DateTimeOffset CommittedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<GraphNode>? Nodes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<GraphRelationship>? Relationships,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? DeletedNodeIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? DeletedRelationshipIds,
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
        var raw = !change.Itemised || delta is null;
        return new GraphChangedMessage(change.Sequence, change.CommittedAt,
            raw ? change.Nodes : null, raw ? change.Relationships : null,
            raw ? change.DeletedNodeIds : null, raw ? change.DeletedRelationshipIds : null,
            first?.Curator, first?.Action, first?.Reason, notices)
        {
            Itemised = change.Itemised,
            Delta = change.Itemised ? delta : null,
        };
    }
}
