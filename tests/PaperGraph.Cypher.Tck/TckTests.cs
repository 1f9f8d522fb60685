namespace PaperGraph.Cypher.Tck;

/// <summary>
/// The openCypher TCK, one test case per scenario (see <c>README.md</c>). A scenario listed in
/// <c>known-failing.txt</c> must still fail (the list only shrinks: remove a line when its scenario passes);
/// every other scenario must pass.
/// </summary>
public sealed class TckTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var s in TckFeatures.All) data.Add(s.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_passes_unless_listed_as_known_failing(string id)
    {
        var scenario = TckFeatures.ById(id);
        string? failure = null;
        try
        {
            TckRunner.Run(scenario);
        }
        catch (TckScenarioFailed ex)
        {
            failure = ex.Message;
        }

        var listed = KnownFailing.Ids.Contains(id);
        if (failure is not null && !listed)
        {
            Assert.Fail($"{id}\n  {failure}\n(not in known-failing.txt)");
        }

        if (failure is null && listed)
        {
            Assert.Fail($"{id}\n  passes now: remove it from known-failing.txt (the list only shrinks)");
        }
    }

    [Fact]
    public void Every_known_failing_line_names_a_vendored_scenario()
    {
        var unknown = KnownFailing.Ids.Where(id => !TckFeatures.All.Any(s => s.Id == id)).ToList();
        Assert.True(unknown.Count == 0, "known-failing.txt names scenarios that do not exist:\n" + string.Join("\n", unknown));
    }

    [Fact]
    public void The_vendored_TCK_has_every_scenario_of_its_pinned_commit()
    {
        // The counts of README.md's table for openCypher commit 677cbafa: 3,897 scenarios in 220 files.
        Assert.Equal(3897, TckFeatures.All.Count);
        Assert.Equal(220, Directory.EnumerateFiles(TckFeatures.FeaturesDirectory, "*.feature", SearchOption.AllDirectories).Count());
        Assert.Equal(TckFeatures.All.Count, TckFeatures.All.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Value_parser_and_comparer_follow_the_TCK_rules()
    {
        Assert.True(TckValueComparer.ValuesEqual(TckValueParser.Parse("[1, 2.0, 'a', null]"), new List<object?> { 1L, 2.0, "a", null }, false));
        Assert.False(TckValueComparer.ValuesEqual(TckValueParser.Parse("1"), 1.0, false));
        Assert.IsType<long>(TckValueParser.Parse("1"));
        Assert.IsType<double>(TckValueParser.Parse("1.0"));
        Assert.False(TckValueComparer.ValuesEqual(TckValueParser.Parse("[1, 2]"), new List<object?> { 2L, 1L }, false));
        Assert.True(TckValueComparer.ValuesEqual(TckValueParser.Parse("[1, 2]"), new List<object?> { 2L, 1L }, true));
        Assert.True(TckValueComparer.ValuesEqual(TckValueParser.Parse("NaN"), double.NaN, false));
        Assert.True(TckValueComparer.ValuesEqual(TckValueParser.Parse("{a: 'it\\'s'}"),
            new Dictionary<string, object?> { ["a"] = "it's" }, false));
        var n = new Graph.GraphNode("4:pg:1", ["B", "A"], new Dictionary<string, object?> { ["x"] = 1L });
        Assert.True(TckValueComparer.ValuesEqual(TckValueParser.Parse("(:A:B {x: 1})"), n, false));
        Assert.False(TckValueComparer.ValuesEqual(TckValueParser.Parse("(:A {x: 1})"), n, false));
        var m = new Graph.GraphNode("4:pg:2", [], new Dictionary<string, object?>());
        var r = new Graph.GraphRelationship("5:pg:1", "4:pg:2", "4:pg:1", "T", new Dictionary<string, object?>());
        var path = new Graph.GraphPath([n, m], [r]);
        Assert.True(TckValueComparer.ValuesEqual(TckValueParser.Parse("<(:A:B {x: 1})<-[:T]-()>"), path, false));
        Assert.False(TckValueComparer.ValuesEqual(TckValueParser.Parse("<(:A:B {x: 1})-[:T]->()>"), path, false));
    }
}

/// <summary>The scenarios the engine still fails: <c>known-failing.txt</c>, one <c>FILE:LINE NAME</c> a line.</summary>
internal static class KnownFailing
{
    private static readonly Lazy<HashSet<string>> s_ids = new(() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "known-failing.txt"))
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal));

    public static HashSet<string> Ids => s_ids.Value;
}
