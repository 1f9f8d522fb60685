using Microsoft.AspNetCore.SignalR;
using PaperGraph.Graph;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Infrastructure.Hubs;

/// <summary>What the server calls on every connected browser.</summary>
public interface IGraphClient
{
    /// <summary>One committed transaction's changes, sent after the commit, in sequence order.</summary>
    Task GraphChanged(GraphChangedMessage change);
}

/// <summary>The answer to <see cref="GraphHub.Resume"/>.</summary>
/// <param name="LastSequence">The newest committed sequence now.</param>
/// <param name="Reload">True when the missed changes are no longer kept: reload everything.</param>
/// <param name="Changes">The missed changes, oldest first (empty when <see cref="Reload"/>).</param>
public sealed record GraphCatchUp(long LastSequence, bool Reload, IReadOnlyList<GraphChangedMessage> Changes);

/// <summary>
/// The live graph hub at <c>/hubs/graph</c>. The server pushes <see cref="IGraphClient.GraphChanged"/> to all
/// clients; a client that (re)connects calls <see cref="Resume"/> with the last sequence it saw.
/// </summary>
/// <remarks>With several instances (<see cref="RedisScaleOut"/>) each instance sends the changes of its own feed to
/// its own pages (<see cref="RedisScaleOut.PagesGroup"/>, joined here before the client's first call), and answers
/// <see cref="Resume"/> from the same feed: a change is either in the answer or sent to the page after it.</remarks>
public sealed class GraphHub(GraphChangeFeeds feeds, PaperGraphReader reader, IServiceProvider services) : Hub<IGraphClient>
{
    /// <summary>At most this many missed changes are replayed; past that the client is told to reload.</summary>
    public const int MaxReplay = 500;

    public override async Task OnConnectedAsync()
    {
        if (services.GetService<RedisScaleOut>() is { } scaleOut)
            await Groups.AddToGroupAsync(Context.ConnectionId, scaleOut.PagesGroup, Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    /// <summary>What the caller missed since <paramref name="lastSequence"/>, or a signal to reload.</summary>
    public GraphCatchUp Resume(long lastSequence)
    {
        if (feeds.Feed is not { } feed)
            return new GraphCatchUp(0, Reload: lastSequence != 0, []);
        var now = feed.LastSequence;
        if (lastSequence == now)
            return new GraphCatchUp(now, false, []);
        if (lastSequence > now || lastSequence < 0)
            return new GraphCatchUp(now, true, []);
        var missed = feed.ChangesSince(lastSequence);
        if (missed is null || missed.Count > MaxReplay || missed.Any(c => !c.Itemised))
            return new GraphCatchUp(now, true, []);
        return new GraphCatchUp(missed.Count > 0 ? Math.Max(now, missed[^1].Sequence) : now, false,
            missed.Select(c => GraphChangedMessage.From(c, reader.KnownDelta(c.Sequence))).ToList());
    }
}
