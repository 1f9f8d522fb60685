using System.Diagnostics;

namespace PaperGraph.Web.Tests.ScaleOut;

/// <summary>The harness's redis-server never outlives what started it, whichever way that ends.</summary>
public sealed class RedisServerTests
{
    [Fact]
    public void A_redis_server_whose_test_process_died_is_killed_by_its_guard()
    {
        // A stand-in for a test host that is killed (no disposal runs): the server is tied to it, not to us.
        using var owner = Process.Start(new ProcessStartInfo("/bin/sleep", "60") { UseShellExecute = false })!;
        using var redis = new RedisServer(owner.Id);
        var server = redis.ServerProcessId ?? throw new InvalidOperationException("redis-server has no process id.");
        Assert.True(IsAlive(server));

        owner.Kill();
        owner.WaitForExit(5_000);

        Assert.True(WithinSeconds(10, () => !IsAlive(server)), $"redis-server {server} outlived its test process");
    }

    [Fact]
    public async Task Disposing_a_cluster_stops_its_redis_server_and_the_guard()
    {
        int server;
        int guard;
        var cluster = new PaperGraphCluster();
        try
        {
            server = cluster.Redis.ServerProcessId ?? throw new InvalidOperationException("redis-server has no process id.");
            guard = cluster.Redis.GuardProcessId ?? throw new InvalidOperationException("The guard has no process id.");
            Assert.True(IsAlive(server));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
        Assert.True(WithinSeconds(10, () => !IsAlive(server)), $"redis-server {server} outlived its cluster");
        Assert.True(WithinSeconds(10, () => !IsAlive(guard)), $"the guard {guard} outlived its cluster");
    }

    /// <summary>Alive and not a zombie (a killed child not yet reaped still has a /proc entry).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool WithinSeconds(int seconds, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (condition()) return true;
            Thread.Sleep(100);
        }
        return condition();
    }
}
