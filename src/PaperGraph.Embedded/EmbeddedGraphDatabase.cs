using PaperGraph.Cypher;
using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;
using PaperGraph.Storage.Sqlite;

namespace PaperGraph.Embedded;

/// <summary>Settings of the embedded database.</summary>
public sealed class EmbeddedDatabaseOptions
{
    /// <summary>The store's folder; null keeps everything in memory (tests).</summary>
    public string? Path { get; init; }

    /// <summary>Every statement ends with <c>TransactionTimedOut</c> after this long.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A statement returning more rows than this fails with a clear error.</summary>
    public int MaxResultRows { get; init; } = 1_000_000;

    /// <summary>The most memory one statement may hold (an estimate, see <c>QueryBudget</c>); 0 for no limit.
    /// Past it the statement ends with <c>Neo.ClientError.General.TransactionOutOfMemoryError</c>.</summary>
    public long QueryMemoryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>The only folder LOAD CSV may read (<c>file:///x.csv</c> is <c>x.csv</c> in it); null refuses LOAD CSV.
    /// LOAD CSV needs write access, so only callers who may write (administrators) can read files at all.</summary>
    public string? ImportPath { get; init; }

    /// <summary>Refuse every write (whatever the query's access mode).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Check the rules of prerequisite edges and record the history of papers and edges in every write
    /// transaction before it commits (<see cref="CurationCommitCheck"/>). On by default: turning it off is for
    /// measuring the engine alone.</summary>
    public bool CurationRules { get; init; } = true;

    /// <summary>Procedures callable besides the built-in ones (as Neo4j loads plugins), found first by name.</summary>
    public IReadOnlyList<PaperGraph.Cypher.Execution.ProcedureSignature> Procedures { get; init; } = [];
}

/// <summary>The embedded graph database: the Cypher engine over the SQLite-backed store.</summary>
/// <remarks>
/// Each auto-commit statement runs in its own store transaction: a read snapshot when it only reads, the one write
/// transaction when it writes. Any failure rolls the transaction back, so a statement is applied whole or not at
/// all. Thread-safe.
/// </remarks>
public sealed class EmbeddedGraphDatabase : IGraphDatabase, IGraphChangeFeed
{
    private readonly IGraphStore _store;
    private readonly EmbeddedDatabaseOptions _options;
    private readonly CypherEngine _engine;
    private int _disposed;

    private EmbeddedGraphDatabase(IGraphStore store, EmbeddedDatabaseOptions options)
    {
        _store = store;
        _options = options;
        _engine = new CypherEngine(options.Procedures);
    }

    /// <summary>Opens (or creates) the store and makes it ready for queries.</summary>
    public static EmbeddedGraphDatabase Open(EmbeddedDatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EmbeddedGraphDatabase(SqliteGraphStore.Open(options.Path), options);
    }

    internal EmbeddedDatabaseOptions Options => _options;

    internal CypherEngine Engine => _engine;

    internal IGraphStore Store => _store;

    public Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ThrowIfDisposed();
        try
        {
            return Task.FromResult(Execute(query, cancellationToken));
        }
        catch (GraphException ex)
        {
            return Task.FromException<QueryResult>(ex);
        }
    }

    private QueryResult Execute(CypherQuery query, CancellationToken cancellationToken)
    {
        var prepared = Prepare(query.Text);
        var readOnly = _options.ReadOnly || query.AccessMode == AccessMode.Read;
        if (prepared.IsWrite && readOnly)
        {
            throw AccessModeError();
        }

        using var timeout = new CancellationTokenSource(_options.QueryTimeout);
        var limits = new ExecutionLimits(_options.MaxResultRows, timeout.Token, cancellationToken, _options.QueryMemoryBytes,
            _options.QueryTimeout) { ImportDirectory = _options.ImportPath };
        if (!prepared.IsWrite)
        {
            using var read = _store.BeginRead();
            return Guard(() => CypherEngine.Execute(prepared, read, null, query.ParametersOrEmpty, limits));
        }

        using var write = _store.BeginWrite(_options.QueryTimeout, cancellationToken);
        try
        {
            var result = Guard(() => CypherEngine.Execute(prepared, write, write, query.ParametersOrEmpty, limits));
            BeforeCommit(write, query, limits);
            write.Commit();
            return result;
        }
        catch
        {
            write.Rollback();
            throw;
        }
    }

    /// <summary>The rules and the history, in the write transaction, before it commits.</summary>
    internal void BeforeCommit(IStoreWriteTransaction write, CypherQuery? lastWrite, ExecutionLimits limits)
    {
        if (_options.CurationRules) Guard(() => { CurationCommitCheck.Run(_engine, write, lastWrite, limits); return 0; });
    }

    internal PreparedStatement Prepare(string text) => Guard(() => _engine.Prepare(text));

    internal static GraphException AccessModeError() =>
        new(GraphErrorCodes.AccessMode, "Writing in read access mode not allowed. Attempted write to internal graph 0 (neo4j)");

    /// <summary>Lets GraphExceptions through; turns anything else (a bug) into a DatabaseError with its message,
    /// and deep recursion into a clear client error.</summary>
    internal static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (GraphException ex)
        {
            if (ex.Code == GraphErrorCodes.TransactionOutOfMemory)
            {
                MemoryRelief.Request();
            }

            throw;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is GraphException inner)
        {
            // List.Sort wraps what a comparer throws (a timeout, a too-deep value).
            throw inner;
        }
        catch (OutOfMemoryException ex)
        {
            // The memory budget stops statements long before this; a huge single allocation the runtime refuses
            // (a string over 1 G characters) still ends as the same client error, not a crash.
            throw new GraphException(GraphErrorCodes.TransactionOutOfMemory,
                "The statement needed more memory than is available.", null, ex);
        }
        catch (InsufficientExecutionStackException ex)
        {
            throw new GraphException(GraphErrorCodes.SemanticError, "The statement is nested too deeply to run.", null, ex);
        }
        catch (OperationCanceledException ex)
        {
            throw new GraphException(GraphErrorCodes.Terminated, "The transaction has been terminated.", null, ex);
        }
        catch (Exception ex) when (ex is InvalidCastException or NullReferenceException or IndexOutOfRangeException or
                                       InvalidOperationException or ArgumentException or KeyNotFoundException or
                                       NotImplementedException or NotSupportedException or OverflowException)
        {
            throw new GraphException(GraphErrorCodes.UnknownError, $"Execution failed: {ex.Message}", null, ex);
        }
    }

    public Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write,
        CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var readOnly = _options.ReadOnly || accessMode == AccessMode.Read;
        IGraphTransaction tx = readOnly
            ? new EmbeddedTransaction(this, _store.BeginRead(), null)
            : new EmbeddedTransaction(this, null, _store.BeginWrite(_options.QueryTimeout, cancellationToken));
        return Task.FromResult(tx);
    }

    public long LastSequence => _store.Changes.LastSequence;

    public IDisposable Subscribe(Action<GraphChange> onCommitted) => _store.Changes.Subscribe(onCommitted);

    public IReadOnlyList<GraphChange>? ChangesSince(long sequence) => _store.Changes.ChangesSince(sequence);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _store.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>An explicit transaction: a read snapshot, or the store's write transaction held until commit.</summary>
internal sealed class EmbeddedTransaction(EmbeddedGraphDatabase database, IStoreReadTransaction? read, IStoreWriteTransaction? write)
    : IGraphTransaction
{
    private readonly Lock _gate = new();
    private bool _closed;
    private CypherQuery? _lastWrite;

    private IGraphReader Reader => (IGraphReader?)write ?? read!;

    public Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        try
        {
            lock (_gate)
            {
                ThrowIfClosed();
                try
                {
                    var prepared = database.Prepare(query.Text);
                    if (prepared.IsWrite && (write is null || query.AccessMode == AccessMode.Read))
                    {
                        throw EmbeddedGraphDatabase.AccessModeError();
                    }

                    if (prepared.IsWrite) _lastWrite = query;
                    using var timeout = new CancellationTokenSource(database.Options.QueryTimeout);
                    var limits = new ExecutionLimits(database.Options.MaxResultRows, timeout.Token, cancellationToken,
                        database.Options.QueryMemoryBytes, database.Options.QueryTimeout) { ImportDirectory = database.Options.ImportPath };
                    return Task.FromResult(EmbeddedGraphDatabase.Guard(() =>
                        CypherEngine.Execute(prepared, Reader, prepared.IsWrite ? write : null, query.ParametersOrEmpty, limits)));
                }
                catch
                {
                    Close(commit: false);
                    throw;
                }
            }
        }
        catch (GraphException ex)
        {
            return Task.FromException<QueryResult>(ex);
        }
    }

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            lock (_gate)
            {
                ThrowIfClosed();
                if (write is not null)
                {
                    try
                    {
                        using var timeout = new CancellationTokenSource(database.Options.QueryTimeout);
                        database.BeforeCommit(write, _lastWrite,
                            new ExecutionLimits(database.Options.MaxResultRows, timeout.Token, cancellationToken));
                    }
                    catch
                    {
                        Close(commit: false);
                        throw;
                    }
                }
                Close(commit: true);
            }
        }
        catch (GraphException ex)
        {
            return Task.FromException(ex);
        }

        return Task.CompletedTask;
    }

    public Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            Close(commit: false);
        }

        return Task.CompletedTask;
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new GraphException(GraphErrorCodes.TransactionNotFound,
                "The transaction has been closed (committed, rolled back, or rolled back after a failed statement).");
        }
    }

    private void Close(bool commit)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        try
        {
            if (write is not null)
            {
                if (commit)
                {
                    write.Commit();
                }
                else
                {
                    write.Rollback();
                }
            }
        }
        finally
        {
            write?.Dispose();
            read?.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            Close(commit: false);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>After a statement ended for want of memory, gives what it had grown back to the operating system: one
/// full background collection (the freed regions are decommitted), at most every 10 seconds. Not a blocking
/// compacting one: that paused every other statement for up to 1.8 s (the guardrail suite's RETURN 1).</summary>
internal static class MemoryRelief
{
    private static long _last = -1_000_000;

    public static void Request()
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _last);
        if (now - last < 10_000 || Interlocked.CompareExchange(ref _last, now, last) != last)
        {
            return;
        }

        ThreadPool.QueueUserWorkItem(static _ =>
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false));
    }
}
