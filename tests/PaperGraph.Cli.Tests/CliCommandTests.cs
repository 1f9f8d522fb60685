namespace PaperGraph.Cli.Tests;

/// <summary>The real commands, in-process, against a fresh store folder per test.</summary>
public sealed class CliCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-cli-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => $"--Storage:Path={Path.Combine(_dir, "data")}";

    private Task<(int Exit, string Out, string Err)> Run(params string[] args) => CliUsageTests.Run([.. args, Store]);

    [Fact]
    public async Task Import_of_the_seed_reports_what_it_created_then_that_nothing_changed()
    {
        var (exit, output, error) = await Run("import", CliUsageTests.SeedDir());
        Assert.True(exit == 0, error);
        Assert.Contains("papers:        47 created, 0 updated, 0 unchanged", output, StringComparison.Ordinal);
        Assert.Contains("prerequisites: 73 created, 0 updated, 0 unchanged", output, StringComparison.Ordinal);

        (exit, output, _) = await Run("import", CliUsageTests.SeedDir());
        Assert.Equal(0, exit);
        Assert.Contains("papers:        0 created, 0 updated, 47 unchanged", output, StringComparison.Ordinal);
        Assert.Contains("nothing changed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_json_is_exactly_the_query_api_response_body()
    {
        await Run("import", CliUsageTests.SeedDir());

        var (exit, output, _) = await Run("query", "MATCH (p:Paper {key: $key}) RETURN p.key AS key, p.year AS year, p.aliases AS aliases",
            "--param", "key=bert", "--format", "json");

        Assert.Equal(0, exit);
        Assert.Equal("""{"data":{"fields":["key","year","aliases"],"values":[["bert",2018,["BERT"]]]}}""" + "\n", output);
    }

    [Fact]
    public async Task Query_prints_a_table_and_csv()
    {
        await Run("import", CliUsageTests.SeedDir());

        var (_, table, _) = await Run("query", "MATCH (s:Section) WHERE s.key STARTS WITH '2.' RETURN s.key AS key, s.title AS title ORDER BY key");
        Assert.Contains("| 2.3 | Word Vectors and Tokenizers", table, StringComparison.Ordinal);
        Assert.EndsWith("3 rows\n", table, StringComparison.Ordinal);

        var (_, csv, _) = await Run("query", "MATCH (p:Paper {key: 'gpt-3'}) RETURN p.key AS key, p.title AS title, p.year AS year", "--format", "csv");
        Assert.Equal("key,title,year\r\ngpt-3,Language Models are Few-Shot Learners,2020\r\n", csv);
    }

    [Fact]
    public async Task Dates_and_durations_print_as_their_iso_text_in_tables_and_csv()
    {
        const string query = "RETURN date('2017-06-12') AS day, duration({days: 3, hours: 4}) AS gap";

        var (exit, table, error) = await Run("query", query);
        Assert.True(exit == 0, error);
        Assert.Contains("| 2017-06-12 | P3DT4H |", table, StringComparison.Ordinal);

        var (_, csv, _) = await Run("query", query, "--format", "csv");
        Assert.Equal("day,gap\r\n2017-06-12,P3DT4H\r\n", csv);
    }

    [Fact]
    public async Task A_query_error_exits_1_with_the_neo4j_code()
    {
        var (exit, _, error) = await Run("query", "MATCH (n RETURN n");
        Assert.Equal(1, exit);
        Assert.StartsWith("Neo.ClientError.Statement.SyntaxError", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_1_and_leaves_the_store_unchanged()
    {
        await Run("import", CliUsageTests.SeedDir());
        var list = Path.Combine(_dir, "more.md");
        await File.WriteAllTextAsync(list, "## More\n- [Mamba: Selective State Spaces](https://arxiv.org/abs/2312.00752)\n");
        var edges = Path.Combine(_dir, "more.yaml");
        await File.WriteAllTextAsync(edges, "- from: mamba\n  to: mamba\n  reason: \"loop\"\n");

        var (exit, _, error) = await Run("import", list, "--edges", edges);

        Assert.Equal(1, exit);
        Assert.Contains("more.yaml:1: 'mamba' cannot be a prerequisite of itself", error, StringComparison.Ordinal);
        var (_, count, _) = await Run("query", "MATCH (p:Paper) RETURN count(p) AS n", "--format", "csv");
        Assert.Equal("n\r\n47\r\n", count);
    }

    [Fact]
    public async Task Markdown_export_round_trips_through_an_empty_store()
    {
        await Run("import", CliUsageTests.SeedDir());
        var first = Path.Combine(_dir, "first");
        var (exit, _, error) = await Run("export", "--format", "markdown", "--out", first);
        Assert.True(exit == 0, error);

        var otherStore = $"--Storage:Path={Path.Combine(_dir, "other")}";
        var second = Path.Combine(_dir, "second");
        Assert.Equal(0, (await CliUsageTests.Run("import", first, otherStore)).Exit);
        Assert.Equal(0, (await CliUsageTests.Run("export", "--format", "markdown", "--out", second, otherStore)).Exit);

        var names = Directory.GetFiles(first).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["llm-for-beginners.md", "papers.yaml", "prerequisites.yaml"], names);
        foreach (var name in names)
            Assert.Equal(await File.ReadAllTextAsync(Path.Combine(first, name!)), await File.ReadAllTextAsync(Path.Combine(second, name!)));
    }

    [Fact]
    public async Task Mermaid_export_puts_each_reason_on_its_edge()
    {
        await Run("import", CliUsageTests.SeedDir());
        var (exit, output, _) = await Run("export", "--format", "mermaid");
        Assert.Equal(0, exit);
        var edgeLines = output.Split('\n').Where(l => l.Contains(" --> ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(edgeLines);
        Assert.All(edgeLines, l => Assert.Matches(@"^  p\d+_\w+ --> \|""[^""|]+""\| p\d+_\w+$", l));
    }

    [Theory]
    [InlineData("json", "\"prerequisites\": [")]
    [InlineData("graphml", "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">")]
    [InlineData("cypher", "MERGE (p:Paper {key: 'bert'}) SET p += {aliases: ['BERT']")]
    [InlineData("mermaid", "flowchart LR")]
    public async Task Export_writes_each_format(string format, string expected)
    {
        await Run("import", CliUsageTests.SeedDir());
        var (exit, output, _) = await Run("export", "--format", format);
        Assert.Equal(0, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cli_write_that_would_close_a_cycle_is_refused_and_its_writes_are_recorded_as_the_clis()
    {
        await Run("import", CliUsageTests.SeedDir());
        var (exit, _, error) = await Run("query", "MATCH (a:Paper {key: 'lora'}), (b:Paper {key: 'word2vec'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'loop'}]->(b)");
        Assert.Equal(1, exit);
        Assert.Contains("Neo.ClientError.Schema.ConstraintValidationFailed", error, StringComparison.Ordinal);
        Assert.Contains("lora -> word2vec", error, StringComparison.Ordinal);

        Assert.Equal(0, (await Run("query", "MATCH (:Paper {key: 'word2vec'})-[r:PREREQUISITE_OF]->(:Paper {key: 'glove'}) DELETE r")).Exit);
        var (_, csv, _) = await Run("query", "MATCH (c:Change) RETURN c.curator AS curator, c.action AS action ORDER BY c.seq DESC LIMIT 1", "--format", "csv");
        Assert.Equal($"curator,action\r\ncli:{Environment.UserName},remove-edge\r\n", csv);
    }

    [Fact]
    public async Task An_import_by_the_cli_is_recorded_in_history_as_the_clis()
    {
        Assert.Equal(0, (await Run("import", CliUsageTests.SeedDir())).Exit);
        var (exit, csv, error) = await Run("query", "MATCH (c:Change {action: 'import'}) RETURN c.curator AS curator", "--format", "csv");
        Assert.True(exit == 0, error);
        Assert.Equal($"curator\r\ncli:{Environment.UserName}\r\n", csv);
    }

    [Fact]
    public async Task Export_as_seed_writes_the_curated_graph_back_as_graph_seed_files_that_reimport_to_the_same_graph()
    {
        await Run("import", CliUsageTests.SeedDir());
        await Run("query", "MATCH (:Paper {key: 'word2vec'})-[r:PREREQUISITE_OF]->(:Paper {key: 'glove'}) DELETE r");
        var seed = Path.Combine(_dir, "graph-seed");
        var (exit, output, error) = await Run("export", "--format", "seed", "--out", seed);
        Assert.True(exit == 0, error);
        Assert.Contains("prerequisites.yaml", output, StringComparison.Ordinal);
        var edges = await File.ReadAllTextAsync(Path.Combine(seed, "prerequisites.yaml"));
        Assert.Contains("to: glove", edges, StringComparison.Ordinal);
        Assert.DoesNotContain("from: word2vec\n  to: glove", edges, StringComparison.Ordinal);

        var other = $"--Storage:Path={Path.Combine(_dir, "other")}";
        Assert.Equal(0, (await CliUsageTests.Run("import", seed, other)).Exit);
        var (_, count, _) = await CliUsageTests.Run("query", "MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r) AS n", "--format", "csv", other);
        Assert.Equal("n\r\n72\r\n", count);
    }
}
