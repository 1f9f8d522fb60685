using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using PaperGraph.Graph;
using PaperGraph.Web.Infrastructure.Hubs;

namespace PaperGraph.Web.Tests.Curation;

/// <summary>History, undo, as-of views and the live message's curator, action and reason.</summary>
public sealed class HistoryApiTests : CurationTestBase
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> AddAsync(HttpClient client, string from, string to, string reason)
    {
        var response = await client.PostAsJsonAsync("/api/curation/edges", new { from, to, reason });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("seq").GetInt64();
    }

    [Fact]
    public async Task History_lists_changes_newest_first_filtered_by_paper_and_curator()
    {
        using var cara = As("cara");
        using var carl = As("carl");
        var first = await AddAsync(cara, "word2vec", "bert", "static vectors first");
        var second = await AddAsync(carl, "glove", "lora", "embeddings again");
        using var anonymous = Server.Anonymous();

        var all = await JsonAsync(await anonymous.GetAsync("/api/history?limit=2"));
        Assert.Equal([second, first], all.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        var entry = all[0];
        Assert.Equal("carl", entry.GetProperty("curator").GetString());
        Assert.Equal("add-edge", entry.GetProperty("action").GetString());
        Assert.Equal("glove", entry.GetProperty("from").GetString());
        Assert.Equal("lora", entry.GetProperty("to").GetString());
        Assert.Equal("embeddings again", entry.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(entry.GetProperty("at").GetString()));

        var byCara = await JsonAsync(await anonymous.GetAsync("/api/history?curator=cara"));
        Assert.Equal([first], byCara.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        var aboutLora = await JsonAsync(await anonymous.GetAsync("/api/history?paper=lora&since=" + first));
        Assert.Equal([second], aboutLora.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync("/api/history?limit=0")).StatusCode);
    }

    [Fact]
    public async Task Undo_applies_the_inverse_and_records_it_and_a_later_change_on_the_edge_prevents_it_by_name()
    {
        using var cara = As("cara");
        using var carl = As("carl");
        var added = await AddAsync(cara, "word2vec", "bert", "static vectors first");
        var reworded = await AddAsync(carl, "word2vec", "bert", "carl's wording");

        var refused = await cara.PostAsync($"/api/history/{added}/undo", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await JsonAsync(refused);
        Assert.Equal(reworded, problem.GetProperty("later").GetInt64());
        Assert.Contains($"change {reworded} (carl", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await cara.PostAsync($"/api/history/{reworded}/undo", null)).StatusCode);
        var edge = await JsonAsync(await cara.GetAsync("/api/curation/edges/word2vec/bert"));
        Assert.Equal("static vectors first", edge.GetProperty("reason").GetString());
        // The reword's undo is itself a later change on the edge; undoing it first frees the add.
        var history = await JsonAsync(await cara.GetAsync("/api/history?limit=1"));
        var undoSeq = history[0].GetProperty("seq").GetInt64();
        Assert.Equal(reworded, history[0].GetProperty("undoes").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await cara.PostAsync($"/api/history/{reworded}/undo", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As("cody").PostAsync($"/api/history/{undoSeq}/undo", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Server.Anonymous().PostAsync($"/api/history/{undoSeq}/undo", null)).StatusCode);
    }

    [Fact]
    public async Task Undoing_a_removal_brings_the_edge_back_through_the_cycle_rule()
    {
        using var cara = As("cara");
        var removed = await cara.DeleteAsync("/api/curation/edges/gpt-2/lora");
        var seq = (await JsonAsync(removed)).GetProperty("seq").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await cara.PostAsync($"/api/history/{seq}/undo", null)).StatusCode);
        var edge = await JsonAsync(await cara.GetAsync("/api/curation/edges/gpt-2/lora"));
        Assert.Equal("LoRA adapts large pretrained language models like GPT-2.", edge.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_graph_and_plans_as_of_a_change_show_what_stood_right_after_it()
    {
        using var cara = As("cara");
        var added = await AddAsync(cara, "glove", "qlora", "embeddings again");
        var removed = await cara.DeleteAsync("/api/curation/edges/lora/qlora");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        using var anonymous = Server.Anonymous();

        var now = await JsonAsync(await anonymous.GetAsync("/api/graph"));
        var then = await JsonAsync(await anonymous.GetAsync($"/api/graph?asOf={added}"));
        var before = await JsonAsync(await anonymous.GetAsync($"/api/graph?asOf={added - 1}"));
        static bool Has(JsonElement g, string from, string to) =>
            g.GetProperty("edges").EnumerateArray().Any(e => e.GetProperty("from").GetString() == from && e.GetProperty("to").GetString() == to);
        Assert.False(Has(now, "lora", "qlora"));
        Assert.True(Has(then, "lora", "qlora"));
        Assert.True(Has(then, "glove", "qlora"));
        Assert.False(Has(before, "glove", "qlora"));

        var planThen = await JsonAsync(await anonymous.GetAsync($"/api/plans/qlora?asOf={added}"));
        Assert.Contains("\"lora\"", planThen.GetRawText());
    }

    [Fact]
    public async Task The_live_message_carries_the_curator_the_action_and_the_reason()
    {
        var inbox = Channel.CreateUnbounded<GraphChangedMessage>();
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(Server.Address, "/hubs/graph")).Build();
        connection.On<GraphChangedMessage>(nameof(IGraphClient.GraphChanged), m => inbox.Writer.TryWrite(m));
        await connection.StartAsync();

        using var cara = As("cara");
        await AddAsync(cara, "word2vec", "bert", "static vectors first");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var message = await inbox.Reader.ReadAsync(timeout.Token);
        Assert.Equal("cara", message.Curator);
        Assert.Equal("add-edge", message.Action);
        Assert.Equal("static vectors first", message.Reason);
        var notice = Assert.Single(message.Curation);
        Assert.Equal(("word2vec", "bert"), (notice.From, notice.To));
    }

    [Fact]
    public async Task A_raw_cypher_write_by_the_admin_is_recorded_as_theirs()
    {
        using var admin = Server.Admin();
        var response = await admin.PostAsJsonAsync("/db/neo4j/query/v2", new
        {
            statement = "MATCH (a:Paper {key: 'word2vec'}), (b:Paper {key: 'qlora'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'raw'}]->(b)",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var cycle = await admin.PostAsJsonAsync("/db/neo4j/query/v2", new
        {
            statement = "MATCH (a:Paper {key: 'qlora'}), (b:Paper {key: 'word2vec'}) CREATE (a)-[:PREREQUISITE_OF {reason: 'raw'}]->(b)",
        });
        var body = await cycle.Content.ReadAsStringAsync();
        Assert.Contains("Neo.ClientError.Schema.ConstraintValidationFailed", body);
        Assert.Contains("qlora -> word2vec", body);
        var last = await JsonAsync(await admin.GetAsync("/api/history?limit=1"));
        Assert.Equal(PaperGraph.Testing.PaperGraphServer.AdminUser, last[0].GetProperty("curator").GetString());
        Assert.Equal("add-edge", last[0].GetProperty("action").GetString());
        Assert.Equal("cypher", last[0].GetProperty("via").GetString());
    }
}
