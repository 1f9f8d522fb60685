using System.Diagnostics;
using PaperGraph.Cypher.Storage;
using PaperGraph.Storage.Sqlite;

namespace PaperGraph.Bench;

/// <summary>
/// The store alone, below the engine: bulk load through <see cref="IGraphStore"/> write transactions (one per
/// batch, as UNWIND batches would do: look both papers up by key, create the edge), memory, start-up (load from
/// SQLite), and a breadth-first search through <see cref="IGraphReader.GetAdjacency"/> against plain arrays.
/// </summary>
/// <remarks>Wire it as <c>"store" => StoreBench.Run(args[1..])</c>; options: --papers N --edges-per-paper K
/// --batch B --runs R --path DIR.</remarks>
internal static class StoreBench
{
    public static int Run(string[] args)
    {
        var options = new BenchArgs(args);
        var papers = options.Int("papers", 100_000);
        var perPaper = options.Int("edges-per-paper", 5);
        var batch = options.Int("batch", 1_000);
        var runs = options.Int("runs", 15);
        var folder = options.Value("path") ?? Path.Combine(Path.GetTempPath(), "papergraph-storebench-" + Environment.ProcessId);
        var dag = new PrerequisiteDag(papers, perPaper);
        Console.WriteLine($"graph: {dag.PaperCount:N0} papers, {dag.Edges.Length:N0} edges; batches of {batch:N0}");

        if (options.Int("in-memory-load", 1) == 1)
        {
            using var memory = SqliteGraphStore.Open(null);
            Load(memory, dag, batch, "in memory");
        }
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        using (var durable = SqliteGraphStore.Open(folder))
        {
            Load(durable, dag, batch, "durable (SQLite WAL, synchronous=FULL)");
        }
        Console.WriteLine($"database file: {new FileInfo(Path.Combine(folder, "graph.db")).Length / 1048576.0:N0} MiB");

        GC.Collect();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var openCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var open = Stopwatch.StartNew();
        using var store = SqliteGraphStore.Open(folder);
        open.Stop();
        openCpu = Process.GetCurrentProcess().TotalProcessorTime - openCpu;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"open (load everything from SQLite, rebuild adjacency and indexes): {open.Elapsed.TotalMilliseconds:N0} ms (CPU {openCpu.TotalMilliseconds:N0} ms); " +
                          $"managed heap for the graph: {(heapAfter - heapBefore) / 1048576.0:N0} MiB");

        using var read = store.BeginRead();
        var typeId = read.GetTypeId("PREREQUISITE_OF");
        var newest = read.NodeIdsByProperty("Paper", "key", PrerequisiteDag.Key(dag.Newest)).Single();
        var arrays = new PrerequisiteDag.Arrays(dag);
        var expected = arrays.CountAncestors(dag.Newest);
        // Interleaved, so that the machine's load at any moment weighs on all three alike.
        var ((viaStore, minStore), (viaStoreHashSet, _), (viaArrays, minArrays)) = Medians(runs, expected,
            () => CountAncestors(read, newest, typeId), () => CountAncestorsHashSet(read, newest, typeId), () => arrays.CountAncestors(dag.Newest));
        Console.WriteLine($"all prerequisites of the newest paper ({expected:N0}): GetAdjacency BFS {viaStore:F2} ms " +
                          $"(HashSet visited {viaStoreHashSet:F2} ms), plain arrays {viaArrays:F2} ms, ratio {viaStore / viaArrays:F1}x " +
                          $"(fastest runs: {minStore:F2} ms vs {minArrays:F2} ms)");

        var keys = Enumerable.Range(0, 100_000).Select(i => PrerequisiteDag.Key(i * 7 % dag.PaperCount)).ToArray();
        var byKeyCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var byKey = Stopwatch.StartNew();
        long found = 0;
        foreach (var key in keys) found += read.NodeIdsByProperty("Paper", "key", key).Count();
        byKey.Stop();
        byKeyCpu = Process.GetCurrentProcess().TotalProcessorTime - byKeyCpu;
        Console.WriteLine($"one paper by key (unique index): {byKey.Elapsed.TotalMilliseconds * 1000 / keys.Length:F2} µs per lookup " +
                          $"(CPU {byKeyCpu.TotalMilliseconds * 1000 / keys.Length:F2} µs; {found:N0} found)");
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static void Load(SqliteGraphStore store, PrerequisiteDag dag, int batch, string what)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        using (var tx = store.BeginWrite(timeout, CancellationToken.None))
        {
            tx.CreateSchemaRule(new SchemaRule("paper_key", SchemaRuleKind.Uniqueness, "NODE", "Paper", ["key"]));
            tx.Commit();
        }
        for (var first = 0; first < dag.PaperCount; first += batch)
        {
            using var tx = store.BeginWrite(timeout, CancellationToken.None);
            for (var p = first; p < Math.Min(first + batch, dag.PaperCount); p++)
            {
                tx.CreateNode(["Paper"], new Dictionary<string, object?> { ["key"] = PrerequisiteDag.Key(p), ["year"] = (long)dag.Year[p] });
            }
            tx.Commit();
        }
        var nodes = total.Elapsed;
        var empty = new Dictionary<string, object?>();
        for (var first = 0; first < dag.Edges.Length; first += batch)
        {
            using var tx = store.BeginWrite(timeout, CancellationToken.None);
            for (var i = first; i < Math.Min(first + batch, dag.Edges.Length); i++)
            {
                var (from, to) = dag.Edges[i];
                var a = tx.NodeIdsByProperty("Paper", "key", PrerequisiteDag.Key(from)).First();
                var b = tx.NodeIdsByProperty("Paper", "key", PrerequisiteDag.Key(to)).First();
                tx.CreateRelationship(a, b, "PREREQUISITE_OF", empty);
            }
            tx.Commit();
        }
        total.Stop();
        var edges = total.Elapsed - nodes;
        Console.WriteLine($"load {what}: papers {nodes.TotalSeconds:F1} s ({dag.PaperCount / nodes.TotalSeconds:N0}/s), " +
                          $"edges {edges.TotalSeconds:F1} s ({dag.Edges.Length / edges.TotalSeconds:N0}/s), " +
                          $"{Math.Ceiling((double)dag.PaperCount / batch) + Math.Ceiling((double)dag.Edges.Length / batch):N0} commits; " +
                          $"CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s for {total.Elapsed.TotalSeconds:F1} s wall");
    }

    /// <summary>BFS over incoming edges of one type, visited set as a bool array by node id (ids are dense).</summary>
    private static int CountAncestors(IGraphReader read, long start, int typeId)
    {
        var seen = new bool[read.CountNodes() + 1];
        var queue = new Queue<long>();
        queue.Enqueue(start);
        seen[start] = true;
        var count = 0;
        while (queue.TryDequeue(out var node))
        {
            foreach (var a in read.GetAdjacency(node, StoreDirection.Incoming).Span)
            {
                if (a.TypeId != typeId || seen[a.OtherNodeId]) continue;
                seen[a.OtherNodeId] = true;
                count++;
                queue.Enqueue(a.OtherNodeId);
            }
        }
        return count;
    }

    private static int CountAncestorsHashSet(IGraphReader read, long start, int typeId)
    {
        var seen = new HashSet<long> { start };
        var queue = new Queue<long>();
        queue.Enqueue(start);
        while (queue.TryDequeue(out var node))
        {
            foreach (var a in read.GetAdjacency(node, StoreDirection.Incoming).Span)
            {
                if (a.TypeId == typeId && seen.Add(a.OtherNodeId)) queue.Enqueue(a.OtherNodeId);
            }
        }
        return seen.Count - 1;
    }

    private static ((double, double), (double, double), (double, double)) Medians(int runs, int expected, params Func<int>[] variants)
    {
        var times = variants.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < runs + 3; i++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var sw = Stopwatch.StartNew();
                var result = variants[v]();
                sw.Stop();
                if (result != expected) throw new InvalidOperationException($"BFS found {result}, expected {expected}");
                if (i >= 3) times[v].Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        var m = times.Select(t => (Median: t.Order().ElementAt(t.Count / 2), Min: t.Min())).ToArray();
        return (m[0], m[1], m[2]);
    }
}
