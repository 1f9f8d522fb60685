using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace PaperGraph.Web.E2E;

/// <summary>
/// A curator's first import of a big list nobody here wrote, with no prerequisites yet: generated in the shape of
/// the popular "awesome" lists (14 sections with slug headings, ~370 links in bullet lists and in tables whose
/// Date column gives the year, arXiv and other links). Our own text, built here; nothing is copied.
/// </summary>
public sealed class ReadingListServer : BrowserServer, IAsyncLifetime
{
    public const int Sections = 14;
    public const int Links = 370;

    private readonly string _folder = WriteList();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Import:SeedPath"] = _folder };

    private static string WriteList()
    {
        var folder = Path.Combine(Path.GetTempPath(), "papergraph-list-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string[] topics = ["Trending Projects", "Milestone Papers", "Open Models", "Training Frameworks", "Inference Engines",
            "Evaluation Suites", "Prompting Techniques", "Retrieval Augmentation", "Agents and Tools", "Alignment Work",
            "Efficient Fine-Tuning", "Multimodal Models", "Courses and Tutorials", "Books and Surveys"];
        string[] first = ["Sparse", "Scalable", "Robust", "Efficient", "Grounded", "Recurrent", "Adaptive", "Compact", "Instructed", "Aligned",
            "Retrieval", "Streaming", "Quantized", "Federated", "Causal", "Contrastive", "Hierarchical", "Latent", "Modular", "Neural"];
        string[] second = ["Transformers", "Decoders", "Mixtures of Experts", "Language Agents", "Reward Models", "Tokenizers", "Adapters",
            "World Models", "Planners", "Retrievers", "Vision Encoders", "Memory Layers", "Critics", "Distillers", "Routers", "Samplers",
            "Embeddings", "Verifiers", "Rankers"];
        var md = new StringBuilder("# Awesome Generated Models\n\nA reading list generated for tests.\n\n");
        var n = 0;
        for (var s = 0; s < Sections; s++)
        {
            md.Append("## ").Append(topics[s]).Append("\n\n");
            var count = Links / Sections + (s < Links % Sections ? 1 : 0);
            var table = s % 3 == 1;
            if (table) md.Append("| Date | Name | Institute | Paper |\n|------|------|-----------|-------|\n");
            for (var i = 0; i < count; i++, n++)
            {
                var name = $"{first[n % first.Length]} {second[n / first.Length % second.Length]} {n / (first.Length * second.Length) + 1}";
                var year = 2017 + n * 8 / Links;
                var month = 1 + n % 12;
                if (table)
                    md.Append(CultureInfo.InvariantCulture, $"| {year}-{month:00} | {name.Split(' ')[0]}-{n} | Lab {n % 9} | [{name}: a study of {second[n % second.Length].ToLowerInvariant()}](https://example.org/papers/{n}) |\n");
                else if (n % 2 == 0)
                    md.Append(CultureInfo.InvariantCulture, $"- [{name}: learning with {second[(n + 3) % second.Length].ToLowerInvariant()}](https://arxiv.org/abs/{year % 100:00}{month:00}.{10000 + n:00000}) - a paper.\n");
                else
                    md.Append(CultureInfo.InvariantCulture, $"- [{name}](https://github.com/generated/project-{n}) - code and models ({year}).\n");
            }
            md.Append('\n');
        }
        File.WriteAllText(Path.Combine(folder, "awesome-generated.md"), md.ToString());
        return folder;
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed class ReadingListTests(ReadingListServer server, ITestOutputHelper output) : IClassFixture<ReadingListServer>
{
    [Fact]
    public async Task A_big_list_without_prerequisites_opens_as_legible_section_blocks_with_places_to_start()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("body[data-graph-ready='true']", new() { State = WaitForSelectorState.Attached });
        var total = await server.PaperCountAsync();
        Assert.InRange(total, ReadingListServer.Links - 10, ReadingListServer.Links);
        Assert.Equal(total, await page.EvaluateAsync<int>("() => window.paperGraph.nodeCount()"));

        // Legible at once: labels at least 11 px on screen.
        var zoom = await page.EvaluateAsync<double>("() => window.paperGraph.cy.zoom()");
        output.WriteLine($"{total} papers, opening zoom {zoom:0.000} (labels {13 * zoom:0.0} px)");
        Assert.True(13 * zoom >= 11 - 1e-9, $"labels are {13 * zoom:0.0} px at the opening zoom");

        // Sections side by side, wrapped into a grid: neither one column nor one row.
        var box = await page.EvaluateAsync<double[]>(
            "() => { const b = window.paperGraph.cy.nodes('[kind = \"paper\"]').boundingBox(); return [b.w, b.h]; }");
        output.WriteLine($"map {box[0]:0} x {box[1]:0}");
        Assert.InRange(box[0] / box[1], 0.6, 4.0);
        var groupColumns = await page.EvaluateAsync<int>(
            "() => new Set(window.paperGraph.cy.nodes('[kind = \"group\"]').map(g => Math.round(g.boundingBox().x1 / 50))).size");
        Assert.True(groupColumns >= 3, $"section blocks start at {groupColumns} different x positions");

        // Papers by year inside a section.
        var inOrder = await page.EvaluateAsync<bool>(@"() => window.paperGraph.cy.nodes('[kind = ""group""]').every(g => {
            const columns = new Map();
            g.children().forEach(n => { const x = Math.round(n.position('x')); if (!columns.has(x)) columns.set(x, []); columns.get(x).push(n); });
            return [...columns.values()].every(c => c.sort((a, b) => a.position('y') - b.position('y'))
              .every((n, i, all) => i === 0 || (all[i - 1].data('year') ?? 0) <= (n.data('year') ?? 9999)));
          })");
        Assert.True(inOrder);

        // Places to start, and a word to the curator.
        var start = await page.Locator(".welcome .ready-list li a").CountAsync();
        Assert.InRange(start, 1, 12);
        Assert.Contains("No prerequisites yet", await page.InnerTextAsync(".welcome"));
        Assert.Contains("prerequisites.yaml", await page.InnerTextAsync(".welcome"));

        // Slug keys are not section labels.
        var legend = await page.Locator("#legend li").AllInnerTextsAsync();
        Assert.Contains("Trending Projects", legend);
        Assert.DoesNotContain(legend, l => l.StartsWith("trending-projects", StringComparison.Ordinal));
        var groupLabels = await page.EvaluateAsync<string[]>("() => window.paperGraph.cy.nodes('[kind = \"group\"]').map(g => g.data('label'))");
        Assert.DoesNotContain(groupLabels, l => l.Contains("-projects", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_table_rows_date_gives_the_paper_its_year()
    {
        using var client = server.Client();
        var graph = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative))).RootElement;
        var fromTable = graph.GetProperty("papers").EnumerateArray()
            .Where(p => p.GetProperty("title").GetString()!.Contains(": a study of", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(fromTable);
        Assert.All(fromTable, p => Assert.InRange(p.GetProperty("year").GetInt64(), 2017, 2025));
    }
}
