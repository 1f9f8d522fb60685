using System.Net;
using System.Text.Json;
using PaperGraph.Web.Tests.Papers;

namespace PaperGraph.Web.Tests.Plans;

public sealed class PlansApiTests(ExplorerServer server) : IClassFixture<ExplorerServer>
{
    private async Task<(HttpStatusCode, JsonElement)> GetAsync(string url)
    {
        using var client = server.Client();
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static List<string> StepKeys(JsonElement plan) =>
        plan.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).ToList();

    [Fact]
    public async Task Plan_for_lora_reads_word2vec_before_bert_before_lora()
    {
        var (status, plan) = await GetAsync("/api/plans/lora");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["word2vec", "glove", "elmo", "transformer", "bert", "gpt-2", "lora"], StepKeys(plan));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], plan.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("number").GetInt32()));
        var elmo = plan.GetProperty("steps")[2];
        Assert.Equal("BERT replaces ELMo's LSTMs with a bidirectional Transformer.", elmo.GetProperty("reasons")[0].GetProperty("reason").GetString());
        Assert.Equal(["elmo", "bert", "gpt-2", "lora"], elmo.GetProperty("chain").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Plan_leaves_out_known_papers_and_what_only_they_needed()
    {
        var (_, plan) = await GetAsync("/api/plans/lora?known=elmo,transformer");
        Assert.Equal(["bert", "gpt-2", "lora"], StepKeys(plan));
        Assert.Equal(["word2vec", "glove"], plan.GetProperty("dropped").EnumerateArray().Select(d => d.GetProperty("key").GetString()));
        Assert.Equal(["bert"], plan.GetProperty("readyNext").EnumerateArray().Select(d => d.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task Plan_for_an_unknown_paper_is_a_404_problem()
    {
        var (status, problem) = await GetAsync("/api/plans/gpt-5");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("'gpt-5'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Shortest_chain_follows_edges_from_prerequisite_to_what_it_unlocks()
    {
        var (status, chain) = await GetAsync("/api/paths/shortest?from=word2vec&to=lora");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["word2vec", "elmo", "bert", "gpt-2", "lora"],
            chain.GetProperty("papers").EnumerateArray().Select(p => p.GetProperty("key").GetString()));
        Assert.Equal(4, chain.GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task Shortest_chain_against_the_edges_is_a_404_that_points_the_other_way()
    {
        var (status, problem) = await GetAsync("/api/paths/shortest?from=lora&to=word2vec");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("There is one the other way", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ready_to_read_lists_papers_whose_prerequisites_are_all_known()
    {
        var (_, ready) = await GetAsync("/api/plans/ready?known=word2vec,transformer");
        var keys = ready.EnumerateArray().Select(p => p.GetProperty("key").GetString()).ToList();
        Assert.Contains("glove", keys);
        Assert.DoesNotContain("elmo", keys);
        Assert.DoesNotContain("word2vec", keys);
    }
}
