using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Execution;
using PaperGraph.Cypher.Rewriting;
using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Planning;

/// <summary>Expression compilation: each AST expression becomes a closure over row slots.</summary>
public sealed partial class Planner
{
    private CompiledExpression Compile(Expression e, Scope scope) => new(e, Build(e, scope));

    private Evaluator Build(Expression e, Scope scope)
    {
        CheckStaticTypes(e, scope);
        switch (e)
        {
            case NullLiteral:
                return static (_, _) => null;
            case BooleanLiteral b:
                {
                    var v = CypherValues.Box(b.Value);
                    return (_, _) => v;
                }

            case IntegerLiteral i:
                {
                    var v = CypherValues.Box(i.Value);
                    return (_, _) => v;
                }

            case FloatLiteral f:
                {
                    object v = f.Value;
                    return (_, _) => v;
                }

            case StringLiteral s:
                {
                    var v = s.Value;
                    return (_, _) => v;
                }

            case ListLiteral list:
                {
                    var items = list.Items.Select(x => Build(x, scope)).ToArray();
                    return (row, ctx) =>
                    {
                        var result = new object?[items.Length];
                        for (var k = 0; k < items.Length; k++)
                        {
                            var item = items[k](row, ctx);
                            ValueLimits.CheckNestable(item);
                            result[k] = item;
                        }

                        ctx.Budget.Charge(ValueLimits.ShallowSizeOf(result));
                        return result;
                    };
                }

            case MapLiteral map:
                {
                    var keys = map.Entries.Select(x => x.Key).ToArray();
                    var values = map.Entries.Select(x => Build(x.Value, scope)).ToArray();
                    return (row, ctx) =>
                    {
                        var result = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
                        for (var k = 0; k < keys.Length; k++)
                        {
                            var value = values[k](row, ctx);
                            ValueLimits.CheckNestable(value);
                            result[keys[k]] = value;
                        }

                        ctx.Budget.Charge(ValueLimits.ShallowSizeOf(result));
                        return result;
                    };
                }

            case Parameter p:
                {
                    _parameters.Add(p.Name);
                    var name = p.Name;
                    return (_, ctx) => ctx.Parameters.TryGetValue(name, out var v)
                        ? v
                        : throw new GraphException(GraphErrorCodes.ParameterMissing, $"Expected parameter(s): {name}");
                }

            case Variable v:
                {
                    var slot = Lookup(scope, v.Name, v).Slot;
                    return (row, _) => row[slot];
                }

            case SlotReference sr:
                {
                    var slot = sr.Slot;
                    return (row, _) => row[slot];
                }

            case PropertyAccess pa:
                {
                    var target = Build(pa.Target, scope);
                    var key = pa.Key;
                    return (row, ctx) => CypherOperators.Property(target(row, ctx), key, ctx);
                }

            case IndexExpression ie:
                {
                    var target = Build(ie.Target, scope);
                    var index = Build(ie.Index, scope);
                    return (row, ctx) => CypherOperators.Index(target(row, ctx), index(row, ctx), ctx);
                }

            case SliceExpression se:
                {
                    var target = Build(se.Target, scope);
                    var from = se.From is null ? null : Build(se.From, scope);
                    var to = se.To is null ? null : Build(se.To, scope);
                    object? start = CypherValues.Box(0L), end = long.MaxValue;
                    return (row, ctx) => CypherOperators.Slice(target(row, ctx), from is null ? start : from(row, ctx), to is null ? end : to(row, ctx));
                }

            case UnaryExpression u:
                {
                    var operand = Build(u.Operand, scope);
                    return u.Operator switch
                    {
                        UnaryOperator.Not => (row, ctx) => CypherValues.Box(CypherOperators.Not(operand(row, ctx))),
                        UnaryOperator.Negate => (row, ctx) => CypherOperators.Negate(operand(row, ctx)),
                        _ => (row, ctx) => CypherOperators.Plus(operand(row, ctx)),
                    };
                }

            case BinaryExpression b:
                return BuildBinary(b, scope);
            case IsNull n:
                {
                    var operand = Build(n.Operand, scope);
                    return (row, ctx) => CypherValues.Box(operand(row, ctx) is null);
                }

            case IsNotNull n:
                {
                    var operand = Build(n.Operand, scope);
                    return (row, ctx) => CypherValues.Box(operand(row, ctx) is not null);
                }

            case PropertiesMatch pm:
                {
                    var target = Build(pm.Target, scope);
                    var map = Build(pm.Properties, scope);
                    return (row, ctx) =>
                    {
                        var t = target(row, ctx);
                        if (map(row, ctx) is not IReadOnlyDictionary<string, object?> m)
                        {
                            return CypherValues.False;
                        }

                        foreach (var kv in m)
                        {
                            if (CypherEquality.AreEqual(CypherOperators.Property(t, kv.Key, ctx), kv.Value) != true)
                            {
                                return CypherValues.False;
                            }
                        }

                        return CypherValues.True;
                    };
                }

            case TypePredicate tp:
                {
                    var operand = Build(tp.Operand, scope);
                    var type = tp.Type;
                    var negated = tp.Negated;
                    return (row, ctx) => CypherValues.Box(CypherTypeCheck.Has(operand(row, ctx), type) != negated);
                }

            case LabelExpressionPredicate lep:
                {
                    var target = Build(lep.Target, scope);
                    var expression = lep.Expression;
                    return (row, ctx) => target(row, ctx) switch
                    {
                        null => null,
                        NodeValue node => CypherValues.Box(!ctx.IsNodeDeleted(node.Id) &&
                            expression.Matches(ctx.Reader.GetLabels(node.Id))),
                        RelationshipValue rel => CypherValues.Box(expression.Matches([ctx.Reader.GetTypeName(ctx.GetRelationship(rel.Id).TypeId)])),
                        var other => throw new GraphException(GraphErrorCodes.TypeError,
                            $"Type mismatch: expected Node or Relationship but was {CypherTypes.NameOf(other)}"),
                    };
                }

            case LabelPredicate lp:
                {
                    var target = Build(lp.Target, scope);
                    var labels = lp.Labels;
                    return (row, ctx) => target(row, ctx) switch
                    {
                        null => null,
                        NodeValue node => CypherValues.Box(!ctx.IsNodeDeleted(node.Id) && NodeCheckOperator.HasLabels(ctx, node.Id, labels)),
                        RelationshipValue rel => CypherValues.Box(labels.Count == 1 &&
                            ctx.Reader.GetTypeName(ctx.GetRelationship(rel.Id).TypeId) == labels[0]),
                        var other => throw new GraphException(GraphErrorCodes.TypeError,
                            $"Type mismatch: expected Node but was {CypherTypes.NameOf(other)}"),
                    };
                }

            case CaseExpression c:
                return BuildCase(c, scope);
            case ListComprehension lc:
                {
                    var source = Build(lc.Source, scope);
                    var inner = scope.Clone();
                    var slot = NewSlot();
                    inner.Add(new BoundVariable(lc.Variable.Name, slot, VariableKind.Any, ElementStaticType(lc.Source, scope)));
                    var where = lc.Where is null ? null : Build(lc.Where, inner);
                    var projection = lc.Projection is null ? null : Build(lc.Projection, inner);
                    return (row, ctx) =>
                    {
                        var list = AsList(source(row, ctx), "list comprehension");
                        if (list is null)
                        {
                            return null;
                        }

                        var budget = ctx.Budget;
                        var mark = budget.Transient;
                        long measured = 0;
                        var result = new List<object?>(Math.Min(list.Count, 4096));
                        var saved = row[slot];
                        long pending = 0;
                        foreach (var item in list)
                        {
                            budget.Tick();
                            row[slot] = item;
                            if (where is not null && !CypherOperators.IsTrue(where(row, ctx)))
                            {
                                continue;
                            }

                            var value = item;
                            if (projection is not null)
                            {
                                value = projection(row, ctx);
                                ValueLimits.CheckNestable(value);
                            }

                            result.Add(value);
                            pending += value is long or double ? 32 : 8;
                            if (pending >= 32_768)
                            {
                                budget.Charge(pending);
                                pending = 0;
                                measured = Remeasure(budget, mark, result, measured);
                            }
                        }

                        budget.Charge(pending);
                        row[slot] = saved;
                        return result;
                    };
                }

            case Quantifier q:
                return BuildQuantifier(q, scope);
            case Reduce r:
                {
                    var initial = Build(r.Initial, scope);
                    var source = Build(r.Source, scope);
                    var inner = scope.Clone();
                    var accSlot = NewSlot();
                    var varSlot = NewSlot();
                    inner.Add(new BoundVariable(r.Accumulator.Name, accSlot, VariableKind.Any));
                    inner.Add(new BoundVariable(r.Variable.Name, varSlot, VariableKind.Any));
                    var step = Build(r.Expression, inner);
                    return (row, ctx) =>
                    {
                        var acc = initial(row, ctx);
                        var list = AsList(source(row, ctx), "reduce");
                        if (list is null)
                        {
                            return null;
                        }

                        var budget = ctx.Budget;
                        var mark = budget.Transient;
                        long measured = 0;
                        foreach (var item in list)
                        {
                            budget.Tick();
                            row[accSlot] = acc;
                            row[varSlot] = item;
                            acc = step(row, ctx);
                            measured = Remeasure(budget, mark, acc, measured);
                        }

                        return acc;
                    };
                }

            case MapProjection mp:
                return BuildMapProjection(mp, scope);
            case FunctionCall f:
                return BuildFunction(f, scope);
            case CountStar:
                throw SyntaxError("Invalid use of aggregating function count(...) in this context", e);
            case PatternPredicate pp:
                return BuildPatternPredicate(pp, scope);
            case ExistsSubquery ex:
                {
                    var (inner, _, _, _) = PlanQuery(ex.Query, scope.ImportingAll(), new ArgumentOp(true), subquery: true);
                    var op = OperatorBuilder.Build(inner);
                    return (row, ctx) =>
                    {
                        using var rows = op.Run(ctx, row).GetEnumerator();
                        return CypherValues.Box(rows.MoveNext());
                    };
                }

            case CountSubquery cs:
                {
                    var (inner, _, _, _) = PlanQuery(cs.Query, scope.ImportingAll(), new ArgumentOp(true), subquery: true);
                    var op = OperatorBuilder.Build(inner);
                    return (row, ctx) =>
                    {
                        long n = 0;
                        foreach (var _ in op.Run(ctx, row))
                        {
                            ctx.Budget.Tick();
                            n++;
                        }

                        return CypherValues.Box(n);
                    };
                }

            case CollectSubquery cs:
                {
                    var (inner, columns, slots, _) = PlanQuery(cs.Query, scope.ImportingAll(), new ArgumentOp(true), subquery: true);
                    if (columns.Count != 1)
                    {
                        throw SyntaxError("A Collect Expression must end with a single return column.", cs);
                    }

                    var slot = slots[0];
                    var op = OperatorBuilder.Build(inner);
                    return (row, ctx) =>
                    {
                        var budget = ctx.Budget;
                        var mark = budget.Transient;
                        long measured = 0;
                        var result = new List<object?>();
                        foreach (var r in op.Run(ctx, row))
                        {
                            budget.Tick();
                            var value = r[slot];
                            ValueLimits.CheckNestable(value);
                            result.Add(value);
                            budget.Charge(value is long or double ? 32 : 8);
                            measured = Remeasure(budget, mark, result, measured);
                        }

                        return result;
                    };
                }

            case PatternComprehension pc:
                {
                    var inner = scope.Clone();
                    var part = new PatternPart(pc.PathVariable, PatternFunction.None, pc.Pattern) { Span = pc.Span };
                    var op = PlanPattern(new ArgumentOp(true), inner, [part], pc.Where);
                    var projection = Build(pc.Projection, inner);
                    var physical = OperatorBuilder.Build(op);
                    return (row, ctx) =>
                    {
                        var budget = ctx.Budget;
                        var mark = budget.Transient;
                        long measured = 0;
                        var result = new List<object?>();
                        foreach (var r in physical.Run(ctx, row))
                        {
                            budget.Tick();
                            var value = projection(r, ctx);
                            ValueLimits.CheckNestable(value);
                            result.Add(value);
                            budget.Charge(value is long or double ? 32 : 8);
                            measured = Remeasure(budget, mark, result, measured);
                        }

                        return result;
                    };
                }

            default:
                throw NotSupported("The expression " + e.GetType().Name, e);
        }
    }

    /// <summary>Once what a loop built since <paramref name="mark"/> passes a quarter of the memory limit, counts
    /// again only what it still holds (<paramref name="live"/>), so garbage a long reduce or comprehension leaves
    /// behind is not held against the statement (amortised: a walk per quarter-limit of churn).</summary>
    /// <returns>The bytes <paramref name="live"/> was last measured at (pass it back next time): the next
    /// measure waits for another quarter-limit beyond it, so a list that only grows is walked a few times, not
    /// once per element.</returns>
    private static long Remeasure(QueryBudget budget, long mark, object? live, long measured)
    {
        if (budget.Transient - mark <= measured + (budget.MemoryLimit / 4))
        {
            return measured;
        }

        budget.Transient = mark;
        measured = ValueLimits.SizeOf(live);
        budget.Charge(measured);
        return measured;
    }

    private static IReadOnlyList<object?>? AsList(object? value, string where) => value switch
    {
        null => null,
        IReadOnlyList<object?> list => list,
        _ => throw new GraphException(GraphErrorCodes.TypeError,
            $"Type mismatch: expected a list in {where} but was {CypherTypes.NameOf(value)}"),
    };

    private Evaluator BuildBinary(BinaryExpression b, Scope scope)
    {
        var l = Build(b.Left, scope);
        var r = Build(b.Right, scope);
        return b.Operator switch
        {
            BinaryOperator.And => (row, ctx) =>
            {
                var left = CypherOperators.AsTernary(l(row, ctx), "AND");
                if (left == false)
                {
                    // still type-check the right side, as Neo4j does for constants
                    var right0 = r(row, ctx);
                    CypherOperators.AsTernary(right0, "AND");
                    return CypherValues.False;
                }

                return CypherValues.Box(CypherOperators.And(left, r(row, ctx)));
            },
            BinaryOperator.Or => (row, ctx) => CypherValues.Box(CypherOperators.Or(l(row, ctx), r(row, ctx))),
            BinaryOperator.Xor => (row, ctx) => CypherValues.Box(CypherOperators.Xor(l(row, ctx), r(row, ctx))),
            BinaryOperator.Equal => (row, ctx) => CypherValues.Box(CypherEquality.AreEqual(l(row, ctx), r(row, ctx))),
            BinaryOperator.NotEqual => (row, ctx) => CypherValues.Box(CypherEquality.AreNotEqual(l(row, ctx), r(row, ctx))),
            BinaryOperator.LessThan => (row, ctx) => CypherValues.Box(CypherComparison.LessThan(l(row, ctx), r(row, ctx))),
            BinaryOperator.LessThanOrEqual => (row, ctx) => CypherValues.Box(CypherComparison.LessThanOrEqual(l(row, ctx), r(row, ctx))),
            BinaryOperator.GreaterThan => (row, ctx) => CypherValues.Box(CypherComparison.GreaterThan(l(row, ctx), r(row, ctx))),
            BinaryOperator.GreaterThanOrEqual => (row, ctx) => CypherValues.Box(CypherComparison.GreaterThanOrEqual(l(row, ctx), r(row, ctx))),
            BinaryOperator.Add => (row, ctx) => Add(l(row, ctx), r(row, ctx), ctx.Budget),
            BinaryOperator.Subtract => (row, ctx) => CypherOperators.Subtract(l(row, ctx), r(row, ctx)),
            BinaryOperator.Multiply => (row, ctx) => CypherOperators.Multiply(l(row, ctx), r(row, ctx)),
            BinaryOperator.Divide => (row, ctx) => CypherOperators.Divide(l(row, ctx), r(row, ctx)),
            BinaryOperator.Modulo => (row, ctx) => CypherOperators.Modulo(l(row, ctx), r(row, ctx)),
            BinaryOperator.Power => (row, ctx) => CypherOperators.Power(l(row, ctx), r(row, ctx)),
            BinaryOperator.In => (row, ctx) => CypherValues.Box(CypherOperators.In(l(row, ctx), r(row, ctx))),
            BinaryOperator.StartsWith => (row, ctx) => CypherValues.Box(CypherOperators.StartsWith(l(row, ctx), r(row, ctx))),
            BinaryOperator.EndsWith => (row, ctx) => CypherValues.Box(CypherOperators.EndsWith(l(row, ctx), r(row, ctx))),
            BinaryOperator.Contains => (row, ctx) => CypherValues.Box(CypherOperators.Contains(l(row, ctx), r(row, ctx))),
            BinaryOperator.RegexMatch => (row, ctx) => CypherValues.Box(CypherOperators.RegexMatch(l(row, ctx), r(row, ctx))),
            _ => throw NotSupported("The operator " + b.Operator, b),
        };
    }

    /// <summary><c>a + b</c> within the memory budget: a concatenated string or list is checked against what is
    /// left before it is built, then counted; an element added to a list must be nestable.</summary>
    private static object? Add(object? a, object? b, QueryBudget budget)
    {
        if (a is long or double or null || b is null)
        {
            return CypherOperators.Add(a, b);
        }

        long bytes = 0;
        if (a is string sa && b is string sb)
        {
            bytes = 24 + (2L * (sa.Length + (long)sb.Length));
        }
        else if (a is IReadOnlyList<object?> la)
        {
            if (b is IReadOnlyList<object?> lb)
            {
                bytes = 32 + (8L * (la.Count + (long)lb.Count));
            }
            else
            {
                ValueLimits.CheckNestable(b);
                bytes = 40 + (8L * la.Count);
            }
        }
        else if (b is IReadOnlyList<object?> list)
        {
            ValueLimits.CheckNestable(a);
            bytes = 40 + (8L * list.Count);
        }

        if (bytes > 0)
        {
            budget.EnsureRoom(bytes);
        }

        var result = CypherOperators.Add(a, b);
        budget.Charge(bytes > 0 ? bytes : ValueLimits.ShallowSizeOf(result));
        return result;
    }

    private Evaluator BuildCase(CaseExpression c, Scope scope)
    {
        var test = c.Test is null ? null : Build(c.Test, scope);
        var whens = c.Alternatives.Select(a => Build(a.When, scope)).ToArray();
        var thens = c.Alternatives.Select(a => Build(a.Then, scope)).ToArray();
        var otherwise = c.Else is null ? null : Build(c.Else, scope);
        return (row, ctx) =>
        {
            if (test is not null)
            {
                var t = test(row, ctx);
                for (var i = 0; i < whens.Length; i++)
                {
                    if (CypherEquality.AreEqual(t, whens[i](row, ctx)) == true)
                    {
                        return thens[i](row, ctx);
                    }
                }
            }
            else
            {
                for (var i = 0; i < whens.Length; i++)
                {
                    if (whens[i](row, ctx) is true)
                    {
                        return thens[i](row, ctx);
                    }
                }
            }

            return otherwise?.Invoke(row, ctx);
        };
    }

    private Evaluator BuildQuantifier(Quantifier q, Scope scope)
    {
        var source = Build(q.Source, scope);
        var inner = scope.Clone();
        var slot = NewSlot();
        inner.Add(new BoundVariable(q.Variable.Name, slot, VariableKind.Any, ElementStaticType(q.Source, scope)));
        var where = q.Where is null ? null : Build(q.Where, inner);
        var kind = q.Kind;
        return (row, ctx) =>
        {
            var list = AsList(source(row, ctx), kind.ToString().ToLowerInvariant());
            if (list is null)
            {
                return null;
            }

            int trues = 0, nulls = 0;
            var saved = row[slot];
            foreach (var item in list)
            {
                ctx.Budget.Tick();
                row[slot] = item;
                var v = where is null ? item : where(row, ctx);
                var t = CypherOperators.AsTernary(v, kind.ToString().ToLowerInvariant() + "()");
                if (t == true)
                {
                    trues++;
                }
                else if (t is null)
                {
                    nulls++;
                }

                if (kind == QuantifierKind.Any && trues > 0)
                {
                    break;
                }

                if (kind == QuantifierKind.All && t == false)
                {
                    row[slot] = saved;
                    return CypherValues.False;
                }
            }

            row[slot] = saved;
            var falses = list.Count - trues - nulls;
            return kind switch
            {
                QuantifierKind.Any => trues > 0 ? CypherValues.True : nulls > 0 ? null : CypherValues.False,
                QuantifierKind.All => falses > 0 ? CypherValues.False : nulls > 0 ? null : CypherValues.True,
                QuantifierKind.None => trues > 0 ? CypherValues.False : nulls > 0 ? null : CypherValues.True,
                _ => trues > 1 ? CypherValues.False : nulls > 0 ? null : CypherValues.Box(trues == 1),
            };
        };
    }

    private Evaluator BuildMapProjection(MapProjection mp, Scope scope)
    {
        var target = Build(mp.Variable, scope);
        var parts = new List<Func<object?[], QueryContext, object?, Dictionary<string, object?>, bool>>();
        foreach (var item in mp.Items)
        {
            switch (item)
            {
                case PropertySelector ps:
                    {
                        var key = ps.Key;
                        parts.Add((row, ctx, t, d) =>
                        {
                            d[key] = CypherOperators.Property(t, key, ctx);
                            return true;
                        });
                        break;
                    }

                case LiteralEntry le:
                    {
                        var key = le.Key;
                        var value = Build(le.Value, scope);
                        parts.Add((row, ctx, t, d) =>
                        {
                            var v = value(row, ctx);
                            ValueLimits.CheckNestable(v);
                            d[key] = v;
                            return true;
                        });
                        break;
                    }

                case AllPropertiesSelector:
                    parts.Add((row, ctx, t, d) =>
                    {
                        foreach (var kv in PropertiesOf(t, ctx))
                        {
                            d[kv.Key] = kv.Value;
                        }

                        return true;
                    });
                    break;
                case VariableSelector vs:
                    {
                        var key = vs.Variable.Name;
                        var value = Build(vs.Variable, scope);
                        parts.Add((row, ctx, t, d) =>
                        {
                            var v = value(row, ctx);
                            ValueLimits.CheckNestable(v);
                            d[key] = v;
                            return true;
                        });
                        break;
                    }
            }
        }

        return (row, ctx) =>
        {
            var t = target(row, ctx);
            if (t is null)
            {
                return null;
            }

            if (t is not (NodeValue or RelationshipValue or IReadOnlyDictionary<string, object?>))
            {
                throw new GraphException(GraphErrorCodes.TypeError,
                    $"Type mismatch: expected Map, Node or Relationship but was {CypherTypes.NameOf(t)}");
            }

            var d = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in parts)
            {
                p(row, ctx, t, d);
            }

            ctx.Budget.Charge(ValueLimits.ShallowSizeOf(d));
            return d;
        };
    }

    internal static IReadOnlyDictionary<string, object?> PropertiesOf(object? value, QueryContext ctx) => value switch
    {
        NodeValue n => ctx.GetNodeProperties(n.Id),
        RelationshipValue r => ctx.GetRelationshipProperties(r.Id),
        IReadOnlyDictionary<string, object?> m => m,
        _ => throw new GraphException(GraphErrorCodes.TypeError,
            $"Type mismatch: expected Map, Node or Relationship but was {CypherTypes.NameOf(value)}"),
    };

    /// <summary>A pattern used as a predicate. The common shape (one relationship from a bound node to an
    /// unconstrained anonymous node) is answered from the adjacency list without building rows.</summary>
    private Evaluator BuildPatternPredicate(PatternPredicate pp, Scope scope)
    {
        var element = pp.Pattern;
        foreach (var name in PatternNames(element))
        {
            if (!scope.Contains(name))
            {
                throw SyntaxError($"PatternExpressions are not allowed to introduce new variables: '{name}'.", pp);
            }
        }

        if (element.Chain.Count == 1 && element.Chain[0].Relationship is { Range: null, Properties: null, Variable: null } rel)
        {
            var start = element.Start;
            var end = element.Chain[0].Node;
            static bool Free(NodePattern n) => n.Variable is null && n.Labels.Count == 0 && n.Properties is null;
            static bool Bound(NodePattern n) => n.Variable is not null && n.Labels.Count == 0 && n.Properties is null;
            if ((Bound(start) && Free(end)) || (Free(start) && Bound(end)))
            {
                var fromStart = Bound(start);
                var slot = Lookup(scope, (fromStart ? start : end).Variable!.Name, pp).Slot;
                var direction = DirectionOf(rel.Direction, fromStart);
                var types = rel.Types;
                return (row, ctx) =>
                {
                    if (row[slot] is not NodeValue node)
                    {
                        return null;
                    }

                    return CypherValues.Box(Traversal.HasAny(ctx.Reader, node.Id, direction, ctx.TypeIds(types)));
                };
            }
        }

        var inner = scope.Clone();
        var op = OperatorBuilder.Build(PlanPattern(new ArgumentOp(true), inner,
            [new PatternPart(null, PatternFunction.None, element) { Span = pp.Span }], null));
        return (row, ctx) =>
        {
            using var rows = op.Run(ctx, row).GetEnumerator();
            return CypherValues.Box(rows.MoveNext());
        };
    }

    private static IEnumerable<string> PatternNames(PatternElement element)
    {
        if (element.Start.Variable is not null)
        {
            yield return element.Start.Variable.Name;
        }

        foreach (var step in element.Chain)
        {
            if (step.Relationship.Variable is not null)
            {
                yield return step.Relationship.Variable.Name;
            }

            if (step.Node.Variable is not null)
            {
                yield return step.Node.Variable.Name;
            }
        }
    }
}
