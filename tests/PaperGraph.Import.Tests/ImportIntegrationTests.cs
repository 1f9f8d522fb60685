using PaperGraph.Embedded;
using PaperGraph.Graph;
using PaperGraph.Import;

namespace PaperGraph.Import.Tests;

/// <summary>Imports through the graph seam into the embedded database (in memory).</summary>
public sealed class ImportIntegrationTests : IAsyncLifetime
{
    private EmbeddedGraphDatabase _db = null!;

    public Task InitializeAsync()
    {
        _db = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = null });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static ImportSources Seed => ImportSources.FromFolder(SeedListTests.SeedDir);

    private async Task<object?> Scalar(string cypher)
    {
        var result = await _db.ExecuteAsync(new CypherQuery(cypher));
        return result.Values.Single().Single();
    }

    [Fact]
    public async Task Seed_import_puts_all_36_links_into_their_sections()
    {
        var summary = await Seed.ImportAsync(_db);

        Assert.Equal(36L, await Scalar("MATCH (p:Paper)-[:IN_SECTION]->(:Section) RETURN count(DISTINCT p)"));
        Assert.Equal(10L, await Scalar("MATCH (s:Section) RETURN count(s)"));
        Assert.Equal(3L, await Scalar("MATCH (p:Paper)-[:IN_SECTION]->(:Section {key: '1.1'}) RETURN count(p)"));
        Assert.Equal("Kernel Paper Collection", await Scalar("MATCH (s:Section {key: '1.7'}) RETURN s.part"));
        Assert.Equal(2017L, await Scalar("MATCH (p:Paper {key: 'transformer'}) RETURN p.year"));
        Assert.Equal("1810.04805", await Scalar("MATCH (p:Paper {key: 'bert'}) RETURN p.arxivId"));
        Assert.Equal(73L, await Scalar("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)"));
        Assert.Equal(0L, await Scalar("MATCH ()-[r:PREREQUISITE_OF]->() WHERE r.reason IS NULL OR r.reason = '' RETURN count(r)"));
        Assert.Equal(new ChangeCounts(36 + 11, 0, 0), summary.Papers);
        Assert.Equal(new ChangeCounts(73, 0, 0), summary.Prerequisites);
    }

    [Fact]
    public async Task The_seed_chain_runs_from_word2vec_through_bert_and_gpt2_to_lora()
    {
        await Seed.ImportAsync(_db);
        var result = await _db.ExecuteAsync(new CypherQuery("""
            MATCH (:Paper {key: 'word2vec'})-[:PREREQUISITE_OF*]->(b:Paper {key: 'bert'})-[:PREREQUISITE_OF*]->(g:Paper {key: 'gpt-2'})-[:PREREQUISITE_OF*]->(:Paper {key: 'lora'})
            RETURN count(*) > 0 AS chain
            """));
        Assert.Equal(true, result.Values.Single().Single());
    }

    [Fact]
    public async Task Reimporting_changes_nothing_and_says_so()
    {
        await Seed.ImportAsync(_db);
        var sequence = _db.LastSequence;

        var again = await Seed.ImportAsync(_db);

        Assert.True(again.NothingChanged);
        Assert.Equal(new ChangeCounts(0, 0, 47), again.Papers);
        Assert.Equal(new ChangeCounts(0, 0, 73), again.Prerequisites);
        Assert.Equal(sequence, _db.LastSequence);
    }

    [Fact]
    public async Task Reimport_never_touches_an_edge_a_curator_added_or_changed()
    {
        await Seed.ImportAsync(_db);
        await _db.ExecuteAsync(new CypherQuery(
            "MATCH (a:Paper {key: 'glove'}), (b:Paper {key: 'lora'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'my own', curator: 'alice'}]->(b)"));
        await _db.ExecuteAsync(new CypherQuery(
            "MATCH (:Paper {key: 'word2vec'})-[r:PREREQUISITE_OF]->(:Paper {key: 'glove'}) SET r.reason = 'rewritten', r.curator = 'bob'"));

        var again = await Seed.ImportAsync(_db);

        Assert.Equal(1, again.CuratorEdgesKept);
        Assert.Equal("my own", await Scalar("MATCH (:Paper {key: 'glove'})-[r:PREREQUISITE_OF]->(:Paper {key: 'lora'}) RETURN r.reason"));
        Assert.Equal("rewritten", await Scalar("MATCH (:Paper {key: 'word2vec'})-[r:PREREQUISITE_OF]->(:Paper {key: 'glove'}) RETURN r.reason"));
        Assert.Equal(74L, await Scalar("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)"));
    }

    [Fact]
    public async Task A_curators_edit_of_a_paper_survives_a_reimport_and_is_reported()
    {
        await Seed.ImportAsync(_db);
        await _db.ExecuteAsync(new CypherQuery("MATCH (p:Paper {key: 'bert'}) SET p.title = 'BERT (edited)'") { Actor = "cara" });

        var again = await Seed.ImportAsync(_db);

        Assert.Equal(new ChangeCounts(0, 0, 47), again.Papers);
        Assert.Equal("BERT (edited)", await Scalar("MATCH (p:Paper {key: 'bert'}) RETURN p.title"));
        Assert.Contains(again.Skipped, s => s.StartsWith("paper bert: edited by cara", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reimporting_never_brings_back_an_edge_or_a_paper_a_curator_removed()
    {
        await Seed.ImportAsync(_db);
        await _db.ExecuteAsync(new CypherQuery("MATCH (:Paper {key: 'word2vec'})-[r:PREREQUISITE_OF]->(:Paper {key: 'glove'}) DELETE r") { Actor = "cara" });
        await _db.ExecuteAsync(new CypherQuery("MATCH (p:Paper {key: 'vicuna'}) DETACH DELETE p") { Actor = "dan" });
        var papers = await Scalar("MATCH (p:Paper) RETURN count(p)");
        var edges = await Scalar("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)");

        var again = await Seed.ImportAsync(_db);

        Assert.Equal(0L, await Scalar("MATCH (:Paper {key: 'word2vec'})-[r:PREREQUISITE_OF]->(:Paper {key: 'glove'}) RETURN count(r)"));
        Assert.Equal(0L, await Scalar("MATCH (p:Paper {key: 'vicuna'}) RETURN count(p)"));
        Assert.Equal(papers, await Scalar("MATCH (p:Paper) RETURN count(p)"));
        Assert.Equal(edges, await Scalar("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)"));
        Assert.Contains(again.Skipped, s => s.StartsWith("edge word2vec -> glove: removed by cara", StringComparison.Ordinal));
        Assert.Contains(again.Skipped, s => s.StartsWith("paper vicuna: removed by dan", StringComparison.Ordinal));
        Assert.True(again.NothingChanged);
    }

    [Fact]
    public async Task Edges_closing_a_cycle_with_a_curators_edge_are_refused_and_nothing_is_written()
    {
        var dir = Directory.CreateTempSubdirectory("pg-cycle-").FullName;
        try
        {
            var list = Path.Combine(dir, "list.md");
            await File.WriteAllTextAsync(list, "## S\n- [BERT: a](https://arxiv.org/abs/1810.04805)\n- [GPT-2: b](https://example.org/g)\n- [LoRA: c](https://arxiv.org/abs/2106.09685)\n");
            await new ImportSources([list], null, null).ImportAsync(_db);
            await _db.ExecuteAsync(new CypherQuery(
                "MATCH (a:Paper {key: 'lora'}), (b:Paper {key: 'bert'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'odd', curator: 'alice'}]->(b)"));
            var edges = Path.Combine(dir, "prerequisites.yaml");
            await File.WriteAllTextAsync(edges, "- from: bert\n  to: gpt-2\n  reason: \"a\"\n- from: gpt-2\n  to: lora\n  reason: \"b\"\n");

            var e = await Assert.ThrowsAsync<ImportException>(() => new ImportSources([list], null, edges).ImportAsync(_db));

            Assert.Contains("cycle: bert → gpt-2 → lora → bert", e.Message, StringComparison.Ordinal);
            Assert.Equal(1L, await Scalar("MATCH ()-[r:PREREQUISITE_OF]->() RETURN count(r)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Edges_may_name_papers_an_earlier_import_wrote()
    {
        await Seed.ImportAsync(_db);
        var dir = Directory.CreateTempSubdirectory("pg-more-").FullName;
        try
        {
            var list = Path.Combine(dir, "more.md");
            await File.WriteAllTextAsync(list, "## Extra\n- [Mamba: Linear-Time Sequence Modeling with Selective State Spaces](https://arxiv.org/abs/2312.00752)\n");
            var edges = Path.Combine(dir, "more.yaml");
            await File.WriteAllTextAsync(edges, "- from: transformer\n  to: mamba\n  reason: \"Mamba is pitched as an alternative to attention.\"\n");

            var summary = await new ImportSources([list], null, edges).ImportAsync(_db);

            Assert.Equal(new ChangeCounts(1, 0, 0), summary.Prerequisites);
            Assert.Equal(2023L, await Scalar("MATCH (p:Paper {key: 'mamba'}) RETURN p.year"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Batches_smaller_than_the_list_write_the_same_graph()
    {
        var plan = Seed.Plan();
        await new GraphImporter(_db) { BatchSize = 7 }.ImportAsync(plan);
        Assert.Equal(47L, await Scalar("MATCH (p:Paper) RETURN count(p)"));
        Assert.Equal(36L, await Scalar("MATCH (:Paper)-[r:IN_SECTION]->(:Section) RETURN count(r)"));
    }

    [Fact]
    public async Task Markdown_export_imported_into_an_empty_store_exports_the_same_files()
    {
        await Seed.ImportAsync(_db);
        var first = GraphExport.ToMarkdown(await GraphSnapshot.ReadAsync(_db));
        var dir = Directory.CreateTempSubdirectory("pg-roundtrip-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, first.FileName), first.Markdown);
            await File.WriteAllTextAsync(Path.Combine(dir, "papers.yaml"), first.PapersYaml);
            await File.WriteAllTextAsync(Path.Combine(dir, "prerequisites.yaml"), first.PrerequisitesYaml);
            await using var other = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = null });
            await ImportSources.FromFolder(dir).ImportAsync(other);

            var second = GraphExport.ToMarkdown(await GraphSnapshot.ReadAsync(other));

            Assert.Equal(first.Markdown, second.Markdown);
            Assert.Equal(first.PapersYaml, second.PapersYaml);
            Assert.Equal(first.PrerequisitesYaml, second.PrerequisitesYaml);
            Assert.Equal("llm-for-beginners.md", first.FileName);
            var reread = GraphExport.ToCypher(await GraphSnapshot.ReadAsync(other)).Split('\n').Where(l => !l.Contains("createdAt", StringComparison.Ordinal));
            var original = GraphExport.ToCypher(await GraphSnapshot.ReadAsync(_db)).Split('\n').Where(l => !l.Contains("createdAt", StringComparison.Ordinal));
            Assert.Equal(original, reread);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_cypher_export_rebuilds_the_same_graph_when_run()
    {
        await Seed.ImportAsync(_db);
        var script = GraphExport.ToCypher(await GraphSnapshot.ReadAsync(_db));
        await using var other = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { Path = null });
        foreach (var statement in script.Split(";\n", StringSplitOptions.RemoveEmptyEntries))
            await other.ExecuteAsync(new CypherQuery(statement));

        Assert.Equal(GraphExport.ToJson(await GraphSnapshot.ReadAsync(_db)), GraphExport.ToJson(await GraphSnapshot.ReadAsync(other)));
    }
}
