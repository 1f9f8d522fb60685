using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>The store's change feed: the newest committed changes, with retention by count and by size, and the
/// subscribers to notify after each commit.</summary>
/// <remarks>In a durable store every kept change is also in SQLite; entries loaded at open carry only their
/// sequence and size, and their contents are read back from SQLite when asked for.</remarks>
internal sealed class ChangeLog(SqliteGraphStore store, SqliteGraphStoreOptions options) : IGraphChangeFeed
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _entries = new();
    private Action<GraphChange>[] _subscribers = [];
    private long _entities;

    private sealed record Entry(long Sequence, int Entities, GraphChange? Change);

    public long LastSequence => store.Current.LastSequence;

    public static int EntitiesOf(GraphChange change) =>
        Math.Max(1, change.Nodes.Count + change.Relationships.Count + change.DeletedNodeIds.Count + change.DeletedRelationshipIds.Count);

    /// <summary>Entries kept from before this process (sequence and size only).</summary>
    public void Seed(IEnumerable<(long Sequence, int Entities)> kept)
    {
        lock (_gate)
        {
            foreach (var (sequence, entities) in kept)
            {
                _entries.AddLast(new Entry(sequence, entities, null));
                _entities += entities;
            }
        }
    }

    /// <summary>The newest sequence that must be dropped once a change of <paramref name="entities"/> is added
    /// (0 when none).</summary>
    public long PruneThrough(int entities)
    {
        lock (_gate)
        {
            var count = _entries.Count + 1;
            var total = _entities + entities;
            long through = 0;
            for (var e = _entries.First; e is not null && (count > options.ChangeLogCapacity || total > options.ChangeLogMaxEntities); e = e.Next)
            {
                through = e.Value.Sequence;
                count--;
                total -= e.Value.Entities;
            }
            return through;
        }
    }

    public void Append(GraphChange change, long pruneThrough)
    {
        lock (_gate)
        {
            while (_entries.First is { } first && first.Value.Sequence <= pruneThrough)
            {
                _entities -= first.Value.Entities;
                _entries.RemoveFirst();
            }
            var entities = EntitiesOf(change);
            _entries.AddLast(new Entry(change.Sequence, entities, change));
            _entities += entities;
        }
    }

    public void Notify(GraphChange change)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(change);
            }
            catch (Exception)
            {
                // The commit is done and durable; a failing subscriber must not undo it nor starve the others.
            }
        }
    }

    public IDisposable Subscribe(Action<GraphChange> onCommitted)
    {
        ArgumentNullException.ThrowIfNull(onCommitted);
        lock (_gate)
        {
            _subscribers = [.. _subscribers, onCommitted];
        }
        return new Subscription(this, onCommitted);
    }

    private void Unsubscribe(Action<GraphChange> onCommitted)
    {
        lock (_gate)
        {
            var i = Array.IndexOf(_subscribers, onCommitted);
            if (i >= 0) _subscribers = [.. _subscribers[..i], .. _subscribers[(i + 1)..]];
        }
    }

    public IReadOnlyList<GraphChange>? ChangesSince(long sequence)
    {
        var last = LastSequence;
        if (sequence >= last) return [];
        List<Entry> wanted;
        lock (_gate)
        {
            if (_entries.First is not { } first || first.Value.Sequence > sequence + 1) return null;
            wanted = _entries.Where(e => e.Sequence > sequence && e.Sequence <= last).ToList();
        }
        if (wanted.All(e => e.Change is not null)) return wanted.Select(e => e.Change!).ToList();
        var loaded = store.LoadChanges(sequence, last);
        if (loaded is null || loaded.Count != wanted.Count) return null;
        return loaded;
    }

    private sealed class Subscription(ChangeLog log, Action<GraphChange> onCommitted) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) log.Unsubscribe(onCommitted);
        }
    }
}
