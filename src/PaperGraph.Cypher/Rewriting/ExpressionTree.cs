using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Rewriting;

/// <summary>A reference to a row slot, introduced by the planner (aggregation results).</summary>
public sealed record SlotReference(int Slot, string Name) : Expression;

/// <summary>Generic walks over expressions: children, rewriting, free variables, aggregate detection.</summary>
public static class ExpressionTree
{
    /// <summary>The aggregating functions (openCypher plus Neo4j's).</summary>
    public static readonly HashSet<string> AggregateFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "sum", "avg", "min", "max", "collect", "stdev", "stdevp", "percentilecont", "percentiledisc",
    };

    public static bool IsAggregateCall(Expression e) =>
        e is CountStar || (e is FunctionCall f && AggregateFunctions.Contains(f.Name));

    public static IEnumerable<Expression> Children(Expression e)
    {
        switch (e)
        {
            case ListLiteral l:
                return l.Items;
            case MapLiteral m:
                return m.Entries.Select(x => x.Value);
            case PropertyAccess p:
                return [p.Target];
            case IndexExpression i:
                return [i.Target, i.Index];
            case SliceExpression s:
                return NotNull(s.Target, s.From, s.To);
            case FunctionCall f:
                return f.Arguments;
            case UnaryExpression u:
                return [u.Operand];
            case BinaryExpression b:
                return [b.Left, b.Right];
            case IsNull n:
                return [n.Operand];
            case IsNotNull n:
                return [n.Operand];
            case LabelPredicate lp:
                return [lp.Target];
            case LabelExpressionPredicate lep:
                return [lep.Target];
            case TypePredicate tp:
                return [tp.Operand];
            case PropertiesMatch pm:
                return [pm.Target, pm.Properties];
            case CaseExpression c:
                {
                    var list = new List<Expression>();
                    if (c.Test is not null)
                    {
                        list.Add(c.Test);
                    }

                    foreach (var a in c.Alternatives)
                    {
                        list.Add(a.When);
                        list.Add(a.Then);
                    }

                    if (c.Else is not null)
                    {
                        list.Add(c.Else);
                    }

                    return list;
                }

            case ListComprehension lc:
                return NotNull(lc.Source, lc.Where, lc.Projection);
            case Quantifier q:
                return NotNull(q.Source, q.Where);
            case Reduce r:
                return [r.Initial, r.Source, r.Expression];
            case MapProjection mp:
                return mp.Items.OfType<LiteralEntry>().Select(x => x.Value);
            default:
                return [];
        }
    }

    private static List<Expression> NotNull(params Expression?[] items)
    {
        var list = new List<Expression>(items.Length);
        foreach (var i in items)
        {
            if (i is not null)
            {
                list.Add(i);
            }
        }

        return list;
    }

    public static bool ContainsAggregate(Expression e) =>
        IsAggregateCall(e) || Children(e).Any(ContainsAggregate);

    /// <summary>Every variable name mentioned (an over-approximation: includes comprehension-local names and
    /// names inside nested patterns).</summary>
    /// <summary>The names of the variables <paramref name="e"/> reads (see <see cref="CollectVariables"/>).</summary>
    public static HashSet<string> Variables(Expression e)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        CollectVariables(e, names);
        return names;
    }

    public static void CollectVariables(Expression e, HashSet<string> into)
    {
        switch (e)
        {
            case Variable v:
                into.Add(v.Name);
                return;
            case MapProjection mp:
                into.Add(mp.Variable.Name);
                foreach (var item in mp.Items)
                {
                    if (item is VariableSelector vs)
                    {
                        into.Add(vs.Variable.Name);
                    }
                }

                break;
            case PatternPredicate pp:
                CollectPattern(pp.Pattern, into);
                return;
            case PatternComprehension pc:
                CollectPattern(pc.Pattern, into);
                if (pc.Where is not null)
                {
                    CollectVariables(pc.Where, into);
                }

                CollectVariables(pc.Projection, into);
                return;
            case SubqueryExpression ex:
                CollectQuery(ex.Query, into);
                return;
        }

        foreach (var child in Children(e))
        {
            CollectVariables(child, into);
        }
    }

    private static void CollectQuery(Query q, HashSet<string> into)
    {
        IReadOnlyList<SingleQuery> singles = q is UnionQuery u ? u.Queries : [(SingleQuery)q];
        foreach (var s in singles)
        {
            foreach (var c in s.Clauses)
            {
                switch (c)
                {
                    case MatchClause m:
                        foreach (var part in m.Pattern.Parts)
                        {
                            CollectPattern(part.Element, into);
                        }

                        if (m.Where is not null)
                        {
                            CollectVariables(m.Where, into);
                        }

                        break;
                    case WithClause w:
                        foreach (var item in w.Projection.Items)
                        {
                            CollectVariables(item.Expression, into);
                        }

                        break;
                    case ReturnClause r:
                        foreach (var item in r.Projection.Items)
                        {
                            CollectVariables(item.Expression, into);
                        }

                        break;
                    case UnwindClause uw:
                        CollectVariables(uw.Expression, into);
                        break;
                }
            }
        }
    }

    public static void CollectPattern(PatternElement element, HashSet<string> into)
    {
        void Node(NodePattern n)
        {
            if (n.Variable is not null)
            {
                into.Add(n.Variable.Name);
            }

            if (n.Properties is not null)
            {
                CollectVariables(n.Properties, into);
            }
        }

        Node(element.Start);
        foreach (var step in element.Chain)
        {
            if (step.Relationship.Variable is not null)
            {
                into.Add(step.Relationship.Variable.Name);
            }

            if (step.Relationship.Properties is not null)
            {
                CollectVariables(step.Relationship.Properties, into);
            }

            Node(step.Node);
        }
    }

    /// <summary>Rebuilds the tree top-down; <paramref name="replace"/> returns a replacement or null to recurse.</summary>
    public static Expression Rewrite(Expression e, Func<Expression, Expression?> replace)
    {
        var r = replace(e);
        if (r is not null)
        {
            return r;
        }

        Expression W(Expression x) => Rewrite(x, replace);
        Expression? WN(Expression? x) => x is null ? null : Rewrite(x, replace);
        return e switch
        {
            ListLiteral l => l with { Items = l.Items.Select(W).ToList() },
            MapLiteral m => m with { Entries = m.Entries.Select(x => x with { Value = W(x.Value) }).ToList() },
            PropertyAccess p => p with { Target = W(p.Target) },
            IndexExpression i => i with { Target = W(i.Target), Index = W(i.Index) },
            SliceExpression s => s with { Target = W(s.Target), From = WN(s.From), To = WN(s.To) },
            FunctionCall f => f with { Arguments = f.Arguments.Select(W).ToList() },
            UnaryExpression u => u with { Operand = W(u.Operand) },
            BinaryExpression b => b with { Left = W(b.Left), Right = W(b.Right) },
            IsNull n => n with { Operand = W(n.Operand) },
            IsNotNull n => n with { Operand = W(n.Operand) },
            LabelPredicate lp => lp with { Target = W(lp.Target) },
            LabelExpressionPredicate lep => lep with { Target = W(lep.Target) },
            TypePredicate tp => tp with { Operand = W(tp.Operand) },
            PropertiesMatch pm => pm with { Target = W(pm.Target), Properties = W(pm.Properties) },
            CaseExpression c => c with
            {
                Test = WN(c.Test),
                Alternatives = c.Alternatives.Select(a => a with { When = W(a.When), Then = W(a.Then) }).ToList(),
                Else = WN(c.Else),
            },
            ListComprehension lc => lc with { Source = W(lc.Source), Where = WN(lc.Where), Projection = WN(lc.Projection) },
            Quantifier q => q with { Source = W(q.Source), Where = WN(q.Where) },
            Reduce rd => rd with { Initial = W(rd.Initial), Source = W(rd.Source), Expression = W(rd.Expression) },
            MapProjection mp => mp with
            {
                Items = mp.Items.Select(it => it is LiteralEntry le ? le with { Value = W(le.Value) } : it).ToList(),
            },
            _ => e,
        };
    }

    /// <summary>Splits a predicate into its AND-ed parts.</summary>
    public static void SplitConjuncts(Expression? e, List<Expression> into)
    {
        if (e is null)
        {
            return;
        }

        if (e is BinaryExpression { Operator: BinaryOperator.And } b)
        {
            SplitConjuncts(b.Left, into);
            SplitConjuncts(b.Right, into);
        }
        else
        {
            into.Add(e);
        }
    }
}
