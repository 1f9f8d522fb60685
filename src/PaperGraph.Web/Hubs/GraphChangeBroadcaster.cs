using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using PaperGraph.Graph;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Hubs;

/// <summary>
/// Relays the database's committed changes to every hub client, one <c>GraphChanged</c> per transaction, in
/// sequence order. The feed's callback only queues; a single loop sends, so a slow client never holds a commit.
/// </summary>
public sealed partial class GraphChangeBroadcaster(GraphChangeFeeds feeds, IHubContext<GraphHub, IGraphClient> hub,
    ILogger<GraphChangeBroadcaster> logger) : BackgroundService
{
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
        var queue = Channel.CreateUnbounded<GraphChange>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = feed.Subscribe(change => queue.Writer.TryWrite(change));
        await foreach (var change in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await hub.Clients.All.GraphChanged(GraphChangedMessage.From(change));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSendFailed(logger, ex, change.Sequence);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The graph database has no change feed; browsers will not see live changes.")]
    private static partial void LogNoFeed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The graph database could not be opened; browsers will not see live changes.")]
    private static partial void LogNoDatabase(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not broadcast change {Sequence}.")]
    private static partial void LogSendFailed(ILogger logger, Exception ex, long sequence);
}
