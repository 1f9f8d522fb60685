using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperGraph.Graph;

namespace PaperGraph.Web.Tests.Curation;

/// <summary>The curation API's codes, as issue 9 lists them, for edges and papers.</summary>
public sealed class CurationApiTests : CurationTestBase
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_curator_adds_an_edge_with_201_and_it_is_recorded_as_theirs()
    {
        using var cara = As("cara");
        var response = await cara.PostAsJsonAsync("/api/curation/edges", new { from = "word2vec", to = "bert", reason = "static vectors before contextual ones" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        var body = await JsonAsync(response);
        Assert.Equal("cara", body.GetProperty("curator").GetString());
        var history = await Server.Database.ExecuteAsync(new CypherQuery("MATCH (c:Change {action: 'add-edge', from: 'word2vec', to: 'bert'}) RETURN c.curator, c.reason"));
        Assert.Equal(new object?[] { "cara", "static vectors before contextual ones" }, Assert.Single(history.Values));
    }

    [Fact]
    public async Task The_same_edge_again_is_200_unchanged_and_a_new_reason_rewords_it_with_200()
    {
        using var cara = As("cara");
        var same = await cara.PostAsJsonAsync("/api/curation/edges", new { from = "word2vec", to = "glove", reason = "GloVe is a count-based answer to word2vec's predictive embeddings." });
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var reworded = await cara.PostAsJsonAsync("/api/curation/edges", new { from = "word2vec", to = "glove", reason = "GloVe argues against local windows" });
        Assert.Equal(HttpStatusCode.OK, reworded.StatusCode);
        Assert.Equal("GloVe argues against local windows", (await JsonAsync(reworded)).GetProperty("reason").GetString());
        var changes = await Server.Database.ExecuteAsync(new CypherQuery("MATCH (c:Change {from: 'word2vec', to: 'glove', action: 'reword-edge'}) RETURN c.action, c.previous"));
        Assert.Equal(new object?[] { "reword-edge", "GloVe is a count-based answer to word2vec's predictive embeddings." }, Assert.Single(changes.Values));
    }

    [Theory]
    [InlineData("word2vec", "bert", "   ", "Missing reason")]
    [InlineData("bert", "bert", "itself", "Self-loop")]
    [InlineData(null, "bert", "why", "Missing paper")]
    public async Task Blank_reasons_self_loops_and_missing_fields_are_400(string? from, string to, string reason, string title)
    {
        using var cara = As("cara");
        var response = await cara.PostAsJsonAsync("/api/curation/edges", new { from, to, reason });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(title, (await JsonAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_unknown_paper_is_404_with_suggestions()
    {
        using var cara = As("cara");
        var response = await cara.PostAsJsonAsync("/api/curation/edges", new { from = "word2vek", to = "bert", reason = "r" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("'word2vec'", (await JsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_edge_closing_a_cycle_is_409_with_the_cycle_keys_in_order()
    {
        using var cara = As("cara");
        var response = await cara.PostAsJsonAsync("/api/curation/edges", new { from = "qlora", to = "word2vec", reason = "backwards" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var cycle = (await JsonAsync(response)).GetProperty("cycle").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal("qlora", cycle[0]);
        Assert.Equal("word2vec", cycle[1]);
        Assert.Equal("qlora", cycle[^1]);
        Assert.Equal(["qlora", "word2vec", "elmo", "bert", "gpt-2", "lora", "qlora"], cycle);
    }

    [Fact]
    public async Task Anonymous_writes_are_401_and_contributors_are_403()
    {
        using var anonymous = Server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/curation/edges", new { from = "word2vec", to = "bert", reason = "r" })).StatusCode);
        using var cody = As("cody");
        Assert.Equal(HttpStatusCode.Forbidden, (await cody.PostAsJsonAsync("/api/curation/edges", new { from = "word2vec", to = "bert", reason = "r" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cody.DeleteAsync("/api/curation/edges/word2vec/glove")).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_edge_is_200_then_404_and_a_stale_if_match_is_412()
    {
        using var cara = As("cara");
        var seen = await cara.GetAsync("/api/curation/edges/word2vec/glove");
        var version = seen.Headers.ETag!.Tag;
        using var carl = As("carl");
        Assert.Equal(HttpStatusCode.OK, (await carl.PostAsJsonAsync("/api/curation/edges", new { from = "word2vec", to = "glove", reason = "carl's wording" })).StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Delete, "/api/curation/edges/word2vec/glove");
        stale.Headers.TryAddWithoutValidation("If-Match", version);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await cara.SendAsync(stale)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await cara.DeleteAsync("/api/curation/edges/word2vec/glove")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cara.DeleteAsync("/api/curation/edges/word2vec/glove")).StatusCode);
    }

    [Fact]
    public async Task Papers_are_added_with_201_edited_with_if_match_and_412_when_changed_meanwhile()
    {
        using var cara = As("cara");
        var added = await cara.PostAsJsonAsync("/api/curation/papers", new { key = "fasttext", title = "Enriching Word Vectors with Subword Information", year = 2017, url = "https://arxiv.org/abs/1607.04606", section = "1.1" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await cara.PostAsJsonAsync("/api/curation/papers", new { key = "fasttext", title = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cara.PostAsJsonAsync("/api/curation/papers", new { key = "Bad Key", title = "x" })).StatusCode);
        var version = added.Headers.ETag!.Tag;

        using var first = new HttpRequestMessage(HttpMethod.Patch, "/api/curation/papers/fasttext") { Content = JsonContent.Create(new { aliases = new[] { "fastText" } }) };
        first.Headers.TryAddWithoutValidation("If-Match", version);
        var edited = await cara.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Patch, "/api/curation/papers/fasttext") { Content = JsonContent.Create(new { year = 2016 }) };
        stale.Headers.TryAddWithoutValidation("If-Match", version);
        var refused = await As("carl").SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);

        var paper = await JsonAsync(await Server.Anonymous().GetAsync("/api/papers/fasttext"));
        Assert.Equal(2017, paper.GetProperty("year").GetInt32());
        Assert.Equal("fastText", paper.GetProperty("aliases")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await cara.PatchAsJsonAsync("/api/curation/papers/nope", new { year = 2000 })).StatusCode);
    }

    [Fact]
    public async Task A_paper_is_removed_only_once_no_edge_touches_it_and_undo_brings_it_back_in_its_section()
    {
        using var cara = As("cara");
        var refused = await cara.DeleteAsync("/api/curation/papers/glove");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("word2vec -> glove", (await JsonAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await As("cody").DeleteAsync("/api/curation/papers/qlora")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cara.DeleteAsync("/api/curation/papers/nope")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await cara.PostAsJsonAsync("/api/curation/papers",
            new { key = "fasttext", title = "Enriching Word Vectors with Subword Information", year = 2017, aliases = new[] { "fastText" }, section = "1.1" })).StatusCode);
        var version = (await cara.GetAsync("/api/curation/papers/fasttext")).Headers.ETag!.Tag;
        using (var edit = new HttpRequestMessage(HttpMethod.Patch, "/api/curation/papers/fasttext") { Content = JsonContent.Create(new { year = 2016 }) })
            Assert.Equal(HttpStatusCode.OK, (await As("carl").SendAsync(edit)).StatusCode);
        using (var stale = new HttpRequestMessage(HttpMethod.Delete, "/api/curation/papers/fasttext"))
        {
            stale.Headers.TryAddWithoutValidation("If-Match", version);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await cara.SendAsync(stale)).StatusCode);
        }

        var removed = await cara.DeleteAsync("/api/curation/papers/fasttext");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        var seq = (await JsonAsync(removed)).GetProperty("seq").GetInt64();
        using var anonymous = Server.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/papers/fasttext")).StatusCode);
        var entry = (await JsonAsync(await anonymous.GetAsync("/api/history?limit=1")))[0];
        Assert.Equal(("cara", "remove-paper"), (entry.GetProperty("curator").GetString(), entry.GetProperty("action").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await cara.PostAsync($"/api/history/{seq}/undo", null)).StatusCode);
        var back = await JsonAsync(await cara.GetAsync("/api/curation/papers/fasttext"));
        Assert.True(back.GetProperty("year").ValueKind == JsonValueKind.Number, back.ToString());
        Assert.Equal(2016, back.GetProperty("year").GetInt32());
        Assert.Equal("fastText", back.GetProperty("aliases")[0].GetString());
        Assert.Equal("1.1", back.GetProperty("sections")[0].GetString());
    }

    /// <summary>Two curators send opposite edges for 25 unrelated pairs at once.</summary>
    [Fact]
    public async Task Two_curators_racing_opposite_edges_leave_zero_cycles_and_every_refusal_is_409()
    {
        const int pairs = 25;
        await Server.Database.ExecuteAsync(new CypherQuery(
            "UNWIND range(0, $n - 1) AS i CREATE (:Paper {key: 'x' + toString(i), title: 'x'}), (:Paper {key: 'y' + toString(i), title: 'y'})",
            new Dictionary<string, object?> { ["n"] = (long)pairs }));
        using var cara = As("cara");
        using var carl = As("carl");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var sends = Enumerable.Range(0, pairs).SelectMany(i => new[]
        {
            cara.PostAsJsonAsync("/api/curation/edges", new { from = $"x{i}", to = $"y{i}", reason = "cara's order" }, deadline.Token),
            carl.PostAsJsonAsync("/api/curation/edges", new { from = $"y{i}", to = $"x{i}", reason = "carl's order" }, deadline.Token),
        }).ToList();
        var codes = (await Task.WhenAll(sends)).Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(pairs, codes.Count(c => c == 201));
        Assert.Equal(pairs, codes.Count(c => c == 409));
        var cycles = await Server.Database.ExecuteAsync(CypherQuery.Read("MATCH (a:Paper)-[:PREREQUISITE_OF]->(b:Paper)-[:PREREQUISITE_OF]->(a) RETURN count(*)"));
        Assert.Equal(0L, cycles.Values[0][0]);
    }
}
