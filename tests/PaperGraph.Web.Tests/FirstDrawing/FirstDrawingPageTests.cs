using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using PaperGraph.Graph;
using PaperGraph.Web.Features.FirstDrawing;
using PaperGraph.Web.Tests.Papers;

namespace PaperGraph.Web.Tests.FirstDrawing;

/// <summary>The home page carries its graph drawn (an inline SVG and the positions the client takes over), kept
/// per graph version.</summary>
public sealed partial class FirstDrawingPageTests
{
    [GeneratedRegex("<svg id=\"first-drawing\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Drawing();

    [GeneratedRegex("<script nonce=\"[^\"]+\" type=\"application/json\" id=\"first-drawing-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex Positions();

    [GeneratedRegex("data-key=\"([^\"]+)\"")]
    private static partial Regex Keys();

    private static async Task<PaperGraphServer> StartAsync()
    {
        var server = new PaperGraphServer();
        await ExplorerServer.SeedAsync(server.Database);
        return server;
    }

    private static Dictionary<string, double[]> PositionsIn(string html) =>
        JsonDocument.Parse(Positions().Match(html).Groups[1].Value).RootElement.GetProperty("positions")
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray());

    [Fact]
    public async Task The_home_page_draws_every_paper_with_prerequisites_left_of_what_they_unlock()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        var svg = Drawing().Match(html).Value;
        var keys = Keys().Matches(svg).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["bert", "elmo", "glove", "gpt-2", "lora", "qlora", "transformer", "word2vec"], keys.Order(StringComparer.Ordinal));
        Assert.Equal(9, Regex.Count(Regex.Match(svg, "<g class=\"fd-edges\">(.*?)</g>").Groups[1].Value, "<path d=\"M"));
        Assert.Contains(">LoRA</text>", svg, StringComparison.Ordinal);
        var placed = PositionsIn(html);
        Assert.Equal(keys.Order(StringComparer.Ordinal), placed.Keys.Order(StringComparer.Ordinal));
        foreach (var (from, to) in new[] { ("word2vec", "glove"), ("glove", "elmo"), ("elmo", "bert"), ("bert", "gpt-2"), ("gpt-2", "lora"), ("lora", "qlora"), ("transformer", "bert") })
            Assert.True(placed[from][0] + placed[from][2] / 2 < placed[to][0] - placed[to][2] / 2, $"{from} is drawn left of {to}");
        // The inline script that sizes the drawing carries this response's nonce, like the app's own scripts, and
        // starts the app (fetched at once, as a preload) once the drawing is painted.
        var app = Regex.Match(html, "<link rel=\"preload\" as=\"script\" crossorigin href=\"(/assets/index-[^\"]+\\.js)\">").Groups[1].Value;
        Assert.NotEmpty(app);
        Assert.DoesNotContain("<script type=\"module\"", html, StringComparison.Ordinal);
        Assert.Matches($"<script nonce=\"[^\"]+\" data-app=\"{Regex.Escape(app)}\">\\s*\\(function \\(\\) \\{{", html);
    }

    [Fact]
    public async Task A_change_to_the_graph_is_in_the_next_home_page_and_an_unchanged_graph_is_drawn_once()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var first = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var again = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(Drawing().Match(first).Value, Drawing().Match(again).Value);
        Assert.NotEqual(first, again); // each response has its own nonce

        await server.Database.ExecuteAsync(new CypherQuery("""
            MATCH (q:Paper {key: 'qlora'}), (s:Section {key: '1.5'})
            CREATE (n:Paper {key: 'dora', title: 'DoRA: Weight-Decomposed Low-Rank Adaptation', year: 2024, kind: 'paper'})-[:IN_SECTION]->(s),
                   (q)-[:PREREQUISITE_OF {reason: 'DoRA refines the low-rank update QLoRA made cheap.', curator: 'tests'}]->(n)
            """));
        var after = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("data-key=\"dora\"", Drawing().Match(after).Value, StringComparison.Ordinal);
        var placed = PositionsIn(after);
        Assert.True(placed["qlora"][0] < placed["dora"][0], "the new paper is drawn after its prerequisite");
    }

    [Fact]
    public async Task Markup_in_a_title_or_an_alias_is_drawn_as_text()
    {
        await using var server = await StartAsync();
        await server.Database.ExecuteAsync(new CypherQuery("""
            MATCH (s:Section {key: '1.5'}), (q:Paper {key: 'qlora'})
            CREATE (n:Paper {key: 'xss', title: '</script><script>alert(1)</script> & <b>bold</b>', aliases: ['<img src=x>'], year: 2024, kind: 'paper'})-[:IN_SECTION]->(s),
                   (q)-[:PREREQUISITE_OF {reason: 'A hostile title stays text.', curator: 'tests'}]->(n)
            """));
        using var client = server.Client();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("data-key=\"xss\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_asked_for_with_a_query_string_is_drawn_by_the_client()
    {
        await using var server = await StartAsync();
        using var client = server.Client();
        var html = await client.GetStringAsync(new Uri("/?cap=3", UriKind.Relative));
        Assert.DoesNotContain("<svg id=\"first-drawing\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("first-drawing-data", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_prerequisite_points_right_and_no_two_boxes_overlap_in_any_acyclic_graph()
    {
        var graphs = Gen.Int[1, 40].SelectMany(n => Gen.Select(Gen.Int[0, n - 1], Gen.Int[0, n - 1]).Array[0, 3 * n]
            .Select(pairs => (n, edges: pairs.Where(p => p.Item1 != p.Item2).Select(p => (Math.Min(p.Item1, p.Item2), Math.Max(p.Item1, p.Item2))).Distinct().ToArray())));
        graphs.Sample(g =>
        {
            var nodes = Enumerable.Range(0, g.n).Select(i => new FirstDrawingLayout.Node($"p{i}", i, 44 + i % 5 * 20, 28.5 + i % 3 * 14.5)).ToList();
            var placed = FirstDrawingLayout.LayeredSmall(nodes, g.edges.Select(e => ($"p{e.Item1}", $"p{e.Item2}")));
            Assert.Equal(g.n, placed.Count);
            foreach (var (a, b) in g.edges)
                Assert.True(placed[$"p{a}"].X < placed[$"p{b}"].X, $"p{a} left of p{b}");
            for (var i = 0; i < nodes.Count; i++)
                for (var j = i + 1; j < nodes.Count; j++)
                {
                    var (p, q) = (placed[nodes[i].Id], placed[nodes[j].Id]);
                    var apart = Math.Abs(p.X - q.X) >= (nodes[i].W + nodes[j].W) / 2 || Math.Abs(p.Y - q.Y) >= (nodes[i].H + nodes[j].H) / 2;
                    Assert.True(apart, $"{nodes[i].Id} and {nodes[j].Id} overlap");
                }
        }, iter: 300);
    }

    [Fact]
    public void A_label_wraps_at_word_boundaries_into_a_box_that_holds_its_longest_word()
    {
        Gen.String[Gen.Char["abcdefghij KLM-/_"], 1, 40].Sample(label =>
        {
            var box = FirstDrawingLayout.Box(label);
            Assert.True(box.W >= 44 && box.W >= box.TextWidth + 16);
            Assert.Equal(14 + box.Lines.Count * 14.5, box.H);
            Assert.Equal(string.Join(' ', label.Split(' ', StringSplitOptions.RemoveEmptyEntries)), string.Join(' ', box.Lines));
            Assert.All(box.Lines.Where(l => l.Contains(' ', StringComparison.Ordinal)), l => Assert.True(FirstDrawingLayout.Measure(l) <= box.TextWidth + 1e-6, l));
        }, iter: 500);
    }

    [Theory]
    [InlineData("Attention Is All You Need", 34, "Attention Is All You Need")]
    [InlineData("BERT: Pre-training of Deep Bidirectional Transformers", 34, "BERT")]
    [InlineData("Language Models are Unsupervised Multitask Learners and more words", 34, "Language Models are Unsupervised…")]
    public void Short_titles_are_cut_as_the_client_cuts_them(string title, int max, string expected) =>
        Assert.Equal(expected, FirstDrawingLayout.ShortTitle(title, max));
}
