using System.Text.RegularExpressions;
using Gherkin.Ast;

namespace PaperGraph.Cypher.Tck;

/// <summary>One step of a scenario, with its doc string or table, placeholders already filled in.</summary>
public sealed record TckStep(string Keyword, string Text, string? DocString, IReadOnlyList<IReadOnlyList<string>>? Table);

/// <summary>
/// One runnable TCK scenario: a <c>Scenario</c>, or one row of a <c>Scenario Outline</c>'s <c>Examples</c>
/// (which is how the TCK counts them). <see cref="Id"/> is <c>FILE:LINE NAME</c>, FILE relative to
/// <c>features/</c>, LINE the scenario's line (or its example row's), the form <c>known-failing.txt</c> uses.
/// </summary>
public sealed record TckScenario(string File, int Line, string Name, IReadOnlyList<string> Tags, IReadOnlyList<TckStep> Steps)
{
    public string Id => $"{File}:{Line} {Name}";

    /// <summary>The two folders below <c>features/</c> (<c>clauses/match</c>).</summary>
    public string Folder => string.Join('/', File.Split('/').Take(2));
}

/// <summary>Reads the vendored feature files with the Gherkin parser and expands outlines.</summary>
public static partial class TckFeatures
{
    public static string FeaturesDirectory => Path.Combine(AppContext.BaseDirectory, "features");

    private static readonly Lazy<IReadOnlyList<TckScenario>> s_all = new(() => Load(FeaturesDirectory));

    /// <summary>Every scenario of every vendored feature file, in file order.</summary>
    public static IReadOnlyList<TckScenario> All => s_all.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, TckScenario>> s_byId =
        new(() => All.ToDictionary(s => s.Id, StringComparer.Ordinal));

    public static TckScenario ById(string id) => s_byId.Value[id];

    public static IReadOnlyList<TckScenario> Load(string featuresDirectory)
    {
        var scenarios = new List<TckScenario>();
        foreach (var path in Directory.EnumerateFiles(featuresDirectory, "*.feature", SearchOption.AllDirectories)
                     .Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(featuresDirectory, path).Replace('\\', '/');
            using var reader = new StreamReader(path);
            var document = new Gherkin.Parser().Parse(reader);
            scenarios.AddRange(Expand(relative, document.Feature));
        }

        return scenarios;
    }

    private static IEnumerable<TckScenario> Expand(string file, Feature feature)
    {
        var featureTags = feature.Tags.Select(t => t.Name).ToList();
        var background = new List<TckStep>();
        foreach (var child in feature.Children)
        {
            switch (child)
            {
                case Background b:
                    background.AddRange(b.Steps.Select(s => ToStep(s, null)));
                    break;
                case Scenario s when !s.Examples.Any():
                    yield return new TckScenario(file, (int)s.Location.Line, s.Name,
                        [.. featureTags, .. s.Tags.Select(t => t.Name)],
                        [.. background, .. s.Steps.Select(st => ToStep(st, null))]);
                    break;
                case Scenario outline:
                    var n = 0;
                    foreach (var examples in outline.Examples)
                    {
                        if (examples.TableHeader is null) continue;
                        var header = examples.TableHeader.Cells.Select(c => c.Value).ToList();
                        foreach (var row in examples.TableBody)
                        {
                            n++;
                            var binding = header.Zip(row.Cells.Select(c => c.Value)).ToDictionary(p => p.First, p => p.Second);
                            var name = Substitute(outline.Name, binding);
                            if (name == outline.Name) name = $"{name} (example {n})";
                            yield return new TckScenario(file, (int)row.Location.Line, name,
                                [.. featureTags, .. outline.Tags.Select(t => t.Name), .. examples.Tags.Select(t => t.Name)],
                                [.. background, .. outline.Steps.Select(st => ToStep(st, binding))]);
                        }
                    }

                    break;
            }
        }
    }

    private static TckStep ToStep(Step step, IReadOnlyDictionary<string, string>? binding)
    {
        string? Sub(string? text) => text is null || binding is null ? text : Substitute(text, binding);
        var docString = step.DocString is { } d ? Sub(d.Content) : null;
        IReadOnlyList<IReadOnlyList<string>>? table = step.DataTable is { } t
            ? t.Rows.Select(r => (IReadOnlyList<string>)r.Cells.Select(c => Sub(c.Value)!).ToList()).ToList()
            : null;
        return new TckStep(step.Keyword.Trim(), Sub(step.Text)!.Trim(), docString, table);
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> binding) =>
        text.Contains('<', StringComparison.Ordinal)
            ? Placeholder().Replace(text, m => binding.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value)
            : text;

    [GeneratedRegex("<([^<>\n]+)>")]
    private static partial Regex Placeholder();
}
