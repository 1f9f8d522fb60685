using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace PaperGraph.Web.Tests.Guardrails;

/// <summary>
/// The guardrail suite (issue 8): runaway statements sent anonymously over HTTP to a real server process, one at
/// a time, while a second client keeps asking <c>RETURN 1</c>. Each must end with a 400 and Neo4j's error within
/// the timeout + 1 s, under the memory budget, and the other client must stay fast (p99 under 100 ms).
/// </summary>
/// <remarks>The figures (stop time, peak resident set of the server, the probe's latencies) are printed:
/// <c>dotnet test tests/PaperGraph.Web.Tests -c Release --filter GuardrailSuiteTests --logger "console;verbosity=detailed"</c>.</remarks>
// Measures another client's latency beside runaway statements: it runs alone, after the parallel classes, so the
// servers other classes start (two instances, Redis, a stand-in Neo4j) do not take the cores it measures.
[Collection(nameof(AloneCollection))]
public sealed class GuardrailSuiteTests(ServerProcess server, ITestOutputHelper output) : IClassFixture<ServerProcess>
{
    private const string TimedOut = "Neo.ClientError.Transaction.TransactionTimedOut";
    private const string OutOfMemory = "Neo.ClientError.General.TransactionOutOfMemoryError";
    private const string TooDeep = "Neo.ClientError.Statement.ArgumentError";

    private const string Deep = "reduce(l = [], i IN range(1, 100000) | [l])";

    /// <summary>Every runaway statement and the errors that may end it.</summary>
    public static readonly (string Statement, string[] Codes)[] Runaways =
    [
        ($"RETURN {Deep} AS deep", [TooDeep]),
        ("RETURN reduce(m = {}, i IN range(1, 20000) | {a: m}) AS deep", [TooDeep]),
        ($"WITH {Deep} AS d RETURN d = d AS same", [TooDeep]),
        ($"WITH {Deep} AS d RETURN toString(d) AS text", [TooDeep]),
        ($"UNWIND [1, 2] AS x WITH x, {Deep} AS d RETURN count(DISTINCT d) AS n", [TooDeep]),
        ($"UNWIND [1, 2] AS x WITH x, {Deep} AS d RETURN x ORDER BY d", [TooDeep]),
        ("RETURN reduce(l = [0], i IN range(1, 1000) | l + [l]) AS shared", [TooDeep]),
        ("RETURN reduce(a = 0, i IN range(1, 1000000000) | a + i) AS sum", [TimedOut]),
        ("RETURN reduce(a = 0, i IN range(1, 2000000000) | a + i) AS sum", [TimedOut]),
        ("UNWIND range(1, 1000000000) AS x WITH x WHERE x < 0 RETURN x", [TimedOut]),
        ("RETURN any(x IN range(1, 2000000000) WHERE x < 0) AS none", [TimedOut]),
        ("RETURN reduce(s = '', i IN range(1, 1000000000) | s + 'x') AS text", [TimedOut, OutOfMemory]),
        ("RETURN size([x IN range(1, 150000000) | x]) AS n", [OutOfMemory, TimedOut]),
        ("UNWIND range(1, 100000000) AS x RETURN size(collect(x)) AS n", [OutOfMemory, TimedOut]),
        ("RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n", [OutOfMemory]),
        ("UNWIND range(1, 100000000) AS x WITH x ORDER BY -x RETURN count(*) AS n", [OutOfMemory, TimedOut]),
        ("UNWIND range(1, 100000000) AS x RETURN count(DISTINCT x) AS n", [OutOfMemory, TimedOut]),
        ("RETURN range(1, 1000000000) AS big", [OutOfMemory]),
        ("RETURN [i IN range(1, 1000) | [x IN range(1, 1000000) | x]] AS lists", [OutOfMemory, TimedOut]),
        ("WITH reduce(s = 'a', i IN range(1, 14) | s + s) AS s RETURN size(replace(s, 'a', s)) AS n", [OutOfMemory]),
    ];

    private double _controlP99;

    private sealed record Measured(string Statement, string Code, TimeSpan Elapsed, long PeakBytes, long BaselineBytes,
        List<double> ProbeMs);

    [Fact]
    public async Task Runaway_statements_end_in_time_under_the_budget_while_another_client_stays_fast()
    {
        using var runaway = server.Client();
        using var probe = server.Client();
        await WarmUpAsync(runaway);
        await WarmUpAsync(probe);

        // The same probe with nothing else running: what this machine gives a RETURN 1 anyway.
        using (var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            var control = (await ProbeAsync(probe, quiet.Token)).Order().ToList();
            _controlP99 = Percentile(control, 0.99);
            output.WriteLine($"RETURN 1 alone: n = {control.Count}, p50 {Percentile(control, 0.5):0.0} ms, p99 {_controlP99:0.0} ms");
        }

        var failures = new List<string>();
        var rows = new List<Measured>();
        foreach (var (statement, codes) in Runaways)
        {
            var baseline = server.ResidentBytes();
            server.ResetPeak();
            using var stop = new CancellationTokenSource();
            var probing = ProbeAsync(probe, stop.Token);
            var watch = Stopwatch.StartNew();
            var (status, body) = await QueryAsync(runaway, statement);
            watch.Stop();
            await stop.CancelAsync();
            var probeMs = await probing;
            var peak = server.PeakResidentBytes();

            var code = body.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("code").GetString()! : "(none)";
            rows.Add(new Measured(statement, code, watch.Elapsed, peak, baseline, probeMs));
            if (status != 400 || !codes.Contains(code))
                failures.Add($"{statement}: {status} {code}, expected 400 with {string.Join(" or ", codes)}");
            // Measured at the client: the timeout + 1 s, plus what this machine takes to answer a RETURN 1 at all
            // (a few milliseconds when it is quiet).
            if (watch.Elapsed > TimeSpan.FromSeconds(ServerProcess.TimeoutSeconds + 1) + TimeSpan.FromMilliseconds(_controlP99))
                failures.Add($"{statement}: ended after {watch.Elapsed.TotalSeconds:0.00} s, over the timeout + 1 s (+ {_controlP99:0} ms)");
            // The budget counts what the statement holds; the process also carries the collector's slack.
            if (peak - baseline > 3L * ServerProcess.MemoryMB * 1024 * 1024)
                failures.Add($"{statement}: the server's resident set grew by {Mib(peak - baseline)} MiB, over 3 × the {ServerProcess.MemoryMB} MiB budget");
            Assert.False(server.Process.HasExited, $"the server died on {statement}:\n{server.Output}");
        }

        var all = rows.SelectMany(r => r.ProbeMs).Order().ToList();
        var p99 = Percentile(all, 0.99);
        Print(rows, all);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(all.Count >= 50, $"only {all.Count} probes answered");
        // 100 ms; on a machine too loaded to give even a lone RETURN 1 that (a shared CI box, where a runaway also
        // takes one of its few cores), four times what the same probe got alone.
        var allowed = Math.Max(100, 4 * _controlP99);
        Assert.True(p99 < allowed, $"RETURN 1 p99 {p99:0.0} ms while runaway statements ran, over {allowed:0.0} ms (n = {all.Count}, max {all[^1]:0.0} ms; alone p99 {_controlP99:0.0} ms)");

        var (after, answer) = await QueryAsync(runaway, "RETURN 1 AS one");
        Assert.Equal(202, after);
        Assert.Equal(1, answer.GetProperty("data").GetProperty("values")[0][0].GetInt32());
    }

    public static TheoryData<string> DeepProbes => new(Runaways.Where(r => r.Codes.SequenceEqual([TooDeep])).Select(r => r.Statement));

    [Theory]
    [MemberData(nameof(DeepProbes))]
    public async Task A_deep_value_is_a_400_and_the_server_keeps_answering(string statement)
    {
        using var client = server.Client();
        var (status, body) = await QueryAsync(client, statement);
        Assert.Equal(400, status);
        Assert.Equal(TooDeep, body.GetProperty("errors")[0].GetProperty("code").GetString());
        var (after, _) = await QueryAsync(client, "RETURN 1 AS one");
        Assert.Equal(202, after);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.neo4j.query")]
    public async Task A_value_at_the_depth_limit_is_returned_in_both_json_forms(string accept)
    {
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/db/neo4j/query/v2")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { statement = "RETURN reduce(l = [], i IN range(1, 255) | [l]) AS d" }),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(202, (int)response.StatusCode);
        using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 2048 });
        Assert.True(json.RootElement.TryGetProperty("data", out _), text[..Math.Min(300, text.Length)]);
    }

    [Fact]
    public async Task A_caller_who_disconnects_stops_the_work()
    {
        using var client = server.Client();
        await WarmUpAsync(client);
        // Start from a quiet server: an earlier test's statement may have left the collector giving memory back.
        for (var i = 0; i < 30; i++)
        {
            var idle = server.CpuTime();
            await Task.Delay(500);
            if (server.CpuTime() - idle < TimeSpan.FromMilliseconds(100)) break;
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PostAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative),
            new StringContent("{\"statement\": \"RETURN reduce(a = 0, i IN range(1, 2000000000) | a + i) AS sum\"}", Encoding.UTF8,
                "application/json"), cts.Token));

        // Within the statement's 3 s timeout: had it kept running after the disconnect, it would burn a core.
        await Task.Delay(500);
        var before = server.CpuTime();
        await Task.Delay(1000);
        var used = server.CpuTime() - before;
        Assert.True(used < TimeSpan.FromMilliseconds(400), $"the server used {used.TotalMilliseconds:0} ms of CPU in the second after the caller left");
    }

    private static async Task WarmUpAsync(HttpClient client)
    {
        for (var i = 0; i < 20; i++)
            await QueryAsync(client, "RETURN 1 AS one");
    }

    /// <summary>Asks <c>RETURN 1</c> again and again until stopped (at most 2,000 times), timing each answer.</summary>
    private static async Task<List<double>> ProbeAsync(HttpClient client, CancellationToken stop)
    {
        var times = new List<double>();
        await Task.Yield();
        for (var i = 0; i < 2000 && !stop.IsCancellationRequested; i++)
        {
            var watch = Stopwatch.StartNew();
            var (status, _) = await QueryAsync(client, "RETURN 1 AS one");
            watch.Stop();
            Assert.Equal(202, status);
            times.Add(watch.Elapsed.TotalMilliseconds);
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return times;
    }

    private static async Task<(int Status, JsonElement Body)> QueryAsync(HttpClient client, string statement)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { statement }), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/db/neo4j/query/v2", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 2048 }).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static long Mib(long bytes) => bytes / (1024 * 1024);

    private void Print(List<Measured> rows, List<double> all)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| statement | ends with | stop time | server peak RSS (baseline) | RETURN 1 p50 / max |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            var sorted = r.ProbeMs.Order().ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{r.Statement}` | {r.Code[(r.Code.LastIndexOf('.') + 1)..]} | {r.Elapsed.TotalSeconds:0.00} s | {Mib(r.PeakBytes)} MiB ({Mib(r.BaselineBytes)} MiB) | {Percentile(sorted, 0.5):0.0} / {(sorted.Count > 0 ? sorted[^1] : double.NaN):0.0} ms |");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"RETURN 1 over the whole run: n = {all.Count}, p50 {Percentile(all, 0.5):0.0} ms, p99 {Percentile(all, 0.99):0.0} ms, max {(all.Count > 0 ? all[^1] : double.NaN):0.0} ms");
        output.WriteLine(text.ToString());
    }
}

/// <summary>Test classes that measure time run in this collection: alone, never beside another class.</summary>
[CollectionDefinition(nameof(AloneCollection), DisableParallelization = true)]
public sealed class AloneCollection;
