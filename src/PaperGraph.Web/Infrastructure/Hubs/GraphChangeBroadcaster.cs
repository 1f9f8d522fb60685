using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Infrastructure.Hubs;

/// <summary>
/// Relays the database's committed changes to every hub client, one <c>GraphChanged</c> per transaction, in
/// sequence order. The feed's callback only queues; a single loop sends, so a slow client never holds a commit.
/// </summary>
/// <remarks>With several instances on one Redis (<see cref="RedisScaleOut"/>) every instance's feed sees every
/// change (its own writes at once, the others' when they announce them, and by polling), and each instance sends its
/// feed to its own pages only: every page gets each change once, in sequence order, with the delta of the read model
/// it reads from. While Redis is away the loop waits and tries the same change again; once this instance hears
/// itself through Redis again it sends what its pages missed, still in order.</remarks>
public sealed partial class GraphChangeBroadcaster(GraphChangeFeeds feeds, PaperGraphReader reader,
    IHubContext<GraphHub, IGraphClient> hub, IServiceProvider services, ILogger<GraphChangeBroadcaster> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);
    /// <summary>How long a send waits to hear this instance's own echo through Redis after a failure.</summary>
    private static readonly TimeSpan EchoWait = TimeSpan.FromSeconds(5);

    /// <summary>How long a broadcast waits for the read model (a full read of a big graph) before it goes without.</summary>
    private static readonly TimeSpan DeltaWait = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up start-up: opening the store may take a while
        IGraphChangeFeed? feed;
        try
        {
            feed = feeds.Feed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNoDatabase(logger, ex);
            return;
        }
        if (feed is null)
        {
            LogNoFeed(logger);
            return;
        }
        var scaleOut = services.GetService<RedisScaleOut>();
        var queue = Channel.CreateUnbounded<GraphChange>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = feed.Subscribe(change =>
        {
            queue.Writer.TryWrite(change);
            // At once, not when this loop gets to it: the other instances read it while this one sends.
            scaleOut?.Announce(change.Sequence);
        });
        if (scaleOut is not null && feed is IPolledGraphChangeFeed polled)
        {
            // Another instance committed: read the change log now rather than at the next poll.
            _ = scaleOut.ListenAsync(sequence =>
            {
                if (sequence > feed.LastSequence) polled.ReadSoon();
            }, stoppingToken);
        }
        await foreach (var change in queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (scaleOut is null)
            {
                try
                {
                    await hub.Clients.All.GraphChanged(GraphChangedMessage.From(change, await DeltaAsync(change, stoppingToken)));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSendFailed(logger, ex, change.Sequence);
                }
                continue;
            }
            await RelayAsync(scaleOut, change, stoppingToken);
        }
    }

    /// <summary>Sends <paramref name="change"/> to this instance's pages, trying again (with backoff) until Redis
    /// answers and this instance hears itself; the next change waits, so the pages get them in order.</summary>
    private async Task RelayAsync(RedisScaleOut scaleOut, GraphChange change, CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        GraphChangedMessage? message = null;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await scaleOut.ReadyToSendAsync(EchoWait, stoppingToken))
                {
                    message ??= GraphChangedMessage.From(change, await DeltaAsync(change, stoppingToken));
                    await hub.Clients.Group(scaleOut.PagesGroup).GraphChanged(message);
                    if (attempt > 1) LogRelayResumed(logger, change.Sequence, attempt);
                    return;
                }
                if (attempt == 1) LogRelayWaiting(logger, null, change.Sequence);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                scaleOut.SendFailed();
                if (attempt == 1) LogRelayWaiting(logger, ex, change.Sequence);
            }
            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, delay.Ticks * 2));
        }
    }

    /// <summary>The change's meaning for pages, from the read model (which applies it first); null if unknown.</summary>
    private async Task<GraphDelta?> DeltaAsync(GraphChange change, CancellationToken ct)
    {
        if (!change.Itemised) return null;
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
            bounded.CancelAfter(DeltaWait);
            return await reader.DeltaAsync(change.Sequence, bounded.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Without a delta the pages read the graph: slower, never wrong.
            LogNoDelta(logger, ex, change.Sequence);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No delta for change {Sequence}; pages will read the graph.")]
    private static partial void LogNoDelta(ILogger logger, Exception ex, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "The graph database has no change feed; browsers will not see live changes.")]
    private static partial void LogNoFeed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The graph database could not be opened; browsers will not see live changes.")]
    private static partial void LogNoDatabase(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not broadcast change {Sequence}.")]
    private static partial void LogSendFailed(ILogger logger, Exception ex, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not answering; change {Sequence} waits to be sent to this instance's pages.")]
    private static partial void LogRelayWaiting(ILogger logger, Exception? ex, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again; change {Sequence} sent after {Attempts} attempts.")]
    private static partial void LogRelayResumed(ILogger logger, long sequence, int attempts);
}
