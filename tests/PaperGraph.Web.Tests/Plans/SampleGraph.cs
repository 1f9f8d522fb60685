using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Tests.Plans;

/// <summary>A small prerequisite graph shaped like the seed's spine, for the planner's and search's tests.</summary>
internal static class SampleGraph
{
    public static PaperGraphModel Create(params PrerequisiteEdge[] extraEdges)
    {
        SectionInfo[] sections =
        [
            new("1.1", "Distributed Word Representation", "Kernel Paper Collection", 1),
            new("1.2", "Contextual Word Representations", "Kernel Paper Collection", 2),
            new("1.3", "Generative Pretraining", "Kernel Paper Collection", 3),
            new("1.5", "Parameter-Efficient Fine-Tuning", "Kernel Paper Collection", 5),
        ];
        PaperInfo P(string key, string title, long year, string? section, params string[] aliases) =>
            new(key, title, null, "paper", year, [], aliases, section, section is null ? [] : [section], section is null);
        PaperInfo[] papers =
        [
            P("word2vec", "Efficient Estimation of Word Representations in Vector Space", 2013, "1.1", "Word2Vec"),
            P("glove", "GloVe: Global Vectors for Word Representation", 2014, "1.1"),
            P("transformer", "Attention Is All You Need", 2017, null, "Transformer"),
            P("elmo", "ELMo: Deep contextualized word representations", 2018, "1.2"),
            P("bert", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", 2018, "1.2"),
            P("gpt-2", "GPT-2: Language Models are Unsupervised Multitask Learners", 2019, "1.3", "GPT2"),
            P("lora", "LoRA: Low-Rank Adaptation of Large Language Models", 2021, "1.5"),
            P("qlora", "QLoRA: Efficient Finetuning of Quantized LLMs", 2023, "1.5"),
            P("bert-intro", "The Illustrated BERT, ELMo, and co.", 2018, "1.2"),
        ];
        PrerequisiteEdge E(string from, string to) => new(from, to, $"{from} explains what {to} builds on", "test");
        PrerequisiteEdge[] edges =
        [
            E("word2vec", "glove"), E("word2vec", "elmo"), E("glove", "elmo"), E("elmo", "bert"),
            E("transformer", "bert"), E("bert", "gpt-2"), E("transformer", "gpt-2"), E("gpt-2", "lora"),
            E("lora", "qlora"), E("bert", "bert-intro"),
        ];
        return new PaperGraphModel(sections, papers, edges.Concat(extraEdges));
    }
}
