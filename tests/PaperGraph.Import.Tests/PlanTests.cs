using PaperGraph.Import;

namespace PaperGraph.Import.Tests;

public sealed class PlanTests
{
    private static ReadingList List(string md) => ReadingListReader.Read(md, "list.md");

    [Fact]
    public void The_same_work_linked_several_ways_is_one_paper_in_every_section()
    {
        var list = List("""
            ## A
            - [Attention Is All You Need](https://arxiv.org/abs/1706.03762)
            - [Blog](https://www.example.com/post/?utm_source=x&utm_medium=y)
            ## B
            - [Transformer PDF v5](http://arxiv.org/pdf/1706.03762v5.pdf)
            - [Transformer again](https://arxiv.org/pdf/1706.03762)
            - [Same blog](http://example.com/post)
            """);

        var plan = ImportPlan.Build([list], [], []);

        Assert.Equal(2, plan.Papers.Count);
        var transformer = plan.Papers[0];
        Assert.Equal("1706.03762", transformer.ArxivId);
        Assert.Equal(2017, transformer.Year);
        Assert.Equal("paper", transformer.Kind);
        Assert.Equal(["a", "b"], plan.Memberships.Where(m => m.PaperKey == transformer.Key).Select(m => m.SectionKey));
        Assert.Equal(["a", "b"], plan.Memberships.Where(m => m.PaperKey == plan.Papers[1].Key).Select(m => m.SectionKey));
        Assert.Equal(5, plan.LinkCount);
    }

    [Theory]
    [InlineData("GPT-2: Language Models are Unsupervised Multitask Learners", "gpt-2")]
    [InlineData("ZeRO & DeepSpeed: New system optimizations", "zero-deepspeed")]
    [InlineData("What is Gradient Accumulation ?", "what-is-gradient-accumulation")]
    [InlineData("A very long title without a colon that goes on and on about transformers and their many uses in practice", "a-very-long-title-without-a-colon-that-goes-on-and-on-about")]
    public void Keys_come_from_the_short_name_else_a_slug_of_the_title(string title, string key)
    {
        var plan = ImportPlan.Build([List($"## S\n- [{title}](https://example.org/x)\n")], [], []);
        Assert.Equal(key, plan.Papers.Single().Key);
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=x", "video")]
    [InlineData("https://github.com/karpathy/nanoGPT", "code")]
    [InlineData("https://karpathy.medium.com/yes-you-should-understand-backprop", "article")]
    [InlineData("https://web.stanford.edu/class/cs224n/readings/cs224n-2019-notes03-neuralnets.pdf", "notes")]
    [InlineData("https://huggingface.co/docs/transformers/tokenizer_summary", "tutorial")]
    [InlineData("https://arxiv.org/abs/2106.09685", "paper")]
    [InlineData("https://example.org/some/file.pdf", "paper")]
    [InlineData("https://www.deeplearningbook.org/contents/guidelines.html", "book")]
    public void Kind_is_derived_from_the_link(string url, string kind) =>
        Assert.Equal(kind, LinkFacts.Kind(LinkFacts.AsWebAddress(url)!));

    [Fact]
    public void Derived_keys_never_collide_with_each_other_or_with_curated_keys()
    {
        var list = List("""
            ## S
            - [BERT: one](https://example.org/1)
            - [BERT: two](https://example.org/2)
            - [Other](https://example.org/3)
            """);
        var curated = PapersFile.Read("- key: bert-2\n  title: Other\n  url: https://example.org/3\n", "papers.yaml");

        var plan = ImportPlan.Build([list], curated, []);
        Assert.Equal(["bert", "bert-3", "bert-2"], plan.Papers.Select(p => p.Key));
    }

    [Fact]
    public void Curated_metadata_is_matched_by_url_and_additions_stand_alone()
    {
        var list = List("## S\n- [GPT-2: Language Models](https://d4mucfpksywv.cloudfront.net/x.pdf)\n");
        var curated = PapersFile.Read("""
            - key: gpt-2
              title: Language Models are Unsupervised Multitask Learners
              url: https://d4mucfpksywv.cloudfront.net/x.pdf
              year: 2019
              authors: [Alec Radford, Jeffrey Wu]
              aliases: [GPT-2]
            - key: transformer
              curated: true
              title: Attention Is All You Need
              arxivId: "1706.03762"
            """, "papers.yaml");

        var plan = ImportPlan.Build([list], curated, []);
        var gpt2 = plan.Papers.Single(p => p.Key == "gpt-2");
        Assert.Equal("Language Models are Unsupervised Multitask Learners", gpt2.Title);
        Assert.Equal(["Alec Radford", "Jeffrey Wu"], gpt2.Authors);
        var transformer = plan.Papers.Single(p => p.Key == "transformer");
        Assert.Equal("https://arxiv.org/abs/1706.03762", transformer.Url);
        Assert.Equal(2017, transformer.Year);
        Assert.DoesNotContain(plan.Memberships, m => m.PaperKey == "transformer");
    }
}

public sealed class LinkFactsTests
{
    [Theory]
    [InlineData("https://arxiv.org/abs/1706.03762", "1706.03762")]
    [InlineData("http://arxiv.org/pdf/1706.03762v7.pdf", "1706.03762")]
    [InlineData("https://www.arxiv.org/pdf/1706.03762v2", "1706.03762")]
    [InlineData("https://arxiv.org/html/2305.18290v3", "2305.18290")]
    [InlineData("https://ar5iv.labs.arxiv.org/html/1706.03762", "1706.03762")]
    [InlineData("https://huggingface.co/papers/2305.18290", "2305.18290")]
    [InlineData("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001")]
    [InlineData("https://arxiv.org/list/cs.CL/recent", null)]
    [InlineData("https://example.org/abs/1706.03762", null)]
    public void Arxiv_ids_are_found_in_every_form_of_arxiv_link(string url, string? id) =>
        Assert.Equal(id, LinkFacts.ArxivId(LinkFacts.AsWebAddress(url)!));

    [Theory]
    [InlineData("https://www.Example.com/a/b/?utm_source=x&id=3&fbclid=y#top", "example.com/a/b?id=3")]
    [InlineData("http://example.com/a/b", "example.com/a/b")]
    [InlineData("https://youtu.be/abc123", "youtube.com/watch?v=abc123")]
    [InlineData("https://example.com/docs/index.html", "example.com/docs")]
    public void Identity_ignores_scheme_www_tracking_fragment_and_trailing_slash(string url, string identity) =>
        Assert.Equal(identity, LinkFacts.Identity(url));

    [Theory]
    [InlineData("1706.03762", 2017)]
    [InlineData("0704.0001", 2007)]
    [InlineData("hep-th/9901001", 1999)]
    public void The_year_comes_from_the_arxiv_id(string id, int year) => Assert.Equal(year, LinkFacts.ArxivYear(id));

    [Theory]
    [InlineData("#section")]
    [InlineData("mailto:me@example.org")]
    [InlineData("notes/intro.md")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/x")]
    public void Non_web_links_are_not_resources(string url) => Assert.Null(LinkFacts.AsWebAddress(url));
}
