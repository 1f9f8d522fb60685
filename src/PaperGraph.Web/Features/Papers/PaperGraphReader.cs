using System.Collections.Concurrent;
using PaperGraph.Graph;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.Papers;

/// <summary>
/// The explorer's read model of the prerequisite graph. It reads the graph once, in one read transaction, then
/// applies each committed <see cref="GraphChange"/> from the app's change feed in sequence order instead of
/// reading again; a gap in the sequence, or a change that does not say what it changed, costs one full read.
/// Without a change feed every call reads the graph (in one transaction).
/// </summary>
/// <remarks>
/// Changes are applied in the background as the feed announces them; a read that finds the feed ahead of the
/// model (its caller's own write, say, whose announcement is still on its way) catches up first, so a client
/// always reads its own writes. The returned <see cref="PaperGraphModel"/> is immutable and shared.
/// </remarks>
public sealed partial class PaperGraphReader(IGraphDatabase database, GraphChangeFeeds feeds, ILogger<PaperGraphReader> logger)
    : IDisposable
{
    internal const string SectionsQuery = "MATCH (s:Section) RETURN s";
    internal const string PapersQuery = "MATCH (p:Paper) RETURN p";
    internal const string MembershipQuery = "MATCH (:Paper)-[r:IN_SECTION]->(:Section) RETURN r";
    internal const string EdgesQuery = "MATCH (:Paper)-[r:PREREQUISITE_OF]->(:Paper) RETURN r";

    private readonly SemaphoreSlim _gate = new(1, 1);
    /// <summary>How many changes' deltas are kept for the hub.</summary>
    public const int MaxDeltas = 1024;

    private readonly ConcurrentQueue<GraphChange> _announced = new();
    private readonly ConcurrentDictionary<long, GraphDelta> _deltas = new();
    private readonly ConcurrentQueue<long> _deltaOrder = new();
    private long _reliableAfter;
    private volatile GraphReadState? _state; // changed with _gate held
    private volatile PaperGraphModel? _model;
    private IDisposable? _subscription;
    private int _applyScheduled;
    private long _fullReads;
    private long _appliedChanges;

    /// <summary>How many times the whole graph was read (the first load, gaps, unitemised changes).</summary>
    public long FullReads => Interlocked.Read(ref _fullReads);

    /// <summary>How many changes were applied to the model without reading the graph.</summary>
    public long AppliedChanges => Interlocked.Read(ref _appliedChanges);

    /// <summary>The projected model if it already includes the feed's last change (no waiting, no reading, no
    /// projection); null otherwise, or without a change feed.</summary>
    public PaperGraphModel? CurrentModel =>
        feeds.Feed is { } feed && _model is { } model && model.Sequence >= feed.LastSequence ? model : null;

    /// <summary>The graph as it is now: at least as new as the feed's last sequence when this was called.</summary>
    public async Task<PaperGraphModel> ReadAsync(CancellationToken cancellationToken)
    {
        if (feeds.Feed is not { } feed)
        {
            Interlocked.Increment(ref _fullReads);
            var state = await LoadAsync(0, cancellationToken);
            return state.ToModel();
        }
        var target = feed.LastSequence;
        if (_model is { } model && model.Sequence >= target)
            return model;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var state = await CatchUpAsync(feed, cancellationToken);
            // Built here rather than per change: a burst of changes costs one projection, at the next read.
            if (_model is not { } current || current.Sequence != state.Sequence)
                _model = current = state.ToModel();
            return current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What change <paramref name="sequence"/> meant for the explorer, once the model has applied it;
    /// null when it is not known (the model read the whole graph over it, the change touched sections, or it is
    /// older than the few kept). Pages apply it instead of reading the graph.</summary>
    public async Task<GraphDelta?> DeltaAsync(long sequence, CancellationToken cancellationToken)
    {
        if (feeds.Feed is not { } feed) return null;
        if (_state is not { } known || known.Sequence < sequence)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await CatchUpAsync(feed, cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }
        return KnownDelta(sequence);
    }

    /// <summary>The delta of change <paramref name="sequence"/> if it is kept (no waiting, no reading).</summary>
    public GraphDelta? KnownDelta(long sequence) => _deltas.TryGetValue(sequence, out var delta) ? delta : null;

    /// <summary>Brings the state up to the feed's last sequence. Call with the gate held.</summary>
    private async Task<GraphReadState> CatchUpAsync(IGraphChangeFeed feed, CancellationToken ct)
    {
        if (_state is null)
        {
            // Subscribe before reading, so nothing committed during the read is missed; what the read already
            // saw is applied again harmlessly (applying a change is idempotent).
            _subscription ??= feed.Subscribe(OnCommitted);
            await ReloadAsync(feed, ct);
        }
        var state = _state!;
        while (_announced.TryDequeue(out var change))
        {
            if (change.Sequence <= state.Sequence) continue;
            if (change.Sequence == state.Sequence + 1 && change.Itemised)
            {
                ApplyOne(state, change);
                continue;
            }
            // A gap, or a change that does not say what it changed: ask the feed for the run, else read again.
            state = await FillOrReloadAsync(feed, state, ct);
        }
        if (state.Sequence < feed.LastSequence)
            state = await FillOrReloadAsync(feed, state, ct);
        return state;
    }

    private void ApplyOne(GraphReadState state, GraphChange change)
    {
        var delta = state.Apply(change);
        Interlocked.Increment(ref _appliedChanges);
        // A change the first read may already have seen gives no trustworthy delta (its "before" is not the
        // graph before it), so none is kept for those.
        if (change.Sequence <= _reliableAfter || delta is null) return;
        _deltas[change.Sequence] = delta;
        _deltaOrder.Enqueue(change.Sequence);
        while (_deltaOrder.Count > MaxDeltas && _deltaOrder.TryDequeue(out var old))
            _deltas.TryRemove(old, out _);
    }

    private async Task<GraphReadState> FillOrReloadAsync(IGraphChangeFeed feed, GraphReadState state, CancellationToken ct)
    {
        var run = feed.ChangesSince(state.Sequence);
        if (run is not null && IsApplicable(run, state.Sequence))
        {
            foreach (var change in run)
                ApplyOne(state, change);
            return state;
        }
        return await ReloadAsync(feed, ct);
    }

    /// <summary>A run applies when it continues <paramref name="from"/> without a gap and every change is itemised.</summary>
    private static bool IsApplicable(IReadOnlyList<GraphChange> run, long from)
    {
        var expected = from + 1;
        foreach (var change in run)
        {
            if (change.Sequence != expected || !change.Itemised) return false;
            expected++;
        }
        return true;
    }

    private async Task<GraphReadState> ReloadAsync(IGraphChangeFeed feed, CancellationToken ct)
    {
        Interlocked.Increment(ref _fullReads);
        var state = await LoadAsync(feed.LastSequence, ct);
        // The read's snapshot holds no change committed after this: deltas are trusted from here on.
        _reliableAfter = feed.LastSequence;
        _state = state;
        _model = null;
        return state;
    }

    /// <summary>The feed's callback: queue, and apply on the thread pool (never on the committing thread).</summary>
    private void OnCommitted(GraphChange change)
    {
        _announced.Enqueue(change);
        if (Interlocked.Exchange(ref _applyScheduled, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static reader => _ = reader.ApplyAnnouncedAsync(), this, preferLocal: false);
    }

    private async Task ApplyAnnouncedAsync()
    {
        try
        {
            await _gate.WaitAsync();
            try
            {
                Volatile.Write(ref _applyScheduled, 0); // a change queued from now on schedules another pass
                if (feeds.Feed is { } feed && _state is not null)
                    await CatchUpAsync(feed, CancellationToken.None);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex)
        {
            // The next read tries again; the model stays as it was until then.
            Volatile.Write(ref _applyScheduled, 0);
            LogApplyFailed(logger, ex);
        }
    }

    /// <summary>Reads sections, papers, memberships and edges in one read transaction.</summary>
    private async Task<GraphReadState> LoadAsync(long sequence, CancellationToken ct)
    {
        var state = new GraphReadState(sequence);
        await using var tx = await database.BeginTransactionAsync(AccessMode.Read, ct);
        foreach (var row in (await tx.ExecuteAsync(CypherQuery.Read(SectionsQuery), ct)).Values)
            if (row[0] is GraphNode n) state.PutNode(n);
        foreach (var row in (await tx.ExecuteAsync(CypherQuery.Read(PapersQuery), ct)).Values)
            if (row[0] is GraphNode n) state.PutNode(n);
        foreach (var row in (await tx.ExecuteAsync(CypherQuery.Read(MembershipQuery), ct)).Values)
            if (row[0] is GraphRelationship r) state.PutRelationship(r);
        foreach (var row in (await tx.ExecuteAsync(CypherQuery.Read(EdgesQuery), ct)).Values)
            if (row[0] is GraphRelationship r) state.PutRelationship(r);
        await tx.CommitAsync(ct);
        return state;
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not apply the graph's changes to the read model; the next read retries.")]
    private static partial void LogApplyFailed(ILogger logger, Exception ex);
}
