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
/// the Data Protection key ring, and the relay claims by which exactly one instance sends each change to every
/// client. The connection is made in the background and remade after Redis restarts (StackExchange.Redis with
/// <c>AbortOnConnectFail=false</c>), so the instance starts and serves while Redis is away.
/// </summary>
public sealed class RedisScaleOut : IAsyncDisposable
{
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromDays(1);
    private readonly Lazy<ConnectionMultiplexer> _connection;

    private RedisScaleOut(SignalROptions options)
    {
        Prefix = string.IsNullOrWhiteSpace(options.Prefix) ? "papergraph" : options.Prefix.Trim();
        var configuration = ConfigurationOptions.Parse(options.Redis!);
        configuration.AbortOnConnectFail = false;
        // Back within seconds of a Redis restart (the default backoff grows to tens of seconds).
        configuration.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 3000);
        configuration.ClientName ??= "papergraph-" + Environment.MachineName;
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(configuration));
    }

    /// <summary>The scale-out configured in <paramref name="configuration"/>, or null when <c>SignalR:Redis</c> is unset.</summary>
    public static RedisScaleOut? From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SignalROptions.Section).Get<SignalROptions>() ?? new SignalROptions();
        return string.IsNullOrWhiteSpace(options.Redis) ? null : new RedisScaleOut(options);
    }

    /// <summary>The prefix of every key and channel.</summary>
    public string Prefix { get; }

    /// <summary>This process, among the instances (a relay claim's value).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The shared connection (connecting on first use).</summary>
    public IConnectionMultiplexer Connection => _connection.Value;

    /// <summary>A key under <see cref="Prefix"/>.</summary>
    public RedisKey Key(string name) => $"{Prefix}:{name}";

    /// <summary>Whether this instance is the one to send change <paramref name="sequence"/> to every client: the
    /// first instance to ask gets it (and keeps it, if it asks again after a failed send).</summary>
    /// <exception cref="RedisException">Redis cannot be reached; ask again once it can.</exception>
    public async Task<bool> ClaimRelayAsync(long sequence)
    {
        if (!Connection.IsConnected)
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected.");
        var db = Connection.GetDatabase();
        var key = Key("relayed:" + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (await db.StringSetAsync(key, InstanceId, ClaimLifetime, When.NotExists).ConfigureAwait(false))
            return true;
        return await db.StringGetAsync(key).ConfigureAwait(false) == InstanceId;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
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
            o.ConnectionFactory = _ => Task.FromResult(redis.Connection);
        });
        return redis;
    }

    /// <summary>Keeps the Data Protection keys (which sign the cookie and the antiforgery tokens) in Redis.</summary>
    public static IDataProtectionBuilder PersistKeysTo(this IDataProtectionBuilder builder, RedisScaleOut redis) =>
        builder.PersistKeysToStackExchangeRedis(() => redis.Connection.GetDatabase(), redis.Key("data-protection-keys"));
}
