using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>
/// The embedded property-graph store: the graph lives in memory as immutable, versioned generations (adjacency
/// arrays per node, label bitmaps, property indexes for schema rules), and every commit is made durable in SQLite
/// (WAL, synchronous=FULL, one SQLite transaction per graph transaction) before it becomes visible.
/// </summary>
/// <remarks>
/// Readers take the current generation and keep it for their whole transaction: they never block and never see
/// a half-applied commit. One writer at a time builds its changes in a private overlay; its commit writes SQLite,
/// then publishes the next generation (copy-on-write: only touched pages and records are new), then announces the
/// change on <see cref="Changes"/>. On open, the whole graph is loaded from <c>&lt;folder&gt;/graph.db</c>.
/// <para>Choices the engine may notice: node and relationship ids are dense from 0 and never reused while the
/// store is open (rolled-back ids stay taken); uniqueness is checked at each mutation, not at commit;
/// <see cref="IStoreWriteTransaction.DeleteNode"/> refuses at once a node that still has relationships;
/// <c>Labels</c> and <c>RelationshipTypes</c> list those in use, <c>PropertyKeys</c> every key ever committed;
/// a commit that changes only the schema gets no sequence number and no <c>GraphChange</c>. Relationship
/// uniqueness rules are stored and listed but not enforced.</para>
/// </remarks>
public sealed class SqliteGraphStore : IGraphStore
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _publishGate = new();
    private readonly ChangeLog _changes;
    private readonly SqliteDurability? _durable;
    private volatile Generation _current;
    private int _disposed;
    private long _idFloorNode;
    private long _idFloorRel;

    private SqliteGraphStore(SqliteGraphStoreOptions options, SqliteDurability? durable)
    {
        Options = options;
        LabelSets = new LabelSetTable(LabelTokens);
        _changes = new ChangeLog(this, options);
        _durable = durable;
        _current = Generation.Empty;
    }

    /// <summary>Opens the store in <paramref name="folder"/> (created when missing; the data is in
    /// <c>graph.db</c>), or a purely in-memory store when <paramref name="folder"/> is null.</summary>
    public static SqliteGraphStore Open(string? folder, SqliteGraphStoreOptions? options = null)
    {
        options ??= new SqliteGraphStoreOptions();
        if (folder is null) return new SqliteGraphStore(options, null);
        var durable = SqliteDurability.Open(folder, options);
        try
        {
            var store = new SqliteGraphStore(options, durable);
            var loaded = durable.Load(store);
            store._current = loaded.Generation;
            store._changes.Seed(loaded.KeptChanges);
            return store;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            durable.Dispose();
            throw new GraphException(GraphErrorCodes.DatabaseUnavailable, $"Storage: cannot read '{durable.Path}': {e.Message}", inner: e);
        }
        catch
        {
            durable.Dispose();
            throw;
        }
    }

    internal SqliteGraphStoreOptions Options { get; }
    internal TokenTable LabelTokens { get; } = new();
    internal TokenTable TypeTokens { get; } = new();
    internal TokenTable KeyTokens { get; } = new();
    internal LabelSetTable LabelSets { get; }
    internal Generation Current => _current;

    /// <summary>The folder's database file, or null for an in-memory store.</summary>
    public string? DatabasePath => _durable?.Path;

    public IGraphChangeFeed Changes => _changes;

    public IStoreReadTransaction BeginRead()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return new ReadTransaction(this, _current);
    }

    public IStoreWriteTransaction BeginWrite(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_writer.Wait(timeout, cancellationToken)) throw StoreErrors.WriterTimedOut(timeout);
        if (_disposed != 0)
        {
            _writer.Release();
            throw new ObjectDisposedException(nameof(SqliteGraphStore));
        }
        var current = _current;
        return new WriteTransaction(this, current, Math.Max(current.NextNodeId, _idFloorNode), Math.Max(current.NextRelId, _idFloorRel));
    }

    /// <summary>Ends a transaction that did not commit; the ids it took stay taken while the store is open.</summary>
    internal void ReleaseWriter(WriteTransaction tx)
    {
        _idFloorNode = Math.Max(_idFloorNode, tx.NextNodeId);
        _idFloorRel = Math.Max(_idFloorRel, tx.NextRelId);
        _writer.Release();
    }

    /// <summary>Durable first (SQLite), then visible (publish the generation), then announced. Releases the
    /// writer whatever happens; on failure memory is left as it was.</summary>
    internal GraphChange? CommitAndRelease(WriteTransaction tx)
    {
        var released = false;
        try
        {
            if (tx.IsNoOp) return null;
            var plan = tx.BuildCommit();
            var change = plan.Change;
            var pruneThrough = change is null ? 0 : _changes.PruneThrough(ChangeLog.EntitiesOf(change));
            if (_durable is not null)
            {
                try
                {
                    _durable.Persist(plan, pruneThrough, TypeName);
                }
                catch (Exception e) when (e is not GraphException)
                {
                    throw StoreErrors.CommitFailed(e);
                }
            }
            lock (_publishGate)
            {
                _current = plan.Next;
                if (change is not null) _changes.Append(change, pruneThrough);
                // Let the next writer start while subscribers run; the gate keeps announcements in order.
                _writer.Release();
                released = true;
                if (change is not null) _changes.Notify(change);
            }
            return change;
        }
        finally
        {
            if (!released) ReleaseWriter(tx);
        }
    }

    internal IReadOnlyList<GraphChange>? LoadChanges(long after, long through) => _durable?.LoadChanges(this, after, through);

    internal string TypeName(int typeId) =>
        (uint)typeId < (uint)TypeTokens.Count ? TypeTokens.Name(typeId) : throw StoreErrors.UnknownType(typeId);

    /// <summary>Names whose count (plus the transaction's delta) is above zero, in token order.</summary>
    internal IReadOnlyCollection<string> NamesInUse(TokenTable tokens, long[] counts, Dictionary<int, long>? delta)
    {
        var names = new List<string>();
        var n = tokens.Count;
        for (var i = 0; i < n; i++)
        {
            var count = (i < counts.Length ? counts[i] : 0) + (delta?.GetValueOrDefault(i) ?? 0);
            if (count > 0) names.Add(tokens.Name(i));
        }
        return names;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // Wait briefly for a commit in flight, so SQLite is not closed under it.
        var acquired = _writer.Wait(TimeSpan.FromSeconds(10));
        _durable?.Dispose();
        if (acquired) _writer.Release();
    }
}
