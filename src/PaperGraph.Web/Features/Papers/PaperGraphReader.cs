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
    private readonly ConcurrentQueue<GraphChange> _announced = new();
    private GraphReadState? _state; // guarded by _gate
    private volatile PaperGraphModel? _model;
    private IDisposable? _subscription;
    private int _applyScheduled;
    private long _fullReads;
    private long _appliedChanges;

    /// <summary>How many times the whole graph was read (the first load, gaps, unitemised changes).</summary>
    public long FullReads => Interlocked.Read(ref _fullReads);

    /// <summary>How many changes were applied to the model without reading the graph.</summary>
    public long AppliedChanges => Interlocked.Read(ref _appliedChanges);

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
            return await CatchUpAsync(feed, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings the model up to the feed's last sequence. Call with the gate held.</summary>
    private async Task<PaperGraphModel> CatchUpAsync(IGraphChangeFeed feed, CancellationToken ct)
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
                state.Apply(change);
                Interlocked.Increment(ref _appliedChanges);
                continue;
            }
            // A gap, or a change that does not say what it changed: ask the feed for the run, else read again.
            state = await FillOrReloadAsync(feed, state, ct);
        }
        if (state.Sequence < feed.LastSequence)
            state = await FillOrReloadAsync(feed, state, ct);
        if (_model is not { } model || model.Sequence != state.Sequence)
            _model = model = state.ToModel();
        return model;
    }

    private async Task<GraphReadState> FillOrReloadAsync(IGraphChangeFeed feed, GraphReadState state, CancellationToken ct)
    {
        var run = feed.ChangesSince(state.Sequence);
        if (run is not null && IsApplicable(run, state.Sequence))
        {
            foreach (var change in run)
            {
                state.Apply(change);
                Interlocked.Increment(ref _appliedChanges);
            }
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
                if (feeds.Feed is { } feed)
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
