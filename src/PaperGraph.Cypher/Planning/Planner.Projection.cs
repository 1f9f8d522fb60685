using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Rewriting;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Planning;

public sealed partial class Planner
{
    /// <summary>Aggregates that give the same answer whether each input row appears once or many times.</summary>
    private static readonly HashSet<string> DuplicateInsensitive = new(StringComparer.OrdinalIgnoreCase) { "min", "max" };

    /// <summary>WITH and RETURN: project, aggregate, distinct, order, skip, limit, filter. Returns the new scope.</summary>
    private (LogicalOperator Op, Scope Scope, IReadOnlyList<string> Columns, int[] Slots) PlanProjection(
        LogicalOperator op, Scope scope, Projection projection, bool isReturn, AstNode clause)
    {
        var items = new List<(string Name, Expression Expr, AstNode At)>();
        if (projection.Star)
        {
            var visible = scope.UserVariables.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
            if (visible.Count == 0 && projection.Items.Count == 0 && isReturn)
            {
                throw SyntaxError($"{(isReturn ? "RETURN" : "WITH")} * is not allowed when there are no variables in scope", clause);
            }

            foreach (var v in visible)
            {
                items.Add((v.Name, new Variable(v.Name) { Span = clause.Span }, clause));
            }
        }

        foreach (var item in projection.Items)
        {
            if (!isReturn && item.Alias is null && item.Expression is not Variable)
            {
                throw SyntaxError("Expression in WITH must be aliased (use AS)", item);
            }

            items.Add((item.Name, item.Expression, item));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, expr, at) in items)
        {
            if (scope.IsImported(name) && !(expr is Variable same && same.Name == name))
            {
                // Neo4j: inside an expression subquery an outer variable may not be rebound (42N07).
                throw SyntaxError($"The variable `{name}` is shadowing a variable with the same name from the outer scope and needs to be renamed", at);
            }

            if (!names.Add(name))
            {
                throw SyntaxError(isReturn
                    ? "Multiple result columns with the same name are not supported"
                    : $"Multiple result columns with the same name are not supported", at);
            }
        }

        foreach (var (_, expr, _) in items)
        {
            CheckNoAggregateInComprehension(expr);
        }

        var hasAggregate = items.Any(i => ExpressionTree.ContainsAggregate(i.Expr));
        var newScope = scope.Projected();
        var slots = new int[items.Count];
        var whereScope = newScope;
        CompiledExpression? Where() => projection.Where is null ? null : Compile(RewriteProjected(projection.Where, items, slots), whereScope);

        if (!hasAggregate)
        {
            if (projection.Distinct)
            {
                op = MakePruning(op);
            }

            var projected = new List<(int, CompiledExpression)>();
            for (var i = 0; i < items.Count; i++)
            {
                var (name, expr, _) = items[i];
                var compiled = Compile(expr, scope);
                var kind = KindOf(expr, scope);
                if (expr is Variable pv && pv.Name == name && scope.TryGet(name, out var same))
                {
                    slots[i] = same.Slot;
                }
                else
                {
                    slots[i] = NewSlot();
                    projected.Add((slots[i], compiled));
                }

                // A literal's type travels with its alias, so `WITH 123 AS x RETURN x.num` fails at compile time.
                newScope.Add(new BoundVariable(name, slots[i], kind, expr is Literal or ListLiteral ? StaticType(expr, scope) : null));
            }

            if (projected.Count > 0)
            {
                op = new ProjectOp(op, projected);
            }

            if (projection.Distinct)
            {
                op = new DistinctOp(op, slots);
            }

            // ORDER BY sees the projected names and, without DISTINCT, the variables from before.
            Scope sortScope;
            if (projection.Distinct)
            {
                sortScope = newScope;
            }
            else
            {
                sortScope = scope.Clone();
                foreach (var v in newScope.Variables)
                {
                    sortScope.Add(v);
                }

                whereScope = sortScope;
            }

            op = PlanOrderSkipLimit(op, sortScope, projection, items, slots, projection.Distinct);
        }
        else
        {
            var keys = new List<(int, CompiledExpression)>();
            var keyExprs = new List<(Expression Expr, int Slot)>();
            for (var i = 0; i < items.Count; i++)
            {
                var (name, expr, _) = items[i];
                if (ExpressionTree.ContainsAggregate(expr))
                {
                    continue;
                }

                slots[i] = NewSlot();
                keys.Add((slots[i], Compile(expr, scope)));
                keyExprs.Add((expr, slots[i]));
                var kind = expr is Variable v && scope.TryGet(v.Name, out var bv) ? bv.Kind : VariableKind.Any;
                newScope.Add(new BoundVariable(name, slots[i], kind));
            }

            var aggregates = new List<AggregateSpec>();
            var post = new List<(int, CompiledExpression)>();
            for (var i = 0; i < items.Count; i++)
            {
                var (name, expr, at) = items[i];
                if (!ExpressionTree.ContainsAggregate(expr))
                {
                    continue;
                }

                CheckAmbiguity(expr, keyExprs, at);
                var rewritten = ExpressionTree.Rewrite(expr, e =>
                {
                    if (!ExpressionTree.IsAggregateCall(e))
                    {
                        return null;
                    }

                    var slot = NewSlot();
                    aggregates.Add(CompileAggregate(e, scope, slot));
                    return new SlotReference(slot, CypherPrinter.PrintExpression(e)) { Span = e.Span };
                });
                slots[i] = NewSlot();
                post.Add((slots[i], Compile(rewritten, scope)));
                newScope.Add(new BoundVariable(name, slots[i], VariableKind.Any));
            }

            if (aggregates.All(a => a.Distinct || DuplicateInsensitive.Contains(a.Function)))
            {
                op = MakePruning(op);
            }

            CheckOrderByAggregationAmbiguity(projection, items);
            op = new AggregateOp(op, keys, aggregates);
            op = new ProjectOp(op, post);
            if (projection.Distinct)
            {
                op = new DistinctOp(op, slots);
            }

            op = PlanOrderSkipLimit(op, newScope, projection, items, slots, true);
        }

        var where = Where();
        if (where is not null)
        {
            op = new FilterOp(op, where);
        }

        return (op, newScope, items.Select(i => i.Name).ToList(), slots);
    }

    /// <summary>An aggregate inside a list comprehension, quantifier or reduce is InvalidAggregation.</summary>
    private void CheckNoAggregateInComprehension(Expression e)
    {
        IEnumerable<Expression> inner = e switch
        {
            ListComprehension lc => new[] { lc.Where, lc.Projection }.OfType<Expression>(),
            Quantifier q => new[] { q.Where }.OfType<Expression>(),
            Reduce r => [r.Expression],
            _ => [],
        };
        foreach (var x in inner)
        {
            if (ExpressionTree.ContainsAggregate(x))
            {
                throw SyntaxError("Can't use aggregating expressions inside of list comprehensions, quantifiers or reduce", x);
            }
        }

        foreach (var child in ExpressionTree.Children(e))
        {
            CheckNoAggregateInComprehension(child);
        }
    }

    private static VariableKind KindOf(Expression expr, Scope scope) => expr switch
    {
        Variable v when scope.TryGet(v.Name, out var bv) => bv.Kind,
        Literal and not NullLiteral or MapLiteral => VariableKind.Value,
        ListLiteral => VariableKind.List,
        _ => VariableKind.Any,
    };

    /// <summary>In an aggregating projection, a variable outside an aggregate must be a grouping key (or inside
    /// an expression that is one): AmbiguousAggregationExpression.</summary>
    private void CheckAmbiguity(Expression expr, List<(Expression Expr, int Slot)> keys, AstNode at)
    {
        bool Covered(Expression e, HashSet<string> locals)
        {
            if (ExpressionTree.IsAggregateCall(e))
            {
                if (e is FunctionCall f && f.Arguments.Any(ExpressionTree.ContainsAggregate))
                {
                    throw SyntaxError("Can't use aggregate functions inside of aggregate functions.", e);
                }

                return true;
            }

            if (keys.Any(k => k.Expr is Variable or PropertyAccess { Target: Variable } && SyntaxComparer.Instance.Equals(k.Expr, e)))
            {
                return true;
            }

            switch (e)
            {
                case Variable v:
                    return locals.Contains(v.Name);
                case ListComprehension lc:
                    {
                        var inner = new HashSet<string>(locals, StringComparer.Ordinal) { lc.Variable.Name };
                        return Covered(lc.Source, locals) && (lc.Where is null || Covered(lc.Where, inner)) &&
                               (lc.Projection is null || Covered(lc.Projection, inner));
                    }

                case Quantifier q:
                    {
                        var inner = new HashSet<string>(locals, StringComparer.Ordinal) { q.Variable.Name };
                        return Covered(q.Source, locals) && (q.Where is null || Covered(q.Where, inner));
                    }

                case Reduce r:
                    {
                        var inner = new HashSet<string>(locals, StringComparer.Ordinal) { r.Variable.Name, r.Accumulator.Name };
                        return Covered(r.Initial, locals) && Covered(r.Source, locals) && Covered(r.Expression, inner);
                    }

                case PatternPredicate or PatternComprehension or SubqueryExpression or MapProjection:
                    {
                        var vars = new HashSet<string>(StringComparer.Ordinal);
                        ExpressionTree.CollectVariables(e, vars);
                        return vars.All(v => locals.Contains(v) || keys.Any(k => k.Expr is Variable kv && kv.Name == v));
                    }
            }

            return ExpressionTree.Children(e).All(c => Covered(c, locals));
        }

        if (!Covered(expr, new HashSet<string>(StringComparer.Ordinal)))
        {
            throw SyntaxError("Aggregation column contains implicit grouping expressions. Aggregation expressions with implicit grouping keys are not supported", at);
        }
    }

    private AggregateSpec CompileAggregate(Expression e, Scope scope, int slot)
    {
        if (e is CountStar)
        {
            return new AggregateSpec("count", false, null, [], slot);
        }

        var call = (FunctionCall)e;
        var name = call.Name.ToLowerInvariant();
        var expected = name is "percentilecont" or "percentiledisc" ? 2 : 1;
        if (call.Arguments.Count != expected)
        {
            throw SyntaxError($"Function {call.Name} expects {expected} argument(s) but got {call.Arguments.Count}", call);
        }

        foreach (var arg in call.Arguments)
        {
            if (ExpressionTree.ContainsAggregate(arg))
            {
                throw SyntaxError("Can't use aggregate functions inside of aggregate functions.", arg);
            }

            if (FindRandomCall(arg) is { } random)
            {
                throw SyntaxError("Can't use non-deterministic (random) functions inside of aggregate functions.", random);
            }
        }

        return new AggregateSpec(name, call.Distinct, Compile(call.Arguments[0], scope),
            call.Arguments.Skip(1).Select(a => Compile(a, scope)).ToList(), slot);
    }

    /// <summary>A call of a random function (<c>rand()</c>, <c>randomUUID()</c>) in <paramref name="e"/>; its value
    /// differs per row, so an aggregate over it has no stable meaning (NonConstantExpression).</summary>
    private static FunctionCall? FindRandomCall(Expression e)
    {
        if (e is FunctionCall call && call.Name.ToLowerInvariant() is "rand" or "randomuuid")
        {
            return call;
        }

        return ExpressionTree.Children(e).Select(FindRandomCall).FirstOrDefault(c => c is not null);
    }

    /// <summary>An ORDER BY item with an aggregate may use, outside its aggregates, only grouping keys that are
    /// variables or property accesses; reusing a more complex projected expression is
    /// AmbiguousAggregationExpression, as in Neo4j.</summary>
    private void CheckOrderByAggregationAmbiguity(Projection projection, List<(string Name, Expression Expr, AstNode At)> items)
    {
        var complexKeys = items
            .Where(i => !ExpressionTree.ContainsAggregate(i.Expr) && i.Expr is not (Variable or Literal or PropertyAccess { Target: Variable }))
            .Select(i => i.Expr)
            .ToList();
        if (complexKeys.Count == 0)
        {
            return;
        }

        bool UsesComplexKey(Expression e) =>
            !ExpressionTree.IsAggregateCall(e) &&
            (complexKeys.Any(k => SyntaxComparer.Instance.Equals(k, e)) || ExpressionTree.Children(e).Any(UsesComplexKey));

        foreach (var sort in projection.OrderBy)
        {
            if (ExpressionTree.ContainsAggregate(sort.Expression) && !ExpressionTree.IsAggregateCall(sort.Expression) &&
                UsesComplexKey(sort.Expression))
            {
                throw SyntaxError("Aggregation column contains implicit grouping expressions. Aggregation expressions with implicit grouping keys are not supported", sort);
            }
        }
    }

    private LogicalOperator PlanOrderSkipLimit(LogicalOperator op, Scope sortScope, Projection projection,
        List<(string Name, Expression Expr, AstNode At)> items, int[] slots, bool onlyProjected)
    {
        if (projection.OrderBy.Count > 0)
        {
            var keys = new List<(CompiledExpression, bool)>();
            foreach (var sort in projection.OrderBy)
            {
                var expr = RewriteProjected(sort.Expression, items, slots);
                if (onlyProjected && ExpressionTree.ContainsAggregate(expr))
                {
                    throw SyntaxError("Invalid use of aggregating function in ORDER BY: it must also be projected", sort);
                }

                keys.Add((Compile(expr, sortScope), sort.Descending));
            }

            op = new SortOp(op, keys);
        }

        if (projection.Skip is not null)
        {
            op = new SkipOp(op, CompileConstantCount(projection.Skip, "SKIP"));
        }

        if (projection.Limit is not null)
        {
            op = new LimitOp(op, CompileConstantCount(projection.Limit, "LIMIT"));
        }

        return op;
    }

    /// <summary>An expression equal to a projected one reads the projected column (ORDER BY, WITH … WHERE).</summary>
    private static Expression RewriteProjected(Expression expression, List<(string Name, Expression Expr, AstNode At)> items, int[] slots) =>
        ExpressionTree.Rewrite(expression, e =>
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (e is not Variable && e is not Literal && SyntaxComparer.Instance.Equals(items[i].Expr, e))
                {
                    return new SlotReference(slots[i], items[i].Name) { Span = e.Span };
                }
            }

            return null;
        });

    private CompiledExpression CompileConstantCount(Expression e, string clause)
    {
        var vars = new HashSet<string>(StringComparer.Ordinal);
        ExpressionTree.CollectVariables(e, vars);
        if (vars.Count > 0)
        {
            throw SyntaxError($"It is not allowed to refer to variables in {clause}", e);
        }

        switch (e)
        {
            case IntegerLiteral { Value: < 0 } i:
                throw SyntaxError($"Invalid input. '{i.Value}' is not a valid value. Must be a non-negative integer.", e);
            case UnaryExpression { Operator: UnaryOperator.Negate, Operand: IntegerLiteral n } when n.Value > 0:
                throw SyntaxError($"Invalid input. '-{n.Value}' is not a valid value. Must be a non-negative integer.", e);
            case FloatLiteral f:
                throw SyntaxError($"Invalid input. '{f.Value}' is not a valid value. Must be a non-negative integer.", e);
        }

        return Compile(e, new Scope());
    }

    /// <summary>Neo4j's pruning var-expand: below a projection that cannot tell how many times a row occurs,
    /// a var-length expansion whose relationships are not observed needs only each reachable node once.</summary>
    private static LogicalOperator MakePruning(LogicalOperator op) => op switch
    {
        VarLengthExpandOp { Anonymous: true, Into: false } v => v with { Pruning = true, Input = MakePruning(v.Input) },
        VarLengthExpandOp v => v with { Input = MakePruning(v.Input) },
        FilterOp f => f with { Input = MakePruning(f.Input) },
        ExpandOp e => e with { Input = MakePruning(e.Input) },
        NodeScanOp n => n with { Input = MakePruning(n.Input) },
        NodeIndexSeekOp n => n with { Input = MakePruning(n.Input) },
        NodeCheckOp n => n with { Input = MakePruning(n.Input) },
        _ => op,
    };
}
