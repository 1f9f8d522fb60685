using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Planning;

/// <summary>Per-operator figures of a profiled run: rows produced, store reads, time (nanoseconds, own time only).</summary>
public sealed class OperatorProfile
{
    public long Rows { get; set; }
    public long DbHits { get; set; }
    public long TimeNanos { get; set; }
}

/// <summary>
/// A plan as the seam's operator tree (<see cref="GraphPlan"/>), with Neo4j's operator names (NodeByLabelScan,
/// NodeIndexSeek, Expand(All), VarLengthExpand(Pruning), Filter, Projection, EagerAggregation, Sort, Limit,
/// ProduceResults…), a <c>Details</c> argument and the variables each operator has bound; for PROFILE also each
/// operator's rows, db hits and time.
/// </summary>
public static class PlanDescriber
{
    public static GraphPlan Describe(PlannedQuery plan, IReadOnlyDictionary<LogicalOperator, OperatorProfile>? profile = null)
    {
        var names = new Dictionary<int, string>();
        CollectNames(plan.Root, names);
        for (var i = 0; i < plan.Columns.Count && i < plan.ColumnSlots.Length; i++)
        {
            names[plan.ColumnSlots[i]] = plan.Columns[i];
        }

        var inner = Node(plan.Root, names, profile);
        var rootArguments = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Details"] = string.Join(", ", plan.Columns.Select(Name)),
            ["planner"] = "COST",
            ["runtime"] = "PAPERGRAPH",
            ["runtime-impl"] = "PAPERGRAPH",
            ["version"] = "CYPHER 5",
        };
        var identifiers = inner is null ? plan.Columns.Select(Name).ToList() : inner.Identifiers.Union(plan.Columns.Select(Name)).ToList();
        var root = new GraphPlan("ProduceResults", rootArguments, identifiers, inner is null ? [] : [inner]);
        if (profile is not null && inner is not null)
        {
            root = root with { Rows = inner.Rows, DbHits = 0, Time = 0 };
        }

        return root;
    }

    private static string Name(string name) =>
        Scope.IsGenerated(name) ? "anon_" + new string(name.Where(char.IsAsciiDigit).ToArray()) : name;

    private static void CollectNames(LogicalOperator op, Dictionary<int, string> names)
    {
        switch (op)
        {
            case NodeScanOp n: names[n.Slot] = n.Name; break;
            case NodeIndexSeekOp s: names[s.Slot] = s.Name; break;
            case NodeCheckOp c: names[c.Slot] = c.Name; break;
            case ExpandOp e: names[e.RelSlot] = e.RelName; names[e.ToSlot] = e.ToName; break;
            case VarLengthExpandOp v: names[v.RelSlot] = v.RelName; names[v.ToSlot] = v.ToName; break;
        }

        foreach (var child in Children(op))
        {
            CollectNames(child, names);
        }
    }

    private static IEnumerable<LogicalOperator> Children(LogicalOperator op) => op switch
    {
        ArgumentOp => [],
        OptionalOp o => [o.Input, o.Inner],
        ApplyOp a => [a.Input, a.Inner],
        QuantifiedPathOp q => [q.Input, q.Inner],
        UnionOp u => u.Branches,
        MergeOp m => [m.Input, m.Match],
        SchemaOp => [],
        _ => op.GetType().GetProperty("Input")?.GetValue(op) is LogicalOperator input ? [input] : [],
    };

    private static GraphPlan? Node(LogicalOperator op, Dictionary<int, string> names, IReadOnlyDictionary<LogicalOperator, OperatorProfile>? profile)
    {
        if (op is ArgumentOp { Outer: false })
        {
            return null;
        }

        var children = Children(op).Select(c => Node(c, names, profile)).OfType<GraphPlan>().ToList();
        var (type, details, bound) = Explain(op, names);
        var identifiers = children.SelectMany(c => c.Identifiers).Concat(bound.Select(Name)).Distinct(StringComparer.Ordinal).ToList();
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal) { ["Details"] = details };
        var node = new GraphPlan(type, arguments, identifiers, children);
        if (profile is not null)
        {
            var p = profile.TryGetValue(op, out var found) ? found : null;
            node = node with { Rows = p?.Rows ?? 0, DbHits = p?.DbHits ?? 0, Time = p?.TimeNanos ?? 0 };
        }

        return node;
    }

    private static string Slot(Dictionary<int, string> names, int slot) => names.TryGetValue(slot, out var n) ? Name(n) : "anon_" + slot;

    private static string Expr(CompiledExpression e) => CypherPrinter.PrintExpression(e.Syntax);

    private static string Arrow(StoreDirection direction, string rel) => direction switch
    {
        StoreDirection.Outgoing => $"-[{rel}]->",
        StoreDirection.Incoming => $"<-[{rel}]-",
        _ => $"-[{rel}]-",
    };

    private static string Types(IReadOnlyList<string> types) => types.Count == 0 ? "" : ":" + string.Join("|", types);

    private static (string Type, string Details, IReadOnlyList<string> Bound) Explain(LogicalOperator op, Dictionary<int, string> names)
    {
        switch (op)
        {
            case ArgumentOp:
                return ("Argument", "", []);
            case NodeScanOp { Label: null } n:
                return ("AllNodesScan", Name(n.Name), [n.Name]);
            case NodeScanOp n:
                return ("NodeByLabelScan", $"{Name(n.Name)}:{n.Label}", [n.Name]);
            case NodeIndexSeekOp s:
                return ("NodeIndexSeek", $"RANGE INDEX {Name(s.Name)}:{s.Label}({s.Key}) WHERE {s.Key} = {Expr(s.Value)}", [s.Name]);
            case NodeCheckOp c:
                return ("Filter", $"{Name(c.Name)}{string.Concat(c.Labels.Select(l => ":" + l))}", []);
            case ExpandOp e:
                return (e.Into ? "Expand(Into)" : "Expand(All)",
                    $"({Slot(names, e.FromSlot)}){Arrow(e.Direction, Name(e.RelName) + Types(e.Types))}({Name(e.ToName)})", [e.RelName, e.ToName]);
            case VarLengthExpandOp v:
                var range = $"*{v.Min}..{(v.Max is { } max ? max.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}";
                return (v.Pruning ? "VarLengthExpand(Pruning)" : v.Into ? "VarLengthExpand(Into)" : "VarLengthExpand(All)",
                    $"({Slot(names, v.FromSlot)}){Arrow(v.Direction, Name(v.RelName) + Types(v.Types) + range)}({Name(v.ToName)})",
                    v.Pruning ? [v.ToName] : [v.RelName, v.ToName]);
            case QuantifiedPathOp q:
                return ("Repeat(Trail)", $"({Slot(names, q.FromSlot)}) (...){{{q.Min}, {(q.Max is { } qmax ? qmax.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")}}} ({Slot(names, q.ToSlot)})", [Slot(names, q.ToSlot)]);
            case ShortestPathOp s:
                return (s.All ? "AllShortestPaths" : "ShortestPath",
                    $"({Slot(names, s.FromSlot)}){Arrow(s.Direction, Slot(names, s.RelSlot) + Types(s.Types) + "*")}({Slot(names, s.ToSlot)})", []);
            case TopPathsOp t:
                return ("StatefulShortestPath(All)", $"SHORTEST {t.K}{(t.Groups ? " GROUPS" : "")}", []);
            case ProjectPathOp:
                return ("Projection", "path", []);
            case FilterOp f:
                return ("Filter", Expr(f.Predicate), []);
            case ProjectOp p:
                return ("Projection", string.Join(", ", p.Items.Select(i => $"{Expr(i.Value)} AS {Slot(names, i.Slot)}")), p.Items.Select(i => Slot(names, i.Slot)).ToList());
            case AggregateOp a:
                var keys = a.Keys.Select(k => $"{Expr(k.Value)} AS {Slot(names, k.Slot)}");
                var aggregates = a.Aggregates.Select(x => $"{x.Function}({(x.Distinct ? "DISTINCT " : "")}{(x.Argument is null ? "*" : Expr(x.Argument))})");
                return (a.Keys.Count == 0 ? "EagerAggregation" : "EagerAggregation", string.Join(", ", keys.Concat(aggregates)), []);
            case DistinctOp d:
                return ("Distinct", string.Join(", ", d.Slots.Select(s => Slot(names, s))), []);
            case SortOp s:
                return ("Sort", string.Join(", ", s.Keys.Select(k => Expr(k.Key) + (k.Descending ? " DESC" : " ASC"))), []);
            case SkipOp s:
                return ("Skip", Expr(s.Count), []);
            case LimitOp l:
                return ("Limit", Expr(l.Count), []);
            case UnwindOp u:
                return ("Unwind", $"{Expr(u.List)} AS {Slot(names, u.Slot)}", [Slot(names, u.Slot)]);
            case OptionalOp:
                return ("Apply", "OPTIONAL MATCH", []);
            case ApplyOp a:
                return (a.Optional ? "Apply" : "Apply", a.Optional ? "OPTIONAL CALL" : "CALL { … }", []);
            case UnionOp u:
                return ("Union", u.All ? "UNION ALL" : "UNION", []);
            case CreateOp:
                return ("Create", "", []);
            case MergeOp:
                return ("Merge", "", []);
            case SetOp s:
                return (s.Actions.Any(a => a is SetLabelsAction) ? "SetLabels" : "SetProperty", s.Name, []);
            case DeleteOp d:
                return (d.Detach ? "DetachDelete" : "Delete", string.Join(", ", d.Targets.Select(Expr)), []);
            case ProcedureCallOp p:
                return ("ProcedureCall", p.Procedure.Name + "()", []);
            case SchemaOp s:
                return (s.Command.GetType().Name, "", []);
            case LoadCsvOp l:
                return ("LoadCSV", $"{Expr(l.Source)} AS {Slot(names, l.Slot)}", [Slot(names, l.Slot)]);
            case EagerOp:
                return ("Eager", "", []);
            default:
                return (op.GetType().Name.Replace("Op", "", StringComparison.Ordinal), "", []);
        }
    }
}
