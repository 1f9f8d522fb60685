using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Rewriting;
using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Planning;

public sealed partial class Planner
{
    private LogicalOperator PlanMatchClause(LogicalOperator op, Scope scope, MatchClause match)
    {
        if (!match.Optional)
        {
            return PlanPattern(op, scope, match.Pattern.Parts, match.Where, searchFilters: match.PatternPredicates);
        }

        var inner = scope.Clone();
        var innerOp = PlanPattern(new ArgumentOp(true), inner, match.Pattern.Parts, match.Where, searchFilters: match.PatternPredicates);
        var newSlots = new List<int>();
        foreach (var v in inner.Variables)
        {
            if (!scope.Contains(v.Name))
            {
                scope.Add(v);
                newSlots.Add(v.Slot);
            }
        }

        return new OptionalOp(op, innerOp, [.. newSlots]);
    }

    /// <summary>Names of every element of the pattern; anonymous elements get generated names in place.</summary>
    private sealed class PartInfo(PatternPart part)
    {
        public PatternPart Part { get; } = part;
        public List<(NodePattern Node, string Name)> Nodes { get; } = [];
        public List<(RelationshipPattern Rel, string Name)> Rels { get; } = [];
    }

    private PartInfo Describe(PatternPart part)
    {
        var info = new PartInfo(part);
        info.Nodes.Add((part.Element.Start, part.Element.Start.Variable?.Name ?? NewAnonymousName()));
        foreach (var step in part.Element.Chain)
        {
            info.Rels.Add((step.Relationship, step.Relationship.Variable?.Name ?? NewAnonymousName()));
            info.Nodes.Add((step.Node, step.Node.Variable?.Name ?? NewAnonymousName()));
        }

        return info;
    }

    /// <summary>Plans the parts of a MATCH pattern (or of a pattern predicate, comprehension or MERGE) on top of
    /// <paramref name="op"/>, binding its new variables in <paramref name="scope"/>.</summary>
    private LogicalOperator PlanPattern(LogicalOperator op, Scope scope, IReadOnlyList<PatternPart> parts, Expression? where,
        bool forMerge = false, IReadOnlyList<Expression>? searchFilters = null)
    {
        var conjuncts = new List<Expression>();
        ExpressionTree.SplitConjuncts(where, conjuncts);

        // A path selector (SHORTEST k, ANY, ALL SHORTEST): a MATCH-level WHERE on what lies inside a selected path
        // (its relationships, inner nodes, group variables, the path itself) filters the selected paths afterwards
        // (the Cypher Manual's "pre-filters and post-filters"); predicates inside the pattern filter the search.
        var postFilters = new List<Expression>();
        var interiors = parts.Select(p => p.Selector ? InteriorNames(p, scope) : []).ToList();
        if (interiors.Any(i => i.Count > 0))
        {
            var inside = new List<Expression>();
            foreach (var f in searchFilters ?? [])
            {
                ExpressionTree.SplitConjuncts(f, inside);
            }

            for (var i = 0; i < conjuncts.Count; i++)
            {
                var vars = ExpressionTree.Variables(conjuncts[i]);
                if (!inside.Any(f => ReferenceEquals(f, conjuncts[i])) && interiors.Any(names => names.Overlaps(vars)))
                {
                    postFilters.Add(conjuncts[i]);
                    conjuncts.RemoveAt(i--);
                }
            }
        }

        // SHORTEST 1 / ALL SHORTEST over a quantified path pattern with predicates or several relationships, or with
        // a post-filter: the bidirectional search cannot check those per step, so enumerate and keep the shortest
        // (as SHORTEST k does).
        parts = parts.Select((p, index) => p.Function is PatternFunction.ShortestPath or PatternFunction.AllShortestPaths &&
                                  (p.Element.Chain.Any(c => c.Relationship.Quantified is not null) ||
                                   postFilters.Concat(conjuncts).Any(f => ExpressionTree.Variables(f).Overlaps(interiors[index])))
            ? p with { Function = p.Function == PatternFunction.ShortestPath ? PatternFunction.ShortestK : PatternFunction.ShortestKGroups, K = 1 }
            : p).ToList();
        var infos = parts.Select(Describe).ToList();

        // Variables this pattern introduces, with their kinds; checks kind conflicts (VariableTypeConflict).
        var pending = new HashSet<string>(StringComparer.Ordinal);
        var kinds = new Dictionary<string, VariableKind>(StringComparer.Ordinal);
        void Note(string name, VariableKind kind, AstNode at)
        {
            if (scope.TryGet(name, out var existing))
            {
                if (existing.Kind != VariableKind.Any && existing.Kind != kind &&
                    !(existing.Kind == VariableKind.List && kind == VariableKind.RelationshipList))
                {
                    throw SyntaxError($"Type mismatch: {name} defined with conflicting type {Describe(existing.Kind)} (expected {Describe(kind)})", at);
                }

                if (kind == VariableKind.Path)
                {
                    throw SyntaxError($"Variable `{name}` already declared", at);
                }

                return;
            }

            if (kinds.TryGetValue(name, out var k))
            {
                if (k != kind)
                {
                    throw SyntaxError($"Type mismatch: {name} defined with conflicting type {Describe(k)} (expected {Describe(kind)})", at);
                }

                if (kind is VariableKind.Relationship or VariableKind.RelationshipList)
                {
                    throw SyntaxError($"Cannot use the same relationship variable '{name}' for multiple relationships", at);
                }

                if (kind == VariableKind.Path)
                {
                    throw SyntaxError($"Variable `{name}` already declared", at);
                }

                return;
            }

            kinds[name] = kind;
            pending.Add(name);
        }

        foreach (var info in infos)
        {
            foreach (var (node, name) in info.Nodes)
            {
                Note(name, VariableKind.Node, node);
            }

            foreach (var (rel, name) in info.Rels)
            {
                Note(name, rel.Range is null ? VariableKind.Relationship : VariableKind.RelationshipList, rel);
                if (rel.Quantified is { Element: { } element })
                {
                    // Every named inner node and relationship of a longer quantified path pattern is a group variable.
                    foreach (var inner in GroupVariables(element))
                    {
                        Note(inner.Name, VariableKind.Any, inner);
                    }
                }
                else if (rel.Quantified is { } q)
                {
                    // Named inner nodes of a quantified path pattern are group variables outside it: lists.
                    foreach (var inner in (ReadOnlySpan<NodePattern>)[q.Left, q.Right])
                    {
                        if (inner.Variable is { } v && !Scope.IsGenerated(v.Name))
                        {
                            Note(v.Name, VariableKind.Any, inner);
                        }
                    }
                }
            }

            if (info.Part.Variable is { } pv)
            {
                Note(pv.Name, VariableKind.Path, pv);
            }
        }

        var relSlots = new List<int>();
        var relCount = infos.Sum(i => i.Rels.Count);

        LogicalOperator ApplyReady(LogicalOperator current)
        {
            for (var i = 0; i < conjuncts.Count; i++)
            {
                var vars = new HashSet<string>(StringComparer.Ordinal);
                ExpressionTree.CollectVariables(conjuncts[i], vars);
                if (vars.Overlaps(pending))
                {
                    continue;
                }

                var predicate = CompilePredicate(conjuncts[i], scope);
                current = current is NodeScanOp scan && DegreeCheckOf(conjuncts[i], scan.Name) is { } check
                    ? scan with { Degree = [.. scan.Degree ?? [], check] }
                    : new FilterOp(current, predicate);
                conjuncts.RemoveAt(i);
                i--;
            }

            return current;
        }

        void Bind(string name, int slot, VariableKind kind)
        {
            scope.Add(new BoundVariable(name, slot, kind));
            pending.Remove(name);
        }

        void AddPropertyConjuncts(string name, Expression? properties, AstNode at, string? skipKey = null)
        {
            switch (properties)
            {
                case null:
                    return;
                case MapLiteral map:
                    foreach (var entry in map.Entries)
                    {
                        if (entry.Key == skipKey)
                        {
                            continue;
                        }

                        conjuncts.Insert(0, new BinaryExpression(BinaryOperator.Equal,
                            new PropertyAccess(new Variable(name) { Span = at.Span }, entry.Key) { Span = entry.Span }, entry.Value) { Span = entry.Span });
                    }

                    return;
                default:
                    // a parameter map: every entry must equal
                    conjuncts.Insert(0, new PropertiesMatch(new Variable(name) { Span = at.Span }, properties) { Span = properties.Span });
                    return;
            }
        }

        op = ApplyReady(op);
        foreach (var info in infos)
        {
            if (info.Part.Function is PatternFunction.ShortestPath or PatternFunction.AllShortestPaths)
            {
                op = PlanShortestPath(op, scope, info, conjuncts, pending, Bind, AddPropertyConjuncts, ApplyReady);
                continue;
            }

            // Choose where to start: a bound node, else an index seek, else a label scan, else any node.
            var start = 0;
            var best = -1;
            (string Key, Expression Value)? bestSeek = null;
            for (var i = 0; i < info.Nodes.Count; i++)
            {
                var (node, name) = info.Nodes[i];
                var seek = node.Labels.Count > 0 ? FindSeek(name, node, conjuncts, scope, pending) : null;
                var score = !pending.Contains(name) ? 100
                    : seek is not null ? 50
                    : node.Properties is not null ? (node.Labels.Count > 0 ? 40 : 30)
                    : node.Labels.Count > 0 ? 20 : 0;
                if (score > best)
                {
                    best = score;
                    start = i;
                    bestSeek = seek;
                }
            }

            {
                var (node, name) = info.Nodes[start];
                if (!pending.Contains(name))
                {
                    var bound = Lookup(scope, name, node);
                    op = new NodeCheckOp(op, name, bound.Slot, node.Labels);
                    AddPropertyConjuncts(name, node.Properties, node);
                }
                else
                {
                    var slot = NewSlot();
                    if (bestSeek is { } s)
                    {
                        op = new NodeIndexSeekOp(op, name, slot, node.Labels[0], s.Key, Compile(s.Value, scope));
                        if (node.Labels.Count > 1)
                        {
                            op = new NodeCheckOp(op, name, slot, node.Labels.Skip(1).ToList());
                        }

                        // The seek's equality stays as a filter too: the index compares by value, the filter by Cypher equality.
                        AddPropertyConjuncts(name, node.Properties, node);
                    }
                    else
                    {
                        op = new NodeScanOp(op, name, slot, node.Labels.Count > 0 ? node.Labels[0] : null);
                        if (node.Labels.Count > 1)
                        {
                            op = new NodeCheckOp(op, name, slot, node.Labels.Skip(1).ToList());
                        }

                        AddPropertyConjuncts(name, node.Properties, node);
                    }

                    Bind(name, slot, VariableKind.Node);
                }

                op = ApplyReady(op);
            }

            for (var i = start; i < info.Rels.Count; i++)
            {
                op = PlanStep(op, scope, info, i, forward: true, relSlots, relCount, pending, Bind, AddPropertyConjuncts, forMerge);
                op = ApplyReady(op);
            }

            for (var i = start - 1; i >= 0; i--)
            {
                op = PlanStep(op, scope, info, i, forward: false, relSlots, relCount, pending, Bind, AddPropertyConjuncts, forMerge);
                op = ApplyReady(op);
            }

            if (info.Part.Variable is { } pathVar)
            {
                var slot = NewSlot();
                op = new ProjectPathOp(op, slot, PathElements(scope, info));
                Bind(pathVar.Name, slot, VariableKind.Path);
                op = ApplyReady(op);
            }
        }

        foreach (var c in conjuncts)
        {
            op = new FilterOp(op, CompilePredicate(c, scope));
        }

        // SHORTEST k [GROUPS]: every matching path was enumerated (and filtered); keep the k shortest per end pair.
        foreach (var info in infos.Where(i => i.Part.Function is PatternFunction.ShortestK or PatternFunction.ShortestKGroups))
        {
            var rels = info.Rels.Select(r => (Lookup(scope, r.Name, r.Rel).Slot, r.Rel.Range is not null)).ToArray();
            op = new TopPathsOp(op, Lookup(scope, info.Nodes[0].Name, info.Part).Slot, Lookup(scope, info.Nodes[^1].Name, info.Part).Slot,
                rels, info.Part.K ?? 1, info.Part.Function == PatternFunction.ShortestKGroups);
        }

        foreach (var c in postFilters)
        {
            op = new FilterOp(op, CompilePredicate(c, scope));
        }

        return op;
    }

    /// <summary>A WHERE predicate: must be able to be a boolean (a node or a number is a SyntaxError).</summary>
    private CompiledExpression CompilePredicate(Expression e, Scope scope)
    {
        RequireType(e, scope, "WHERE", "Boolean");
        return Compile(e, scope);
    }

    private static string Describe(VariableKind kind) => kind switch
    {
        VariableKind.Node => "Node",
        VariableKind.Relationship => "Relationship",
        VariableKind.RelationshipList => "List<Relationship>",
        VariableKind.Path => "Path",
        _ => "Any",
    };

    private BoundVariable Lookup(Scope scope, string name, AstNode at) =>
        scope.TryGet(name, out var v) ? v : throw SyntaxError($"Variable `{name}` not defined", at);

    private static List<(int Slot, bool IsNode, bool IsList)> PathElements(Scope scope, PartInfo info)
    {
        var elements = new List<(int, bool, bool)>();
        scope.TryGet(info.Nodes[0].Name, out var first);
        elements.Add((first!.Slot, true, false));
        for (var i = 0; i < info.Rels.Count; i++)
        {
            scope.TryGet(info.Rels[i].Name, out var rel);
            elements.Add((rel!.Slot, false, info.Rels[i].Rel.Range is not null));
            scope.TryGet(info.Nodes[i + 1].Name, out var node);
            elements.Add((node!.Slot, true, false));
        }

        return elements;
    }

    /// <summary>An equality on a property of the node usable for an index seek: an inline property, or a
    /// WHERE conjunct <c>n.key = expr</c> whose other side only uses bound variables.</summary>
    private static (string Key, Expression Value)? FindSeek(string name, NodePattern node, List<Expression> conjuncts, Scope scope,
        HashSet<string> pending)
    {
        bool Usable(Expression value)
        {
            var vars = new HashSet<string>(StringComparer.Ordinal);
            ExpressionTree.CollectVariables(value, vars);
            return vars.All(v => scope.Contains(v) && !pending.Contains(v)) && !ExpressionTree.ContainsAggregate(value);
        }

        if (node.Properties is MapLiteral map)
        {
            foreach (var entry in map.Entries)
            {
                if (Usable(entry.Value))
                {
                    return (entry.Key, entry.Value);
                }
            }
        }

        for (var i = 0; i < conjuncts.Count; i++)
        {
            if (conjuncts[i] is BinaryExpression { Operator: BinaryOperator.Equal } eq)
            {
                if (eq.Left is PropertyAccess { Target: Variable v } p && v.Name == name && Usable(eq.Right))
                {
                    return (p.Key, eq.Right);
                }

                if (eq.Right is PropertyAccess { Target: Variable v2 } p2 && v2.Name == name && Usable(eq.Left))
                {
                    return (p2.Key, eq.Left);
                }
            }
        }

        return null;
    }

    /// <summary>The conjunct as a degree check on the node named <paramref name="name"/>: <c>(n)-[:T]-&gt;()</c>,
    /// <c>()-[:T]-&gt;(n)</c> and their negations, with no labels, properties or variables besides n; else null.</summary>
    private static DegreeCheck? DegreeCheckOf(Expression conjunct, string name)
    {
        var present = true;
        if (conjunct is UnaryExpression { Operator: UnaryOperator.Not, Operand: var operand })
        {
            present = false;
            conjunct = operand;
        }

        if (conjunct is not PatternPredicate { Pattern: { Chain.Count: 1 } element } ||
            element.Chain[0].Relationship is not { Range: null, Properties: null, Variable: null } rel)
        {
            return null;
        }

        static bool Free(NodePattern n) => n.Variable is null && n.Labels.Count == 0 && n.Properties is null;
        bool IsNode(NodePattern n) => n.Variable?.Name == name && n.Labels.Count == 0 && n.Properties is null;
        var start = element.Start;
        var end = element.Chain[0].Node;
        if (IsNode(start) && Free(end))
        {
            return new DegreeCheck(DirectionOf(rel.Direction, forward: true), rel.Types, present);
        }

        return Free(start) && IsNode(end) ? new DegreeCheck(DirectionOf(rel.Direction, forward: false), rel.Types, present) : null;
    }

    private static StoreDirection DirectionOf(RelationshipDirection direction, bool forward) => direction switch
    {
        RelationshipDirection.Right => forward ? StoreDirection.Outgoing : StoreDirection.Incoming,
        RelationshipDirection.Left => forward ? StoreDirection.Incoming : StoreDirection.Outgoing,
        _ => StoreDirection.Both,
    };

    private LogicalOperator PlanStep(LogicalOperator op, Scope scope, PartInfo info, int index, bool forward, List<int> relSlots,
        int relCount, HashSet<string> pending, Action<string, int, VariableKind> bind,
        Action<string, Expression?, AstNode, string?> addPropertyConjuncts, bool forMerge)
    {
        var (rel, relName) = info.Rels[index];
        var (fromNode, fromName) = forward ? info.Nodes[index] : info.Nodes[index + 1];
        var (toNode, toName) = forward ? info.Nodes[index + 1] : info.Nodes[index];
        _ = fromNode;
        var from = Lookup(scope, fromName, rel);
        var into = !pending.Contains(toName);
        var toSlot = into ? Lookup(scope, toName, toNode).Slot : NewSlot();
        var direction = DirectionOf(rel.Direction, forward);
        var toLabels = into ? [] : toNode.Labels;
        var distinctFrom = relSlots.ToArray();
        if (rel.Range is null)
        {
            var relBound = !pending.Contains(relName);
            var relSlot = relBound ? Lookup(scope, relName, rel).Slot : NewSlot();
            op = new ExpandOp(op, from.Slot, relName, relSlot, toName, toSlot, into, rel.Types, direction, toLabels, distinctFrom, relBound);
            if (!relBound)
            {
                bind(relName, relSlot, VariableKind.Relationship);
            }

            addPropertyConjuncts(relName, rel.Properties, rel, null);
            relSlots.Add(relSlot);
        }
        else if (rel.Quantified is { Element: { } element })
        {
            if (forMerge)
            {
                throw SyntaxError("Quantified path patterns cannot be used in MERGE", rel);
            }

            var listSlot = NewSlot();
            op = PlanQuantifiedPath(op, scope, rel.Quantified, element, rel.Range!, from.Slot, toName, toSlot, into, toLabels,
                distinctFrom, forward, listSlot, relName, bind);
            bind(relName, listSlot, VariableKind.RelationshipList);
            relSlots.Add(listSlot);
        }
        else
        {
            var listBound = !pending.Contains(relName);

            if (forMerge)
            {
                throw SyntaxError("Variable length relationships cannot be used in MERGE", rel);
            }

            var relSlot = listBound ? Lookup(scope, relName, rel).Slot : NewSlot();
            var props = new List<(string, CompiledExpression)>();
            if (rel.Properties is MapLiteral map)
            {
                foreach (var e in map.Entries)
                {
                    props.Add((e.Key, Compile(e.Value, scope)));
                }
            }
            else if (rel.Properties is not null)
            {
                throw NotSupported("A parameter map on a variable-length relationship", rel);
            }

            var min = rel.Range.Min ?? 1;
            var max = rel.Range.Max;
            var eligible = rel.Variable is null && info.Part.Variable is null && relCount == 1 && direction != StoreDirection.Both &&
                           min <= 1 && props.Count == 0 && rel.Quantified is null;
            var (stepPredicate, stepSlots, groupSlots) = PlanQuantifiedStep(rel, relName, scope);
            op = new VarLengthExpandOp(op, from.Slot, relName, relSlot, toName, toSlot, into, rel.Types, direction, toLabels,
                distinctFrom, min, max, !forward, props, eligible && !listBound, RelBound: listBound)
            {
                StepPredicate = stepPredicate,
                StepSlots = stepSlots,
                GroupSlots = groupSlots,
            };
            if (!listBound)
            {
                bind(relName, relSlot, VariableKind.RelationshipList);
            }

            if (rel.Quantified is { } q)
            {
                if (groupSlots.Left >= 0) bind(q.Left.Variable!.Name, groupSlots.Left, VariableKind.Any);
                if (groupSlots.Right >= 0) bind(q.Right.Variable!.Name, groupSlots.Right, VariableKind.Any);
            }

            relSlots.Add(relSlot);
        }

        if (into)
        {
            if (toNode.Labels.Count > 0)
            {
                op = new NodeCheckOp(op, toName, toSlot, toNode.Labels);
            }
        }
        else
        {
            bind(toName, toSlot, VariableKind.Node);
        }

        addPropertyConjuncts(toName, toNode.Properties, toNode, null);
        return op;
    }

    /// <summary>
    /// A quantified path pattern <c>((a:L {k: v})-[r]-&gt;(b) WHERE p){m,n}</c>: its inner labels, properties and WHERE
    /// become one predicate on every step, compiled with a, r and b bound to that step (a scope of their own over the
    /// outer one); named inner nodes also get slots for their group variables.
    /// </summary>
    private (CompiledExpression? Predicate, (int, int, int) StepSlots, (int Left, int Right) GroupSlots) PlanQuantifiedStep(
        RelationshipPattern rel, string relName, Scope scope)
    {
        if (rel.Quantified is not { } q)
        {
            return (null, (-1, -1, -1), (-1, -1));
        }

        var inner = scope.Clone();
        var leftName = q.Left.Variable?.Name ?? NewAnonymousName();
        var rightName = q.Right.Variable?.Name ?? NewAnonymousName();
        var slots = (Left: NewSlot(), Rel: NewSlot(), Right: NewSlot());
        inner.Add(new BoundVariable(leftName, slots.Left, VariableKind.Node));
        inner.Add(new BoundVariable(relName, slots.Rel, VariableKind.Relationship));
        inner.Add(new BoundVariable(rightName, slots.Right, VariableKind.Node));
        var conjuncts = new List<Expression>();
        foreach (var (node, name) in new[] { (q.Left, leftName), (q.Right, rightName) })
        {
            var target = new Variable(name) { Span = node.Span };
            if (node.Labels.Count > 0)
            {
                conjuncts.Add(new LabelPredicate(target, node.Labels) { Span = node.Span });
            }

            switch (node.Properties)
            {
                case MapLiteral map:
                    conjuncts.AddRange(map.Entries.Select(e => (Expression)new BinaryExpression(BinaryOperator.Equal,
                        new PropertyAccess(target, e.Key) { Span = e.Span }, e.Value) { Span = e.Span }));
                    break;
                case not null:
                    throw NotSupported("A parameter map inside a quantified path pattern", node.Properties);
            }
        }

        if (q.Where is not null)
        {
            conjuncts.Add(q.Where);
        }

        CompiledExpression? predicate = null;
        if (conjuncts.Count > 0)
        {
            var all = conjuncts.Aggregate((x, y) => new BinaryExpression(BinaryOperator.And, x, y) { Span = y.Span });
            predicate = CompilePredicate(all, inner);
        }

        var groupLeft = q.Left.Variable is { } lv && !Scope.IsGenerated(lv.Name) ? NewSlot() : -1;
        var groupRight = q.Right.Variable is { } rv && !Scope.IsGenerated(rv.Name) ? NewSlot() : -1;
        return (predicate, slots, (groupLeft, groupRight));
    }

    /// <summary>The names a pattern part binds inside its paths, not yet bound: the path, its relationships, every
    /// node but the two ends, and the group variables of its quantified path patterns.</summary>
    private static HashSet<string> InteriorNames(PatternPart part, Scope scope)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Add(Variable? v)
        {
            if (v is not null && !scope.Contains(v.Name)) names.Add(v.Name);
        }

        Add(part.Variable);
        for (var i = 0; i < part.Element.Chain.Count; i++)
        {
            var step = part.Element.Chain[i];
            Add(step.Relationship.Variable);
            if (i < part.Element.Chain.Count - 1) Add(step.Node.Variable);
            switch (step.Relationship.Quantified)
            {
                case { Element: { } element }:
                    foreach (var v in GroupVariables(element)) Add(v);
                    break;
                case { } q:
                    Add(q.Left.Variable);
                    Add(q.Right.Variable);
                    break;
            }
        }

        return names;
    }

    /// <summary>The named inner variables of a quantified path pattern: its group variables outside it.</summary>
    private static IEnumerable<Variable> GroupVariables(PatternElement element)
    {
        if (element.Start.Variable is { } start && !Scope.IsGenerated(start.Name)) yield return start;
        foreach (var step in element.Chain)
        {
            if (step.Relationship.Variable is { } r && !Scope.IsGenerated(r.Name)) yield return r;
            if (step.Node.Variable is { } n && !Scope.IsGenerated(n.Name)) yield return n;
        }
    }

    /// <summary>
    /// A quantified path pattern of more than one relationship, <c>((a)-[r]-&gt;(b)-[s]-&gt;(c) WHERE p){m,n}</c>: its
    /// inner pattern is planned once as a plan of its own whose entry node (the first inner node when the walk goes
    /// left to right, else the last) is bound by the caller; <see cref="QuantifiedPathOp"/> runs it once per
    /// iteration from the node the previous iteration ended on, keeping relationships distinct across iterations.
    /// </summary>
    private LogicalOperator PlanQuantifiedPath(LogicalOperator op, Scope scope, QuantifiedPath q, PatternElement element,
        RangeLiteral range, int fromSlot, string toName, int toSlot, bool into, IReadOnlyList<string> toLabels, int[] distinctFrom,
        bool forward, int listSlot, string relName, Action<string, int, VariableKind> bind)
    {
        _ = toName;
        _ = relName;

        // Name every anonymous inner element, so that the entry node and each relationship have a slot we know.
        NodePattern Named(NodePattern n) => n.Variable is null ? n with { Variable = new Variable(NewAnonymousName()) { Span = n.Span } } : n;
        var named = new PatternElement(Named(element.Start), element.Chain.Select(c => c with
        {
            Relationship = c.Relationship.Variable is null
                ? c.Relationship with { Variable = new Variable(NewAnonymousName()) { Span = c.Relationship.Span } }
                : c.Relationship,
            Node = Named(c.Node),
        }).ToList()) { Span = element.Span };

        var inner = scope.Clone();
        foreach (var v in GroupVariables(named))
        {
            if (scope.Contains(v.Name))
            {
                throw SyntaxError($"Variable `{v.Name}` is already defined outside the quantified path pattern; " +
                    "a variable inside one cannot refer to a variable bound outside it", v);
            }
        }

        var entry = forward ? named.Start : named.Chain[^1].Node;
        var exit = forward ? named.Chain[^1].Node : named.Start;
        var entrySlot = NewSlot();
        inner.Add(new BoundVariable(entry.Variable!.Name, entrySlot, VariableKind.Node));
        var part = new PatternPart(null, PatternFunction.None, named) { Span = named.Span };
        var innerPlan = PlanPattern(new ArgumentOp(true), inner, [part], q.Where);

        var exitSlot = Lookup(inner, exit.Variable!.Name, exit).Slot;
        var relSlotsInner = named.Chain.Select(c => Lookup(inner, c.Relationship.Variable!.Name, c.Relationship).Slot).ToArray();
        var groups = new List<(int Inner, int Group)>();
        foreach (var v in GroupVariables(named))
        {
            var group = NewSlot();
            groups.Add((Lookup(inner, v.Name, v).Slot, group));
        }

        op = new QuantifiedPathOp(op, innerPlan, fromSlot, entrySlot, exitSlot, toSlot, into, toLabels, relSlotsInner, [.. groups],
            distinctFrom, range.Min ?? 1, range.Max, !forward, listSlot);
        var index = 0;
        foreach (var v in GroupVariables(named))
        {
            bind(v.Name, groups[index++].Group, VariableKind.Any);
        }

        return op;
    }

    private LogicalOperator PlanShortestPath(LogicalOperator op, Scope scope, PartInfo info, List<Expression> conjuncts,
        HashSet<string> pending, Action<string, int, VariableKind> bind, Action<string, Expression?, AstNode, string?> addProps,
        Func<LogicalOperator, LogicalOperator> applyReady)
    {
        var part = info.Part;
        if (info.Rels.Count != 1)
        {
            throw SyntaxError("shortestPath(...) requires a pattern containing a single relationship", part);
        }

        var (rel, relName) = info.Rels[0];
        if (rel.Properties is not null)
        {
            throw NotSupported("Relationship properties in shortestPath", rel);
        }

        if (rel.Quantified is not null)
        {
            throw NotSupported("Predicates inside a quantified path pattern of a shortest path", rel.Quantified);
        }

        var min = rel.Range?.Min ?? 1;
        var max = rel.Range is null ? 1 : rel.Range.Max;
        if (min > 1)
        {
            throw SyntaxError("shortestPath(...) does not support a minimal length different from 0 or 1", rel);
        }

        foreach (var (node, name) in info.Nodes)
        {
            if (pending.Contains(name))
            {
                var slot = NewSlot();
                var seek = node.Labels.Count > 0 ? FindSeek(name, node, conjuncts, scope, pending) : null;
                op = seek is { } s
                    ? new NodeIndexSeekOp(op, name, slot, node.Labels[0], s.Key, Compile(s.Value, scope))
                    : new NodeScanOp(op, name, slot, node.Labels.Count > 0 ? node.Labels[0] : null);
                if (node.Labels.Count > 1)
                {
                    op = new NodeCheckOp(op, name, slot, node.Labels.Skip(1).ToList());
                }

                bind(name, slot, VariableKind.Node);
            }
            else
            {
                op = new NodeCheckOp(op, name, Lookup(scope, name, node).Slot, node.Labels);
            }

            addProps(name, node.Properties, node, null);
            op = applyReady(op);
        }

        var guarded = new HashSet<string>(StringComparer.Ordinal) { relName };
        if (part.Variable is not null)
        {
            guarded.Add(part.Variable.Name);
        }

        foreach (var c in conjuncts)
        {
            var vars = new HashSet<string>(StringComparer.Ordinal);
            ExpressionTree.CollectVariables(c, vars);
            if (vars.Overlaps(guarded))
            {
                throw NotSupported("A WHERE predicate on the path or relationships of shortestPath", c);
            }
        }

        var relSlot = NewSlot();
        var pathSlot = part.Variable is null ? -1 : NewSlot();
        Lookup(scope, info.Nodes[0].Name, part);
        var fromSlot = Lookup(scope, info.Nodes[0].Name, part).Slot;
        var toSlot = Lookup(scope, info.Nodes[1].Name, part).Slot;
        op = new ShortestPathOp(op, fromSlot, toSlot, relSlot, pathSlot, rel.Types, DirectionOf(rel.Direction, true), min, max,
            part.Function == PatternFunction.AllShortestPaths, false);
        bind(relName, relSlot, VariableKind.RelationshipList);
        if (part.Variable is not null)
        {
            bind(part.Variable.Name, pathSlot, VariableKind.Path);
        }

        return applyReady(op);
    }
}
