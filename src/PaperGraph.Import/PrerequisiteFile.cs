namespace PaperGraph.Import;

/// <summary>One curated edge of <c>prerequisites.yaml</c>: <see cref="From"/> is a prerequisite of <see cref="To"/>.</summary>
public sealed record PrerequisiteEntry(string From, string To, string Reason, string Curator, int Line);

/// <summary>Reads <c>prerequisites.yaml</c>: a list of <c>- from: a / to: b / reason: "…"</c> entries.</summary>
/// <remarks>Only the file's own shape is checked here; <see cref="ImportPlan"/> checks keys, self-loops and cycles.</remarks>
public static class PrerequisiteFile
{
    /// <summary>The curator of edges that come from a seed file.</summary>
    public const string SeedCurator = "seed";

    private static readonly string[] Fields = ["from", "to", "reason", "curator"];

    /// <exception cref="ImportException">The file is missing, not UTF-8, malformed, or an entry is incomplete.</exception>
    public static IReadOnlyList<PrerequisiteEntry> ReadFile(string path) => Read(SourceText.Read(path), SourceText.DisplayName(path));

    /// <exception cref="ImportException">The YAML is malformed or an entry is incomplete.</exception>
    public static IReadOnlyList<PrerequisiteEntry> Read(string yaml, string name)
    {
        var (edges, errors) = ReadAll(yaml, name);
        if (errors.Count > 0) throw new ImportException(errors);
        return edges;
    }

    /// <summary>The complete entries and every problem of the file, so a check can go on with the entries that
    /// read and report the rest with them.</summary>
    /// <exception cref="ImportException">The file is missing or not UTF-8.</exception>
    public static (IReadOnlyList<PrerequisiteEntry> Edges, IReadOnlyList<ImportError> Errors) ReadFileAll(string path) =>
        ReadAll(SourceText.Read(path), SourceText.DisplayName(path));

    private static (IReadOnlyList<PrerequisiteEntry> Edges, IReadOnlyList<ImportError> Errors) ReadAll(string yaml, string name)
    {
        var file = new YamlListFile(name);
        var items = file.LoadItems(yaml, "prerequisites");
        var edges = new List<PrerequisiteEntry>();
        foreach (var item in items)
        {
            var line = YamlListFile.Line(item);
            file.CheckFields(item, Fields);
            var from = file.String(item, "from");
            var to = file.String(item, "to");
            var reason = file.String(item, "reason");
            if (from is null) file.Errors.Add(new ImportError(name, line, "an edge without 'from'"));
            if (to is null) file.Errors.Add(new ImportError(name, line, "an edge without 'to'"));
            if (reason is null)
                file.Errors.Add(new ImportError(name, line, $"the edge {from ?? "?"} → {to ?? "?"} has no reason; say in one line why a learner should read '{from ?? "?"}' first"));
            if (from is not null && to is not null && reason is not null)
                edges.Add(new PrerequisiteEntry(from, to, reason, file.String(item, "curator") ?? SeedCurator, line));
        }
        return (edges, file.Errors);
    }
}
