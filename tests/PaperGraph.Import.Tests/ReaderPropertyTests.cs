using CsCheck;
using PaperGraph.Import;

namespace PaperGraph.Import.Tests;

public sealed class ReaderPropertyTests
{
    private static readonly Gen<string> MarkdownishText =
        Gen.Char["#-*+=[]()<>!`|:\\\n\r\t 1.ahttps/\uFEFF\u00e9\u4e2d"].Array[0, 300].Select(chars => new string(chars));

    [Fact]
    public void Arbitrary_text_gives_a_list_or_a_clean_import_error()
    {
        Gen.OneOf(Gen.String, MarkdownishText).Sample(text =>
        {
            try
            {
                var list = ReadingListReader.Read(text, "fuzz.md");
                Assert.NotEmpty(list.Links);
                Assert.All(list.Links, l => Assert.Contains(l.SectionKey, list.Sections.Select(s => s.Key)));
            }
            catch (ImportException e)
            {
                Assert.StartsWith("fuzz.md", e.Message, StringComparison.Ordinal);
            }
        }, iter: 3000);
    }

    [Fact]
    public void Arbitrary_yaml_gives_entries_or_a_clean_import_error()
    {
        Gen.OneOf(Gen.String, Gen.Char["-: \n\"'[]{}#&*!|>%@`ab"].Array[0, 200].Select(c => new string(c))).Sample(text =>
        {
            try { PrerequisiteFile.Read(text, "p.yaml"); }
            catch (ImportException e) { Assert.StartsWith("p.yaml", e.Message, StringComparison.Ordinal); }
            try { PapersFile.Read(text, "q.yaml"); }
            catch (ImportException e) { Assert.StartsWith("q.yaml", e.Message, StringComparison.Ordinal); }
        }, iter: 2000);
    }

    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyzé中"].Array[2, 8].Select(c => new string(c));
    private static readonly Gen<string> Title = Word.Array[1, 6].Select(w => string.Join(' ', w));
    private static readonly Gen<(string Title, string Url)> Link = Gen.Select(Title, Word, Gen.Int[0, 100000])
        .Select((t, w, n) => (t, $"https://{w}.example.org/{n}"));

    [Fact]
    public void Generated_lists_in_any_style_round_trip_their_links()
    {
        var gen = Gen.Select(Title.Array[1, 4], Link.Array[1, 6], Gen.Int[0, 3], Gen.Bool);
        gen.Sample((sections, links, style, crlf) =>
        {
            var sb = new System.Text.StringBuilder("---\ntitle: Generated\n---\n");
            var expected = new List<(string, string, string)>();
            for (var s = 0; s < sections.Length; s++)
            {
                var key = $"{s + 1}.{s + 1}";
                sb.Append(style == 1 ? $"{key} {sections[s]}\n------\n\n" : $"### {key} {sections[s]}\n\n");
                if (style == 2) sb.Append("| Title | Link |\n|---|---|\n");
                for (var i = 0; i < links.Length; i++)
                {
                    var (t, u) = links[i];
                    var url = $"{u}/{s}";
                    sb.Append(style switch
                    {
                        0 => $"- [{t}]({url})\n",
                        1 => $"1. [{t}][r{s}x{i}]\n",
                        2 => $"| {t} | [pdf]({url}) |\n",
                        _ => $"* text [{t}]({url}) more\n  * [{t}]({url}#frag)\n",
                    });
                    expected.Add((key, t, url));
                    if (style == 3) expected.Add((key, t, url + "#frag"));
                }
                if (style == 1)
                    for (var i = 0; i < links.Length; i++) sb.Append($"\n[r{s}x{i}]: {links[i].Url}/{s}\n");
                sb.Append('\n');
            }
            var text = crlf ? sb.ToString().Replace("\n", "\r\n", StringComparison.Ordinal) : sb.ToString();

            var list = ReadingListReader.Read(text, "gen.md");

            Assert.Equal("Generated", list.Title);
            Assert.Equal(expected, list.Links.Select(l => (l.SectionKey, l.Title, l.Url)));
        }, iter: 500);
    }
}
