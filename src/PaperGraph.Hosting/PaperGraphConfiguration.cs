using Microsoft.Extensions.Configuration;

namespace PaperGraph.Hosting;

/// <summary>Configuration the ASP.NET Core way for programs without a web host (the CLI).</summary>
public static class PaperGraphConfiguration
{
    /// <summary>
    /// appsettings.json (and appsettings.{DOTNET_ENVIRONMENT}.json) from <paramref name="basePath"/> when present,
    /// then environment variables (<c>Storage__Path</c>), then <c>--Storage:Path=…</c> style arguments.
    /// </summary>
    public static IConfigurationRoot Build(string[]? args = null, string? basePath = null)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(basePath ?? Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables();
        if (args is { Length: > 0 })
            builder.AddCommandLine(args);
        return builder.Build();
    }

    /// <summary>Finds <c>graph-seed</c> in <paramref name="start"/> or the nearest folder above it; null when none.</summary>
    public static string? FindSeedFolder(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "graph-seed");
            if (Directory.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
