namespace PaperGraph.Graph;

/// <summary>
/// The one seam between PaperGraph's features and a graph database. Import, learning plans, curation and the
/// Cypher console speak Cypher through this interface only; the embedded engine and the Neo4j HTTP backend both
/// implement it, so both behave alike.
/// </summary>
/// <remarks>
/// Every failure crosses the seam as a <see cref="GraphException"/> carrying a Neo4j status code.
/// A statement that fails changes nothing.
/// </remarks>
public interface IGraphDatabase : IAsyncDisposable
{
    /// <summary>Runs one statement in its own (auto-commit) transaction.</summary>
    Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default);

    /// <summary>Opens an explicit transaction: several statements, then commit or roll back.</summary>
    Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write,
        CancellationToken cancellationToken = default);
}

/// <summary>An explicit transaction. Disposing it without committing rolls it back.</summary>
/// <remarks>A statement that fails rolls the whole transaction back; later calls then throw
/// <c>Neo.ClientError.Transaction.TransactionNotFound</c>.</remarks>
public interface IGraphTransaction : IAsyncDisposable
{
    /// <summary>Runs one statement inside the transaction; it sees the transaction's own earlier writes.</summary>
    Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default);

    /// <summary>Makes every statement of the transaction durable and visible, all at once.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Discards every statement of the transaction.</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}

/// <summary>Whether a transaction may write. A write clause in a <see cref="Read"/> transaction fails with
/// <c>Neo.ClientError.Statement.AccessMode</c> and changes nothing.</summary>
public enum AccessMode
{
    Write,
    Read,
}
