using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Features.Plans;

namespace PaperGraph.Web.Tests.Plans;

public sealed class LearningPlannerTests
{
    private static readonly HashSet<string> Nothing = [];

    private static List<string> Keys(LearningPlan plan) => plan.Steps.Select(s => s.Key).ToList();

    [Fact]
    public void Plan_for_lora_lists_word2vec_before_bert_before_lora()
    {
        var keys = Keys(LearningPlanner.Plan(SampleGraph.Create(), "lora", Nothing));
        Assert.True(keys.IndexOf("word2vec") < keys.IndexOf("bert"));
        Assert.True(keys.IndexOf("bert") < keys.IndexOf("lora"));
        Assert.Equal("lora", keys[^1]);
    }

    [Fact]
    public void Plan_holds_every_transitive_prerequisite_and_nothing_else()
    {
        var keys = Keys(LearningPlanner.Plan(SampleGraph.Create(), "lora", Nothing));
        Assert.Equal(["bert", "elmo", "glove", "gpt-2", "lora", "transformer", "word2vec"], keys.Order().ToList());
    }

    [Fact]
    public void Ties_go_to_the_earlier_section_then_the_earlier_year()
    {
        // word2vec (1.1, 2013) and the transformer (no section) are both ready first: the listed section wins.
        var keys = Keys(LearningPlanner.Plan(SampleGraph.Create(), "lora", Nothing));
        Assert.Equal(["word2vec", "glove", "elmo", "transformer", "bert", "gpt-2", "lora"], keys);
    }

    [Fact]
    public void Known_papers_are_dropped_with_what_only_they_needed()
    {
        var plan = LearningPlanner.Plan(SampleGraph.Create(), "lora", new HashSet<string> { "elmo" });
        Assert.Equal(["transformer", "bert", "gpt-2", "lora"], Keys(plan));
        Assert.Equal(["elmo"], plan.Known.Select(k => k.Key));
        Assert.Equal(["word2vec", "glove"], plan.Dropped.Select(d => d.Key));
    }

    [Fact]
    public void A_paper_still_needed_by_an_unknown_paper_stays_in_the_plan()
    {
        var graph = SampleGraph.Create(new PrerequisiteEdge("word2vec", "bert", "embeddings first", "test"));
        var keys = Keys(LearningPlanner.Plan(graph, "lora", new HashSet<string> { "elmo" }));
        Assert.Contains("word2vec", keys);
        Assert.DoesNotContain("glove", keys);
    }

    [Fact]
    public void Ready_next_lists_the_steps_whose_prerequisites_are_all_known()
    {
        var plan = LearningPlanner.Plan(SampleGraph.Create(), "lora", new HashSet<string> { "elmo", "transformer" });
        Assert.Equal(["bert"], plan.ReadyNext.Select(r => r.Key));
        Assert.Equal(["word2vec", "transformer"],
            LearningPlanner.Plan(SampleGraph.Create(), "lora", Nothing).ReadyNext.Select(r => r.Key));
    }

    [Fact]
    public void Each_step_says_which_later_step_needs_it_and_why_and_its_chain_to_the_goal()
    {
        var plan = LearningPlanner.Plan(SampleGraph.Create(), "lora", Nothing);
        var glove = plan.Steps.Single(s => s.Key == "glove");
        var reason = Assert.Single(glove.Reasons);
        Assert.Equal("elmo", reason.Unlocks);
        Assert.Equal("glove explains what elmo builds on", reason.Reason);
        Assert.Equal(["glove", "elmo", "bert", "gpt-2", "lora"], glove.Chain.Select(c => c.Key));
        Assert.True(plan.Steps[^1].IsGoal);
        Assert.Empty(plan.Steps[^1].Reasons);
    }

    [Fact]
    public void A_paper_without_prerequisites_has_a_plan_of_itself()
    {
        var plan = LearningPlanner.Plan(SampleGraph.Create(), "word2vec", Nothing);
        Assert.Equal(["word2vec"], Keys(plan));
        Assert.Equal(["word2vec"], plan.ReadyNext.Select(r => r.Key));
    }

    [Fact]
    public void Plans_on_random_dags_never_put_a_paper_before_its_prerequisites()
    {
        var random = new Random(20240214);
        for (var round = 0; round < 200; round++)
        {
            var n = random.Next(2, 40);
            var sections = Enumerable.Range(0, 4).Select(i => new SectionInfo($"s{i}", $"S{i}", null, random.Next(10))).ToList();
            var papers = Enumerable.Range(0, n).Select(i => new PaperInfo($"p{i}", $"Paper {i}", null, null,
                random.Next(3) == 0 ? null : 2000 + random.Next(20), [], [], $"s{random.Next(4)}", [], false)).ToList();
            var edges = new List<PrerequisiteEdge>();
            for (var i = 0; i < n; i++)
                for (var j = i + 1; j < n; j++)
                    if (random.NextDouble() < 0.15)
                        edges.Add(new PrerequisiteEdge($"p{i}", $"p{j}", "r", null));
            var graph = new PaperGraphModel(sections, papers, edges);
            var goal = $"p{random.Next(n)}";
            var known = papers.Where(_ => random.NextDouble() < 0.2).Select(p => p.Key).Where(k => k != goal).ToHashSet();
            var plan = LearningPlanner.Plan(graph, goal, known);
            var position = plan.Steps.Select((s, i) => (s.Key, i)).ToDictionary(x => x.Key, x => x.i);
            foreach (var e in edges.Where(e => position.ContainsKey(e.From) && position.ContainsKey(e.To)))
                Assert.True(position[e.From] < position[e.To], $"round {round}: {e.From} must come before {e.To}");
            Assert.Equal(goal, plan.Steps[^1].Key);
            Assert.DoesNotContain(plan.Steps, s => known.Contains(s.Key));
            // Every step except the goal leads to the goal without passing through a known paper.
            Assert.All(plan.Steps, s => Assert.Equal(goal, s.Chain[^1].Key));
        }
    }

    [Fact]
    public void Shortest_chain_follows_edge_direction()
    {
        var graph = SampleGraph.Create();
        var chain = LearningPlanner.ShortestChain(graph, "word2vec", "lora");
        Assert.NotNull(chain);
        Assert.Equal(["word2vec", "elmo", "bert", "gpt-2", "lora"], chain.Papers.Select(p => p.Key));
        Assert.Equal(4, chain.Edges.Count);
        Assert.Null(LearningPlanner.ShortestChain(graph, "lora", "word2vec"));
    }
}
