using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// One statement's time and memory guardrails, reachable from value code that has no query context (walks over
/// values, lazy lists) through <see cref="Current"/> while the statement runs on its thread.
/// </summary>
/// <remarks>
/// <para>Time: <see cref="Tick"/> is called in every loop whose length the statement controls (reduce,
/// comprehensions, range, aggregation, sorting, walks over values); every 1,024 calls it checks the timeout and
/// the caller's cancellation (two volatile reads), so a statement stops within about a millisecond of either.</para>
/// <para>Memory, an estimate in bytes (<see cref="ValueLimits.SizeOf"/>), checked against the limit on every
/// change: <em>retained</em> bytes are what the statement's buffers hold until it ends (collect() and the other
/// aggregations that keep values, DISTINCT sets, grouping keys, sort and eager buffers, result rows);
/// <em>transient</em> bytes are the values built while producing the current row (lists, maps, strings). The
/// transient count starts again at each row that reaches a buffer or the result, and <c>reduce</c> and list
/// comprehensions re-measure what they still hold once their churn passes a quarter of the limit, so garbage is
/// not held against a statement while what is alive is.</para>
/// Not thread-safe: a statement runs on one thread.
/// </remarks>
public sealed class QueryBudget
{
    [ThreadStatic]
    private static QueryBudget? t_current;

    private readonly CancellationToken _timeoutToken;
    private readonly CancellationToken _callerToken;
    private int _ticks;
    private long _retained;
    private long _transient;
    private long _peak;
    private object? _lastMeasured;
    private HashSet<object>? _kept;
    private int _lastDepth;

    /// <param name="memoryLimitBytes">The most the statement may hold; <see cref="long.MaxValue"/> for no limit.</param>
    /// <param name="timeoutToken">Cancelled when the statement's time is up.</param>
    /// <param name="callerToken">Cancelled when the caller goes away.</param>
    /// <param name="timeout">The statement's time, also checked against the clock: the token's timer needs a
    /// thread-pool thread to fire, and a starved pool must not let a statement run on.</param>
    public QueryBudget(long memoryLimitBytes, CancellationToken timeoutToken, CancellationToken callerToken,
        TimeSpan? timeout = null)
    {
        MemoryLimit = memoryLimitBytes <= 0 ? long.MaxValue : memoryLimitBytes;
        _timeoutToken = timeoutToken;
        _callerToken = callerToken;
        _deadline = timeout is { } t && t < TimeSpan.FromDays(365)
            ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;
    }

    private readonly long _deadline;

    /// <summary>The budget of the statement running on this thread, if any.</summary>
    public static QueryBudget? Current => t_current;

    public long MemoryLimit { get; }

    /// <summary>The largest estimate (retained + transient) the statement reached.</summary>
    public long PeakBytes => _peak;

    /// <summary>Bytes of values built for the row being produced.</summary>
    public long Transient
    {
        get => _transient;
        set => _transient = value;
    }

    /// <summary>Makes this the thread's current budget until the returned scope is disposed (scopes nest).</summary>
    public Scope Enter()
    {
        var previous = t_current;
        t_current = this;
        return new Scope(previous);
    }

    /// <summary>Restores the budget that was current before <see cref="Enter"/>.</summary>
    public readonly struct Scope(QueryBudget? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }

    /// <summary>Counts one step of a loop; every 1,024 steps checks for timeout and cancellation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Tick()
    {
        if ((++_ticks & 1023) == 0)
        {
            CheckNow();
        }
    }

    private void CheckNow()
    {
        if (_timeoutToken.IsCancellationRequested || _callerToken.IsCancellationRequested || Stopwatch.GetTimestamp() > _deadline)
        {
            ThrowCancelled();
        }
    }

    /// <summary><see cref="Tick"/> on the current statement's budget (nothing outside a statement).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TickCurrent() => t_current?.Tick();

    /// <summary>Throws when the statement timed out or its caller went away.</summary>
    public void CheckCancellation()
    {
        if (_timeoutToken.IsCancellationRequested || _callerToken.IsCancellationRequested ||
            ((++_ticks & 1023) == 0 && Stopwatch.GetTimestamp() > _deadline))
        {
            ThrowCancelled();
        }
    }

    [DoesNotReturn]
    public void ThrowCancelled()
    {
        if (_callerToken.IsCancellationRequested)
        {
            throw new GraphException(GraphErrorCodes.Terminated,
                "The transaction has been terminated: the caller cancelled the statement.");
        }

        // The timeout, by its token or by the clock.
        throw new GraphException(GraphErrorCodes.TransactionTimedOut,
            "The transaction has been terminated: the statement ran longer than the configured query timeout.");
    }

    /// <summary>Adds <paramref name="bytes"/> built for the current row; throws past the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Charge(long bytes)
    {
        _transient += bytes;
        if (_transient + _retained > MemoryLimit)
        {
            ThrowOutOfMemory(bytes, counted: true);
        }
    }

    /// <summary>Checks, before building it, that a value of <paramref name="bytes"/> fits in what is left.</summary>
    public void EnsureRoom(long bytes)
    {
        if (bytes > MemoryLimit - _retained - _transient)
        {
            ThrowOutOfMemory(bytes, counted: false);
        }
    }

    /// <summary>Adds <paramref name="bytes"/> a buffer keeps until the statement ends; throws past the limit.</summary>
    public void Retain(long bytes)
    {
        _retained += bytes;
        if (_transient + _retained > MemoryLimit)
        {
            ThrowOutOfMemory(bytes, counted: true);
        }
    }

    /// <summary>A row reached a buffer or the result: what was built to produce it is either held there (and
    /// retained) or garbage.</summary>
    public void EndRow()
    {
        var total = _transient + _retained;
        if (total > _peak)
        {
            _peak = total;
        }

        _transient = 0;
    }

    /// <summary>The depth of a container value, remembering the last one measured (a value embedded again and
    /// again, as in <c>[x IN range(1, 1000) | big]</c>, is walked once).</summary>
    internal int DepthOf(object container)
    {
        if (ReferenceEquals(container, _lastMeasured))
        {
            return _lastDepth;
        }

        _depths ??= new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var depth = ValueLimits.DepthOf(container, _depths);
        _lastMeasured = container;
        _lastDepth = depth;
        return depth;
    }

    /// <summary>Depths of the nested lists and maps this statement has measured, so a value that shares its parts
    /// (<c>l + [l]</c> again and again makes a list whose tree is exponential in its size) is walked once per part.</summary>
    private Dictionary<object, int>? _depths;

    /// <summary>What keeping <paramref name="value"/> in a buffer adds: its <see cref="ValueLimits.SizeOf"/> the
    /// first time this statement keeps that very list, map or long string, a reference after that (a list every row
    /// shares, as after <c>WITH collect(x) AS all UNWIND all AS a</c>, is counted once).</summary>
    public long SizeOfRetained(object? value)
    {
        if (value is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?> or string { Length: > 256 })
        {
            _kept ??= new HashSet<object>(ReferenceEqualityComparer.Instance);
            if (!_kept.Add(value))
            {
                return 8;
            }

            return ValueLimits.SizeOf(value) + 40;
        }

        return ValueLimits.SizeOf(value);
    }

    [DoesNotReturn]
    private void ThrowOutOfMemory(long bytes, bool counted)
    {
        var total = _transient + _retained + (counted ? 0 : bytes);
        _peak = Math.Max(_peak, total);
        throw new GraphException(GraphErrorCodes.TransactionOutOfMemory,
            $"The statement used more memory than allowed: allocating about {Mebibytes(bytes)} would bring it to " +
            $"{Mebibytes(total)}, over the limit of {Mebibytes(MemoryLimit)} (Storage:QueryMemoryMB). " +
            "Return less: aggregate, add LIMIT, or build smaller lists and strings.");
    }

    private static string Mebibytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MiB";
}
