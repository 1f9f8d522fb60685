using System.Text.RegularExpressions;
using PaperGraph.Embedded;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Tck;

/// <summary>Why a scenario failed; the message says what differed.</summary>
public sealed class TckScenarioFailed(string message) : Exception(message);

/// <summary>
/// Runs one TCK scenario in-process against a fresh in-memory <see cref="EmbeddedGraphDatabase"/>, through the
/// seam (<see cref="IGraphDatabase.ExecuteAsync"/>) only, with the TCK's semantics:
/// <list type="bullet">
/// <item>results: <c>in order</c> compares row by row, <c>in any order</c> as multisets, <c>ignoring element
/// order for lists</c> also compares lists as multisets; columns must match by name;</item>
/// <item>side effects: observed, as the TCK defines them: snapshots of every node and relationship before and
/// after the query, diffed into +/- nodes, relationships, (entity, key, value) properties and distinct labels;</item>
/// <item>errors: the type (the last segment of the Neo4j status code, e.g. <c>SyntaxError</c>) and the phase:
/// compile time when <c>EXPLAIN</c> of the same query already raises it, runtime when only running it does; a
/// failed query must leave the graph as it was.</item>
/// </list>
/// </summary>
public static partial class TckRunner
{
    private static readonly string[] SideEffectKeys =
        ["+nodes", "-nodes", "+relationships", "-relationships", "+properties", "-properties", "+labels", "-labels"];

    /// <summary>Runs the scenario; throws <see cref="TckScenarioFailed"/> when it does not pass.</summary>
    public static void Run(TckScenario scenario)
    {
        if (scenario.Tags.Contains("@ignore")) throw new TckScenarioFailed("tagged @ignore upstream");
        var db = EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions
        {
            Path = null,
            QueryTimeout = TimeSpan.FromSeconds(20),
            Procedures = scenario.Steps.Where(s => s.Text.StartsWith("there exists a procedure", StringComparison.Ordinal)).Select(DeclaredProcedure).ToList(),
        });
        try
        {
            RunSteps(db, scenario);
        }
        finally
        {
            db.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void RunSteps(EmbeddedGraphDatabase db, TckScenario scenario)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        Outcome? current = null;
        Outcome? main = null;
        foreach (var step in scenario.Steps)
        {
            var t = step.Text;
            if (t is "an empty graph" or "any graph") continue;
            if (NamedGraph().Match(t) is { Success: true } g)
            {
                throw new TckScenarioFailed($"needs the named graph {g.Groups[1].Value}, which is not vendored");
            }

            // Declared before the database was opened (DeclaredProcedure), as Neo4j loads procedures at start-up.
            if (t.StartsWith("there exists a procedure", StringComparison.Ordinal)) continue;

            if (t is "having executed:" or "after having executed:")
            {
                var setup = Execute(db, step.DocString ?? "", parameters: null, observe: false);
                if (setup.Error is not null) throw new TckScenarioFailed($"setup query failed ({Describe(setup.Error)}): {OneLine(step.DocString)}");
                continue;
            }

            if (t is "parameters are:" or "parameter values are:")
            {
                foreach (var row in step.Table ?? [])
                {
                    if (row.Count != 2) throw new TckScenarioFailed($"parameter table row must have 2 cells: {string.Join("|", row)}");
                    parameters[row[0]] = TckValueParser.Parse(row[1]);
                }

                continue;
            }

            if (t is "executing query:" or "executing control query:")
            {
                var control = t.StartsWith("executing control", StringComparison.Ordinal);
                current = Execute(db, step.DocString ?? "", parameters, observe: !control);
                if (!control) main = current;
                continue;
            }

            if (ResultStep().Match(t) is { Success: true } m)
            {
                CheckResult(Require(current), step, ordered: m.Groups[1].Value == "in order", unorderedLists: m.Groups[2].Success);
                continue;
            }

            if (t == "the result should be empty")
            {
                var r = Rows(Require(current));
                if (r.Values.Count > 0) throw new TckScenarioFailed($"expected an empty result, got {N(r.Values.Count)} (first: {FormatRow(r.Values[0])})");
                continue;
            }

            if (ErrorStep().Match(t) is { Success: true } e)
            {
                CheckError(db, Require(current), e.Groups[1].Value, e.Groups[2].Value, e.Groups[3].Value, parameters);
                continue;
            }

            if (t is "no side effects" or "the side effects should be:")
            {
                CheckSideEffects(Require(main), step);
                continue;
            }

            throw new TckScenarioFailed($"unsupported step: {step.Keyword} {t}");
        }
    }

    private sealed record Snapshot(HashSet<string> Nodes, HashSet<string> Relationships, HashSet<string> Properties, HashSet<string> Labels);

    private sealed record Outcome(string Query, QueryResult? Result, GraphException? Error, Snapshot? Before, Snapshot? After);

    private static Outcome Require(Outcome? outcome) =>
        outcome ?? throw new TckScenarioFailed("a 'Then' step before any query");

    private static Outcome Execute(EmbeddedGraphDatabase db, string text, IReadOnlyDictionary<string, object?>? parameters, bool observe)
    {
        var before = observe ? Snap(db) : null;
        QueryResult? result = null;
        GraphException? error = null;
        try
        {
            result = db.ExecuteAsync(new CypherQuery(text, parameters is null ? null : new Dictionary<string, object?>(parameters)))
                .GetAwaiter().GetResult();
        }
        catch (GraphException ex)
        {
            error = ex;
        }

        var after = observe ? Snap(db) : null;
        return new Outcome(text, result, error, before, after);
    }

    private static Snapshot Snap(EmbeddedGraphDatabase db)
    {
        var nodes = db.ExecuteAsync(CypherQuery.Read("MATCH (n) RETURN n")).GetAwaiter().GetResult();
        var rels = db.ExecuteAsync(CypherQuery.Read("MATCH ()-[r]->() RETURN r")).GetAwaiter().GetResult();
        var snapshot = new Snapshot([], [], [], []);
        foreach (var row in nodes.Values)
        {
            var n = (GraphNode)row[0]!;
            snapshot.Nodes.Add(n.ElementId);
            snapshot.Labels.UnionWith(n.Labels);
            foreach (var (key, value) in n.Properties) snapshot.Properties.Add($"{n.ElementId}|{key}|{TckValueComparer.Canonical(value)}");
        }

        foreach (var row in rels.Values)
        {
            var r = (GraphRelationship)row[0]!;
            snapshot.Relationships.Add(r.ElementId);
            foreach (var (key, value) in r.Properties) snapshot.Properties.Add($"{r.ElementId}|{key}|{TckValueComparer.Canonical(value)}");
        }

        return snapshot;
    }

    private static Dictionary<string, int> Diff(Snapshot before, Snapshot after) => new(StringComparer.Ordinal)
    {
        ["+nodes"] = after.Nodes.Except(before.Nodes).Count(),
        ["-nodes"] = before.Nodes.Except(after.Nodes).Count(),
        ["+relationships"] = after.Relationships.Except(before.Relationships).Count(),
        ["-relationships"] = before.Relationships.Except(after.Relationships).Count(),
        ["+properties"] = after.Properties.Except(before.Properties).Count(),
        ["-properties"] = before.Properties.Except(after.Properties).Count(),
        ["+labels"] = after.Labels.Except(before.Labels).Count(),
        ["-labels"] = before.Labels.Except(after.Labels).Count(),
    };

    private static QueryResult Rows(Outcome outcome) =>
        outcome.Error is { } error
            ? throw new TckScenarioFailed($"unexpected error {Describe(error)}")
            : outcome.Result!;

    private static void CheckResult(Outcome outcome, TckStep step, bool ordered, bool unorderedLists)
    {
        var table = step.Table ?? throw new TckScenarioFailed("a result step without a table");
        var header = table[0];
        var expected = table.Skip(1).Select(row => row.Select(TckValueParser.Parse).ToList()).ToList();
        var result = Rows(outcome);
        IReadOnlyList<IReadOnlyList<object?>> actual = result.Values;
        if (!result.Fields.SequenceEqual(header))
        {
            if (!result.Fields.Order(StringComparer.Ordinal).SequenceEqual(header.Order(StringComparer.Ordinal)))
            {
                throw new TckScenarioFailed($"columns differ: expected [{string.Join(", ", header)}], got [{string.Join(", ", result.Fields)}]");
            }

            var index = header.Select(h => result.Fields.ToList().IndexOf(h)).ToArray();
            actual = actual.Select(r => (IReadOnlyList<object?>)index.Select(i => r[i]).ToList()).ToList();
        }

        bool RowEqual(List<object?> e, IReadOnlyList<object?> a) =>
            e.Zip(a).All(p => TckValueComparer.ValuesEqual(p.First, p.Second, unorderedLists));

        if (ordered)
        {
            if (expected.Count != actual.Count) throw new TckScenarioFailed($"expected {N(expected.Count)} in order, got {actual.Count}{Hint(expected, actual)}");
            for (var i = 0; i < expected.Count; i++)
            {
                if (!RowEqual(expected[i], actual[i])) throw new TckScenarioFailed($"row {i + 1}: expected {FormatRow(expected[i])}, got {FormatRow(actual[i])}");
            }

            return;
        }

        if (!TckValueComparer.BagMatch(expected, actual, RowEqual))
        {
            throw new TckScenarioFailed($"expected {N(expected.Count)} in any order, got {actual.Count}{Hint(expected, actual)}");
        }
    }

    private static void CheckError(EmbeddedGraphDatabase db, Outcome outcome, string type, string phase, string detail,
        IReadOnlyDictionary<string, object?> parameters)
    {
        if (outcome.Error is not { } error)
        {
            throw new TckScenarioFailed($"expected {type} ({phase}: {detail}) but the query succeeded with {N(outcome.Result!.Values.Count)}");
        }

        if (!error.Code.StartsWith("Neo.ClientError.", StringComparison.Ordinal))
        {
            throw new TckScenarioFailed($"expected {type} ({phase}: {detail}), got a server-side error {Describe(error)}");
        }

        if (!CategoryMatches(type, error.Code))
        {
            throw new TckScenarioFailed($"expected {type} ({phase}: {detail}), got {Describe(error)}");
        }

        if (phase != "any time")
        {
            // Compile time: the statement is refused before it runs, so EXPLAIN (which compiles but runs nothing)
            // raises it too. Runtime: only running it does.
            var explained = Execute(db, "EXPLAIN " + outcome.Query, parameters, observe: false);
            var atCompileTime = explained.Error is { } e && e.Code == error.Code;
            if (phase == "compile time" && !atCompileTime)
            {
                throw new TckScenarioFailed($"expected {type} at compile time ({detail}), but EXPLAIN compiled it: the error came at runtime: {Describe(error)}");
            }

            if (phase == "runtime" && atCompileTime)
            {
                throw new TckScenarioFailed($"expected {type} at runtime ({detail}), but it was raised at compile time: {Describe(error)}");
            }
        }

        if (outcome.Before is { } before && outcome.After is { } after && Diff(before, after).Any(kv => kv.Value != 0))
        {
            throw new TckScenarioFailed($"the query raised {error.Code} but changed the graph: {FormatDiff(Diff(before, after))}");
        }
    }

    // The TCK's error types that Neo4j reports under another name.
    private static bool CategoryMatches(string type, string code) =>
        code.Split('.')[^1] == type || type switch
        {
            "ProcedureError" => code.StartsWith("Neo.ClientError.Procedure.", StringComparison.Ordinal),
            "ConstraintVerificationFailed" or "ConstraintValidationFailed" => code == GraphErrorCodes.ConstraintValidationFailed,
            _ => false,
        };

    private static void CheckSideEffects(Outcome outcome, TckStep step)
    {
        if (outcome.Error is { } error) throw new TckScenarioFailed($"unexpected error {Describe(error)}");
        var expected = SideEffectKeys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        foreach (var row in step.Table ?? [])
        {
            if (row.Count != 2 || !expected.ContainsKey(row[0]) || !int.TryParse(row[1], out var n))
            {
                throw new TckScenarioFailed($"unknown side effect row {string.Join("|", row)}");
            }

            expected[row[0]] = n;
        }

        var observed = Diff(outcome.Before!, outcome.After!);
        var bad = SideEffectKeys.Where(k => expected[k] != observed[k]).Select(k => $"{k} expected {expected[k]}, observed {observed[k]}").ToList();
        if (bad.Count > 0) throw new TckScenarioFailed("side effects: " + string.Join("; ", bad));
    }

    /// <summary>
    /// A TCK test procedure, <c>there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):</c> with a
    /// table whose columns are its parameters then its outputs: a call yields the outputs of every row whose
    /// parameter cells equal the arguments.
    /// </summary>
    private static PaperGraph.Cypher.Execution.ProcedureSignature DeclaredProcedure(TckStep step)
    {
        var m = ProcedureDeclaration().Match(step.Text);
        if (!m.Success) throw new TckScenarioFailed($"cannot read the procedure declaration: {step.Text}");
        static List<(string Name, string Type)> Fields(string list) =>
            list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(f => f.Split("::", StringSplitOptions.TrimEntries))
                .Select(f => (f[0], f[1]))
                .ToList();
        var inputs = Fields(m.Groups["in"].Value);
        var outputs = Fields(m.Groups["out"].Value);
        var table = step.Table ?? [];
        var rows = table.Skip(1).Where(r => r.Count == inputs.Count + outputs.Count)
            .Select(r => r.Select(TckValueParser.Parse).ToArray()).ToList();
        return new PaperGraph.Cypher.Execution.ProcedureSignature(m.Groups["name"].Value, inputs.Select(i => i.Name).ToList(),
            outputs.Select(o => o.Name).ToList(),
            (_, args) => rows
                .Where(r => args.Select((a, i) => Same(a, r[i])).All(x => x))
                .Select(r => r[inputs.Count..]))
        {
            ParameterTypes = inputs.Select(i => i.Type).ToList(),
        };
    }

    private static bool Same(object? argument, object? cell) => (argument, cell) switch
    {
        (null, null) => true,
        (long a, long b) => a == b,
        (double a, double b) => a.Equals(b),
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        _ => Equals(argument, cell),
    };

    [GeneratedRegex(@"^there exists a procedure (?<name>[\w.]+)\((?<in>[^)]*)\)\s*::\s*\((?<out>[^)]*)\)\s*:$")]
    private static partial Regex ProcedureDeclaration();

    private static string Describe(GraphException e) => $"{e.Code}: {OneLine(e.Message)}";

    private static string OneLine(string? s, int limit = 200)
    {
        var one = string.Join(' ', (s ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return one.Length <= limit ? one : one[..(limit - 3)] + "...";
    }

    private static string FormatDiff(Dictionary<string, int> d) =>
        string.Join(", ", d.Where(kv => kv.Value != 0).Select(kv => $"{kv.Key} {kv.Value}"));

    private static string N(int n) => n == 1 ? "1 row" : $"{n} rows";

    private static string FormatRow(IReadOnlyList<object?> row) => OneLine(TckValueComparer.Format(row), 300);

    private static string Hint(List<List<object?>> expected, IReadOnlyList<IReadOnlyList<object?>> actual) =>
        $"; expected first: {(expected.Count > 0 ? FormatRow(expected[0]) : "-")}, got first: {(actual.Count > 0 ? FormatRow(actual[0]) : "-")}";

    [GeneratedRegex("^the ([A-Za-z0-9_-]+) graph$")]
    private static partial Regex NamedGraph();

    [GeneratedRegex("^the result should be(?:, (in order|in any order))?(?: ?\\((ignoring element order for lists)\\))?:$")]
    private static partial Regex ResultStep();

    [GeneratedRegex("^an? ([A-Za-z]+) should be raised at (runtime|compile time|any time):\\s*(.*)$")]
    private static partial Regex ErrorStep();
}
