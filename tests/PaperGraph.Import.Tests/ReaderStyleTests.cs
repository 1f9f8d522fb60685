using System.Text;
using PaperGraph.Import;

namespace PaperGraph.Import.Tests;

/// <summary>Reading lists written in styles other than the seed's.</summary>
public sealed class ReaderStyleTests
{
    [Fact]
    public void Nested_bullet_lists_under_atx_headings_give_sections_with_their_parts()
    {
        const string md = """
            # Awesome Graph Learning

            Intro text with a [link to the homepage](https://example.org/home) before any part.

            ## Foundations

            ### Embeddings

            - Classics
              - [DeepWalk: Online Learning of Social Representations](https://arxiv.org/abs/1403.6652)
              - [node2vec: Scalable Feature Learning for Networks](https://arxiv.org/abs/1607.00653v1)
            * [LINE: Large-scale Information Network Embedding](https://arxiv.org/pdf/1503.03578.pdf)

            ### Message passing

            1. [Semi-Supervised Classification with Graph Convolutional Networks](https://arxiv.org/abs/1609.02907) — the GCN paper
            2. [Graph Attention Networks](https://arxiv.org/abs/1710.10903)

            ## Tooling

            ### Libraries

            + [PyTorch Geometric](https://github.com/pyg-team/pytorch_geometric)
            """;

        var list = ReadingListReader.Read(md, "graphs.md");

        Assert.Equal("Awesome Graph Learning", list.Title);
        Assert.Equal(["awesome-graph-learning", "embeddings", "message-passing", "libraries"], list.Sections.Select(s => s.Key));
        Assert.Equal([null, "Foundations", "Foundations", "Tooling"], list.Sections.Select(s => s.Part));
        Assert.Equal(7, list.Links.Count);
        Assert.Equal(["DeepWalk: Online Learning of Social Representations", "node2vec: Scalable Feature Learning for Networks", "LINE: Large-scale Information Network Embedding"],
            list.Links.Where(l => l.SectionKey == "embeddings").Select(l => l.Title));
        Assert.Equal("Semi-Supervised Classification with Graph Convolutional Networks", list.Links.Single(l => l.Url.Contains("1609.02907", StringComparison.Ordinal)).Title);
    }

    [Fact]
    public void A_tables_date_column_gives_each_link_its_year()
    {
        const string md = """
            ## Models

            | Date | Name | Paper |
            |------|------|-------|
            | 2023-03 | GPT-4 | [Technical Report](https://example.org/gpt4) |
            | 2022/11 | ChatGPT | [Blog](https://example.org/chatgpt) |
            | Jul 2023 | LLaMA 2 | [Paper](https://example.org/llama2) |
            """;

        var list = ReadingListReader.Read(md, "models.md");

        Assert.Equal([2023, 2022, 2023], list.Links.Select(l => l.Year));
    }

    [Fact]
    public void A_table_of_papers_takes_titles_and_years_from_its_cells()
    {
        const string md = """
            ## Papers

            | Title | Year | Link |
            |-------|------|------|
            | Attention Is All You Need | 2017 | [pdf](https://arxiv.org/pdf/1706.03762.pdf) |
            | Deep Residual Learning for Image Recognition | 2015 | [paper](https://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf) |
            | [Adam: A Method for Stochastic Optimization](https://arxiv.org/abs/1412.6980) | 2014 | |
            """;

        var list = ReadingListReader.Read(md, "table.md");

        Assert.Equal(["Attention Is All You Need", "Deep Residual Learning for Image Recognition", "Adam: A Method for Stochastic Optimization"],
            list.Links.Select(l => l.Title));
        Assert.Equal([2017, 2015, 2014], list.Links.Select(l => l.Year));
        Assert.All(list.Links, l => Assert.Equal("papers", l.SectionKey));
    }

    [Fact]
    public void Reference_style_links_resolve_to_their_definitions()
    {
        const string md = """
            Reading
            =======

            Start with [the GPT-2 report][gpt2], then [BERT] and [T5][].

            [gpt2]: https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf "GPT-2"
            [BERT]: https://arxiv.org/abs/1810.04805
            [t5]: <https://arxiv.org/abs/1910.10683>
            [unused]: https://example.org/never-linked
            """;

        var list = ReadingListReader.Read(md, "refs.md");

        Assert.Equal(["the GPT-2 report", "BERT", "T5"], list.Links.Select(l => l.Title));
        Assert.Equal("https://arxiv.org/abs/1910.10683", list.Links[2].Url);
        Assert.Equal("Reading", list.Title);
    }

    [Fact]
    public void Crlf_line_ends_a_bom_and_front_matter_are_understood()
    {
        var md = "\uFEFF---\r\ntitle: \"Lecture notes\"\r\ntags: [a, b]\r\n---\r\n\r\nWeek 1\r\n------\r\n\r\n- [Notes on backprop](https://example.edu/notes/backprop.pdf)\r\n\r\nWeek 2\r\n------\r\n\r\n- [Video: attention](https://www.youtube.com/watch?v=abc123)\r\n";
        var path = Path.Combine(Path.GetTempPath(), $"pg-crlf-{Guid.NewGuid():N}.md");
        File.WriteAllBytes(path, Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(md.TrimStart('\uFEFF'))).ToArray());
        try
        {
            var list = ReadingListReader.ReadFile(path);
            Assert.Equal("Lecture notes", list.Title);
            Assert.Equal(["week-1", "week-2"], list.Sections.Select(s => s.Key));
            Assert.Equal("Notes on backprop", list.Links[0].Title);
            Assert.Equal(9, list.Links[0].Line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Anchors_mail_images_badges_and_relative_links_are_not_resources()
    {
        const string md = """
            # List

            [![Build](https://img.shields.io/badge/build-passing-green.svg)](https://github.com/x/y/actions)
            ![diagram](https://example.org/diagram.png)
            See [the section below](#papers), write to [me](mailto:me@example.org), or read [local notes](notes/intro.md).
            [ftp mirror](ftp://example.org/file)

            ## Papers

            - [Real paper](https://arxiv.org/abs/2001.08361)
            """;

        var list = ReadingListReader.Read(md, "noise.md");

        var link = Assert.Single(list.Links);
        Assert.Equal("Real paper", link.Title);
    }

    [Fact]
    public void A_list_without_any_link_is_refused_naming_the_file()
    {
        var e = Assert.Throws<ImportException>(() => ReadingListReader.Read("# Nothing here\n\nJust [an anchor](#x).\n", "empty.md"));
        Assert.StartsWith("empty.md: no links found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unicode_titles_are_kept_and_slugged_per_script()
    {
        const string md = """
            ## 分词器综述

            - [Tokenizers 分词算法总结](https://zhuanlan.zhihu.com/p/360290118)
            - [Représentations distribuées des mots](https://example.fr/représentations)
            """;

        var list = ReadingListReader.Read(md, "unicode.md");
        Assert.Equal("分词器综述", list.Sections[0].Title);
        Assert.Equal("分词器综述", list.Sections[0].Key);
        Assert.Equal("Tokenizers 分词算法总结", list.Links[0].Title);

        var plan = ImportPlan.Build([list], [], []);
        Assert.Equal(["tokenizers-分词算法总结", "representations-distribuees-des-mots"], plan.Papers.Select(p => p.Key));
    }

    [Fact]
    public void Setext_and_deep_atx_headings_nest_by_level_and_by_number()
    {
        const string md = """
            Part A
            ======

            1 Basics
            --------

            [One](https://example.org/1)

            #### 1.1 Deeper

            [Two](https://example.org/2)

            Part B
            ======

            ## 2. Second part

            2.1 Sub
            -------
            [Three](https://example.org/3)
            """;

        var list = ReadingListReader.Read(md, "levels.md");

        Assert.Equal(["1", "1.1", "2.1"], list.Sections.Select(s => s.Key));
        Assert.Equal(["Part A", "Basics", "Second part"], list.Sections.Select(s => s.Part));
        Assert.Null(list.Title);
    }

    [Fact]
    public void A_heading_made_of_a_link_is_an_item_of_the_section_above()
    {
        const string md = """
            ## Must read

            ### [Attention Is All You Need](https://arxiv.org/abs/1706.03762)

            The paper that started it. Also see the [annotated version](https://nlp.seas.harvard.edu/annotated-transformer/).
            """;

        var list = ReadingListReader.Read(md, "heading-links.md");
        Assert.Equal(["must-read"], list.Sections.Select(s => s.Key));
        Assert.Equal(2, list.Links.Count);
        Assert.All(list.Links, l => Assert.Equal("must-read", l.SectionKey));
    }

    [Fact]
    public void Generic_link_texts_take_the_title_from_the_line_around_them()
    {
        const string md = """
            ## Papers

            - **Language Models are Few-Shot Learners** (Brown et al.) [[arXiv]](https://arxiv.org/abs/2005.14165) [[code]](https://github.com/openai/gpt-3)
            - Scaling Laws for Neural Language Models: https://arxiv.org/abs/2001.08361
            """;

        var list = ReadingListReader.Read(md, "generic.md");
        Assert.Equal(["Language Models are Few-Shot Learners (Brown et al.)", "Language Models are Few-Shot Learners (Brown et al.) (code)", "Scaling Laws for Neural Language Models"],
            list.Links.Select(l => l.Title));
    }
}

public sealed class MoreReaderStyleTests
{
    [Fact]
    public void A_table_row_of_links_is_titled_by_its_first_named_link()
    {
        const string md = """
            ## Code and papers

            | Paper | Code |
            | --- | --- |
            | [BERT](https://arxiv.org/abs/1810.04805) | [code](https://github.com/google-research/bert) |
            """;

        var list = ReadingListReader.Read(md, "t.md");
        Assert.Equal(["BERT", "BERT (code)"], list.Links.Select(l => l.Title));
    }

    [Fact]
    public void Emoji_and_trailing_anchor_links_in_headings_do_not_disturb_sections()
    {
        const string md = """
            # 🚀 Awesome LLM

            ## 📚 Surveys [🔝](#top)

            - [A Survey of Large Language Models](https://arxiv.org/abs/2303.18223)
            """;

        var list = ReadingListReader.Read(md, "e.md");
        Assert.Equal("surveys", Assert.Single(list.Sections).Key);
        Assert.Equal("🚀 Awesome LLM", list.Title);
    }

    [Fact]
    public void The_same_work_on_a_mirror_is_the_same_paper()
    {
        var list = ReadingListReader.Read("""
            ## A
            - [DPO](https://arxiv.org/abs/2305.18290)
            ## B
            - [DPO on Hugging Face](https://huggingface.co/papers/2305.18290)
            """, "m.md");

        var plan = ImportPlan.Build([list], [], []);
        Assert.Single(plan.Papers);
        Assert.Equal(2, plan.Memberships.Count);
    }
}
