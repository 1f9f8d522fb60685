using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PaperGraph.Testing;

/// <summary>
/// Debian's <c>redis-server</c> (installed by test.sh) on a free 127.0.0.1 port with its own temporary folder,
/// started by the constructor and killed on disposal. It keeps its data in an append-only file written on every
/// command, so <see cref="Stop"/> then <see cref="Start"/> is a restart that keeps what was stored (as a deployed
/// Redis with persistence does).
/// </summary>
/// <remarks>It never outlives the test process: it runs under a small shell guard that kills it as soon as the test
/// process is gone (a crashed or killed test host, which runs no disposal), and <see cref="Stop"/> kills the guard and
/// the server together.</remarks>
public sealed class RedisServer : IDisposable
{
    /// <summary>Where the tests expect Debian's package to have put it.</summary>
    public const string Executable = "/usr/bin/redis-server";

    private const string Shell = "/bin/sh";

    // $1: the test process; $2...: redis-server and its arguments. Runs the server in the background and kills it
    // when the test process is gone, or when the guard itself is told to stop (TERM, INT, HUP); exits with it.
    private const string Guard = """
        parent=$1; shift
        "$@" &
        child=$!
        trap 'kill -9 "$child" 2>/dev/null; exit 143' TERM INT HUP
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
        kill -9 "$child" 2>/dev/null
        wait "$child"
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string _folder = Directory.CreateTempSubdirectory("papergraph-redis-").FullName;
    private readonly int _owner;
    private Process? _process;

    public RedisServer() : this(Environment.ProcessId)
    {
    }

    /// <summary>A server that dies with process <paramref name="ownerProcessId"/> (the test process by default).</summary>
    public RedisServer(int ownerProcessId)
    {
        _owner = ownerProcessId;
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run ./test.sh (it installs Debian's redis-server) or apt-get install redis-server.");
        Port = FreePort();
        try
        {
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The port it listens on (the same across restarts).</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for <c>SignalR:Redis</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The guard's process id (the shell whose child is the server), while it runs.</summary>
    public int? GuardProcessId => _process is { HasExited: false } guard ? guard.Id : null;

    /// <summary>The redis-server's own process id (the guard's child), while it runs.</summary>
    public int? ServerProcessId
    {
        get
        {
            if (_process is not { HasExited: false } guard) return null;
            try
            {
                var children = File.ReadAllText($"/proc/{guard.Id}/task/{guard.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return children.Length > 0 ? int.Parse(children[0], System.Globalization.CultureInfo.InvariantCulture) : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the server (again) and waits until it accepts connections.</summary>
    public void Start()
    {
        if (IsRunning) return;
        var info = new ProcessStartInfo(Shell)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Guard);
        info.ArgumentList.Add("papergraph-redis-guard");
        info.ArgumentList.Add(_owner.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(Executable);
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", _folder, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
            "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
        })
            info.ArgumentList.Add(arg);
        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} at start (port {Port}).");
            if (Answers()) return;
            Thread.Sleep(50);
        }
        Stop();
        throw new TimeoutException($"redis-server did not answer on port {Port} within {StartTimeout.TotalSeconds} s.");
    }

    /// <summary>Kills the server at once (no goodbye to its clients), as a crash or a restart would.</summary>
    public void Stop()
    {
        if (_process is not { } process) return;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>A PING over a raw socket answered with +PONG.</summary>
    private bool Answers()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            using var stream = client.GetStream();
            stream.ReadTimeout = 1000;
            stream.Write("PING\r\n"u8);
            var buffer = new byte[16];
            var read = stream.Read(buffer);
            return read >= 5 && System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
