using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace PaperGraph.Bench;

/// <summary>
/// Several instances under load, on loopback only, stopping by itself: a redis-server, a PaperGraph serving the
/// Query API as the store (Neo4j's stand-in, seeded from graph-seed/), and two PaperGraph instances on the Neo4j
/// backend sharing the hub through Redis, each a separate process of the built web app. Hub clients spread over
/// both instances while curators make edits through both; every client's receipt of every edit is timed from the
/// moment the curator's API call answered. Readers hammer /api/graph, plans and the Query API meanwhile.
/// </summary>
/// <remarks>
/// <c>load [--clients 2000] [--edits 100] [--readers 200] [--edit-interval-ms 100] [--warmup-edits 100] [--reader-cache on|off] [--server-env K=V,…] [--max-seconds 600]
/// [--web src/PaperGraph.Web/bin/Release/net10.0/PaperGraph.Web.dll]</c>. Build the web app first
/// (<c>dotnet build src/PaperGraph.Web -c Release</c>). Every server, client and reader stops by
/// <c>--max-seconds</c>; the temporary folders are removed.
/// </remarks>
internal static class LoadBench
{
    private const string AdminUser = "neo4j";
    private const string AdminPassword = "load-bench-admin-password";
    private sealed record Notice(string? Reason);
    private sealed record Message(long Sequence, List<Notice>? Curation);

    public static async Task<int> RunAsync(string[] arguments)
    {
        var args = new BenchArgs(arguments);
        var clients = args.Int("clients", 2000);
        var edits = args.Int("edits", 100);
        var readers = args.Int("readers", 200);
        // A server lives in its steady state: by default 100 uncounted edits (readers on) come first, so that the
        // figures are not those of the servers' first seconds (tiered JIT compiling the hot paths; one slow edit is
        // 1% of the deliveries, so it alone sets the p99). --warmup-edits 0 measures from a cold start.
        var warmupEdits = args.Int("warmup-edits", 100);
        // Readers of /api/graph and plans revalidate what they hold, as a browser does (--reader-cache off: every
        // read asks for the whole answer again).
        var readerCache = !string.Equals(args.Value("reader-cache"), "off", StringComparison.Ordinal);
        // Runtime settings for the servers only, e.g. --server-env DOTNET_TieredPGO=0,DOTNET_TC_CallCountingDelayMs=0.
        var serverEnvironment = (args.Value("server-env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (serverEnvironment.Count > 0) Console.WriteLine($"server environment: {string.Join(", ", serverEnvironment.Select(kv => $"{kv.Key}={kv.Value}"))}");
        var interval = TimeSpan.FromMilliseconds(args.Int("edit-interval-ms", 100));
        var deadline = Stopwatch.StartNew();
        var maxRun = TimeSpan.FromSeconds(args.Int("max-seconds", 600));
        using var stop = new CancellationTokenSource(maxRun);
        var root = FindRoot();
        var web = Path.GetFullPath(args.Value("web") ?? Path.Combine(root, "src/PaperGraph.Web/bin/Release/net10.0/PaperGraph.Web.dll"));
        if (!File.Exists(web))
        {
            Console.Error.WriteLine($"{web} is missing: dotnet build src/PaperGraph.Web -c Release");
            return 2;
        }
        var work = Directory.CreateTempSubdirectory("papergraph-load-").FullName;
        var processes = new List<(string Name, Process Process)>();
        try
        {
            var redisPort = FreePort();
            processes.Add(("redis", Start("/usr/bin/redis-server", work, new(), "--port", redisPort.ToString(CultureInfo.InvariantCulture),
                "--bind", "127.0.0.1", "--dir", work, "--save", "", "--appendonly", "no")));
            var storePort = FreePort();
            var storeUrl = $"http://127.0.0.1:{storePort}/";
            processes.Add(("store", StartWeb(web, work, "store", storePort, new(serverEnvironment)
            {
                ["Import__Seed"] = "true",
                ["Import__SeedPath"] = Path.Combine(root, "graph-seed"),
            })));
            await WaitHealthyAsync(storeUrl, stop.Token);
            var instances = new List<string>();
            foreach (var name in new[] { "a", "b" })
            {
                var port = FreePort();
                processes.Add(($"instance {name}", StartWeb(web, work, name, port, new(serverEnvironment)
                {
                    ["Storage__Provider"] = "Neo4j",
                    ["Neo4j__Uri"] = storeUrl,
                    ["Neo4j__User"] = AdminUser,
                    ["Neo4j__Password"] = AdminPassword,
                    ["SignalR__Redis"] = $"127.0.0.1:{redisPort}",
                    ["Import__Seed"] = "false",
                    // All readers come from 127.0.0.1; the defaults (4 statements per address, 16 in all) would
                    // measure the limiter, not the server.
                    ["Limits__AnonymousStatementsPerClient"] = "64",
                    ["Limits__AnonymousStatementsTotal"] = "64",
                    ["Limits__AnonymousStatementQueue"] = "512",
                })));
                instances.Add($"http://127.0.0.1:{port}/");
            }
            foreach (var url in instances) await WaitHealthyAsync(url, stop.Token);
            Console.WriteLine($"servers up in {deadline.Elapsed.TotalSeconds:F1} s: store {storeUrl}, instances {string.Join(", ", instances)}");

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            var graph = await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(instances[0]), "/api/graph"), stop.Token);
            var edges = graph.GetProperty("edges").EnumerateArray()
                .Select(e => (From: e.GetProperty("from").GetString()!, To: e.GetProperty("to").GetString()!)).ToList();
            var paperKeys = graph.GetProperty("papers").EnumerateArray().Select(p => p.GetProperty("key").GetString()!).ToList();
            if (edges.Count == 0) throw new InvalidOperationException("The seeded graph has no edges to edit.");

            // Hub clients, half on each instance.
            var run = Guid.NewGuid().ToString("N")[..8];
            var reasons = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var received = new long[clients, edits];
            var warmupReasons = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            long duplicates = 0, unknown = 0, warmupDelivered = 0;
            var connections = new HubConnection[clients];
            var connectClock = Stopwatch.StartNew();
            using (var gate = new SemaphoreSlim(32))
            {
                await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
                {
                    await gate.WaitAsync(stop.Token);
                    try
                    {
                        var connection = new HubConnectionBuilder()
                            .WithUrl(new Uri(new Uri(instances[c % instances.Count]), "/hubs/graph"),
                                o => o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets)
                            .Build();
                        connection.On<Message>("GraphChanged", m =>
                        {
                            var now = Stopwatch.GetTimestamp();
                            foreach (var notice in m.Curation ?? [])
                            {
                                if (notice.Reason is not null && warmupReasons.ContainsKey(notice.Reason)) { Interlocked.Increment(ref warmupDelivered); continue; }
                                if (notice.Reason is null || !reasons.TryGetValue(notice.Reason, out var edit)) { Interlocked.Increment(ref unknown); continue; }
                                if (Interlocked.CompareExchange(ref received[c, edit], now, 0) != 0) Interlocked.Increment(ref duplicates);
                            }
                        });
                        await connection.StartAsync(stop.Token);
                        connections[c] = connection;
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }
            Console.WriteLine($"{clients} hub clients connected in {connectClock.Elapsed.TotalSeconds:F1} s");
            // One more client, on the raw WebSocket, to weigh the messages as they travel.
            var sizes = new ConcurrentBag<int>();
            using var weighStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var weighing = WeighMessagesAsync(new Uri(instances[0]), sizes, weighStop.Token);

            // Readers until the edits are done.
            using var readersStop = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var readings = new ConcurrentDictionary<string, ConcurrentBag<double>>();
            var readErrors = new ConcurrentDictionary<string, int>();
            var revalidated = 0L;
            var readerTasks = Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
            {
                var kind = (r % 3) switch { 0 => "graph", 1 => "plan", _ => "query" };
                var random = new Random(r);
                // Like a browser's HTTP cache: what each GET answered with an ETag, sent back as If-None-Match.
                var held = new Dictionary<Uri, (string ETag, byte[] Body)>();
                while (!readersStop.IsCancellationRequested)
                {
                    var instance = new Uri(instances[random.Next(instances.Count)]);
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        HttpResponseMessage response;
                        if (kind == "query")
                        {
                            response = await http.PostAsync(new Uri(instance, "/db/neo4j/query/v2"), new StringContent(
                                "{\"statement\":\"MATCH (p:Paper)-[:PREREQUISITE_OF*]->(:Paper {key: $k}) RETURN count(DISTINCT p) AS n\",\"parameters\":{\"k\":\""
                                + paperKeys[random.Next(paperKeys.Count)] + "\"}}", Encoding.UTF8, "application/json"), readersStop.Token);
                        }
                        else
                        {
                            var url = kind == "graph" ? new Uri(instance, "/api/graph") : new Uri(instance, "/api/plans/" + paperKeys[random.Next(paperKeys.Count)]);
                            using var request = new HttpRequestMessage(HttpMethod.Get, url);
                            if (readerCache && held.TryGetValue(url, out var cached))
                                request.Headers.TryAddWithoutValidation("If-None-Match", cached.ETag);
                            response = await http.SendAsync(request, readersStop.Token);
                        }
                        using (response)
                        {
                            var body = await response.Content.ReadAsByteArrayAsync(readersStop.Token);
                            if (response.StatusCode == HttpStatusCode.NotModified && readerCache && held.ContainsKey(response.RequestMessage!.RequestUri!))
                            {
                                Interlocked.Increment(ref revalidated);
                                readings.GetOrAdd(kind, _ => []).Add(clock.Elapsed.TotalMilliseconds);
                            }
                            else if (response.IsSuccessStatusCode)
                            {
                                readings.GetOrAdd(kind, _ => []).Add(clock.Elapsed.TotalMilliseconds);
                                if (readerCache && kind != "query" && response.Headers.ETag is { } etag)
                                    held[response.RequestMessage!.RequestUri!] = (etag.ToString(), body);
                            }
                            else readErrors.AddOrUpdate($"{kind} {(int)response.StatusCode}", 1, (_, n) => n + 1);
                        }
                    }
                    catch (OperationCanceledException) when (readersStop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        readErrors.AddOrUpdate($"{kind} {ex.GetType().Name}", 1, (_, n) => n + 1);
                    }
                }
            })).ToList();

            // Warm-up (--warmup-edits, not counted): the same edits and readers first, so that what is measured is the
            // servers' steady state rather than their first seconds (tiered JIT compiles the hot paths then).
            if (warmupEdits > 0)
            {
                var warmClock = Stopwatch.StartNew();
                await Task.WhenAll(Enumerable.Range(0, instances.Count).Select(k => Task.Run(async () =>
                {
                    using var curator = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(instances[k]), Timeout = TimeSpan.FromSeconds(30) };
                    curator.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
                    for (var i = k; i < warmupEdits && !stop.IsCancellationRequested; i += instances.Count)
                    {
                        var (from, to) = edges[i % edges.Count];
                        var reason = $"Load run {run}, warm-up {i}: reworded before measuring.";
                        warmupReasons[reason] = i;
                        using var response = await curator.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative), new { from, to, reason }, stop.Token);
                        await Task.Delay(interval, stop.Token);
                    }
                })));
                var warmSettle = Stopwatch.StartNew();
                while (Interlocked.Read(ref warmupDelivered) < (long)clients * warmupEdits && warmSettle.Elapsed < TimeSpan.FromSeconds(30))
                    await Task.Delay(200, stop.Token);
                readings.Clear();
                readErrors.Clear();
                Interlocked.Exchange(ref revalidated, 0);
                Console.WriteLine($"warm-up: {warmupEdits} edits in {warmClock.Elapsed.TotalSeconds:F1} s, {Interlocked.Read(ref warmupDelivered):N0} deliveries (not counted)");
            }
            var before = processes.Where(p => p.Name != "redis").ToDictionary(p => p.Name, p => Sample(p.Process));
            var benchBefore = Sample(Process.GetCurrentProcess());

            // Curators: one per instance, taking turns over the edges, each rewording one edge per edit.
            var answered = new long[edits];
            var editMs = new double[edits];
            var editErrors = 0;
            var editClock = Stopwatch.StartNew();
            var curators = Enumerable.Range(0, instances.Count).Select(k => Task.Run(async () =>
            {
                using var curator = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(instances[k]), Timeout = TimeSpan.FromSeconds(30) };
                curator.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
                for (var i = k; i < edits && !stop.IsCancellationRequested; i += instances.Count)
                {
                    var (from, to) = edges[i % edges.Count];
                    var reason = $"Load run {run}, edit {i}: reworded to time its delivery.";
                    reasons[reason] = i;
                    var sent = Stopwatch.GetTimestamp();
                    using var response = await curator.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative), new { from, to, reason }, stop.Token);
                    answered[i] = Stopwatch.GetTimestamp();
                    editMs[i] = Stopwatch.GetElapsedTime(sent, answered[i]).TotalMilliseconds;
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref editErrors);
                        Console.Error.WriteLine($"edit {i} {from}->{to}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(stop.Token)}");
                    }
                    await Task.Delay(interval, stop.Token);
                }
            })).ToList();
            await Task.WhenAll(curators);
            var editSeconds = editClock.Elapsed.TotalSeconds;

            // Deliveries: wait until every client has every edit, or 30 s after the last edit.
            var settle = Stopwatch.StartNew();
            long Delivered()
            {
                long n = 0;
                for (var c = 0; c < clients; c++)
                    for (var e = 0; e < edits; e++)
                        if (received[c, e] != 0) n++;
                return n;
            }
            var expected = (long)clients * edits;
            while (Delivered() < expected && settle.Elapsed < TimeSpan.FromSeconds(30) && !stop.IsCancellationRequested)
                await Task.Delay(200, stop.Token);
            await readersStop.CancelAsync();
            await Task.WhenAll(readerTasks);
            await weighStop.CancelAsync();
            await weighing;
            var after = processes.Where(p => p.Name != "redis").ToDictionary(p => p.Name, p => Sample(p.Process));
            var benchAfter = Sample(Process.GetCurrentProcess());
            var wall = editClock.Elapsed.TotalSeconds;

            var latencies = new List<double>((int)Math.Min(expected, int.MaxValue));
            var early = 0L;
            for (var c = 0; c < clients; c++)
                for (var e = 0; e < edits; e++)
                {
                    if (received[c, e] == 0 || answered[e] == 0) continue;
                    var ms = Stopwatch.GetElapsedTime(answered[e], received[c, e]).TotalMilliseconds;
                    if (received[c, e] < answered[e]) { early++; ms = 0; }
                    latencies.Add(ms);
                }
            latencies.Sort();
            // Per edit: when the first client had it (the servers' pipeline) and how long the rest took (the fan-out).
            var firsts = new List<double>();
            var spreads = new List<double>();
            for (var e = 0; e < edits; e++)
            {
                if (answered[e] == 0) continue;
                long first = long.MaxValue, last = 0;
                for (var c = 0; c < clients; c++)
                {
                    var t = received[c, e];
                    if (t == 0) continue;
                    first = Math.Min(first, t);
                    last = Math.Max(last, t);
                }
                if (last == 0) continue;
                firsts.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered[e], first).TotalMilliseconds));
                spreads.Add(Stopwatch.GetElapsedTime(first, last).TotalMilliseconds);
            }
            firsts.Sort();
            spreads.Sort();
            var editLatencies = editMs.Where(x => x > 0).OrderBy(x => x).ToList();

            Console.WriteLine();
            Console.WriteLine($"hub: {clients} clients over {instances.Count} instances, {edits} edits in {editSeconds:F1} s ({editErrors} refused)");
            Console.WriteLine($"deliveries: {latencies.Count:N0} of {expected:N0} ({duplicates} duplicates, {unknown} unknown notices, {early} arrived before the API's answer, counted as 0 ms)");
            Console.WriteLine($"API answer -> client receipt: p50 {Percentile(latencies, 0.50):F0} ms, p99 {Percentile(latencies, 0.99):F0} ms, max {(latencies.Count > 0 ? latencies[^1] : double.NaN):F0} ms");
            Console.WriteLine($"per edit: API call p50 {Percentile(editLatencies, 0.50):F0} ms, p99 {Percentile(editLatencies, 0.99):F0} ms; answer -> first client p50 {Percentile(firsts, 0.50):F0} ms, p99 {Percentile(firsts, 0.99):F0} ms; first -> last client p50 {Percentile(spreads, 0.50):F0} ms, p99 {Percentile(spreads, 0.99):F0} ms");
            foreach (var (kind, bag) in readings.OrderBy(k => k.Key))
            {
                var sorted = bag.OrderBy(x => x).ToList();
                var errors = readErrors.Where(e => e.Key.StartsWith(kind + " ", StringComparison.Ordinal)).Sum(e => e.Value);
                Console.WriteLine($"readers {kind}: {sorted.Count:N0} answers, p50 {Percentile(sorted, 0.50):F0} ms, p99 {Percentile(sorted, 0.99):F0} ms, {errors} errors");
            }
            foreach (var (key, count) in readErrors.OrderBy(k => k.Key)) Console.WriteLine($"  error {key}: {count}");
            if (readers > 0)
                Console.WriteLine(readerCache
                    ? $"readers revalidate (If-None-Match) like a browser: {Interlocked.Read(ref revalidated):N0} answers were 304 Not Modified"
                    : "readers ask for the whole answer every time (--reader-cache off)");
            Console.WriteLine(sizes.IsEmpty ? "hub messages: none weighed" :
                $"hub messages: {sizes.Count} weighed, {sizes.Average():F0} bytes on average (JSON, as sent), largest {sizes.Max()} bytes");
            foreach (var name in before.Keys)
            {
                var (cpu0, _, _) = before[name];
                var (cpu1, rss, hwm) = after[name];
                Console.WriteLine($"{name}: CPU {cpu1 - cpu0:F1} s over {wall:F1} s ({(cpu1 - cpu0) / wall * 100:F0}% of one core), RSS {rss / 1024:F0} MiB, peak {hwm / 1024:F0} MiB");
            }
            Console.WriteLine($"bench (clients, readers, curators): CPU {benchAfter.Cpu - benchBefore.Cpu:F1} s over {wall:F1} s ({(benchAfter.Cpu - benchBefore.Cpu) / wall * 100:F0}% of one core), RSS {benchAfter.RssKiB / 1024:F0} MiB");
            Console.WriteLine($"total {deadline.Elapsed.TotalSeconds:F0} s");

            using (var gate = new SemaphoreSlim(64))
                await Task.WhenAll(connections.Where(c => c is not null).Select(async c =>
                {
                    await gate.WaitAsync();
                    try { await c.DisposeAsync(); }
                    finally { gate.Release(); }
                }));
            return latencies.Count == expected ? 0 : 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine($"stopped after --max-seconds {maxRun.TotalSeconds:F0}");
            return 1;
        }
        finally
        {
            foreach (var (name, process) in processes)
            {
                try
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
                catch (InvalidOperationException)
                {
                }
                process.Dispose();
            }
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Records the size of every <c>GraphChanged</c> frame one client receives (SignalR's JSON protocol
    /// over a plain WebSocket, without negotiation), until <paramref name="cancellationToken"/>.</summary>
    private static async Task WeighMessagesAsync(Uri instance, ConcurrentBag<int> sizes, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new System.Net.WebSockets.ClientWebSocket();
            await socket.ConnectAsync(new Uri($"ws://{instance.Authority}/hubs/graph"), cancellationToken);
            await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, cancellationToken);
            // The server drops a client it has not heard from in 30 s: ping as SignalR's clients do.
            _ = Task.Run(async () =>
            {
                try
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                        await socket.SendAsync("{\"type\":6}\u001e"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, cancellationToken);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
                {
                }
            }, cancellationToken);
            var buffer = new byte[1 << 16];
            var frame = new MemoryStream();
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close) return;
                frame.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                // A frame may hold several records, each ended by 0x1e.
                foreach (var record in Encoding.UTF8.GetString(frame.ToArray()).Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
                    if (record.Contains("\"target\":\"GraphChanged\"", StringComparison.Ordinal)) sizes.Add(Encoding.UTF8.GetByteCount(record));
                frame.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.WebSockets.WebSocketException)
        {
        }
    }

    private static Process StartWeb(string web, string work, string name, int port, Dictionary<string, string> settings)
    {
        var folder = Directory.CreateDirectory(Path.Combine(work, name)).FullName;
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__Path"] = folder,
            ["Auth__Admin__User"] = AdminUser,
            ["Auth__Admin__Password"] = AdminPassword,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return Start("dotnet", Path.GetDirectoryName(web)!, environment, web, "--urls", $"http://127.0.0.1:{port}");
    }

    private static Process Start(string file, string directory, Dictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(string url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(new Uri(url), "/health"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException($"{url} did not become healthy within 120 s");
    }

    /// <summary>CPU seconds (user + system), resident and peak resident KiB, from /proc.</summary>
    private static (double Cpu, double RssKiB, double HwmKiB) Sample(Process process)
    {
        var stat = File.ReadAllText($"/proc/{process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
        double Kib(string key) => File.ReadLines($"/proc/{process.Id}/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        return (ticks / 100.0, Kib("VmRSS:"), Kib("VmHWM:"));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PaperGraph.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
