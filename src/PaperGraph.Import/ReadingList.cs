namespace PaperGraph.Import;

/// <summary>What <see cref="ReadingListReader"/> found in one markdown file, in document order.</summary>
/// <param name="Source">The file's display name (used in messages).</param>
/// <param name="Title">The collection's name: the front matter's <c>title</c>, else the document's single top heading.</param>
public sealed record ReadingList(string Source, string? Title, IReadOnlyList<ListedSection> Sections, IReadOnlyList<ListedLink> Links);

/// <summary>A heading that directly holds at least one link.</summary>
/// <param name="Key">The list's own number ("1.1") when the heading has one, else a slug of its title (made
/// unique within the file with a <c>-2</c>, <c>-3</c>… suffix).</param>
/// <param name="Title">The heading text without its number.</param>
/// <param name="Part">The enclosing higher heading's text without its number, or null.</param>
/// <param name="Line">1-based line of the heading.</param>
public sealed record ListedSection(string Key, string Title, string? Part, int Line);

/// <summary>One link to a resource.</summary>
/// <param name="Title">The link text, or the text around it when the link text is generic ("pdf", "paper").</param>
/// <param name="Url">The address as written.</param>
/// <param name="SectionKey">The section the link appears in.</param>
/// <param name="Line">1-based line of the link.</param>
/// <param name="Year">A year written next to the link (a table's year column), if any.</param>
public sealed record ListedLink(string Title, string Url, string SectionKey, int Line, int? Year = null);
