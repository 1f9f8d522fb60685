using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PaperGraph.Import;

/// <summary>
/// Reads any markdown reading list with Markdig: YAML front matter, ATX and setext headings at any depth,
/// links in paragraphs, lists (nested too), tables, reference-style links and autolinks.
/// </summary>
/// <remarks>
/// Sections are the headings that directly hold links. A heading's part is its parent in the heading tree: a
/// deeper heading, or a heading at the same level whose own number extends the parent's ("1.1" under "1.").
/// A document whose only level-1 heading comes first treats it as the collection's title, not as a part.
/// Not resources: in-page anchors, mailto and other non-web links, relative paths, images and links whose only
/// content is an image (badges). The reader keeps every link; <see cref="ImportPlan"/> merges links to one work.
/// </remarks>
public static partial class ReadingListReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseYamlFrontMatter()
        .UsePipeTables()
        .UseGridTables()
        .UseAutoLinks()
        .Build();

    private static readonly HashSet<string> GenericLinkTexts = new(StringComparer.OrdinalIgnoreCase)
    {
        "pdf", "paper", "link", "arxiv", "here", "code", "github", "blog", "post", "video", "slides", "html", "abs",
        "website", "web", "url", "project", "demo", "notes", "page", "site", "source", "read", "read more", "download",
        "youtube", "openreview", "acl", "doi", "official", "repo", "article", "[pdf]", "[paper]", "[code]", "[arxiv]",
        "this", "click here", "more",
    };

    // Generic texts that stand for the work itself; others ("code", "video") name a companion resource.
    private static readonly HashSet<string> PrimaryLinkTexts = new(StringComparer.OrdinalIgnoreCase)
    {
        "pdf", "paper", "link", "arxiv", "here", "html", "abs", "url", "openreview", "acl", "doi", "read", "download",
        "page", "article", "this", "click here", "read more", "website", "web", "site", "official",
    };

    /// <summary>Reads a file (strict UTF-8; BOM and CRLF are fine).</summary>
    /// <exception cref="ImportException">The file is missing, not UTF-8, malformed, or lists no links.</exception>
    public static ReadingList ReadFile(string path) => Read(SourceText.Read(path), SourceText.DisplayName(path));

    /// <summary>Reads markdown text. <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="ImportException">The front matter is malformed or there are no links.</exception>
    public static ReadingList Read(string markdown, string source)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        if (markdown.Length > 0 && markdown[0] == '\uFEFF') markdown = markdown[1..];
        if (markdown.Contains('\r', StringComparison.Ordinal))
            markdown = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (markdown.Contains('\0', StringComparison.Ordinal))
            throw new ImportException(source, 0, "not a text file (it contains NUL characters)");

        MarkdownDocument document;
        try
        {
            document = Markdown.Parse(markdown, Pipeline);
        }
        catch (Exception e) when (e is not ImportException and not OutOfMemoryException)
        {
            // Markdig is robust, but a parser bug must still surface as a clean import error.
            throw new ImportException(source, 0, $"cannot parse the markdown: {e.Message}");
        }

        var state = new ReaderState();
        string? frontMatterTitle = null;
        var headings = document.Descendants<HeadingBlock>().ToList();
        var titleHeading = headings.Count > 0 && headings[0].Level == 1 && headings.Count(h => h.Level == 1) == 1 ? headings[0] : null;

        foreach (var block in document)
        {
            if (block is YamlFrontMatterBlock frontMatter)
                frontMatterTitle = ReadFrontMatterTitle(frontMatter, source);
        }
        state.TitleHeading = titleHeading;
        state.Walk(document);

        if (state.Links.Count == 0)
            throw new ImportException(source, 0, "no links found: a reading list needs at least one [title](https://…) link");

        var title = frontMatterTitle ?? (titleHeading is not null ? PlainText(titleHeading.Inline).Trim() : null);
        return new ReadingList(source, string.IsNullOrWhiteSpace(title) ? null : title, state.Sections, state.Links);
    }

    private static string? ReadFrontMatterTitle(YamlFrontMatterBlock block, string source)
    {
        // The block's lines hold the YAML between the fences; Markdig's line is the opening fence.
        var yaml = block.Lines.ToString();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ImportException(source, block.Line + 1 + (int)e.Start.Line, $"malformed YAML front matter: {YamlErrors.Describe(e)}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map) return null;
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: "title" } && v is YamlScalarNode { Value: { } t } && !string.IsNullOrWhiteSpace(t))
                return t.Trim();
        }
        return null;
    }

    // "1.", "1.1", "2.3.1", "1)" followed by the title. Parts of at most 3 digits, so "2017 papers" is no number.
    [GeneratedRegex(@"^(?<n>\d{1,3}(?:\.\d{1,3})*)(?:[.)])?\s+(?<t>\S.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedHeading();

    private sealed class HeadingFrame(HeadingBlock block, string title, string? number, bool isLinkHeading)
    {
        public HeadingBlock Block { get; } = block;
        public string Title { get; } = title;
        public string? Number { get; } = number;
        public bool IsLinkHeading { get; } = isLinkHeading;
        public string? SectionKey { get; set; }
    }

    private sealed class ReaderState
    {
        private readonly List<HeadingFrame> _stack = [];
        private readonly HashSet<string> _sectionKeys = new(StringComparer.Ordinal);
        private string? _implicitSectionKey;

        public HeadingBlock? TitleHeading { get; set; }
        public List<ListedSection> Sections { get; } = [];
        public List<ListedLink> Links { get; } = [];

        public void Walk(ContainerBlock container)
        {
            foreach (var block in container)
            {
                switch (block)
                {
                    case YamlFrontMatterBlock:
                        break;
                    case HeadingBlock heading:
                        EnterHeading(heading);
                        break;
                    case Table table:
                        ReadTable(table);
                        break;
                    case ContainerBlock inner:
                        Walk(inner);
                        break;
                    case LeafBlock { Inline: { } inline }:
                        ReadInlines(inline, contextFromTableRow: null);
                        break;
                }
            }
        }

        private void EnterHeading(HeadingBlock heading)
        {
            var text = Clean(HeadingText(heading.Inline));
            var match = NumberedHeading().Match(text);
            var number = match.Success ? match.Groups["n"].Value : null;
            var title = match.Success ? match.Groups["t"].Value.Trim() : text;
            var links = heading.Inline is null ? [] : ResourceLinks(heading.Inline).ToList();
            var frame = new HeadingFrame(heading, title, number, links.Count > 0);

            while (_stack.Count > 0 && !IsParent(_stack[^1], frame)) _stack.RemoveAt(_stack.Count - 1);
            _stack.Add(frame);

            if (links.Count > 0) ReadInlines(heading.Inline!, contextFromTableRow: null);
        }

        private static bool IsParent(HeadingFrame parent, HeadingFrame child)
        {
            if (parent.Block.Level < child.Block.Level) return true;
            if (parent.Block.Level > child.Block.Level) return false;
            // Same level: "1.1" belongs to "1." (the seed writes both as level-2 headings).
            return parent.Number is not null && child.Number is not null &&
                   child.Number.StartsWith(parent.Number + ".", StringComparison.Ordinal);
        }

        private string CurrentSectionKey(int line)
        {
            // A heading made of a link is an item, not a section: its links belong to the heading above it.
            var index = _stack.Count - 1;
            while (index >= 0 && _stack[index].IsLinkHeading) index--;
            if (index < 0) return ImplicitSection(line);
            var frame = _stack[index];
            if (frame.SectionKey is not null) return frame.SectionKey;

            string? part = null;
            for (var p = index - 1; p >= 0; p--)
            {
                if (_stack[p].IsLinkHeading || ReferenceEquals(_stack[p].Block, TitleHeading)) continue;
                part = _stack[p].Title;
                break;
            }
            var key = frame.Number ?? Slug.From(frame.Title);
            if (key.Length == 0) key = "section";
            key = Unique(key);
            frame.SectionKey = key;
            Sections.Add(new ListedSection(key, frame.Title.Length > 0 ? frame.Title : key, part, frame.Block.Line + 1));
            return key;
        }

        private string ImplicitSection(int line)
        {
            if (_implicitSectionKey is not null) return _implicitSectionKey;
            _implicitSectionKey = Unique("general");
            Sections.Add(new ListedSection(_implicitSectionKey, "General", null, line));
            return _implicitSectionKey;
        }

        private string Unique(string key)
        {
            var candidate = key;
            for (var n = 2; !_sectionKeys.Add(candidate); n++) candidate = $"{key}-{n}";
            return candidate;
        }

        private void ReadTable(Table table)
        {
            int? yearColumn = null;
            foreach (var row in table.OfType<TableRow>())
            {
                var cells = row.OfType<TableCell>().ToList();
                if (row.IsHeader)
                {
                    for (var i = 0; i < cells.Count; i++)
                        if (IsDateHeader(CellText(cells[i]))) yearColumn = i;
                    continue;
                }
                var cellTexts = cells.Select(c => Clean(NonLinkText(c))).ToList();
                // The row's title: its first text cell, else the text of its first link that is not generic ("code").
                var context = cellTexts.FirstOrDefault(t => t.Length > 0 && !IsYear(t))
                    ?? cells.SelectMany(c => c.Descendants<LeafBlock>()).Where(l => l.Inline is not null)
                        .SelectMany(l => ResourceLinks(l.Inline!)).Select(l => Clean(l.Text)).FirstOrDefault(t => !IsGeneric(t, ""));
                int? year = yearColumn is { } y && y < cellTexts.Count && YearOfDate(cellTexts[y]) is { } dated ? dated
                    : cellTexts.Where(IsYear).Select(t => (int?)int.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                foreach (var cell in cells)
                    foreach (var leaf in cell.Descendants<LeafBlock>())
                        if (leaf.Inline is not null) ReadInlines(leaf.Inline, context, year);
            }
        }

        /// <summary>A column that dates its rows: "Year", "Date", "Release date", "Published"…</summary>
        private static bool IsDateHeader(string text)
        {
            var t = text.Trim().ToLowerInvariant();
            return t is "year" or "date" or "published" or "released" or "release" or "time"
                || t.EndsWith(" date", StringComparison.Ordinal) || t.EndsWith(" year", StringComparison.Ordinal);
        }

        /// <summary>The year of a date cell: "2023", "2023-03-15", "2023/03", "2023.03", "Mar 2023", "15 March 2023".</summary>
        internal static int? YearOfDate(string text)
        {
            var m = System.Text.RegularExpressions.Regex.Match(text, @"(?<![\d.])(19|20)\d{2}(?!\d)", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return m.Success ? int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        private static bool IsYear(string text) =>
            text.Length == 4 && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2100;

        private static string CellText(TableCell cell) =>
            string.Concat(cell.Descendants<LeafBlock>().Select(l => l.Inline is null ? "" : PlainText(l.Inline)));

        private static string NonLinkText(ContainerBlock cell)
        {
            var sb = new StringBuilder();
            foreach (var leaf in cell.Descendants<LeafBlock>())
                if (leaf.Inline is not null) AppendText(sb, leaf.Inline, skipLinks: true);
            return sb.ToString();
        }

        private void ReadInlines(ContainerInline inline, string? contextFromTableRow, int? year = null)
        {
            foreach (var (url, linkText, line, lineInlines) in ResourceLinksWithContext(inline))
            {
                var title = Clean(linkText);
                if (IsGeneric(title, url))
                {
                    var context = contextFromTableRow ?? ContextText(lineInlines);
                    var primary = title.Length == 0 || IsUrlLike(title) || PrimaryLinkTexts.Contains(title.Trim('[', ']'));
                    title = context.Length > 0 ? (primary ? context : $"{context} ({title.Trim('[', ']')})") : (title.Length > 0 ? title : url);
                }
                Links.Add(new ListedLink(title, url, CurrentSectionKey(line), line, year));
            }
        }

        private static bool IsGeneric(string text, string url) =>
            text.Length <= 1 || GenericLinkTexts.Contains(text) || IsUrlLike(text) || text.Equals(url, StringComparison.OrdinalIgnoreCase);

        private static bool IsUrlLike(string text) =>
            text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
            text.StartsWith("www.", StringComparison.OrdinalIgnoreCase);

        private static string ContextText(IReadOnlyList<Inline> lineInlines)
        {
            var sb = new StringBuilder();
            foreach (var inline in lineInlines) AppendInline(sb, inline, skipLinks: true);
            return Clean(sb.ToString());
        }
    }

    /// <summary>The web links (not images, not badges) under an inline container.</summary>
    private static IEnumerable<(string Url, string Text, int Line)> ResourceLinks(ContainerInline root) =>
        ResourceLinksWithContext(root).Select(x => (x.Url, x.Text, x.Line));

    /// <summary>The web links with, for each, the inlines of its own line (the text around it).</summary>
    private static IEnumerable<(string Url, string Text, int Line, IReadOnlyList<Inline> LineInlines)> ResourceLinksWithContext(ContainerInline root)
    {
        // Split the top-level inlines into lines at hard and soft breaks: "[A](a)\n[B](b)" are two items.
        var lines = new List<List<Inline>> { new() };
        foreach (var inline in root)
        {
            if (inline is LineBreakInline) lines.Add([]);
            else lines[^1].Add(inline);
        }
        foreach (var line in lines)
        {
            foreach (var inline in line)
            {
                foreach (var found in LinksIn(inline))
                    yield return (found.Url, found.Text, found.Line, line);
            }
        }
    }

    private static IEnumerable<(string Url, string Text, int Line)> LinksIn(Inline inline)
    {
        switch (inline)
        {
            case LinkInline { IsImage: true }:
                yield break;
            case LinkInline link:
                if (IsBadge(link)) yield break;
                var url = link.GetDynamicUrl?.Invoke() ?? link.Url;
                if (LinkFacts.AsWebAddress(url) is null) yield break;
                yield return (url!.Trim(), PlainText(link), link.Line + 1);
                yield break;
            case AutolinkInline { IsEmail: false } auto:
                if (LinkFacts.AsWebAddress(auto.Url) is null) yield break;
                yield return (auto.Url.Trim(), auto.Url, auto.Line + 1);
                yield break;
            case ContainerInline container:
                foreach (var child in container)
                    foreach (var found in LinksIn(child))
                        yield return found;
                yield break;
        }
    }

    private static bool IsBadge(LinkInline link)
    {
        var hasImage = false;
        foreach (var child in link)
        {
            switch (child)
            {
                case LinkInline { IsImage: true }:
                    hasImage = true;
                    break;
                case LiteralInline literal when literal.Content.IsEmptyOrWhitespace():
                case LineBreakInline:
                    break;
                default:
                    return false;
            }
        }
        return hasImage;
    }

    /// <summary>A heading's text without its in-page links ("[↑](#top)") and images.</summary>
    private static string HeadingText(ContainerInline? inline)
    {
        if (inline is null) return "";
        var sb = new StringBuilder();
        foreach (var child in inline)
        {
            if (child is LinkInline { IsImage: false } link && LinkFacts.AsWebAddress(link.GetDynamicUrl?.Invoke() ?? link.Url) is null) continue;
            AppendInline(sb, child, skipLinks: false);
        }
        return sb.ToString();
    }

    /// <summary>The text of inlines as a reader sees it (emphasis, code and entities resolved).</summary>
    internal static string PlainText(ContainerInline? inline)
    {
        if (inline is null) return "";
        var sb = new StringBuilder();
        AppendText(sb, inline, skipLinks: false);
        return sb.ToString();
    }

    private static void AppendText(StringBuilder sb, ContainerInline container, bool skipLinks)
    {
        foreach (var child in container) AppendInline(sb, child, skipLinks);
    }

    private static void AppendInline(StringBuilder sb, Inline inline, bool skipLinks)
    {
        switch (inline)
        {
            case LiteralInline literal:
                sb.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                sb.Append(code.Content);
                break;
            case HtmlEntityInline entity:
                sb.Append(entity.Transcoded.AsSpan());
                break;
            case LineBreakInline:
                sb.Append(' ');
                break;
            case AutolinkInline auto:
                if (!skipLinks) sb.Append(auto.Url);
                break;
            case LinkInline { IsImage: true }:
                break;
            case LinkInline link:
                if (!skipLinks) AppendText(sb, link, skipLinks);
                break;
            case ContainerInline container:
                AppendText(sb, container, skipLinks);
                break;
        }
    }

    /// <summary>Collapses white space and trims separators a list puts around a title.</summary>
    internal static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
            }
            else if (!char.IsControl(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Trim(' ', '-', '–', '—', ':', '|', ',', ';', '*', '•', '·').Trim();
    }
}
