using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PaperGraph.Web.Tests.Guardrails;

/// <summary>
/// The PaperGraph web app in a process of its own (the built <c>PaperGraph.Web.dll</c>) on 127.0.0.1, with an
/// empty store of its own, a 3 s query timeout and a 128 MiB statement memory budget. Runaway statements are sent
/// to it rather than to an in-process server: should one crash it again, the test sees a dead server and fails
/// instead of the test host dying; and its memory (peak resident set) and CPU time are its own to measure.
/// </summary>
public sealed class ServerProcess : IAsyncLifetime
{
    public const int TimeoutSeconds = 3;
    public const int MemoryMB = 128;
    public const string AdminPassword = "guardrail-admin-pass";

    private readonly string _store = Path.Combine(Path.GetTempPath(), "papergraph-guardrail-" + Guid.NewGuid().ToString("N"));
    private Process? _process;
    private readonly List<string> _output = [];

    public Uri Address { get; private set; } = null!;

    public Process Process => _process!;

    /// <summary>What the server printed (for a failure's message).</summary>
    public string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output.TakeLast(40));
        }
    }

    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        var dll = Path.Combine(PaperGraphServer.RepositoryRoot, "src", "PaperGraph.Web", "bin", Configuration, "net10.0", "PaperGraph.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the web project first");
        var port = FreePort();
        Address = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", Address.ToString()])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__Path"] = _store;
        start.Environment["Storage__QueryTimeoutSeconds"] = TimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        start.Environment["Storage__QueryMemoryMB"] = MemoryMB.ToString(CultureInfo.InvariantCulture);
        start.Environment["Import__Seed"] = "false";
        start.Environment["Auth__Admin__User"] = "neo4j";
        start.Environment["Auth__Admin__Password"] = AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (Environment.GetEnvironmentVariable("GUARDRAIL_SERVER_ENV") is { } extra)
            foreach (var pair in extra.Split(';', StringSplitOptions.RemoveEmptyEntries))
                start.Environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = Client();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, "the server exited at start:\n" + Output);
            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), "the server did not answer /health within 90 s:\n" + Output);
            await Task.Delay(200);
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process?.Dispose();
        try { Directory.Delete(_store, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        return Task.CompletedTask;
    }

    /// <summary>The server's peak resident set since the last <see cref="ResetPeak"/> (Linux VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => ReadStatus("VmHWM:");

    /// <summary>The server's resident set now (Linux VmRSS), in bytes.</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>Starts a new peak-resident-set measurement (writes 5 to <c>/proc/PID/clear_refs</c>).</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{Process.Id}/clear_refs", "5");

    /// <summary>CPU time the server has used (user + system).</summary>
    public TimeSpan CpuTime()
    {
        Process.Refresh();
        return Process.TotalProcessorTime;
    }

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{Process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException(field + " not in /proc status");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 500) _output.RemoveRange(0, 250);
        }
    }

    private static string Configuration =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // …/bin/<Configuration>/net10.0/

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
