using System.Text;
using PaperGraph.Import;

namespace PaperGraph.Import.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private const string List = """
        ## S
        - [BERT: Pre-training](https://arxiv.org/abs/1810.04805)
        - [GPT-2: Language Models](https://example.org/gpt2.pdf)
        - [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685)
        """;

    private ImportException Refused(string edgesYaml, string? papersYaml = null)
    {
        var md = Write("list.md", List);
        var edges = Write("prerequisites.yaml", edgesYaml);
        var papers = papersYaml is null ? null : Write("papers.yaml", papersYaml);
        return Assert.Throws<ImportException>(() => ImportPlan.FromFiles([md], papers, edges));
    }

    [Fact]
    public void A_curated_url_that_is_not_http_is_refused_with_file_and_line()
    {
        var e = Refused("[]", "- key: bert\n  title: BERT\n  url: https://arxiv.org/abs/1810.04805\n" +
                              "- key: evil\n  title: Evil\n  url: \"javascript:alert(1)\"\n  curated: true\n");
        Assert.Contains("papers.yaml:4: 'evil': url 'javascript:alert(1)' is not an http(s) address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_list_links_that_are_not_http_are_dropped_not_imported()
    {
        var md = Write("list.md", """
            ## S
            - [BERT: Pre-training](https://arxiv.org/abs/1810.04805)
            - [Click me](javascript:alert(1))
            - [Data](data:text/html,<script>alert(1)</script>)
            - [Local](file:///etc/passwd)
            """);

        var plan = ImportPlan.FromFiles([md], null, null);

        var paper = Assert.Single(plan.Papers);
        Assert.Equal("https://arxiv.org/abs/1810.04805", paper.Url);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<ImportException>(() => ImportPlan.FromFiles([Path.Combine(_dir, "nope.md")], null, null));
        Assert.EndsWith("nope.md: file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_with_its_line()
    {
        var path = Path.Combine(_dir, "latin1.md");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("## S\n- [Caf"), 0xE9, .. Encoding.ASCII.GetBytes("](https://example.org)\n")]);
        var e = Assert.Throws<ImportException>(() => ReadingListReader.ReadFile(path));
        var error = Assert.Single(e.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal("not UTF-8 text (byte 0xE9 at offset 11); save the file as UTF-8", error.Problem);
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_its_line()
    {
        var e = Refused("- from: bert\n  to: gpt-2\n  reason: \"ok\"\n- from: [oops\n  to: lora\n");
        Assert.Contains("prerequisites.yaml:", e.Message, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, e.Errors.Single().Line, tolerance: 2);
    }

    [Fact]
    public void An_unknown_paper_id_names_the_line_and_the_nearest_known_key()
    {
        var e = Refused("""
            - from: bert
              to: gpt-2
              reason: "BERT first"
            - from: bert-base
              to: lora
              reason: "x"
            """);
        Assert.EndsWith("prerequisites.yaml:4: unknown paper id 'bert-base' (known ids include 'bert')", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edge_without_a_reason_is_refused()
    {
        var e = Refused("- from: bert\n  to: gpt-2\n");
        Assert.Contains("prerequisites.yaml:1: the edge bert → gpt-2 has no reason", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_loop_is_refused()
    {
        var e = Refused("- from: lora\n  to: lora\n  reason: \"circular\"\n");
        Assert.Contains("prerequisites.yaml:1: 'lora' cannot be a prerequisite of itself", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_refused_printing_its_path()
    {
        var e = Refused("""
            - from: bert
              to: gpt-2
              reason: "a"
            - from: gpt-2
              to: lora
              reason: "b"
            - from: lora
              to: bert
              reason: "c"
            """);
        Assert.Contains("these edges form a cycle: bert → gpt-2 → lora → bert", e.Message, StringComparison.Ordinal);
        Assert.Equal(7, e.Errors.Single().Line);
    }

    [Fact]
    public void A_curated_entry_matching_no_link_must_be_marked_as_an_addition()
    {
        var e = Refused("[]", "- key: ghost\n  title: A ghost\n  url: https://example.org/ghost\n");
        Assert.Contains("papers.yaml:1: 'ghost' matches no link", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_every_file_is_reported_at_once()
    {
        var md = Write("empty.md", "# Nothing\n");
        var edges = Write("prerequisites.yaml", "- from: bert\n  to: gpt-2\n- from: lora\n  to: bert\n");
        var e = Assert.Throws<ImportException>(() => ImportPlan.FromFiles([md], null, edges));
        Assert.Equal(["empty.md", "prerequisites.yaml", "prerequisites.yaml"], e.Errors.Select(x => Path.GetFileName(x.File)));
        Assert.Equal([0, 1, 3], e.Errors.Select(x => x.Line));
    }
}
