using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PaperGraph.Graph;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>An explicit transaction opened through <c>POST …/tx</c>.</summary>
internal sealed class OpenTransaction(string id, string owner, AccessMode accessMode, IGraphTransaction transaction,
    TransactionSlot slot)
{
    /// <summary>Its place among the open transactions its caller may hold (freed when it ends).</summary>
    public TransactionSlot Slot { get; } = slot;

    public string Id { get; } = id;

    /// <summary>Who opened it (the administrator's name, or empty for anonymous); nobody else may use it.</summary>
    public string Owner { get; } = owner;

    public AccessMode AccessMode { get; } = accessMode;
    public IGraphTransaction Transaction { get; } = transaction;

    /// <summary>Held while a request works on the transaction (requests of one transaction must not overlap).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public DateTimeOffset Expires { get; set; }
}

/// <summary>
/// The open explicit transactions (spec §8). Each request on a transaction resets its idle deadline; an idle
/// transaction is rolled back after <see cref="QueryApiOptions.TransactionIdleTimeoutSeconds"/> and later requests get
/// 404 <c>Neo.ClientError.Request.Invalid</c>, as do requests from anyone but the transaction's owner.
/// </summary>
internal sealed class QueryApiTransactions(IOptions<QueryApiOptions> options, IOptions<LimitsOptions> limits, TimeProvider time,
    ILogger<QueryApiTransactions> logger)
    : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, OpenTransaction> _open = new(StringComparer.Ordinal);
    private readonly Lock _countLock = new();
    private readonly Dictionary<string, int> _anonymousPerClient = new(StringComparer.Ordinal);
    private int _anonymousTotal;
    private int _adminTotal;

    public TimeSpan IdleTimeout { get; } = TimeSpan.FromSeconds(options.Value.TransactionIdleTimeoutSeconds);

    public int Count => _open.Count;

    /// <summary>
    /// Takes a place for one more open transaction of this caller, before the transaction is begun: anonymous callers
    /// get <see cref="LimitsOptions.AnonymousTransactionsPerClient"/> per client address and
    /// <see cref="LimitsOptions.AnonymousTransactionsTotal"/> together, the administrator
    /// <see cref="LimitsOptions.AdminTransactionsTotal"/>.
    /// </summary>
    /// <exception cref="GraphException"><c>Neo.TransientError.Transaction.MaximumTransactionLimitReached</c> (Neo4j's
    /// code when <c>db.transaction.concurrent.maximum</c> is reached; transient, so drivers retry): 429.</exception>
    public TransactionSlot Reserve(bool isAdmin, string client)
    {
        var l = limits.Value;
        lock (_countLock)
        {
            if (isAdmin)
            {
                if (_adminTotal >= l.AdminTransactionsTotal)
                    throw TooMany($"the administrator already holds {l.AdminTransactionsTotal:N0} open transactions");
                _adminTotal++;
            }
            else
            {
                if (_anonymousTotal >= l.AnonymousTransactionsTotal)
                    throw TooMany($"anonymous callers already hold {l.AnonymousTransactionsTotal:N0} open transactions");
                _anonymousPerClient.TryGetValue(client, out var mine);
                if (mine >= l.AnonymousTransactionsPerClient)
                    throw TooMany($"this address already holds {l.AnonymousTransactionsPerClient:N0} open transactions");
                _anonymousPerClient[client] = mine + 1;
                _anonymousTotal++;
            }
        }
        return new TransactionSlot(this, isAdmin, client);
    }

    /// <summary>How many transactions anonymous callers hold open (all addresses).</summary>
    public int AnonymousCount
    {
        get { lock (_countLock) return _anonymousTotal; }
    }

    internal void Free(bool isAdmin, string client)
    {
        lock (_countLock)
        {
            if (isAdmin)
            {
                _adminTotal--;
                return;
            }
            _anonymousTotal--;
            if (_anonymousPerClient.TryGetValue(client, out var mine) && mine > 1) _anonymousPerClient[client] = mine - 1;
            else _anonymousPerClient.Remove(client);
        }
    }

    private static GraphException TooMany(string why) => new(QueryApiEndpoints.MaximumTransactionLimitReached,
        $"Unable to begin a transaction: {why}. Commit or roll back one (DELETE …/tx/{{id}}), or retry later.");

    public OpenTransaction Add(string owner, AccessMode accessMode, IGraphTransaction transaction, TransactionSlot slot)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var open = new OpenTransaction(id, owner, accessMode, transaction, slot) { Expires = time.GetUtcNow() + IdleTimeout };
        _open[id] = open;
        return open;
    }

    /// <summary>The transaction, locked for this request; throws <see cref="QueryApiTransactionNotFoundException"/>
    /// (404 <c>Neo.ClientError.Request.Invalid</c>, as Neo4j) when it is unknown, expired or someone else's, and <c>TransactionAccessedConcurrently</c> while another request uses it.</summary>
    public async Task<OpenTransaction> AcquireAsync(string id, string owner)
    {
        if (!_open.TryGetValue(id, out var open) || !string.Equals(open.Owner, owner, StringComparison.Ordinal))
            throw NotFound(id);
        if (!open.Gate.Wait(0, CancellationToken.None))
            throw new GraphException("Neo.ClientError.Transaction.TransactionAccessedConcurrently",
                $"Transaction {id} is busy with another request; send a transaction's requests one after another.");
        if (!_open.ContainsKey(id) || open.Expires <= time.GetUtcNow())
        {
            open.Gate.Release();
            await ExpireAsync(open);
            throw NotFound(id);
        }
        return open;
    }

    /// <summary>Ends a request on the transaction: resets the idle deadline and unlocks it.</summary>
    public void Release(OpenTransaction open)
    {
        open.Expires = time.GetUtcNow() + IdleTimeout;
        open.Gate.Release();
    }

    /// <summary>Forgets a finished transaction (committed, rolled back, or failed and so rolled back).</summary>
    public async Task RemoveAsync(OpenTransaction open, bool rollback)
    {
        _open.TryRemove(new KeyValuePair<string, OpenTransaction>(open.Id, open));
        open.Slot.Dispose();
        if (rollback)
        {
            try
            {
                await open.Transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Rolling back transaction {Id} failed (it was already finished)", open.Id);
            }
        }
        await DisposeQuietlyAsync(open);
    }

    /// <summary>Rolls back every transaction idle past its deadline (called periodically).</summary>
    public async Task SweepAsync()
    {
        var now = time.GetUtcNow();
        foreach (var open in _open.Values)
        {
            if (open.Expires > now || !open.Gate.Wait(0, CancellationToken.None)) continue; // busy ones are touched when released
            open.Gate.Release();
            if (open.Expires <= now) await ExpireAsync(open);
        }
    }

    private async Task ExpireAsync(OpenTransaction open)
    {
        if (!_open.TryRemove(new KeyValuePair<string, OpenTransaction>(open.Id, open))) return;
        logger.LogInformation("Transaction {Id} was idle for {Seconds} s and has been rolled back", open.Id, IdleTimeout.TotalSeconds);
        await RemoveAsync(open, rollback: true);
    }

    private async Task DisposeQuietlyAsync(OpenTransaction open)
    {
        try
        {
            await open.Transaction.DisposeAsync();
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Disposing transaction {Id} failed", open.Id);
        }
    }

    private static QueryApiTransactionNotFoundException NotFound(string id) => new(id);

    public async ValueTask DisposeAsync()
    {
        foreach (var open in _open.Values) await RemoveAsync(open, rollback: true);
    }
}

/// <summary>One place among the open transactions a caller may hold; disposing it (once or more) frees it.</summary>
internal sealed class TransactionSlot(QueryApiTransactions owner, bool isAdmin, string client) : IDisposable
{
    private int _freed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _freed, 1) == 0) owner.Free(isAdmin, client);
    }
}

/// <summary>Rolls back idle transactions in the background.</summary>
internal sealed class TransactionSweeper(QueryApiTransactions transactions, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Clamp(transactions.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await transactions.SweepAsync();
    }
}

/// <summary>An unknown, finished, expired or someone else's transaction: Neo4j answers 404
/// <c>Neo.ClientError.Request.Invalid</c> with this message (neo4j/docs-query-api <c>transactions.adoc</c>).</summary>
internal sealed class QueryApiTransactionNotFoundException(string id) : Exception(
    $"Transaction with Id: \"{id}\" was not found. It may have timed out and therefore rolled back or the routing header 'neo4j-cluster-affinity' was not provided.");
