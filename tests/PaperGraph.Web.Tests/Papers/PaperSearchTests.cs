using PaperGraph.Web.Features.Search;
using PaperGraph.Web.Tests.Plans;

namespace PaperGraph.Web.Tests.Papers;

public sealed class PaperSearchTests
{
    private static string First(string query) => PaperSearch.Find(SampleGraph.Create(), query)[0].Key;

    [Theory]
    [InlineData("LoRA", "lora")]
    [InlineData("lora", "lora")]
    [InlineData("gpt2", "gpt-2")]
    [InlineData("GPT 2", "gpt-2")]
    [InlineData("Word2Vec", "word2vec")]
    [InlineData("wrod2vec", "word2vec")]
    [InlineData("transformer", "transformer")]
    [InlineData("attention is all", "transformer")]
    [InlineData("low rank adaptation", "lora")]
    [InlineData("glöve", "glove")]
    [InlineData("bidirectional transformers", "bert")]
    public void Forgiving_match_puts_the_intended_paper_first(string query, string expected) =>
        Assert.Equal(expected, First(query));

    [Fact]
    public void Exact_key_beats_a_longer_key_that_starts_the_same()
    {
        var hits = PaperSearch.Find(SampleGraph.Create(), "lora");
        Assert.Equal(["lora", "qlora"], hits.Take(2).Select(h => h.Key));
    }

    [Fact]
    public void Nonsense_matches_nothing() =>
        Assert.Empty(PaperSearch.Find(SampleGraph.Create(), "zzzqqq"));

    [Fact]
    public void Blank_text_matches_nothing() =>
        Assert.Empty(PaperSearch.Find(SampleGraph.Create(), "  -- "));
}
