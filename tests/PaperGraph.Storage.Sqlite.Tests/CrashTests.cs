using System.Diagnostics;
using PaperGraph.Cypher.Storage;
using Xunit.Abstractions;

namespace PaperGraph.Storage.Sqlite.Tests;

/// <summary>Kills a writer process (tests/PaperGraph.Storage.CrashWriter) at random instants and checks the store.</summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Killing_the_writer_at_random_instants_keeps_every_acknowledged_transaction_and_no_half_one()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var writer = Path.Combine(AppContext.BaseDirectory, "PaperGraph.Storage.CrashWriter.dll");
        var totalAcked = 0;
        for (var round = 0; round < 5; round++)
        {
            var acked = await RunAndKillAsync(writer, TimeSpan.FromMilliseconds(random.Next(50, 400)));
            totalAcked += acked.Count;
            var present = Check();
            output.WriteLine($"round {round}: acknowledged up to {(acked.Count == 0 ? "none" : acked[^1])}, store has 1..{present}");
            Assert.True(acked.Count == 0 || acked[^1] <= present, $"transaction {acked.LastOrDefault()} was acknowledged but is missing");
        }
        Assert.True(totalAcked > 0, "the writer never got to commit; the test proved nothing");
    }

    /// <summary>Starts the writer, waits until it is ready, lets it commit for <paramref name="runFor"/>, kills
    /// it, and returns the numbers it acknowledged.</summary>
    private async Task<List<long>> RunAndKillAsync(string writer, TimeSpan runFor)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(writer);
        start.ArgumentList.Add(_folder.Path);
        using var process = Process.Start(start)!;
        var acked = new List<long>();
        var ready = new TaskCompletionSource();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "ready") ready.TrySetResult();
                else if (line.StartsWith("ack ", StringComparison.Ordinal)) lock (acked) acked.Add(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture));
            }
        });
        var stderr = process.StandardError.ReadToEndAsync();
        var started = await Task.WhenAny(ready.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        if (started != ready.Task)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the writer did not start: " + await stderr);
        }
        await Task.Delay(runFor);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        lock (acked) return [.. acked];
    }

    /// <summary>Opens the store and checks it holds transactions 1..n exactly, each whole; returns n.</summary>
    private long Check()
    {
        using var store = SqliteGraphStore.Open(_folder.Path);
        using var read = store.BeginRead();
        var tx = read.NodeIdsByLabel("Tx").Select(id => (long)read.GetNodeProperty(id, "n")!).Order().ToList();
        var echo = read.NodeIdsByLabel("Echo").Select(id => (long)read.GetNodeProperty(id, "n")!).Order().ToList();
        var n = tx.Count;
        Assert.Equal(Enumerable.Range(1, n).Select(i => (long)i), tx);
        Assert.Equal(tx, echo);
        Assert.Equal(n, read.CountRelationships("ECHOED_BY"));
        foreach (var id in read.NodeIdsByLabel("Tx"))
        {
            var edge = Assert.Single(read.GetAdjacency(id, StoreDirection.Outgoing).ToArray());
            Assert.Equal(read.GetNodeProperty(id, "n"), read.GetNodeProperty(edge.OtherNodeId, "n"));
        }
        var head = Assert.Single(read.NodeIdsByLabel("Head"));
        Assert.Equal((long)n, read.GetNodeProperty(head, "n"));
        // The head node's creation is change 1; transaction k is change k + 1.
        Assert.Equal(n + 1, store.Changes.LastSequence);
        if (n > 0) Assert.Equal(n + 1, store.Changes.ChangesSince(n)!.Single().Sequence);
        return n;
    }
}
