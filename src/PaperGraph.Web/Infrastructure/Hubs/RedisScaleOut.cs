using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace PaperGraph.Web.Infrastructure.Hubs;

/// <summary>Section <c>SignalR</c>: how the hub reaches the clients of other instances.</summary>
public sealed class SignalROptions
{
    public const string Section = "SignalR";

    /// <summary>A StackExchange.Redis configuration string (e.g. <c>redis:6379</c> or
    /// <c>127.0.0.1:6379,password=…</c>). Set, every instance sharing it is one hub, and they share the Data
    /// Protection keys (so a sign-in on one holds on the others). Unset, the hub is this process's alone.</summary>
    public string? Redis { get; set; }

    /// <summary>Prefixes every Redis key and channel, so that several deployments can share one Redis.</summary>
    public string Prefix { get; set; } = "papergraph";
}

/// <summary>
/// The one Redis connection of an instance that scales out (<see cref="SignalROptions.Redis"/>): SignalR's backplane,
/// the Data Protection key ring, and the announcements by which instances tell each other that they committed. The
/// connection is made in the background and remade after Redis restarts (StackExchange.Redis with
/// <c>AbortOnConnectFail=false</c>), so the instance starts and serves while Redis is away.
/// </summary>
/// <remarks>Each instance sends every change to its own pages only (<see cref="PagesGroup"/>), from its own change
/// feed, so each page gets each change once and in sequence order, whichever instance made it. An instance that
/// commits announces the sequence (<see cref="AnnounceAsync"/>) so that the others read the change log at once
/// rather than at their next poll.</remarks>
public sealed class RedisScaleOut : IAsyncDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _echoes = new();
    private int _failedSinceHeard = 1; // nothing heard yet: the first send checks the subscription first
    private int _ownedBySignalR;

    private RedisScaleOut(SignalROptions options)
    {
        Prefix = string.IsNullOrWhiteSpace(options.Prefix) ? "papergraph" : options.Prefix.Trim();
        var configuration = ConfigurationOptions.Parse(options.Redis!);
        configuration.AbortOnConnectFail = false;
        // Back within seconds of a Redis restart (the default backoff grows to tens of seconds).
        configuration.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 3000);
        // A command made while Redis is away fails at once rather than waiting to be sent on reconnection (possibly
        // before the subscriptions are back): the broadcaster then tries again once this instance hears itself.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= "papergraph-" + Environment.MachineName;
        _connection = new Lazy<ConnectionMultiplexer>(() =>
        {
            var connection = ConnectionMultiplexer.Connect(configuration);
            connection.ConnectionFailed += (_, _) => Interlocked.Exchange(ref _failedSinceHeard, 1);
            return connection;
        });
        Announcements = RedisChannel.Literal(Prefix + ":committed");
        Echo = RedisChannel.Literal(Prefix + ":echo:" + InstanceId);
    }

    /// <summary>The scale-out configured in <paramref name="configuration"/>, or null when <c>SignalR:Redis</c> is unset.</summary>
    public static RedisScaleOut? From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SignalROptions.Section).Get<SignalROptions>() ?? new SignalROptions();
        return string.IsNullOrWhiteSpace(options.Redis) ? null : new RedisScaleOut(options);
    }

    /// <summary>The prefix of every key and channel.</summary>
    public string Prefix { get; }

    /// <summary>This process, among the instances.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The hub group of this instance's own pages (every connection joins it on connecting).</summary>
    public string PagesGroup => "pages:" + InstanceId;

    /// <summary>The shared connection (connecting on first use).</summary>
    public IConnectionMultiplexer Connection => _connection.Value;

    /// <summary>Where instances announce the sequence of a change they committed.</summary>
    private RedisChannel Announcements { get; }

    /// <summary>This instance's own channel, by which it checks that its subscriptions are in place.</summary>
    private RedisChannel Echo { get; }

    /// <summary>A key under <see cref="Prefix"/>.</summary>
    public RedisKey Key(string name) => $"{Prefix}:{name}";

    /// <summary>Listens, until <paramref name="stop"/>, for the other instances' announcements (and this one's echoes),
    /// calling <paramref name="onAnnounced"/> with each announced sequence. Subscribing is tried again until Redis
    /// answers; once subscribed, StackExchange.Redis subscribes again by itself after Redis restarts.</summary>
    public async Task ListenAsync(Action<long> onAnnounced, CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var subscriber = Connection.GetSubscriber();
                await subscriber.SubscribeAsync(Echo, (_, value) =>
                {
                    if (_echoes.TryRemove(value.ToString(), out var heard)) heard.TrySetResult();
                }).ConfigureAwait(false);
                await subscriber.SubscribeAsync(Announcements, (_, value) =>
                {
                    if (value.TryParse(out long sequence)) onAnnounced(sequence);
                }).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                await Task.Delay(delay, stop).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, delay.Ticks * 2));
            }
        }
    }

    /// <summary>Tells the other instances that change <paramref name="sequence"/> is committed (best effort: they
    /// poll anyway). Never blocks: the message is queued on the connection, or dropped while Redis is away.</summary>
    public void Announce(long sequence)
    {
        if (!_connection.IsValueCreated) return; // never connect (which waits) on a committing thread
        try
        {
            Connection.GetSubscriber().Publish(Announcements, sequence, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Redis is away: the others find the change at their next poll.
        }
    }

    /// <summary>Before a send to this instance's pages: when Redis failed since this instance last heard itself,
    /// waits (within <paramref name="within"/>) until a message it publishes comes back to its own subscription,
    /// which shows that the subscriptions (the pages' group's too, on the same connection) are in place again, so
    /// the send is not lost to a subscription still being restored.</summary>
    /// <returns>False when it did not hear itself in time (try again later).</returns>
    public async Task<bool> ReadyToSendAsync(TimeSpan within, CancellationToken ct)
    {
        if (Volatile.Read(ref _failedSinceHeard) == 0) return true;
        if (!Connection.IsConnected) return false;
        var token = Guid.NewGuid().ToString("N");
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _echoes[token] = heard;
        try
        {
            Interlocked.Exchange(ref _failedSinceHeard, 0);
            await Connection.GetSubscriber().PublishAsync(Echo, token).ConfigureAwait(false);
            await heard.Task.WaitAsync(within, ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _failedSinceHeard, 1);
            return false;
        }
        finally
        {
            _echoes.TryRemove(token, out _);
        }
    }

    /// <summary>Notes that a send failed, so the next one checks the subscriptions first.</summary>
    public void SendFailed() => Interlocked.Exchange(ref _failedSinceHeard, 1);

    /// <summary>The connection for SignalR's Redis lifetime manager, which disposes it when it is disposed (after
    /// unsubscribing on it): from then on this class leaves the disposal to it, so that neither finds it disposed.</summary>
    internal IConnectionMultiplexer ConnectionForSignalR()
    {
        Interlocked.Exchange(ref _ownedBySignalR, 1);
        return Connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated && Volatile.Read(ref _ownedBySignalR) == 0)
            await _connection.Value.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Registers the hub's scale-out when <c>SignalR:Redis</c> is set.</summary>
public static class RedisScaleOutServices
{
    /// <summary>SignalR (with the Redis backplane when configured) and Data Protection's key ring in Redis.</summary>
    /// <returns>The scale-out, or null when the hub is this process's alone.</returns>
    public static RedisScaleOut? AddPaperGraphHub(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR();
        var redis = RedisScaleOut.From(configuration);
        if (redis is null) return null;

        services.AddSingleton(_ => redis); // a factory registration, so the container disposes it
        signalR.AddStackExchangeRedis(o =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(redis.Prefix);
            o.ConnectionFactory = _ => Task.FromResult(redis.ConnectionForSignalR());
        });
        return redis;
    }

    /// <summary>Keeps the Data Protection keys (which sign the cookie and the antiforgery tokens) in Redis.</summary>
    public static IDataProtectionBuilder PersistKeysTo(this IDataProtectionBuilder builder, RedisScaleOut redis) =>
        builder.PersistKeysToStackExchangeRedis(() => redis.Connection.GetDatabase(), redis.Key("data-protection-keys"));
}
