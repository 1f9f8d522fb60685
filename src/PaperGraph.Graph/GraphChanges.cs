namespace PaperGraph.Graph;

/// <summary>
/// Implemented by a database that can tell what each committed transaction changed (the embedded one does).
/// The web app relays these to browsers as <c>GraphChanged</c> messages.
/// </summary>
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

/// <summary>What one committed transaction changed.</summary>
/// <param name="Sequence">Grows by one per committed, changing transaction.</param>
/// <param name="Nodes">Created or updated nodes, as they are after the commit.</param>
/// <param name="Relationships">Created or updated relationships, as they are after the commit.</param>
/// <param name="DeletedNodeIds">Element ids of deleted nodes.</param>
/// <param name="DeletedRelationshipIds">Element ids of deleted relationships.</param>
public sealed record GraphChange(
    long Sequence,
    DateTimeOffset CommittedAt,
    IReadOnlyList<GraphNode> Nodes,
    IReadOnlyList<GraphRelationship> Relationships,
    IReadOnlyList<string> DeletedNodeIds,
    IReadOnlyList<string> DeletedRelationshipIds);
