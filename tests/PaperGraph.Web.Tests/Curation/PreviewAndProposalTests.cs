using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaperGraph.Web.Tests.Curation;

/// <summary>The preview before saving, and proposals from a contributor reviewed by a curator.</summary>
public sealed class PreviewAndProposalTests : CurationTestBase
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Preview_names_the_cycle_an_edge_would_close()
    {
        using var cara = As("cara");
        var preview = await JsonAsync(await cara.PostAsJsonAsync("/api/curation/preview", new { from = "lora", to = "bert" }));
        Assert.Equal(["lora", "bert", "gpt-2", "lora"], preview.GetProperty("cycle").EnumerateArray().Select(e => e.GetString()));
        Assert.StartsWith("Refused:", preview.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Preview_says_an_implied_edge_is_redundant_via_the_papers_between()
    {
        using var cara = As("cara");
        var preview = await JsonAsync(await cara.PostAsJsonAsync("/api/curation/preview", new { from = "elmo", to = "gpt-2" }));
        Assert.Equal(["bert"], preview.GetProperty("redundantVia").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Redundant via BERT", preview.GetProperty("summary").GetString());
        Assert.Equal(0, preview.GetProperty("plansChanged").GetInt32());
    }

    [Fact]
    public async Task Preview_counts_the_plans_that_change_and_the_edges_made_redundant()
    {
        using var cara = As("cara");
        // word2vec -> transformer: BERT, GPT-2, LoRA and QLoRA now also need word2vec... which they already do through ELMo;
        // glove -> transformer adds glove (and word2vec) to the transformer's own plan only.
        var preview = await JsonAsync(await cara.PostAsJsonAsync("/api/curation/preview", new { from = "glove", to = "transformer" }));
        var largest = preview.GetProperty("largestPlanChanges").EnumerateArray().ToList();
        Assert.Equal(1, preview.GetProperty("plansChanged").GetInt32());
        Assert.Equal("transformer", largest[0].GetProperty("key").GetString());
        Assert.Equal(2, largest[0].GetProperty("added").GetInt32());
        Assert.Contains("Transformer: +2 papers", preview.GetProperty("summary").GetString());

        var implied = await JsonAsync(await cara.PostAsJsonAsync("/api/curation/preview", new { from = "word2vec", to = "transformer" }));
        Assert.Empty(implied.GetProperty("makesRedundant").EnumerateArray());
        var shortcut = await JsonAsync(await cara.PostAsJsonAsync("/api/curation/preview", new { from = "transformer", to = "elmo" }));
        Assert.Contains(shortcut.GetProperty("makesRedundant").EnumerateArray(),
            e => e.GetProperty("from").GetString() == "transformer" && e.GetProperty("to").GetString() == "bert");
    }

    [Fact]
    public async Task A_contributors_proposal_accepted_by_a_curator_is_applied_and_recorded_with_both_names()
    {
        using var cody = As("cody");
        var proposed = await cody.PostAsJsonAsync("/api/curation/proposals", new { from = "word2vec", to = "transformer", reason = "embeddings before attention" });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var id = (await JsonAsync(proposed)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await cody.PostAsync($"/api/curation/proposals/{id}/accept", null)).StatusCode);

        using var cara = As("cara");
        var queue = await JsonAsync(await cara.GetAsync("/api/curation/proposals?status=open"));
        Assert.Contains(queue.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        var accepted = await cara.PostAsync($"/api/curation/proposals/{id}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var mine = await JsonAsync(await cody.GetAsync("/api/curation/proposals"));
        var outcome = Assert.Single(mine.EnumerateArray());
        Assert.Equal("accepted", outcome.GetProperty("status").GetString());
        Assert.Equal("cara", outcome.GetProperty("reviewer").GetString());
        var history = await JsonAsync(await cara.GetAsync("/api/history?limit=1"));
        Assert.Equal("cara", history[0].GetProperty("curator").GetString());
        Assert.Equal("cody", history[0].GetProperty("proposer").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await cara.PostAsync($"/api/curation/proposals/{id}/accept", null)).StatusCode);
    }

    [Fact]
    public async Task A_rejected_proposal_carries_the_note_to_the_proposer_and_a_cycle_is_refused_at_once()
    {
        using var cody = As("cody");
        Assert.Equal(HttpStatusCode.Conflict, (await cody.PostAsJsonAsync("/api/curation/proposals", new { from = "qlora", to = "word2vec", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Server.Anonymous().PostAsJsonAsync("/api/curation/proposals", new { from = "glove", to = "lora", reason = "x" })).StatusCode);
        var proposed = await JsonAsync(await cody.PostAsJsonAsync("/api/curation/proposals", new { paper = new { key = "fasttext", title = "fastText" }, reason = "subword vectors" }));
        var id = proposed.GetProperty("id").GetString();
        using var cara = As("cara");
        Assert.Equal(HttpStatusCode.BadRequest, (await cara.PostAsJsonAsync($"/api/curation/proposals/{id}/reject", new { note = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cara.PostAsJsonAsync($"/api/curation/proposals/{id}/reject", new { note = "not in this list's scope" })).StatusCode);
        var mine = Assert.Single((await JsonAsync(await cody.GetAsync("/api/curation/proposals"))).EnumerateArray());
        Assert.Equal("rejected", mine.GetProperty("status").GetString());
        Assert.Equal("not in this list's scope", mine.GetProperty("note").GetString());
    }
}
