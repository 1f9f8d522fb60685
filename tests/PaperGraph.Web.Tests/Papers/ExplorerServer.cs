using PaperGraph.Graph;

namespace PaperGraph.Web.Tests.Papers;

/// <summary>
/// A class fixture: a fresh <see cref="PaperGraphServer"/> (real Kestrel on 127.0.0.1, its own temporary store)
/// holding a small graph shaped like the seed's spine (written through the graph seam, not by the importer).
/// </summary>
public sealed class ExplorerServer : IAsyncLifetime
{
    private PaperGraphServer _server = null!;

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address => _server.Address;

    public IGraphDatabase Database => _server.Database;

    public IServiceProvider Services => _server.Services;

    public async Task InitializeAsync()
    {
        _server = new PaperGraphServer();
        await SeedAsync(Database);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>An HTTP client for the real server (anonymous unless <paramref name="admin"/>).</summary>
    public HttpClient Client(bool admin = false) => _server.Client(admin);

    internal static async Task SeedAsync(IGraphDatabase db)
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
