using System.Diagnostics;

namespace PaperGraph.Web.Tests.Deployment;

/// <summary>
/// <c>docker-compose.yml</c> as Docker Compose reads it (Debian's <c>docker-compose config</c>, which test.sh installs;
/// the <c>docker compose</c> plugin when that is what the machine has), with <c>.env.example</c>, in both profiles.
/// No containers are started: <c>config</c> only parses, interpolates and validates.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public async Task The_default_profile_runs_neo4j_5_26_with_a_query_api_healthcheck_and_papergraph_after_it()
    {
        var config = await ConfigAsync();

        Assert.Contains("image: neo4j:5.26", config, StringComparison.Ordinal);
        Assert.Contains("NEO4J_AUTH: neo4j/change-me-to-a-long-password", config, StringComparison.Ordinal);
        Assert.Contains("/db/neo4j/query/v2", config, StringComparison.Ordinal);
        Assert.Contains("RETURN 1", config, StringComparison.Ordinal);
        Assert.Contains("Authorization:", config, StringComparison.Ordinal);
        Assert.Contains("NEO4J_AUTH#*/", config, StringComparison.Ordinal); // the password the server was given
        Assert.Contains("condition: service_healthy", config, StringComparison.Ordinal);
        Assert.Contains("neo4j-data:/data", config, StringComparison.Ordinal);
        Assert.Contains("Neo4j__Password: change-me-to-a-long-password", config, StringComparison.Ordinal);
        // Only the scale profile starts Redis, the two scaled instances and the proxy (docker-compose 1.x prints every service).
        Assert.DoesNotContain("profiles:", Service(config, "neo4j"), StringComparison.Ordinal);
        Assert.DoesNotContain("profiles:", Service(config, "papergraph"), StringComparison.Ordinal);
        foreach (var scaled in new[] { "redis", "papergraph-a", "papergraph-b", "proxy" })
            Assert.Matches(@"profiles:\s*\n\s*- scale", Service(config, scaled));
    }

    /// <summary>The lines of one service in the printed configuration.</summary>
    private static string Service(string config, string name)
    {
        var lines = config.Split('\n');
        var start = Array.FindIndex(lines, l => l == $"  {name}:");
        Assert.True(start >= 0, $"service {name} is missing");
        var end = Array.FindIndex(lines, start + 1, l => l.Length > 2 && l[0] == ' ' && l[1] == ' ' && l[2] != ' ' || l.Length > 0 && l[0] != ' ');
        return string.Join('\n', lines[start..(end < 0 ? lines.Length : end)]);
    }

    [Fact]
    public async Task The_scale_profile_runs_two_instances_on_one_neo4j_and_one_redis_behind_one_port()
    {
        var config = await ConfigAsync("--profile", "scale");

        Assert.Contains("image: redis:7", Service(config, "redis"), StringComparison.Ordinal);
        Assert.Contains("redis-cli", Service(config, "redis"), StringComparison.Ordinal);
        foreach (var instance in new[] { "papergraph-a", "papergraph-b" })
        {
            var service = Service(config, instance);
            Assert.Contains("SignalR__Redis: redis:6379", service, StringComparison.Ordinal);
            Assert.Contains("Storage__Provider: Neo4j", service, StringComparison.Ordinal);
            Assert.Contains("Neo4j__Uri: http://neo4j:7474", service, StringComparison.Ordinal);
            Assert.Contains("web-data-scale:/app/data", service, StringComparison.Ordinal); // one accounts.db for both
            Assert.Matches(@"redis:\s*\n\s*condition: service_healthy", service);
            Assert.DoesNotContain("published:", service, StringComparison.Ordinal); // reached only through the proxy
        }

        // One port, nginx in front of both, sticky (a SignalR negotiation and its WebSocket reach one instance),
        // WebSockets upgraded.
        var proxy = Service(config, "proxy");
        Assert.Contains("published: 8090", proxy, StringComparison.Ordinal);
        Assert.Contains("deploy/nginx-scale.conf:/etc/nginx/conf.d/default.conf:ro", proxy, StringComparison.Ordinal);
        var nginx = File.ReadAllText(Path.Combine(Root, "deploy", "nginx-scale.conf"));
        Assert.Contains("server papergraph-a:8080;", nginx, StringComparison.Ordinal);
        Assert.Contains("server papergraph-b:8080;", nginx, StringComparison.Ordinal);
        Assert.Contains("ip_hash;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx, StringComparison.Ordinal);
        Assert.Contains("listen 8080;", nginx, StringComparison.Ordinal);
    }

    [Fact]
    public void Passwords_live_in_an_ignored_env_file_not_in_the_repository()
    {
        Assert.True(File.Exists(Path.Combine(Root, ".env.example")));
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Root, ".gitignore")));
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Root, ".dockerignore")));
        Assert.DoesNotContain("NEO4J_AUTH: neo4j/", File.ReadAllText(Path.Combine(Root, "docker-compose.yml")).Replace("neo4j/${", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_dockerfile_builds_with_the_readme_command()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        const string publish = "dotnet publish src/PaperGraph.Web -c Release -o out";

        Assert.Contains(publish, readme, StringComparison.Ordinal);
        Assert.Contains("RUN " + publish, dockerfile, StringComparison.Ordinal);
    }

    /// <summary>The normalised file, as <c>docker-compose config</c> prints it (the test fails if the tool is missing:
    /// test.sh installs it).</summary>
    private static async Task<string> ConfigAsync(params string[] extra)
    {
        var (tool, prefix) = File.Exists("/usr/bin/docker-compose") || OnPath("docker-compose") ? ("docker-compose", Array.Empty<string>())
            : OnPath("docker") && await RunsAsync("docker", "compose", "version") ? ("docker", ["compose"])
            : throw new InvalidOperationException("Neither docker-compose nor the docker compose plugin is installed; ./test.sh installs Debian's docker-compose.");
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in prefix.Concat(["--env-file", ".env.example", "-f", "docker-compose.yml"]).Concat(extra).Append("config"))
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} config failed: {await error}");
        return (await output).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    private static async Task<bool> RunsAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaperGraph.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("PaperGraph.sln not found above " + AppContext.BaseDirectory);
    }
}
