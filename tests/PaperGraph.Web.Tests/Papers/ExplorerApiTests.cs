using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaperGraph.Web.Tests.Papers;

public sealed class ExplorerApiTests(ExplorerServer server) : IClassFixture<ExplorerServer>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement;
    }

    private static List<string> Keys(JsonElement list, string property = "key") =>
        list.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToList();

    [Fact]
    public async Task Graph_lists_every_paper_section_and_edge_with_its_reason()
    {
        using var client = server.Client();
        var graph = await Json(await client.GetAsync(new Uri("/api/graph", UriKind.Relative)));
        Assert.Equal(8, graph.GetProperty("total").GetInt32());
        Assert.Equal(8, graph.GetProperty("papers").GetArrayLength());
        Assert.Equal(["1.1", "1.2", "1.3", "1.5"], Keys(graph.GetProperty("sections")));
        var edges = graph.GetProperty("edges").EnumerateArray().ToList();
        Assert.Equal(9, edges.Count);
        Assert.All(edges, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("reason").GetString())));
        var bert = graph.GetProperty("papers").EnumerateArray().Single(p => p.GetProperty("key").GetString() == "bert");
        Assert.Equal("1.2", bert.GetProperty("section").GetString());
        Assert.Equal(2018, bert.GetProperty("year").GetInt32());
        var transformer = graph.GetProperty("papers").EnumerateArray().Single(p => p.GetProperty("key").GetString() == "transformer");
        Assert.Equal(JsonValueKind.Null, transformer.GetProperty("section").ValueKind);
    }

    [Fact]
    public async Task Graph_with_a_limit_returns_the_first_papers_in_reading_order_and_the_total()
    {
        using var client = server.Client();
        var graph = await Json(await client.GetAsync(new Uri("/api/graph?limit=3", UriKind.Relative)));
        Assert.Equal(8, graph.GetProperty("total").GetInt32());
        // BERT and ELMo share section 1.2 and 2018: the title breaks the tie.
        Assert.Equal(["word2vec", "glove", "bert"], Keys(graph.GetProperty("papers")));
        Assert.Equal(1, graph.GetProperty("edges").GetArrayLength());
    }

    [Fact]
    public async Task Graph_refuses_a_limit_of_zero_with_a_problem()
    {
        using var client = server.Client();
        var response = await client.GetAsync(new Uri("/api/graph?limit=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("limit must be between 1", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Paper_shows_its_prerequisites_and_what_it_unlocks_with_reasons()
    {
        using var client = server.Client();
        var bert = await Json(await client.GetAsync(new Uri("/api/papers/bert", UriKind.Relative)));
        Assert.Equal("BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", bert.GetProperty("title").GetString());
        Assert.Equal("https://example.org/bert", bert.GetProperty("url").GetString());
        Assert.Equal(["A. Author", "B. Author"], bert.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["transformer", "elmo"], Keys(bert.GetProperty("prerequisites")));
        var elmo = bert.GetProperty("prerequisites").EnumerateArray().Single(p => p.GetProperty("key").GetString() == "elmo");
        Assert.Equal("BERT replaces ELMo's LSTMs with a bidirectional Transformer.", elmo.GetProperty("reason").GetString());
        Assert.Equal(["gpt-2"], Keys(bert.GetProperty("unlocks")));
        Assert.Equal("Contextual Word Representations", bert.GetProperty("sections")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Unknown_paper_is_a_404_problem_naming_the_key_and_the_closest_ones()
    {
        using var client = server.Client();
        var response = await client.GetAsync(new Uri("/api/papers/bertt", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await Json(response)).GetProperty("detail").GetString();
        Assert.Contains("'bertt'", detail);
        Assert.Contains("Did you mean 'bert'", detail);
    }

    [Fact]
    public async Task Unknown_paper_lists_suggestions_with_their_titles()
    {
        using var client = server.Client();
        var response = await client.GetAsync(new Uri("/api/papers/lora-adapters", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var suggestions = (await Json(response)).GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Contains(suggestions, s => s.GetProperty("key").GetString() == "lora" && s.GetProperty("title").GetString()!.StartsWith("LoRA", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/paper/lora", "/#/paper/lora")]
    [InlineData("/plan/lora", "/#/plan/lora")]
    [InlineData("/path/word2vec/lora", "/#/path/word2vec/lora")]
    [InlineData("/list", "/#/list")]
    [InlineData("/cypher?q=RETURN%201", "/#/cypher?q=RETURN%201")]
    public async Task The_apps_own_routes_without_the_hash_redirect_to_the_app(string path, string target)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(target, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_api_path_is_still_a_json_404()
    {
        using var client = server.Client();
        var response = await client.GetAsync(new Uri("/api/paper/lora", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("text/html", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_lora_by_its_name_and_gpt_2_without_the_dash()
    {
        using var client = server.Client();
        Assert.Equal("lora", Keys(await Json(await client.GetAsync(new Uri("/api/search?q=LoRA", UriKind.Relative))))[0]);
        Assert.Equal("gpt-2", Keys(await Json(await client.GetAsync(new Uri("/api/search?q=gpt2", UriKind.Relative))))[0]);
        Assert.Equal("transformer", Keys(await Json(await client.GetAsync(new Uri("/api/search?q=attention%20is%20all", UriKind.Relative))))[0]);
    }

    [Fact]
    public async Task Search_without_text_is_a_400_problem()
    {
        using var client = server.Client();
        var response = await client.GetAsync(new Uri("/api/search?q=", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("/api/search?q=", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_explorer_endpoints()
    {
        using var client = server.Client();
        var doc = await Json(await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/graph", paths);
        Assert.Contains("/api/papers/{key}", paths);
        Assert.Contains("/api/plans/{key}", paths);
        Assert.Contains("/api/paths/shortest", paths);
        Assert.Contains("/api/search", paths);
    }

    [Fact]
    public async Task Home_page_serves_the_built_client_without_any_cdn()
    {
        using var client = server.Client();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("aria-label=\"Search papers\"", html);
        var script = System.Text.RegularExpressions.Regex.Match(html, "(?:src|href)=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        var js = await client.GetAsync(new Uri(script, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.DoesNotContain("https://cdn", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Curation_refuses_anonymous_writes()
    {
        using var client = server.Client();
        var response = await client.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
            new { from = "word2vec", to = "qlora", reason = "anything" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Curation_refuses_an_edge_that_would_close_a_cycle_and_says_which()
    {
        using var client = server.Client(admin: true);
        var response = await client.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
            new { from = "lora", to = "bert", reason = "backwards" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("lora -> bert -> gpt-2 -> lora", (await Json(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Curation_refuses_an_edge_without_a_reason()
    {
        using var client = server.Client(admin: true);
        var response = await client.PostAsJsonAsync(new Uri("/api/curation/edges", UriKind.Relative),
            new { from = "glove", to = "qlora", reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("needs a reason", (await Json(response)).GetProperty("detail").GetString());
    }
}
