using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PaperGraph.Graph;

namespace PaperGraph.Web.Tests.Papers;

/// <summary>
/// A fresh app on a real Kestrel server at 127.0.0.1 (random port) with its own temporary store, holding a small
/// graph shaped like the seed's spine (written through the graph seam, not by the importer).
/// </summary>
public sealed class ExplorerServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminUser = "neo4j";
    public const string AdminPassword = "curator-secret-for-tests";

    private readonly string _storePath = Path.Combine(Path.GetTempPath(), "papergraph-web-tests-" + Guid.NewGuid().ToString("N"));

    public ExplorerServer() => UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public IGraphDatabase Database => Services.GetRequiredService<IGraphDatabase>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = _storePath,
            ["Import:Seed"] = "false",
            ["Auth:Admin:User"] = AdminUser,
            ["Auth:Admin:Password"] = AdminPassword,
        };
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
    }

    public async Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        await SeedAsync(Database);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(_storePath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>An HTTP client for the real server (anonymous unless <paramref name="admin"/>).</summary>
    public HttpClient Client(bool admin = false, bool allowRedirects = true)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = allowRedirects }) { BaseAddress = Address };
        if (admin)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AdminUser}:{AdminPassword}")));
        return client;
    }

    private static async Task SeedAsync(IGraphDatabase db)
    {
        await db.ExecuteAsync(new CypherQuery("""
            CREATE (:Section {key: '1.1', title: 'Distributed Word Representation', part: 'Kernel Paper Collection', order: 1}),
                   (:Section {key: '1.2', title: 'Contextual Word Representations', part: 'Kernel Paper Collection', order: 2}),
                   (:Section {key: '1.3', title: 'Generative Pretraining', part: 'Kernel Paper Collection', order: 3}),
                   (:Section {key: '1.5', title: 'Parameter-Efficient Fine-Tuning', part: 'Kernel Paper Collection', order: 5})
            """));
        await db.ExecuteAsync(new CypherQuery("""
            UNWIND $papers AS p
            CREATE (n:Paper {key: p.key, title: p.title, year: p.year, kind: 'paper', url: p.url, authors: p.authors, aliases: p.aliases})
            """, new Dictionary<string, object?>
        {
            ["papers"] = new object?[]
            {
                Paper("word2vec", "Efficient Estimation of Word Representations in Vector Space", 2013, ["Word2Vec"]),
                Paper("glove", "GloVe: Global Vectors for Word Representation", 2014, []),
                Paper("transformer", "Attention Is All You Need", 2017, ["Transformer"]),
                Paper("elmo", "ELMo: Deep contextualized word representations", 2018, []),
                Paper("bert", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", 2018, []),
                Paper("gpt-2", "GPT-2: Language Models are Unsupervised Multitask Learners", 2019, ["GPT2"]),
                Paper("lora", "LoRA: Low-Rank Adaptation of Large Language Models", 2021, []),
                Paper("qlora", "QLoRA: Efficient Finetuning of Quantized LLMs", 2023, []),
            },
        }));
        await db.ExecuteAsync(new CypherQuery("""
            UNWIND $members AS m
            MATCH (p:Paper {key: m[0]}), (s:Section {key: m[1]})
            CREATE (p)-[:IN_SECTION]->(s)
            """, new Dictionary<string, object?>
        {
            ["members"] = new object?[]
            {
                new object?[] { "word2vec", "1.1" }, new object?[] { "glove", "1.1" }, new object?[] { "elmo", "1.2" },
                new object?[] { "bert", "1.2" }, new object?[] { "gpt-2", "1.3" }, new object?[] { "lora", "1.5" },
                new object?[] { "qlora", "1.5" },
            },
        }));
        await db.ExecuteAsync(new CypherQuery("""
            UNWIND $edges AS e
            MATCH (a:Paper {key: e[0]}), (b:Paper {key: e[1]})
            CREATE (a)-[:PREREQUISITE_OF {reason: e[2], curator: 'tests'}]->(b)
            """, new Dictionary<string, object?>
        {
            ["edges"] = new object?[]
            {
                Edge("word2vec", "glove", "GloVe is a count-based answer to word2vec's predictive embeddings."),
                Edge("word2vec", "elmo", "ELMo makes static word vectors contextual."),
                Edge("glove", "elmo", "ELMo's input layer builds on pretrained GloVe-style vectors."),
                Edge("elmo", "bert", "BERT replaces ELMo's LSTMs with a bidirectional Transformer."),
                Edge("transformer", "bert", "BERT is a Transformer encoder."),
                Edge("bert", "gpt-2", "GPT-2 is the generative counterpart of BERT's pretraining."),
                Edge("transformer", "gpt-2", "GPT-2 is a Transformer decoder."),
                Edge("gpt-2", "lora", "LoRA adapts large pretrained language models like GPT-2."),
                Edge("lora", "qlora", "QLoRA is LoRA on a quantized base model."),
            },
        }));
    }

    private static Dictionary<string, object?> Paper(string key, string title, int year, string[] aliases) => new()
    {
        ["key"] = key, ["title"] = title, ["year"] = year, ["url"] = $"https://example.org/{key}",
        ["authors"] = new object?[] { "A. Author", "B. Author" }, ["aliases"] = aliases.Cast<object?>().ToArray(),
    };

    private static object?[] Edge(string from, string to, string reason) => [from, to, reason];
}
