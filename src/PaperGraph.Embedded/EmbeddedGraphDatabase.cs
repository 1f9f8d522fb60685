using PaperGraph.Graph;

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

    /// <summary>Refuse every write (whatever the query's access mode).</summary>
    public bool ReadOnly { get; init; }
}

/// <summary>The embedded graph database: the Cypher engine over the SQLite-backed store.</summary>
public sealed class EmbeddedGraphDatabase : IGraphDatabase, IGraphChangeFeed
{
    private EmbeddedGraphDatabase() { }

    /// <summary>Opens (or creates) the store and makes it ready for queries.</summary>
    public static EmbeddedGraphDatabase Open(EmbeddedDatabaseOptions options) =>
        throw new NotImplementedException("The embedded engine is being built (issue 3).");

    public Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write,
        CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public long LastSequence => throw new NotImplementedException();
    public IDisposable Subscribe(Action<GraphChange> onCommitted) => throw new NotImplementedException();
    public IReadOnlyList<GraphChange>? ChangesSince(long sequence) => throw new NotImplementedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
