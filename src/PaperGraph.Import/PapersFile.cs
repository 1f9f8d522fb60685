namespace PaperGraph.Import;

/// <summary>One entry of <c>papers.yaml</c>: curated metadata for a listed work, or a curated addition.</summary>
/// <param name="Curated">True for a work the reading list does not link (an addition its chains need).</param>
public sealed record CuratedPaper(
    string Key, string Title, string? Url, string? ArxivId, string? Kind, int? Year,
    IReadOnlyList<string> Authors, string? Venue, IReadOnlyList<string> Aliases, bool Curated, int Line);

/// <summary>Reads <c>papers.yaml</c>: a list of <c>- key: …</c> entries (or a <c>papers:</c> mapping holding it).</summary>
public static class PapersFile
{
    private static readonly string[] Fields = ["key", "title", "url", "arxivId", "kind", "year", "authors", "venue", "aliases", "curated"];

    /// <exception cref="ImportException">The file is missing, not UTF-8, malformed, or an entry is invalid.</exception>
    public static IReadOnlyList<CuratedPaper> ReadFile(string path) => Read(SourceText.Read(path), SourceText.DisplayName(path));

    /// <exception cref="ImportException">The YAML is malformed or an entry is invalid.</exception>
    public static IReadOnlyList<CuratedPaper> Read(string yaml, string name)
    {
        var file = new YamlListFile(name);
        var items = file.LoadItems(yaml, "papers");
        var papers = new List<CuratedPaper>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var line = YamlListFile.Line(item);
            file.CheckFields(item, Fields);
            var key = file.String(item, "key");
            var title = file.String(item, "title");
            var url = file.String(item, "url");
            var arxivId = file.String(item, "arxivId");
            var kind = file.String(item, "kind");
            var year = file.Int(item, "year");
            if (key is null) file.Errors.Add(new ImportError(name, line, "an entry without a 'key'"));
            else if (!Slug.IsValidKey(key))
                file.Errors.Add(new ImportError(name, line, $"key '{key}' is not a lowercase slug (try '{Slug.From(key)}')"));
            else if (seen.TryGetValue(key, out var first))
                file.Errors.Add(new ImportError(name, line, $"key '{key}' is already used on line {first}"));
            else seen[key] = line;
            if (title is null) file.Errors.Add(new ImportError(name, line, $"'{key}' has no title"));
            if (url is not null && LinkFacts.AsWebAddress(url) is null)
                file.Errors.Add(new ImportError(name, line, $"'{key}': url '{url}' is not an http(s) address"));
            if (arxivId is not null && !LinkFacts.IsArxivId(arxivId))
                file.Errors.Add(new ImportError(name, line, $"'{key}': arxivId '{arxivId}' is not an arXiv identifier such as 1706.03762"));
            if (kind is not null && !LinkFacts.Kinds.Contains(kind))
                file.Errors.Add(new ImportError(name, line, $"'{key}': unknown kind '{kind}' (kinds: {string.Join(", ", LinkFacts.Kinds)})"));
            if (year is < 1800 or > 2200)
                file.Errors.Add(new ImportError(name, line, $"'{key}': year {year} is not plausible"));
            var curated = file.Bool(item, "curated");
            if (curated && url is null && arxivId is null)
                file.Errors.Add(new ImportError(name, line, $"'{key}' is a curated addition and needs a url or an arxivId"));
            papers.Add(new CuratedPaper(key ?? "", title ?? "", url, arxivId, kind, year, file.Strings(item, "authors"),
                file.String(item, "venue"), file.Strings(item, "aliases"), curated, line));
        }
        if (file.Errors.Count > 0) throw new ImportException(file.Errors);
        return papers;
    }
}
