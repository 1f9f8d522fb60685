namespace PaperGraph.Import;

/// <summary>The files one import reads: markdown reading lists, optionally papers.yaml and prerequisites.yaml.</summary>
public sealed record ImportSources(IReadOnlyList<string> MarkdownFiles, string? PapersFile, string? PrerequisitesFile)
{
    /// <summary>The file names looked for in a folder.</summary>
    public const string PapersFileName = "papers.yaml";
    public const string PrerequisitesFileName = "prerequisites.yaml";

    /// <summary>Every <c>*.md</c> of <paramref name="folder"/> (sorted by name, README.md excluded) with the
    /// folder's papers.yaml and prerequisites.yaml when present.</summary>
    /// <exception cref="ImportException">The folder does not exist or holds no markdown file.</exception>
    public static ImportSources FromFolder(string folder)
    {
        var name = SourceText.DisplayName(folder);
        if (!Directory.Exists(folder)) throw new ImportException(name, 0, "folder not found");
        var markdown = Directory.EnumerateFiles(folder, "*.md")
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (markdown.Count == 0) throw new ImportException(name, 0, "no markdown (*.md) reading list in this folder");
        var papers = Path.Combine(folder, PapersFileName);
        var edges = Path.Combine(folder, PrerequisitesFileName);
        return new ImportSources(markdown, File.Exists(papers) ? papers : null, File.Exists(edges) ? edges : null);
    }

    /// <summary>Builds and checks the plan (in memory; nothing is written).</summary>
    /// <exception cref="ImportException">Anything is wrong.</exception>
    public ImportPlan Plan(IReadOnlySet<string>? knownKeys = null) =>
        ImportPlan.FromFiles(MarkdownFiles, PapersFile, PrerequisitesFile, knownKeys);

    /// <summary>Checks everything in memory, then writes it through <paramref name="database"/> in one transaction.
    /// Edges may also name papers already in the store.</summary>
    /// <exception cref="ImportException">The input is invalid; the store is unchanged.</exception>
    public async Task<ImportSummary> ImportAsync(PaperGraph.Graph.IGraphDatabase database, IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default, string actor = GraphImporter.DefaultActor)
    {
        ImportPlan plan;
        try
        {
            plan = Plan();
        }
        catch (ImportException e) when (e.Errors.Any(x => x.Problem.StartsWith("unknown paper id", StringComparison.Ordinal)))
        {
            // Edges may name papers an earlier import wrote: check again, knowing the store's keys.
            var stored = await GraphSnapshot.ReadAsync(database, cancellationToken).ConfigureAwait(false);
            plan = Plan(stored.Papers.Keys.ToHashSet(StringComparer.Ordinal));
        }
        return await new GraphImporter(database) { Actor = actor }.ImportAsync(plan, progress, cancellationToken).ConfigureAwait(false);
    }
}
