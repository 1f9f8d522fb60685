namespace PaperGraph.Graph;

/// <summary>
/// An ordered stream of committed changes to the graph, from any source: the embedded database's own change log,
/// or (with the Neo4j backend) a source fed by the app's own writes, other instances and a poller of the
/// <c>(:Change)</c> log. The web app's read model, its hub and the hub's catch-up consume only this interface.
/// </summary>
/// <remarks>
/// Contract for implementers:
/// <list type="bullet">
/// <item>Sequence numbers are consecutive: change n+1 follows change n. A consumer that sees a jump (it holds n
/// and receives n+2) treats it as missed changes and reads the whole graph again, so a source that lost track
/// may simply skip numbers.</item>
/// <item>A change that cannot say what it changed (a poller saw only that the log's sequence moved) is published
/// with <see cref="GraphChange.Itemised"/> = false and empty lists: consumers re-read the graph.</item>
/// <item><see cref="Subscribe"/>'s callback runs on the publisher's thread, possibly inside a commit: consumers
/// only queue there.</item>
/// </list>
/// In the web app the feed is the service registered as <see cref="IGraphChangeFeed"/>, else the database when it
/// implements this interface (the embedded one does), else none (every read goes to the database).
/// </remarks>
public interface IGraphChangeFeed
{
    /// <summary>The sequence number of the newest committed change; it only grows, across restarts too.</summary>
    long LastSequence { get; }

    /// <summary>Calls <paramref name="onCommitted"/> after each committed transaction that changed the graph,
    /// in sequence order. Dispose the result to stop.</summary>
    IDisposable Subscribe(Action<GraphChange> onCommitted);

    /// <summary>Every change after <paramref name="sequence"/>, oldest first; <c>null</c> when some of them are
    /// no longer kept (the caller should reload everything).</summary>
    IReadOnlyList<GraphChange>? ChangesSince(long sequence);
}

/// <summary>A change feed that learns of other writers' commits by reading the database every so often (the Neo4j
/// backend's change-log poller). <see cref="ReadSoon"/> asks it to read now rather than at its next interval, e.g.
/// when another instance announces that it committed.</summary>
public interface IPolledGraphChangeFeed : IGraphChangeFeed
{
    /// <summary>Reads the database for new changes as soon as possible, without waiting; requests made while a read
    /// is pending are served by that read.</summary>
    void ReadSoon();
}

/// <summary>What one committed transaction changed.</summary>
/// <param name="Sequence">Grows by one per committed, changing transaction.</param>
/// <param name="Nodes">Created or updated nodes, as they are after the commit.</param>
/// <param name="Relationships">Created or updated relationships, as they are after the commit.</param>
/// <param name="DeletedNodeIds">Element ids of deleted nodes.</param>
/// <param name="DeletedRelationshipIds">Element ids of deleted relationships.</param>
/// <remarks>Applying an itemised change means: put each listed node and relationship as given (replacing what had
/// its element id), then drop the deleted ids. That is idempotent, so replaying a change a reader already saw
/// is harmless.</remarks>
public sealed record GraphChange(
    long Sequence,
    DateTimeOffset CommittedAt,
    IReadOnlyList<GraphNode> Nodes,
    IReadOnlyList<GraphRelationship> Relationships,
    IReadOnlyList<string> DeletedNodeIds,
    IReadOnlyList<string> DeletedRelationshipIds)
{
    /// <summary>False when the source knows only that something changed at <see cref="Sequence"/> (the lists are
    /// then empty or partial): a consumer re-reads the graph instead of applying the lists.</summary>
    public bool Itemised { get; init; } = true;

    /// <summary>A change known only by its sequence (see <see cref="Itemised"/>).</summary>
    public static GraphChange Unitemised(long sequence, DateTimeOffset committedAt) =>
        new(sequence, committedAt, [], [], [], []) { Itemised = false };
}
