using PaperGraph.Cypher.Execution;
using PaperGraph.Cypher.Rewriting;
using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Planning;

public sealed partial class Planner
{
    private LogicalOperator PlanCreate(LogicalOperator op, Scope scope, CreateClause create)
    {
        _writes = true;
        var parts = create.Pattern.Parts.Select(p => PlanCreatePart(scope, p, merge: false)).ToList();
        return new CreateOp(op, parts);
    }

    private CreatePartSpec PlanCreatePart(Scope scope, PatternPart part, bool merge)
    {
        if (part.Function != PatternFunction.None)
        {
            throw SyntaxError($"{part.Function} cannot be used in {(merge ? "MERGE" : "CREATE")}", part);
        }

        var nodes = new List<CreateNodeSpec>();
        var rels = new List<CreateRelSpec>();
        var nodeSlots = new List<int>();
        var relSlots = new List<int>();
        var clause = merge ? "MERGE" : "CREATE";

        int NodeSlot(NodePattern node)
        {
            if (node.Variable is { } v && scope.TryGet(v.Name, out var bound))
            {
                if (nodes.Count == 0 && part.Element.Chain.Count == 0)
                {
                    throw SyntaxError($"Variable `{v.Name}` already declared", node);
                }

                if (node.Labels.Count > 0 || node.Properties is not null)
                {
                    throw SyntaxError($"Can't create node `{v.Name}` with labels or properties here. The variable is already declared in this context", node);
                }

                if (bound.Kind is not (VariableKind.Node or VariableKind.Any))
                {
                    throw SyntaxError($"Type mismatch: {v.Name} defined with conflicting type {Describe(bound.Kind)} (expected Node)", node);
                }

                nodes.Add(new CreateNodeSpec(bound.Slot, true, [], null));
                return bound.Slot;
            }

            var props = node.Properties is null ? null : Compile(node.Properties, scope);
            var slot = NewSlot();
            nodes.Add(new CreateNodeSpec(slot, false, node.Labels, props));
            scope.Add(new BoundVariable(node.Variable?.Name ?? NewAnonymousName(), slot, VariableKind.Node));
            return slot;
        }

        var previous = NodeSlot(part.Element.Start);
        nodeSlots.Add(previous);
        foreach (var step in part.Element.Chain)
        {
            var rel = step.Relationship;
            if (rel.Range is not null)
            {
                throw SyntaxError($"Variable length relationships cannot be used in {clause}", rel);
            }

            if (rel.Types.Count != 1)
            {
                throw SyntaxError($"Exactly one relationship type must be specified for {clause}. Did you forget to prefix your relationship type with a ':'?", rel);
            }

            if (rel.Direction == RelationshipDirection.Both && !merge)
            {
                throw SyntaxError("Only directed relationships are supported in CREATE", rel);
            }

            if (rel.Variable is { } rv && scope.Contains(rv.Name))
            {
                throw SyntaxError($"Variable `{rv.Name}` already declared", rel);
            }

            var next = NodeSlot(step.Node);
            var relSlot = NewSlot();
            var props = rel.Properties is null ? null : Compile(rel.Properties, scope);
            var (start, end) = rel.Direction == RelationshipDirection.Left ? (next, previous) : (previous, next);
            rels.Add(new CreateRelSpec(relSlot, start, end, rel.Types[0], props));
            scope.Add(new BoundVariable(rel.Variable?.Name ?? NewAnonymousName(), relSlot, VariableKind.Relationship));
            relSlots.Add(relSlot);
            nodeSlots.Add(next);
            previous = next;
        }

        var pathSlot = -1;
        var elements = new List<(int, bool, bool)>();
        if (part.Variable is { } pv)
        {
            if (scope.Contains(pv.Name))
            {
                throw SyntaxError($"Variable `{pv.Name}` already declared", pv);
            }

            pathSlot = NewSlot();
            elements.Add((nodeSlots[0], true, false));
            for (var i = 0; i < relSlots.Count; i++)
            {
                elements.Add((relSlots[i], false, false));
                elements.Add((nodeSlots[i + 1], true, false));
            }

            scope.Add(new BoundVariable(pv.Name, pathSlot, VariableKind.Path));
        }

        return new CreatePartSpec(nodes, rels, pathSlot, elements);
    }

    private LogicalOperator PlanMerge(LogicalOperator op, Scope scope, MergeClause merge)
    {
        _writes = true;
        var part = merge.Pattern;
        if (part.Element.Chain.Count == 0 && part.Element.Start.Variable is { } v && scope.Contains(v.Name))
        {
            throw SyntaxError($"Variable `{v.Name}` already declared", v);
        }

        foreach (var step in part.Element.Chain)
        {
            if (step.Relationship.Types.Count != 1)
            {
                throw SyntaxError("Exactly one relationship type must be specified for MERGE. Did you forget to prefix your relationship type with a ':'?", step.Relationship);
            }

            if (step.Relationship.Range is not null)
            {
                throw SyntaxError("Variable length relationships cannot be used in MERGE", step.Relationship);
            }
        }

        // The match side binds the same variables (and slots) the create side would.
        var matchScope = scope.Clone();
        var match = PlanPattern(new ArgumentOp(true), matchScope, [part], null, forMerge: true);
        var createScope = scope.Clone();
        var create = PlanCreatePart(createScope, part, merge: true);

        // Align: the create side must write into the match side's slots.
        var newSlots = new List<int>();
        var remap = new Dictionary<int, int>();
        foreach (var bv in createScope.Variables)
        {
            if (scope.Contains(bv.Name))
            {
                continue;
            }

            if (matchScope.TryGet(bv.Name, out var mv))
            {
                remap[bv.Slot] = mv.Slot;
                newSlots.Add(mv.Slot);
                scope.Add(mv);
            }
        }

        int R(int s) => remap.TryGetValue(s, out var t) ? t : s;
        create = new CreatePartSpec(
            create.Nodes.Select(n => n with { Slot = R(n.Slot) }).ToList(),
            create.Relationships.Select(r => r with { Slot = R(r.Slot), StartSlot = R(r.StartSlot), EndSlot = R(r.EndSlot) }).ToList(),
            R(create.PathSlot),
            create.PathElements.Select(e => (R(e.Slot), e.IsNode, e.IsList)).ToList());

        var onCreate = merge.OnCreate.Select(i => PlanSetItem(scope, i)).ToList();
        var onMatch = merge.OnMatch.Select(i => PlanSetItem(scope, i)).ToList();
        return new MergeOp(op, match, create, onCreate, onMatch, [.. newSlots]);
    }

    private LogicalOperator PlanSet(LogicalOperator op, Scope scope, SetClause set)
    {
        _writes = true;
        return new SetOp(op, set.Items.Select(i => PlanSetItem(scope, i)).ToList(), "Set");
    }

    private SetAction PlanSetItem(Scope scope, SetItem item) => item switch
    {
        SetProperty p => new SetPropertyAction(Compile(p.Property.Target, scope), p.Property.Key, Compile(p.Value, scope)),
        SetAllProperties a => new SetAllPropertiesAction(Compile(a.Variable, scope), Compile(a.Value, scope), false),
        MergeProperties m => new SetAllPropertiesAction(Compile(m.Variable, scope), Compile(m.Value, scope), true),
        SetLabels l => new SetLabelsAction(Compile(l.Variable, scope), l.Labels, false),
        _ => throw NotSupported(item.GetType().Name, item),
    };

    private LogicalOperator PlanRemove(LogicalOperator op, Scope scope, RemoveClause remove)
    {
        _writes = true;
        var actions = remove.Items.Select<RemoveItem, SetAction>(i => i switch
        {
            RemoveProperty p => new SetPropertyAction(Compile(p.Property.Target, scope), p.Property.Key, null),
            RemoveLabels l => new SetLabelsAction(Compile(l.Variable, scope), l.Labels, true),
            _ => throw NotSupported(i.GetType().Name, i),
        }).ToList();
        return new SetOp(op, actions, "Remove");
    }

    private LogicalOperator PlanDelete(LogicalOperator op, Scope scope, DeleteClause delete)
    {
        _writes = true;
        foreach (var e in delete.Expressions)
        {
            if (e is Literal or BinaryExpression or LabelPredicate or UnaryExpression or ListLiteral or MapLiteral)
            {
                throw SyntaxError("Type mismatch: expected Node, Path or Relationship", e);
            }
        }

        return new DeleteOp(op, delete.Expressions.Select(e => Compile(e, scope)).ToList(), delete.Detach);
    }

    private (LogicalOperator, IReadOnlyList<string>, int[]) PlanCall(LogicalOperator op, Scope scope, CallClause call, bool standalone)
    {
        var procedure = _procedures.FirstOrDefault(p => string.Equals(p.Name, call.ProcedureName, StringComparison.OrdinalIgnoreCase)) ??
                        Procedures.Find(call.ProcedureName) ??
                        throw new Graph.GraphException(Graph.GraphErrorCodes.ProcedureNotFound,
                            $"There is no procedure with the name `{call.ProcedureName}` registered for this database instance. Please ensure you've spelled the procedure name correctly and that the procedure is properly deployed.",
                            call.Span.Position);
        var arguments = call.Arguments;
        if (arguments is null && procedure.Parameters.Count > 0)
        {
            // `CALL p` without parentheses: the arguments are the parameters of the same names, standalone only.
            if (!standalone)
            {
                throw SyntaxError("Procedure call inside a query does not support passing arguments implicitly (pass explicitly after procedure name instead)", call);
            }

            arguments = procedure.Parameters.Select(name => (Expression)new Parameter(name) { Span = call.Span }).ToList();
        }

        foreach (var a in arguments ?? [])
        {
            if (ExpressionTree.ContainsAggregate(a))
            {
                throw SyntaxError("Procedure call cannot take an aggregating function as argument, please add a 'WITH' to your statement.", a);
            }
        }

        if (call.YieldStar && !standalone)
        {
            throw SyntaxError("Invalid input '*': YIELD * is only allowed in a standalone procedure call", call);
        }

        var args = (arguments ?? []).Select(a => Compile(a, scope)).ToList();
        if (procedure.ParameterTypes is { } types)
        {
            for (var i = 0; i < args.Count && i < types.Count; i++)
            {
                if (args[i].Syntax is Literal and not NullLiteral && !ArgumentFits(args[i].Syntax, types[i]))
                {
                    throw SyntaxError($"Type mismatch: expected {types[i].TrimEnd('?')} but was {TypeNameOf(args[i].Syntax)}", args[i].Syntax);
                }
            }
        }

        if (args.Count != procedure.Parameters.Count)
        {
            throw SyntaxError($"Procedure call does not provide the required number of arguments: got {args.Count} expected {procedure.Parameters.Count}", call);
        }

        var outputs = new List<(int Column, int Slot)>();
        var columns = new List<string>();
        if (call.Yield.Count == 0)
        {
            if (!standalone && !call.YieldStar && procedure.Columns.Count > 0)
            {
                throw SyntaxError("Procedure call inside a query does not support naming results implicitly (name explicitly using `YIELD` instead)", call);
            }

            for (var c = 0; c < procedure.Columns.Count; c++)
            {
                var slot = NewSlot();
                outputs.Add((c, slot));
                columns.Add(procedure.Columns[c]);
                scope.Add(new BoundVariable(procedure.Columns[c], slot, VariableKind.Any));
            }
        }
        else
        {
            foreach (var y in call.Yield)
            {
                var c = procedure.Columns.ToList().IndexOf(y.Field);
                if (c < 0)
                {
                    throw SyntaxError($"Unknown procedure output: `{y.Field}`", y);
                }

                if (scope.Contains(y.Name))
                {
                    throw SyntaxError($"Variable `{y.Name}` already declared", y);
                }

                var slot = NewSlot();
                outputs.Add((c, slot));
                columns.Add(y.Name);
                scope.Add(new BoundVariable(y.Name, slot, VariableKind.Any));
            }
        }

        op = new ProcedureCallOp(op, procedure, args, outputs);
        if (call.Where is not null)
        {
            op = new FilterOp(op, Compile(call.Where, scope));
        }

        return (op, standalone ? columns : [], standalone ? outputs.Select(o => o.Slot).ToArray() : []);
    }

    private (LogicalOperator, IReadOnlyList<string>, int[]) PlanSchema(SchemaCommand command)
    {
        IReadOnlyList<string> columns = command switch
        {
            ShowConstraints => ["id", "name", "type", "entityType", "labelsOrTypes", "properties", "ownedIndex", "propertyType"],
            ShowIndexes => ["id", "name", "state", "populationPercent", "type", "entityType", "labelsOrTypes", "properties", "indexProvider", "owningConstraint", "lastRead", "readCount"],
            ShowProcedures => ["name", "description", "mode", "worksOnSystem"],
            ShowFunctions => ["name", "category", "description"],
            _ => [],
        };
        if (command is not (ShowConstraints or ShowIndexes or ShowProcedures or ShowFunctions))
        {
            _writes = true;
        }

        var slots = columns.Select(_ => NewSlot()).ToArray();
        return (new SchemaOp(command, slots), columns, slots);
    }

    /// <summary>Whether a literal argument has a value of the procedure parameter's type (<c>NUMBER</c>: an integer or
    /// a float; <c>FLOAT</c> also takes an integer, which Neo4j coerces).</summary>
    private static bool ArgumentFits(Expression literal, string type) => type.TrimEnd('?').ToUpperInvariant() switch
    {
        "INTEGER" => literal is IntegerLiteral,
        "FLOAT" or "NUMBER" => literal is IntegerLiteral or FloatLiteral,
        "STRING" => literal is StringLiteral,
        "BOOLEAN" => literal is BooleanLiteral,
        _ => true,
    };

    private static string TypeNameOf(Expression literal) => literal switch
    {
        IntegerLiteral => "Integer",
        FloatLiteral => "Float",
        StringLiteral => "String",
        BooleanLiteral => "Boolean",
        _ => "Any",
    };
}
