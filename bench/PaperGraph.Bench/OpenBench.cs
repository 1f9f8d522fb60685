using System.Diagnostics;
using PaperGraph.Embedded;
using PaperGraph.Graph;

namespace PaperGraph.Bench;

/// <summary>Start-up alone: opens a store loaded earlier by <c>traverse --path DIR</c> several times in one process
/// and answers a first query each time, printing each time with the GC work it cost.</summary>
internal static class OpenBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var folder = options.Value("path");
        if (folder is null || !Directory.Exists(folder))
        {
            Console.Error.WriteLine("open: --path DIR must name a store loaded earlier by `traverse --path DIR`");
            return 2;
        }

        var runs = options.Int("runs", 3);
        var times = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var (pause, gen0, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
            var watch = Stopwatch.StartNew();
            await using (var db = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = folder }))
            {
                await db.ExecuteAsync(new CypherQuery("MATCH (p:Paper) RETURN count(p)"));
                watch.Stop();
                Console.WriteLine($"open {run + 1}: {watch.Elapsed.TotalMilliseconds:N0} ms; GC pauses {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:N0} ms, " +
                                  $"{GC.CollectionCount(0) - gen0} gen0 / {GC.CollectionCount(2) - gen2} gen2 collections; " +
                                  $"heap {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:N0} MiB");
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"start-up (open + first query) over {runs} opens: median {times[times.Count / 2]:N0} ms, min {times[0]:N0} ms; " +
                          $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");
        return 0;
    }
}
