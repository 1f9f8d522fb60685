using PaperGraph.Cli;

namespace PaperGraph.Cli.Tests;

/// <summary>The command line itself, and <c>check</c>, which never opens a store.</summary>
public sealed class CliUsageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    internal static string SeedDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PaperGraph.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "graph-seed");
    }

    [Fact]
    public async Task Check_validates_the_seed_and_reports_its_counts()
    {
        var (exit, output, _) = await Run("check", SeedDir());
        Assert.Equal(0, exit);
        Assert.Contains("36 links → 36 papers in 10 sections", output, StringComparison.Ordinal);
        Assert.Contains("73 prerequisite edges", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_finds_graph_seed_from_the_current_directory_upwards()
    {
        var (exit, output, _) = await Run("check");
        Assert.Equal(0, exit);
        Assert.Contains("llm-for-beginners.md", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_refuses_a_bad_edge_file_with_exit_code_1_and_the_line()
    {
        var list = Path.Combine(_dir, "list.md");
        await File.WriteAllTextAsync(list, "## S\n- [BERT: x](https://arxiv.org/abs/1810.04805)\n- [GPT-2: y](https://example.org/g)\n");
        var edges = Path.Combine(_dir, "edges.yaml");
        await File.WriteAllTextAsync(edges, "- from: bert\n  to: gpt-2\n  reason: \"ok\"\n- from: bert-base\n  to: gpt-2\n  reason: \"x\"\n");

        var (exit, _, error) = await Run("check", list, "--edges", edges);

        Assert.Equal(1, exit);
        Assert.Contains("edges.yaml:4: unknown paper id 'bert-base' (known ids include 'bert')", error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_reports_every_kind_of_problem_in_one_run()
    {
        var list = Path.Combine(_dir, "list.md");
        await File.WriteAllTextAsync(list, "## S\n- [BERT: x](https://arxiv.org/abs/1810.04805)\n- [GPT-2: y](https://example.org/g)\n- [LoRA: z](https://example.org/l)\n");
        var edges = Path.Combine(_dir, "edges.yaml");
        await File.WriteAllTextAsync(edges,
            "- from: bert\n  to: gpt-2\n  reason: \"a\"\n" +
            "- from: gpt-2\n  to: bert\n  reason: \"b\"\n" +
            "- from: bert-base\n  to: lora\n  reason: \"c\"\n" +
            "- from: gpt-2\n  to: lora\n");

        var (exit, _, error) = await Run("check", list, "--edges", edges);

        Assert.Equal(1, exit);
        Assert.Contains("edges.yaml:10: the edge gpt-2 → lora has no reason", error, StringComparison.Ordinal);
        Assert.Contains("edges.yaml:7: unknown paper id 'bert-base'", error, StringComparison.Ordinal);
        Assert.Contains("these edges form a cycle", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("query")]
    [InlineData("query", "RETURN 1", "--format", "xml")]
    [InlineData("query", "RETURN 1", "--param", "novalue")]
    [InlineData("export")]
    [InlineData("export", "--format", "markdown")]
    [InlineData("import", "--bogus", "x")]
    [InlineData("check", "--format", "json")]
    public async Task Usage_mistakes_exit_with_code_2_before_touching_a_store(params string[] args)
    {
        var storePath = Path.Combine(_dir, "store");
        var (exit, _, error) = await Run([.. args, $"--Storage:Path={storePath}"]);
        Assert.Equal(2, exit);
        Assert.StartsWith("papergraph: ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(storePath));
    }

    [Fact]
    public async Task No_arguments_prints_usage_and_exits_2()
    {
        var (exit, _, error) = await Run();
        Assert.Equal(2, exit);
        Assert.Contains("usage: papergraph", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("2.5", 2.5)]
    [InlineData("true", true)]
    [InlineData("\"quoted\"", "quoted")]
    [InlineData("bert", "bert")]
    public void Parameter_values_are_json_when_they_parse_else_text(string text, object expected) =>
        Assert.Equal(expected, CliApp.ParameterValue(text));
}
