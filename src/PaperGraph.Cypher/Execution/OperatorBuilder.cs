using PaperGraph.Cypher.Planning;

namespace PaperGraph.Cypher.Execution;

/// <summary>Maps each logical operator to its physical operator: one switch, as Jint builds its interpreter.</summary>
public static class OperatorBuilder
{
    [ThreadStatic]
    private static ProfileSession? t_profile;

    /// <summary>Builds the physical operators of a plan.</summary>
    public static PhysicalOperator Build(LogicalOperator op)
    {
        var built = BuildOne(op);
        if (t_profile is not { } session)
        {
            return built;
        }

        var profile = new OperatorProfile();
        session.Operators[op] = profile;
        return new ProfilingOperator(built, profile, session);
    }

    /// <summary>Builds the operators of a plan for PROFILE: each one counts its rows, db hits and time into
    /// <paramref name="session"/>. A fresh tree for each profiled run.</summary>
    public static PhysicalOperator BuildProfiled(LogicalOperator op, ProfileSession session)
    {
        var previous = t_profile;
        t_profile = session;
        try
        {
            return Build(op);
        }
        finally
        {
            t_profile = previous;
        }
    }

    private static PhysicalOperator BuildOne(LogicalOperator op) => op switch
    {
        ArgumentOp => new ArgumentOperator(),
        NodeScanOp n => new NodeScanOperator(Build(n.Input), n.Slot, n.Label, null, n.Degree),
        NodeIndexSeekOp s => new NodeIndexSeekOperator(Build(s.Input), s.Slot, s.Label, s.Key, s.Value.Evaluate),
        NodeCheckOp c => new NodeCheckOperator(Build(c.Input), c.Slot, c.Labels),
        ExpandOp e => new ExpandOperator(Build(e.Input), e.FromSlot, e.RelSlot, e.ToSlot, e.Into, e.Types, e.Direction, e.ToLabels, e.DistinctFrom, e.RelBound),
        QuantifiedPathOp q => new QuantifiedPathOperator(Build(q.Input), Build(q.Inner), q.FromSlot, q.EntrySlot, q.ExitSlot, q.ToSlot,
            q.Into, q.ToLabels, q.InnerRelSlots, q.Groups, q.DistinctFrom, q.Min, q.Max, q.Reverse, q.ListSlot),
        VarLengthExpandOp v => new VarLengthExpandOperator(Build(v.Input), v.FromSlot, v.RelSlot, v.ToSlot, v.Into, v.Types,
            v.Direction, v.ToLabels, v.DistinctFrom, v.Min, v.Max, v.ReverseList,
            v.RelProperties.Select(p => (p.Key, p.Value.Evaluate)).ToList(), v.Pruning, v.RelBound)
        {
            StepPredicate = v.StepPredicate?.Evaluate,
            StepSlots = v.StepSlots,
            GroupSlots = v.GroupSlots,
        },
        ShortestPathOp s => new ShortestPathOperator(Build(s.Input), s.FromSlot, s.ToSlot, s.RelSlot, s.PathSlot, s.Types,
            s.Direction, s.Min, s.Max, s.All, s.ReverseList),
        ProjectPathOp p => new ProjectPathOperator(Build(p.Input), p.PathSlot, p.Elements),
        FilterOp f when FusedScan(f) is var (scan, predicates) && scan is not null =>
            new NodeScanOperator(Build(scan.Input), scan.Slot, scan.Label, predicates, scan.Degree),
        FilterOp f => new FilterOperator(Build(f.Input), f.Predicate.Evaluate),
        ProjectOp p => new ProjectOperator(Build(p.Input), p.Items.Select(i => i.Slot).ToArray(), p.Items.Select(i => i.Value.Evaluate).ToArray()),
        AggregateOp a => new AggregateOperator(Build(a.Input), a.Keys.Select(k => k.Slot).ToArray(), a.Keys.Select(k => k.Value.Evaluate).ToArray(),
            a.Aggregates.Select(x => new AggregateDefinition(x.Function, x.Distinct, x.Argument?.Evaluate,
                x.Extra.Select(e => e.Evaluate).ToArray(), x.Slot)).ToArray()),
        DistinctOp d => new DistinctOperator(Build(d.Input), d.Slots),
        SortOp s => new SortOperator(Build(s.Input), s.Keys.Select(k => k.Key.Evaluate).ToArray(), s.Keys.Select(k => k.Descending).ToArray()),
        SkipOp s => new SkipOperator(Build(s.Input), s.Count.Evaluate),
        LimitOp l => new LimitOperator(Build(l.Input), l.Count.Evaluate),
        UnwindOp u => new UnwindOperator(Build(u.Input), u.List.Evaluate, u.Slot),
        OptionalOp o => new OptionalOperator(Build(o.Input), Build(o.Inner), o.NullSlots),
        LoadCsvOp l => new LoadCsvOperator(Build(l.Input), l.Source.Evaluate, l.Slot, l.WithHeaders, l.FieldTerminator),
        TopPathsOp t => new TopPathsOperator(Build(t.Input), t.StartSlot, t.EndSlot, t.Relationships.ToArray(), t.K, t.Groups),
        ApplyOp a => new ApplyOperator(Build(a.Input), Build(a.Inner), a.KeepInputWhenEmpty, a.Optional ? a.OptionalSlots : null),
        UnionOp u => new UnionOperator(u.Branches.Select(Build).ToArray(), u.BranchSlots.ToArray(), u.OutputSlots, u.All),
        CreateOp c => new CreateOperator(Build(c.Input), c.Parts.Select(BuildPart).ToArray()),
        MergeOp m => new MergeOperator(Build(m.Input), Build(m.Match), BuildPart(m.Create),
            m.OnCreate.Select(BuildAction).ToArray(), m.OnMatch.Select(BuildAction).ToArray()),
        SetOp s => new SetOperator(Build(s.Input), s.Actions.Select(BuildAction).ToArray()),
        DeleteOp d => new DeleteOperator(Build(d.Input), d.Targets.Select(t => t.Evaluate).ToArray(), d.Detach),
        ProcedureCallOp p => new ProcedureCallOperator(Build(p.Input), p.Procedure,
            p.Arguments.Select(a => a.Evaluate).ToArray(), p.OutputSlots.ToArray()),
        SchemaOp s => new SchemaOperator(s.Command, s.OutputSlots),
        EagerOp e => new EagerOperator(Build(e.Input)),
        _ => throw new InvalidOperationException($"No physical operator for {op.GetType().Name}."),
    };

    private static CreatePartDefinition BuildPart(CreatePartSpec spec) => new(
        spec.Nodes.Select(n => new CreateNodeDefinition(n.Slot, n.Bound, n.Labels, n.Properties?.Evaluate)).ToList(),
        spec.Relationships.Select(r => new CreateRelationshipDefinition(r.Slot, r.StartSlot, r.EndSlot, r.Type, r.Properties?.Evaluate)).ToList(),
        spec.PathSlot,
        spec.PathElements);

    private static SetActionDefinition BuildAction(SetAction action) => action switch
    {
        SetPropertyAction p => new SetPropertyDefinition(p.Target.Evaluate, p.Key, p.Value?.Evaluate),
        SetAllPropertiesAction a => new SetAllPropertiesDefinition(a.Target.Evaluate, a.Value.Evaluate, a.Merge),
        SetLabelsAction l => new SetLabelsDefinition(l.Target.Evaluate, l.Labels, l.Remove),
        _ => throw new InvalidOperationException($"No action for {action.GetType().Name}."),
    };

    /// <summary>Filters directly over a node scan run inside the scan (innermost first), so that the nodes they
    /// reject never become rows.</summary>
    private static (NodeScanOp? Scan, Evaluator[] Predicates) FusedScan(FilterOp filter)
    {
        var predicates = new List<Evaluator>();
        LogicalOperator current = filter;
        while (current is FilterOp f)
        {
            predicates.Add(f.Predicate.Evaluate);
            current = f.Input;
        }

        predicates.Reverse();
        return (current as NodeScanOp, [.. predicates]);
    }
}
