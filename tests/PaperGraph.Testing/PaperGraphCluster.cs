namespace PaperGraph.Testing;

/// <summary>
/// Several PaperGraph instances as a public site runs them: a <see cref="RedisServer"/>, a third PaperGraph serving
/// the Query API (<see cref="Store"/>, seeded from <c>graph-seed/</c>) standing in for Neo4j, and
/// <see cref="A"/> and <see cref="B"/>, two instances using the Neo4j backend against it, with <c>SignalR:Redis</c>
/// set to the same Redis. Each instance has its own store folder (accounts, generated credentials); the
/// administrator is the same on all of them.
/// </summary>
public sealed class PaperGraphCluster : IAsyncDisposable
{
    /// <summary>How often A and B read the history for changes made elsewhere.</summary>
    public const int PollMilliseconds = 300;

    public PaperGraphCluster()
    {
        Redis = new RedisServer();
        try
        {
            Store = new PaperGraphServer(new PaperGraphServerOptions { SeedFromGraphSeed = true });
            A = new PaperGraphServer(new PaperGraphServerOptions { Settings = InstanceSettings() });
            B = new PaperGraphServer(new PaperGraphServerOptions { Settings = InstanceSettings(), CaptureLogs = true });
        }
        catch
        {
            B?.Dispose();
            A?.Dispose();
            Store?.Dispose();
            Redis.Dispose();
            throw;
        }
    }

    public RedisServer Redis { get; }

    /// <summary>The graph's one store (Neo4j's stand-in): a PaperGraph on the embedded backend.</summary>
    public PaperGraphServer Store { get; }

    public PaperGraphServer A { get; }

    public PaperGraphServer B { get; }

    private Dictionary<string, string?> InstanceSettings() => new()
    {
        ["Storage:Provider"] = "Neo4j",
        ["Neo4j:Uri"] = Store.Address.ToString(),
        ["Neo4j:User"] = PaperGraphServer.AdminUser,
        ["Neo4j:Password"] = PaperGraphServer.AdminPassword,
        ["Neo4j:ChangePollMilliseconds"] = PollMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SignalR:Redis"] = Redis.Configuration,
    };

    /// <summary>Stops everything it started, each even when stopping another failed (the first failure is thrown
    /// afterwards), so that no redis-server outlives a failed test.</summary>
    public async ValueTask DisposeAsync()
    {
        var failures = new List<Exception>();
        foreach (var stop in new Func<ValueTask>[] { B.DisposeAsync, A.DisposeAsync, Store.DisposeAsync, () => { Redis.Dispose(); return ValueTask.CompletedTask; } })
        {
            try { await stop(); }
            catch (Exception ex) { failures.Add(ex); }
        }
        if (failures.Count > 0) throw new AggregateException("Stopping the cluster failed.", failures);
    }
}
