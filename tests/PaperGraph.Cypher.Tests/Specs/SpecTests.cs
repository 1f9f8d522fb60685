using System.Globalization;
using System.Text;
using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;
using PaperGraph.Storage.Sqlite;

namespace PaperGraph.Cypher.Tests.Specs;

/// <summary>
/// Query specs: <c>Specs/*.test</c> files list small named datasets and cases (a statement, then its expected rows
/// or error), after kuzu's test files. Format:
/// <code>
/// -DATASET name            (Cypher statements, one per line, until the next directive)
/// -CASE Behaviour sentence
/// -USE name                (optional: run on that dataset; default: empty graph)
/// -STATEMENT cypher        (one line; a following line starting with two spaces continues it)
/// -ORDERED                 (optional: compare rows in order)
/// -ANY-LIST-ORDER          (optional: lists compare as multisets, for collections whose order Cypher leaves open)
/// ---- rows                (then one line per row: values joined by " | ")
/// ---- error Code fragment (the error's last code segment, then text its message must contain)
/// </code>
/// Values print as Cypher literals; nodes as (:Label {k: v}), relationships as [:TYPE {k: v}].
/// </summary>
public sealed class SpecTests
{
    public sealed record SpecCase(string File, string Name, string? Dataset, string Statement, bool Ordered, string? Error,
        IReadOnlyList<string> Rows, bool AnyListOrder = false)
    {
        public override string ToString() => $"{File}: {Name}";
    }

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Specs");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var (file, (_, cases)) in Load())
        {
            foreach (var c in cases)
            {
                data.Add($"{file}: {c.Name}");
            }
        }

        return data;
    }

    private static Dictionary<string, (Dictionary<string, List<string>> Datasets, List<SpecCase> Cases)> Load()
    {
        var all = new Dictionary<string, (Dictionary<string, List<string>>, List<SpecCase>)>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(Folder, "*.test").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            all[file] = Parse(file, File.ReadAllLines(path));
        }

        return all;
    }

    private static (Dictionary<string, List<string>>, List<SpecCase>) Parse(string file, string[] lines)
    {
        var datasets = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var cases = new List<SpecCase>();
        List<string>? dataset = null;
        string? name = null, use = null, statement = null, error = null;
        var ordered = false;
        var anyListOrder = false;
        List<string>? rows = null;

        void Flush()
        {
            if (name is not null)
            {
                cases.Add(new SpecCase(file, name, use, statement ?? throw new FormatException($"{file}: case '{name}' has no -STATEMENT"),
                    ordered, error, rows ?? [], anyListOrder));
            }

            name = use = statement = error = null;
            ordered = anyListOrder = false;
            rows = null;
        }

        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("-DATASET ", StringComparison.Ordinal))
            {
                Flush();
                dataset = datasets[line[9..].Trim()] = [];
            }
            else if (line.StartsWith("-CASE ", StringComparison.Ordinal))
            {
                Flush();
                dataset = null;
                name = line[6..].Trim();
            }
            else if (line.StartsWith("-USE ", StringComparison.Ordinal))
            {
                use = line[5..].Trim();
            }
            else if (line.StartsWith("-STATEMENT ", StringComparison.Ordinal))
            {
                statement = line[11..];
            }
            else if (line == "-ORDERED")
            {
                ordered = true;
            }
            else if (line == "-ANY-LIST-ORDER")
            {
                anyListOrder = true;
            }
            else if (line.StartsWith("---- error ", StringComparison.Ordinal))
            {
                error = line[11..].Trim();
            }
            else if (line == "---- rows")
            {
                rows = [];
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal) && statement is not null && rows is null && error is null)
            {
                statement += "\n" + line.Trim();
            }
            else if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            else if (rows is not null)
            {
                rows.Add(line);
            }
            else if (dataset is not null)
            {
                dataset.Add(line);
            }
            else
            {
                throw new FormatException($"{file}: unexpected line '{line}'");
            }
        }

        Flush();
        return (datasets, cases);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Spec(string id)
    {
        var file = id[..id.IndexOf(": ", StringComparison.Ordinal)];
        var (datasets, cases) = Load()[file];
        var spec = cases.Single(c => $"{c.File}: {c.Name}" == id);
        using var store = SqliteGraphStore.Open(null);
        var engine = new CypherEngine();
        if (spec.Dataset is not null)
        {
            foreach (var setup in datasets[spec.Dataset])
            {
                Run(engine, store, setup);
            }
        }

        if (spec.Error is not null)
        {
            var error = Assert.Throws<GraphException>(() => Run(engine, store, spec.Statement));
            var parts = spec.Error.Split(' ', 2);
            Assert.Equal(parts[0], error.Title);
            if (parts.Length > 1)
            {
                Assert.Contains(parts[1], error.Message, StringComparison.Ordinal);
            }

            return;
        }

        var result = Run(engine, store, spec.Statement);
        var actual = result.Values.Select(r => string.Join(" | ", r.Select(v => Format(spec.AnyListOrder ? SortLists(v) : v)))).ToList();
        var expected = spec.AnyListOrder ? spec.Rows.Select(SortListText).ToList() : spec.Rows.ToList();

        if (!spec.Ordered)
        {
            actual.Sort(StringComparer.Ordinal);
            expected.Sort(StringComparer.Ordinal);
        }

        Assert.Equal(expected, actual);
    }

    private static object? SortLists(object? value) => value is IReadOnlyList<object?> list
        ? list.Select(SortLists).OrderBy(Format, StringComparer.Ordinal).ToList()
        : value;

    // The same for an expected row written as text: each innermost [a, b] has its elements sorted.
    private static string SortListText(string row) =>
        System.Text.RegularExpressions.Regex.Replace(row, @"\[([^\[\]]*)\]", m =>
            "[" + string.Join(", ", m.Groups[1].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) + "]");

    private static QueryResult Run(CypherEngine engine, IGraphStore store, string text)
    {
        var prepared = engine.Prepare(text);
        var limits = new ExecutionLimits(100_000, CancellationToken.None, CancellationToken.None);
        if (!prepared.IsWrite)
        {
            using var read = store.BeginRead();
            return CypherEngine.Execute(prepared, read, null, CypherQuery.NoParameters, limits);
        }

        using var write = store.BeginWrite(TimeSpan.FromSeconds(5), CancellationToken.None);
        var result = CypherEngine.Execute(prepared, write, write, CypherQuery.NoParameters, limits);
        write.Commit();
        return result;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture) + (double.IsInteger(d) && !double.IsInfinity(d) ? ".0" : ""),
        string s => "'" + s + "'",
        GraphNode n => "(" + string.Concat(n.Labels.Select(l => ":" + l)) + Props(n.Properties, n.Labels.Count > 0) + ")",
        GraphRelationship r => "[:" + r.Type + Props(r.Properties, true) + "]",
        GraphPath p => "<" + string.Join(", ", p.Nodes.Select(Format)) + ">",
        IReadOnlyDictionary<string, object?> m => "{" + string.Join(", ", m.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {Format(kv.Value)}")) + "}",
        IReadOnlyList<object?> list => "[" + string.Join(", ", list.Select(Format)) + "]",
        GraphTemporal t => t.TypedJsonName + "('" + t + "')",
        _ => value.ToString() ?? "",
    };

    private static string Props(IReadOnlyDictionary<string, object?> props, bool space)
    {
        if (props.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder(space ? " " : "");
        sb.Append(Format(props));
        return sb.ToString();
    }
}
