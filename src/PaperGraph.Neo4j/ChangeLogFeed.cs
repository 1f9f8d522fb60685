using System.Text.Json;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Neo4j;

/// <summary>
/// The change feed of a database that cannot announce its commits (a Neo4j server): it reads the history's
/// <c>(:Change)</c> nodes past the last sequence it saw (docs/MODEL.md, "History"), right after each write made through
/// it (so the app's own writes are in the feed before the write returns) and every <c>pollInterval</c> (so writes
/// by other PaperGraph instances and by anyone else who records history are picked up too).
/// </summary>
/// <remarks>
/// <para>One <see cref="GraphChange"/> per <c>Change</c> node, its <see cref="GraphChange.Sequence"/> the node's
/// <c>seq</c> (so sequences grow by one with no gaps: the curation lock hands them out in commit order). Its
/// <see cref="GraphChange.Nodes"/> are the <c>Change</c> node itself and the papers it names as they are now; its
/// <see cref="GraphChange.Relationships"/> the prerequisite edge an addition or rewording names, if it still exists,
/// and the papers' section memberships. Neo4j does not say which element ids a write deleted, so a removal or an edit
/// is itemised only when its <c>Change</c> lists them (<see cref="CurationLog.Deleted"/>, which the curation API
/// records): they become the change's
/// <see cref="GraphChange.DeletedNodeIds"/> and <see cref="GraphChange.DeletedRelationshipIds"/>. An added or reworded
/// edge and an added paper are itemised as they are (all their effect is in what now exists). Anything else (raw Cypher,
/// an import, a removal recorded by an older version) is published not <see cref="GraphChange.Itemised"/>, and
/// consumers read the graph again.</para>
/// <para>A write that records no history (one that names neither <c>Paper</c> nor <c>PREREQUISITE_OF</c>, or one made
/// to Neo4j without recording a <c>Change</c>) is not in the feed. The newest <see cref="MaxKept"/> changes are kept
/// for <see cref="ChangesSince"/>. Thread-safe; subscribers are called in sequence order, one change at a time.</para>
/// </remarks>
public sealed class ChangeLogFeed : IGraphDatabase, IPolledGraphChangeFeed, IGraphDatabaseCheck
{
    /// <summary>How many recent changes <see cref="ChangesSince"/> can replay.</summary>
    public const int MaxKept = 2_000;

    private const int PageSize = 500;

    private const string StartQuery = "OPTIONAL MATCH (l:ChangeLog {key: 'changes'}) RETURN coalesce(l.seq, 0) AS seq";

    // Each change with the papers it names (and their sections), and the edge an addition or rewording names, as they
    // stand now. A removed paper or edge is not looked up: one of the same key made later is a later change's news.
    private const string PollQuery = """
        MATCH (c:Change) WHERE c.seq > $since
        WITH c ORDER BY c.seq LIMIT $limit
        OPTIONAL MATCH (p:Paper) WHERE (p.key = c.paper AND c.action <> 'remove-paper') OR p.key = c.from OR p.key = c.to
        OPTIONAL MATCH (p)-[m:IN_SECTION]->(s:Section)
        WITH c, collect(DISTINCT p) AS papers, collect(DISTINCT m) AS memberships, collect(DISTINCT s) AS sections
        OPTIONAL MATCH (:Paper {key: c.from})-[r:PREREQUISITE_OF]->(:Paper {key: c.to}) WHERE c.action IN ['add-edge', 'reword-edge']
        RETURN c, papers, memberships, sections, collect(r) AS edges
        ORDER BY c.seq
        """;

    /// <summary>The actions whose effect is all in what now exists (so the change can be itemised): an edge added or
    /// reworded, a paper added.</summary>
    private static readonly HashSet<string> Itemisable = new(StringComparer.Ordinal)
    {
        CurationLog.Actions.AddEdge, CurationLog.Actions.RewordEdge, CurationLog.Actions.AddPaper,
    };

    /// <summary>The actions that may delete: itemised when their <c>Change</c> lists what went.</summary>
    private static readonly HashSet<string> ItemisableWithDeletions = new(StringComparer.Ordinal)
    {
        CurationLog.Actions.RemoveEdge, CurationLog.Actions.RemovePaper, CurationLog.Actions.EditPaper,
    };

    private readonly IGraphDatabase _inner;
    private readonly TimeSpan _pollInterval;
    private readonly Action<Exception>? _onPollFailed;
    private readonly SemaphoreSlim _pollGate = new(1, 1);
    private readonly Lock _lock = new();
    private readonly LinkedList<GraphChange> _kept = new();
    private readonly List<Action<GraphChange>> _subscribers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Task _loop;
    private long _last = -1;
    private long _floor = -1;

    /// <summary>Wraps <paramref name="inner"/> and starts polling its history at once.</summary>
    /// <param name="inner">The database (a <see cref="CurationRulesDatabase"/> over Neo4j, so writes record history).</param>
    /// <param name="pollInterval">How often to look for changes made by others.</param>
    /// <param name="onPollFailed">Told about a failed poll (the feed tries again at the next interval).</param>
    public ChangeLogFeed(IGraphDatabase inner, TimeSpan pollInterval, Action<Exception>? onPollFailed = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _inner = inner;
        _pollInterval = pollInterval;
        _onPollFailed = onPollFailed;
        _loop = Task.Run(() => PollLoopAsync(_stop.Token));
    }

    /// <summary>The database being watched.</summary>
    public IGraphDatabase Inner => _inner;

    /// <summary>The newest change seen; 0 before the first successful poll.</summary>
    public long LastSequence => Math.Max(0, Interlocked.Read(ref _last));

    /// <summary>The server's start-up check, from the database this feed wraps (through the rules' wrapper).</summary>
    public Task<string> CheckAsync(CancellationToken cancellationToken = default)
    {
        for (var db = _inner; db is not null; db = (db as CurationRulesDatabase)?.Inner)
            if (db is IGraphDatabaseCheck check) return check.CheckAsync(cancellationToken);
        return Task.FromResult(_inner.GetType().Name);
    }

    public IDisposable Subscribe(Action<GraphChange> onCommitted)
    {
        ArgumentNullException.ThrowIfNull(onCommitted);
        lock (_lock) _subscribers.Add(onCommitted);
        return new Subscription(this, onCommitted);
    }

    public IReadOnlyList<GraphChange>? ChangesSince(long sequence)
    {
        lock (_lock)
        {
            if (_floor < 0 || sequence < _floor) return null;
            return _kept.Where(c => c.Sequence > sequence).ToList();
        }
    }

    public async Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
    {
        var result = await _inner.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
        if (query.AccessMode == AccessMode.Write && result.Counters.ContainsUpdates)
            await CatchUpAsync().ConfigureAwait(false);
        return result;
    }

    public async Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write,
        CancellationToken cancellationToken = default)
    {
        var tx = await _inner.BeginTransactionAsync(accessMode, cancellationToken).ConfigureAwait(false);
        return accessMode == AccessMode.Read ? tx : new WatchedTransaction(this, tx);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Reads every change committed since the last one seen, and tells the subscribers. Never throws: a
    /// failure is left to the next poll, since the write it follows has committed either way.</summary>
    public async Task CatchUpAsync()
    {
        try
        {
            await PollAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _onPollFailed?.Invoke(ex);
            Wake();
        }
    }

    /// <summary>Wakes the poller now (coalesced: one pending wake at most).</summary>
    public void ReadSoon() => Wake();

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try { _wake.Release(); }
            catch (SemaphoreFullException) { }
        }
    }

    private async Task PollLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                _onPollFailed?.Invoke(ex);
            }
            try
            {
                await _wake.WaitAsync(_pollInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        await _pollGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _last) < 0)
            {
                // Start from the log's current number: what was committed before this instance started is the
                // state it reads, not news.
                var start = await _inner.ExecuteAsync(CypherQuery.Read(StartQuery), cancellationToken).ConfigureAwait(false);
                var seq = start.Values.Count > 0 && start.Values[0][0] is long s ? s : 0;
                lock (_lock) _floor = seq;
                Interlocked.Exchange(ref _last, seq);
            }
            while (true)
            {
                var since = Interlocked.Read(ref _last);
                var page = await _inner.ExecuteAsync(CypherQuery.Read(PollQuery, new Dictionary<string, object?>
                {
                    ["since"] = since,
                    ["limit"] = (long)PageSize,
                }), cancellationToken).ConfigureAwait(false);
                foreach (var row in page.Values)
                {
                    if (ToChange(row) is not { } change || change.Sequence <= Interlocked.Read(ref _last)) continue;
                    Publish(change);
                }
                if (page.Values.Count < PageSize) return;
            }
        }
        finally
        {
            _pollGate.Release();
        }
    }

    private void Publish(GraphChange change)
    {
        Action<GraphChange>[] subscribers;
        lock (_lock)
        {
            _kept.AddLast(change);
            while (_kept.Count > MaxKept)
            {
                _floor = _kept.First!.Value.Sequence;
                _kept.RemoveFirst();
            }
            Interlocked.Exchange(ref _last, change.Sequence);
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers) subscriber(change);
    }

    private static GraphChange? ToChange(IReadOnlyList<object?> row)
    {
        if (row[0] is not GraphNode node || node.Properties.GetValueOrDefault("seq") is not long seq) return null;
        var at = node.Properties.GetValueOrDefault("at") is string text
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : DateTimeOffset.UtcNow;
        static IEnumerable<T> Items<T>(object? value) => value is IEnumerable<object?> list ? list.OfType<T>() : [];
        var nodes = new List<GraphNode> { node };
        nodes.AddRange(Items<GraphNode>(row[1]));
        nodes.AddRange(Items<GraphNode>(row[3]));
        var relationships = Items<GraphRelationship>(row[2]).Concat(Items<GraphRelationship>(row[4])).ToList();
        var action = node.Properties.GetValueOrDefault("action") as string;
        var deleted = ItemisableWithDeletions.Contains(action ?? "") ? Deleted(node.Properties.GetValueOrDefault(CurationLog.Deleted)) : null;
        var itemised = action is not null && (Itemisable.Contains(action) || deleted is not null);
        // Not itemised, the lists still carry the Change node (who did what) for the page's notice.
        return new GraphChange(seq, at, nodes, relationships, deleted?.Nodes ?? [], deleted?.Relationships ?? [])
        {
            Itemised = itemised,
        };
    }

    /// <summary>The element ids a <c>Change</c>'s <see cref="CurationLog.Deleted"/> lists; null when it has none or it
    /// cannot be read (the change is then not itemised).</summary>
    private static (List<string> Nodes, List<string> Relationships)? Deleted(object? value)
    {
        if (value is not string json) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array
                || !doc.RootElement.TryGetProperty("relationships", out var relationships) || relationships.ValueKind != JsonValueKind.Array)
                return null;
            static List<string> Ids(JsonElement list) =>
                list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
            return (Ids(nodes), Ids(relationships));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Unsubscribe(Action<GraphChange> subscriber)
    {
        lock (_lock) _subscribers.Remove(subscriber);
    }

    private sealed class Subscription(ChangeLogFeed feed, Action<GraphChange> subscriber) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(subscriber);
    }

    /// <summary>Catches up with the feed right after a write transaction commits.</summary>
    private sealed class WatchedTransaction(ChangeLogFeed feed, IGraphTransaction inner) : IGraphTransaction
    {
        private bool _changed;

        public async Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
        {
            var result = await inner.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
            _changed |= result.Counters.ContainsUpdates;
            return result;
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (_changed) await feed.CatchUpAsync().ConfigureAwait(false);
        }

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
