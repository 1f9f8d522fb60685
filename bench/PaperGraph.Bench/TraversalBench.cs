using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PaperGraph.Embedded;
using PaperGraph.Graph;

namespace PaperGraph.Bench;

/// <summary>
/// The learner's traversals on a generated prerequisite DAG, through the embedded engine (plain Cypher, via the
/// seam), SQLite recursive CTEs and a plain BFS over arrays, all in the same run.
/// </summary>
internal static class TraversalBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var papers = options.Int("papers", 100_000);
        var perPaper = options.Int("edges-per-paper", 5);
        var runs = options.Int("runs", 15);
        Budget = TimeSpan.FromSeconds(options.Int("budget", 20));
        Batch = options.Int("batch", 10_000);
        var folder = options.Value("path") ?? Path.Combine(Path.GetTempPath(), "papergraph-bench-" + Environment.ProcessId);

        var dag = new PrerequisiteDag(papers, perPaper);
        Console.WriteLine($"graph: {dag.PaperCount:N0} papers, {dag.Edges.Length:N0} PREREQUISITE_OF edges, {PrerequisiteDag.Layers} year layers");

        var arrays = new PrerequisiteDag.Arrays(dag);
        var newest = PrerequisiteDag.Key(dag.Newest);
        var oldest = PrerequisiteDag.Key(dag.Oldest);

        // Load through the seam, in UNWIND batches, into a durable store (or reuse one loaded by an earlier run).
        var reuse = options.Value("reuse") == "yes" && Directory.Exists(folder);
        if (!reuse)
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            var (pause, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
            var load = Stopwatch.StartNew();
            await using (var db = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = folder }))
            {
                await LoadAsync(db, dag, progress: true);
            }
            load.Stop();
            Console.WriteLine($"load through the seam (UNWIND batches of {Batch:N0}, durable): {load.Elapsed.TotalSeconds:F1} s " +
                              $"({(dag.PaperCount + dag.Edges.Length) / load.Elapsed.TotalSeconds:N0} entities/s); " +
                              $"peak working set so far: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB; " +
                              $"GC pauses {(GC.GetTotalPauseDuration() - pause).TotalSeconds:F1} s, {GC.CollectionCount(2) - gen2} gen2 collections");
        }
        else
        {
            Console.WriteLine($"reusing the store loaded earlier in {folder}");
        }

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var open = Stopwatch.StartNew();
        await using var graph = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = folder });
        await graph.ExecuteAsync(new CypherQuery("MATCH (p:Paper {key: $k}) RETURN p.year", new Dictionary<string, object?> { ["k"] = newest }));
        open.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"start-up (open the store and answer a first query): {open.Elapsed.TotalMilliseconds:N0} ms; " +
                          $"managed heap for the graph: {(after - before) / 1048576.0:N0} MiB; peak working set so far: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");

        using var sqlite = OpenSqlite(dag);

        var rows = new List<(string Name, double Ours, double Sqlite, double Arrays, string Check)>();

        var ancestors = arrays.CountAncestors(dag.Newest);
        rows.Add(Measure("all transitive prerequisites of the newest paper (count DISTINCT)", runs,
            async () => Scalar(await graph.ExecuteAsync(Q("MATCH (a)-[:PREREQUISITE_OF*]->(b:Paper {key: $k}) RETURN count(DISTINCT a)", ("k", newest)))),
            () => SqliteScalar(sqlite, """
                WITH RECURSIVE anc(id) AS (SELECT src FROM edge WHERE dst = $k
                  UNION SELECT e.src FROM edge e JOIN anc ON e.dst = anc.id)
                SELECT count(*) FROM anc
                """, dag.Newest),
            () => arrays.CountAncestors(dag.Newest), ancestors));

        rows.Add(Measure("all transitive prerequisites of the newest paper (RETURN DISTINCT a.key)", runs,
            async () => (await graph.ExecuteAsync(Q("MATCH (a)-[:PREREQUISITE_OF*]->(b:Paper {key: $k}) RETURN DISTINCT a.key", ("k", newest)))).Values.Count,
            () => SqliteRows(sqlite, """
                WITH RECURSIVE anc(id) AS (SELECT src FROM edge WHERE dst = $k
                  UNION SELECT e.src FROM edge e JOIN anc ON e.dst = anc.id)
                SELECT p.key FROM anc JOIN paper p ON p.id = anc.id
                """, dag.Newest),
            () => arrays.CountAncestors(dag.Newest), ancestors));

        // The same questions in Neo4j 5 pattern syntax: a quantified relationship and a quantified path pattern
        // whose inner nodes are anonymous must prune exactly like the variable-length form.
        rows.Add(Measure("all transitive prerequisites, quantified relationship -[:PREREQUISITE_OF]->+ (count DISTINCT)", runs,
            async () => Scalar(await graph.ExecuteAsync(Q("MATCH (a)-[:PREREQUISITE_OF]->+(b:Paper {key: $k}) RETURN count(DISTINCT a)", ("k", newest)))),
            () => SqliteScalar(sqlite, """
                WITH RECURSIVE anc(id) AS (SELECT src FROM edge WHERE dst = $k
                  UNION SELECT e.src FROM edge e JOIN anc ON e.dst = anc.id)
                SELECT count(*) FROM anc
                """, dag.Newest),
            () => arrays.CountAncestors(dag.Newest), ancestors));

        rows.Add(Measure("all transitive prerequisites, quantified path pattern (()-[:PREREQUISITE_OF]->())+ (count DISTINCT)", runs,
            async () => Scalar(await graph.ExecuteAsync(Q("MATCH (a) (()-[:PREREQUISITE_OF]->())+ (b:Paper {key: $k}) RETURN count(DISTINCT a)", ("k", newest)))),
            () => SqliteScalar(sqlite, """
                WITH RECURSIVE anc(id) AS (SELECT src FROM edge WHERE dst = $k
                  UNION SELECT e.src FROM edge e JOIN anc ON e.dst = anc.id)
                SELECT count(*) FROM anc
                """, dag.Newest),
            () => arrays.CountAncestors(dag.Newest), ancestors));

        // A quantified path pattern of two relationships: the whole inner pattern repeats, every path is enumerated
        // (relationships distinct across iterations), so this is a depth-first walk rather than a pruning search.
        var twoStep = arrays.CountAncestorsAtHops(dag.Newest, 2, 4);
        rows.Add(Measure("prerequisites two steps at a time, ((a)-[:PREREQUISITE_OF]->()-[:PREREQUISITE_OF]->()){1,2} (count DISTINCT)", runs,
            async () => Scalar(await graph.ExecuteAsync(Q("MATCH (a) (()-[:PREREQUISITE_OF]->()-[:PREREQUISITE_OF]->()){1,2} (b:Paper {key: $k}) RETURN count(DISTINCT a)", ("k", newest)))),
            () => SqliteScalar(sqlite, """
                WITH RECURSIVE anc(id, d) AS (SELECT src, 1 FROM edge WHERE dst = $k
                  UNION SELECT e.src, anc.d + 1 FROM edge e JOIN anc ON e.dst = anc.id WHERE anc.d < 4)
                SELECT count(DISTINCT id) FROM anc WHERE d IN (2, 4)
                """, dag.Newest),
            () => arrays.CountAncestorsAtHops(dag.Newest, 2, 4), twoStep));

        var chain = arrays.ShortestChain(dag.Oldest, dag.Newest);
        rows.Add(Measure("shortest prerequisite chain (oldest → newest)", runs,
            async () => Scalar(await graph.ExecuteAsync(Q("MATCH p = shortestPath((a:Paper {key: $a})-[:PREREQUISITE_OF*]->(b:Paper {key: $b})) RETURN length(p)", ("a", oldest), ("b", newest)))),
            // ORDER BY makes the recursive CTE a breadth-first queue, so the first row for the target is the shortest.
            () => SqliteScalar(sqlite, """
                WITH RECURSIVE walk(id, depth) AS (SELECT $a, 0
                  UNION SELECT e.dst, walk.depth + 1 FROM walk JOIN edge e ON e.src = walk.id ORDER BY 2)
                SELECT depth FROM walk WHERE id = $k LIMIT 1
                """, dag.Newest, dag.Oldest),
            () => arrays.ShortestChain(dag.Oldest, dag.Newest), chain));

        rows.Add(Measure("shortest prerequisite chain, SHORTEST 1 … ->+", runs,
            async () => Scalar(await graph.ExecuteAsync(Q("MATCH p = SHORTEST 1 (a:Paper {key: $a})-[:PREREQUISITE_OF]->+(b:Paper {key: $b}) RETURN length(p)", ("a", oldest), ("b", newest)))),
            () => SqliteScalar(sqlite, """
                WITH RECURSIVE walk(id, depth) AS (SELECT $a, 0
                  UNION SELECT e.dst, walk.depth + 1 FROM walk JOIN edge e ON e.src = walk.id ORDER BY 2)
                SELECT depth FROM walk WHERE id = $k LIMIT 1
                """, dag.Newest, dag.Oldest),
            () => arrays.ShortestChain(dag.Oldest, dag.Newest), chain));

        var roots = arrays.CountRoots();
        rows.Add(Measure("papers with no prerequisites (count)", runs,
            async () => Scalar(await graph.ExecuteAsync(Q("MATCH (p:Paper) WHERE NOT ()-[:PREREQUISITE_OF]->(p) RETURN count(p)"))),
            () => SqliteScalar(sqlite, "SELECT count(*) FROM paper p WHERE NOT EXISTS (SELECT 1 FROM edge e WHERE e.dst = p.id)"),
            () => arrays.CountRoots(), roots));

        rows.Add(Measure("one paper by key", runs * 20,
            async () => (await graph.ExecuteAsync(Q("MATCH (p:Paper {key: $k}) RETURN p", ("k", newest)))).Values.Count,
            () => SqliteRows(sqlite, "SELECT id, key, year FROM paper WHERE key = $key", 0, key: newest),
            () => 1, 1));

        Console.WriteLine();
        Console.WriteLine($"warm medians over {runs} runs (by key: {runs * 20}); ratio = SQLite / ours (higher is better for us)");
        Console.WriteLine($"| query | PaperGraph (Cypher) | SQLite CTE | BFS over arrays | SQLite / ours | ours / arrays | answer |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in rows)
            Console.WriteLine($"| {r.Name} | {Ms(r.Ours)} | {Ms(r.Sqlite)} | {Ms(r.Arrays)} | {r.Sqlite / r.Ours:F1}x | {r.Ours / r.Arrays:F1}x | {r.Check} |");
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB");

        if (options.Value("path") is null) Directory.Delete(folder, recursive: true);
        return rows.All(r => r.Check.StartsWith("ok", StringComparison.Ordinal)) ? 0 : 1;
    }

    /// <summary>Rows per UNWIND statement (one transaction each) when loading.</summary>
    private static int Batch { get; set; } = 10_000;

    /// <summary>Time allowed for the measured runs of one query on one engine (at least three runs are made).</summary>
    private static TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(20);

    internal static async Task LoadAsync(IGraphDatabase db, PrerequisiteDag dag, bool progress = false)
    {
        var watch = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(30);
        void Report(string what, int done, int total)
        {
            if (!progress || watch.Elapsed < nextReport) return;
            nextReport = watch.Elapsed + TimeSpan.FromSeconds(30);
            Console.WriteLine($"  … {watch.Elapsed.TotalSeconds:F0} s: {what} {done:N0} of {total:N0}");
        }

        await db.ExecuteAsync(new CypherQuery("CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (p:Paper) REQUIRE p.key IS UNIQUE"));
        for (var start = 0; start < dag.PaperCount; start += Batch)
        {
            var rows = Enumerable.Range(start, Math.Min(Batch, dag.PaperCount - start))
                .Select(i => (object?)new Dictionary<string, object?> { ["key"] = PrerequisiteDag.Key(i), ["year"] = (long)dag.Year[i] })
                .ToList();
            await db.ExecuteAsync(Q("UNWIND $rows AS r CREATE (:Paper {key: r.key, year: r.year})", ("rows", rows)));
            Report("papers", start + rows.Count, dag.PaperCount);
        }
        for (var start = 0; start < dag.Edges.Length; start += Batch)
        {
            var rows = dag.Edges.AsSpan(start, Math.Min(Batch, dag.Edges.Length - start)).ToArray()
                .Select(e => (object?)new Dictionary<string, object?> { ["a"] = PrerequisiteDag.Key(e.From), ["b"] = PrerequisiteDag.Key(e.To) })
                .ToList();
            await db.ExecuteAsync(Q("""
                UNWIND $rows AS r
                MATCH (a:Paper {key: r.a}), (b:Paper {key: r.b})
                CREATE (a)-[:PREREQUISITE_OF {reason: 'generated'}]->(b)
                """, ("rows", rows)));
            Report("edges", start + rows.Count, dag.Edges.Length);
        }
    }

    private static SqliteConnection OpenSqlite(PrerequisiteDag dag)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE paper (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, year INTEGER NOT NULL);
                CREATE TABLE edge (src INTEGER NOT NULL, dst INTEGER NOT NULL, PRIMARY KEY (src, dst)) WITHOUT ROWID;
                CREATE INDEX edge_dst ON edge (dst, src);
                """;
            create.ExecuteNonQuery();
        }
        using var tx = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO paper VALUES ($id, $key, $year)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var year = insert.Parameters.Add("$year", SqliteType.Integer);
            for (var i = 0; i < dag.PaperCount; i++)
            {
                id.Value = i; key.Value = PrerequisiteDag.Key(i); year.Value = dag.Year[i];
                insert.ExecuteNonQuery();
            }
        }
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO edge VALUES ($src, $dst)";
            var src = insert.Parameters.Add("$src", SqliteType.Integer);
            var dst = insert.Parameters.Add("$dst", SqliteType.Integer);
            foreach (var (from, to) in dag.Edges)
            {
                src.Value = from; dst.Value = to;
                insert.ExecuteNonQuery();
            }
        }
        tx.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
        return connection;
    }

    private static (string, double, double, double, string) Measure(string name, int runs,
        Func<Task<long>> ours, Func<long> sqlite, Func<long> arrays, long expected)
    {
        var (oursMs, oursAnswer) = Median(runs, () => ours().GetAwaiter().GetResult());
        var (sqliteMs, sqliteAnswer) = Median(Math.Max(3, runs / 3), sqlite);
        var (arraysMs, _) = Median(runs, arrays);
        var check = oursAnswer == expected && sqliteAnswer == expected
            ? $"ok ({expected:N0})"
            : $"MISMATCH: ours {oursAnswer:N0}, SQLite {sqliteAnswer:N0}, expected {expected:N0}";
        Console.WriteLine($"  {name}: ours {Ms(oursMs)}, SQLite {Ms(sqliteMs)}, arrays {Ms(arraysMs)} — {check}");
        return (name, oursMs, sqliteMs, arraysMs, check);
    }

    private static (double Ms, long Answer) Median(int runs, Func<long> run)
    {
        // Each engine starts from a collected heap, so that garbage left by the one measured before it is not
        // collected on its time.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var answer = run(); // warm-up
        var times = new List<double>(runs);
        var total = Stopwatch.StartNew();
        while (times.Count < runs && (times.Count < 3 || total.Elapsed < Budget))
        {
            var watch = Stopwatch.StartNew();
            answer = run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], answer);
    }

    private static long Scalar(QueryResult result) => Convert.ToInt64(result.Values[0][0], CultureInfo.InvariantCulture);

    private static CypherQuery Q(string text, params (string Name, object? Value)[] parameters) =>
        new(text, parameters.ToDictionary(p => p.Name, p => p.Value));

    private static long SqliteScalar(SqliteConnection connection, string sql, int k = 0, int a = 0)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sql.Contains("$k", StringComparison.Ordinal)) command.Parameters.AddWithValue("$k", k);
        if (sql.Contains("$a", StringComparison.Ordinal)) command.Parameters.AddWithValue("$a", a);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static long SqliteRows(SqliteConnection connection, string sql, int k, string? key = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (sql.Contains("$k", StringComparison.Ordinal)) command.Parameters.AddWithValue("$k", k);
        if (key is not null) command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        long count = 0;
        while (reader.Read()) count++;
        return count;
    }

    private static string Ms(double ms) => ms < 1 ? $"{ms * 1000:F0} µs" : $"{ms:F1} ms";
}
