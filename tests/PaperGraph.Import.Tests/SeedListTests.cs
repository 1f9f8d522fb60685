using PaperGraph.Import;

namespace PaperGraph.Import.Tests;

public sealed class SeedListTests
{
    internal static string SeedDir => Path.Combine(RepoRoot(), "graph-seed");

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PaperGraph.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Fact]
    public void Seed_list_yields_36_links_in_ten_numbered_sections()
    {
        var list = ReadingListReader.ReadFile(Path.Combine(SeedDir, "llm-for-beginners.md"));

        Assert.Equal("LLM for beginners", list.Title);
        Assert.Equal(36, list.Links.Count);
        Assert.Equal(["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "2.1", "2.2", "2.3"], list.Sections.Select(s => s.Key));
        Assert.All(list.Sections.Take(7), s => Assert.Equal("Kernel Paper Collection", s.Part));
        Assert.All(list.Sections.Skip(7), s => Assert.Equal("Reference for Basic ML techniques", s.Part));
        Assert.Equal("Distributed Word Representation", list.Sections[0].Title);
        Assert.Equal([3, 5, 3, 6, 3, 4, 2, 3, 4, 3], list.Sections.Select(s => list.Links.Count(l => l.SectionKey == s.Key)));
    }
}

public sealed class SeedPlanTests
{
    private static ImportPlan Plan() => ImportPlan.FromFiles(
        [Path.Combine(SeedListTests.SeedDir, "llm-for-beginners.md")],
        Path.Combine(SeedListTests.SeedDir, "papers.yaml"),
        Path.Combine(SeedListTests.SeedDir, "prerequisites.yaml"));

    [Fact]
    public void Seed_gives_every_link_its_curated_key()
    {
        var plan = Plan();
        var listed = plan.Memberships.Select(m => m.PaperKey).Distinct().ToList();
        Assert.Equal(36, listed.Count);
        Assert.Equal(36, plan.Memberships.Count);
        foreach (var key in new[] { "word2vec", "glove", "bert", "elmo", "gpt-2", "gpt-3", "llama", "instructgpt", "lora", "qlora", "flashattention", "vllm" })
            Assert.Contains(key, listed);
        Assert.Equal(10, plan.Sections.Count);
    }

    [Fact]
    public void Seed_curated_additions_are_papers_outside_every_section()
    {
        var plan = Plan();
        var listed = plan.Memberships.Select(m => m.PaperKey).ToHashSet();
        var additions = plan.Papers.Where(p => !listed.Contains(p.Key)).Select(p => p.Key).ToList();
        Assert.Contains("transformer", additions);
        Assert.Equal("1706.03762", plan.Papers.Single(p => p.Key == "transformer").ArxivId);
    }

    [Fact]
    public void Every_part_one_item_takes_part_in_an_edge()
    {
        var plan = Plan();
        var partOne = plan.Sections.Where(s => s.Key.StartsWith("1.", StringComparison.Ordinal)).Select(s => s.Key).ToHashSet();
        var inEdges = plan.Prerequisites.SelectMany(e => new[] { e.From, e.To }).ToHashSet();
        var missing = plan.Memberships.Where(m => partOne.Contains(m.SectionKey) && !inEdges.Contains(m.PaperKey)).Select(m => m.PaperKey).ToList();
        Assert.Empty(missing);
        Assert.All(plan.Prerequisites, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.InRange(plan.Prerequisites.Count, 60, 80);
    }

    [Fact]
    public void Seed_chain_leads_from_word2vec_through_bert_and_gpt2_to_lora()
    {
        var plan = Plan();
        var next = plan.Prerequisites.ToLookup(e => e.From, e => e.To);
        bool Reaches(string from, string to)
        {
            var seen = new HashSet<string>();
            var queue = new Queue<string>([from]);
            while (queue.TryDequeue(out var k))
            {
                if (k == to) return true;
                foreach (var n in next[k]) if (seen.Add(n)) queue.Enqueue(n);
            }
            return false;
        }
        Assert.True(Reaches("word2vec", "bert"));
        Assert.True(Reaches("bert", "gpt-2"));
        Assert.True(Reaches("gpt-2", "lora"));
        Assert.Null(Cycles.Find(plan.Prerequisites.Select(e => (e.From, e.To, e.Line))));
    }
}
