using System.Diagnostics;
using System.Globalization;
using PaperGraph.Embedded;
using PaperGraph.Graph;

namespace PaperGraph.Bench;

/// <summary>
/// A profiling harness: loads the DAG into an in-memory database, then runs one of the traversal queries in a
/// loop for a bounded time (attach a profiler, or read the per-phase medians it prints).
/// </summary>
internal static class ProfileBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var papers = options.Int("papers", 100_000);
        var seconds = options.Int("seconds", 10);
        var which = options.Value("query") ?? "ancestors";
        var dag = new PrerequisiteDag(papers, options.Int("edges-per-paper", 5));
        var newest = PrerequisiteDag.Key(dag.Newest);
        var oldest = PrerequisiteDag.Key(dag.Oldest);
        // --path DIR: open a store loaded earlier by `traverse --path DIR` (same --papers) instead of loading one.
        var folder = options.Value("path");
        await using var db = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = folder });
        var (pause, loadGen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
        var load = Stopwatch.StartNew();
        if (folder is null)
        {
            await TraversalBench.LoadAsync(db, dag, progress: true);
        }

        Console.WriteLine($"{(folder is null ? "loaded in memory" : "opened " + folder)}: {dag.PaperCount:N0} papers / {dag.Edges.Length:N0} edges, " +
                          $"{load.Elapsed.TotalSeconds:F1} s; GC pauses {(GC.GetTotalPauseDuration() - pause).TotalSeconds:F1} s, {GC.CollectionCount(2) - loadGen2} gen2 collections");
        var query = which switch
        {
            "ancestors" => Q("MATCH (a)-[:PREREQUISITE_OF*]->(b:Paper {key: $k}) RETURN count(DISTINCT a)", ("k", newest)),
            "keys" => Q("MATCH (a)-[:PREREQUISITE_OF*]->(b:Paper {key: $k}) RETURN DISTINCT a.key", ("k", newest)),
            "roots" => Q("MATCH (p:Paper) WHERE NOT ()-[:PREREQUISITE_OF]->(p) RETURN count(p)"),
            "chain" => Q("MATCH p = shortestPath((a:Paper {key: $a})-[:PREREQUISITE_OF*]->(b:Paper {key: $b})) RETURN length(p)", ("a", oldest), ("b", newest)),
            _ => Q(which),
        };
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        await db.ExecuteAsync(query);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"one run allocates {allocated / 1048576.0:F1} MiB");
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        var rows = 0;
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var w = Stopwatch.StartNew();
            rows = (await db.ExecuteAsync(query)).Values.Count;
            times.Add(w.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine($"{which}: {times.Count} runs, median {times[times.Count / 2]:F2} ms, min {times[0]:F2} ms, rows {rows}; " +
                          $"GCs gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}");
        return 0;
    }

    private static CypherQuery Q(string text, params (string Name, object? Value)[] parameters) =>
        new(text, parameters.ToDictionary(p => p.Name, p => p.Value));
}
