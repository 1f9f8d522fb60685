using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Planning;

/// <summary>The little static typing Neo4j does at compile time: a literal or a variable of known kind used where
/// another type is required is a SyntaxError (InvalidArgumentType), before anything runs.</summary>
public sealed partial class Planner
{
    private static string? StaticType(Expression e, Scope scope) => e switch
    {
        IntegerLiteral => "Integer",
        FloatLiteral => "Float",
        StringLiteral => "String",
        BooleanLiteral => "Boolean",
        ListLiteral => "List",
        MapLiteral => "Map",
        Variable v when scope.TryGet(v.Name, out var bv) => bv.StaticType ?? bv.Kind switch
        {
            VariableKind.Node => "Node",
            VariableKind.Relationship => "Relationship",
            VariableKind.Path => "Path",
            VariableKind.RelationshipList => "List",
            _ => null,
        },
        BinaryExpression { Operator: BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Xor or BinaryOperator.Equal or
            BinaryOperator.NotEqual or BinaryOperator.LessThan or BinaryOperator.LessThanOrEqual or BinaryOperator.GreaterThan or
            BinaryOperator.GreaterThanOrEqual or BinaryOperator.StartsWith or BinaryOperator.EndsWith or BinaryOperator.Contains } => "Boolean",
        UnaryExpression { Operator: UnaryOperator.Not } or IsNull or IsNotNull => "Boolean",
        _ => null,
    };

    /// <summary>The type every element of a list literal has, when they all have the same known one.</summary>
    private static string? ElementStaticType(Expression list, Scope scope)
    {
        if (list is not ListLiteral { Items.Count: > 0 } literal)
        {
            return null;
        }

        var first = StaticType(literal.Items[0], scope);
        return first is not null && literal.Items.All(i => StaticType(i, scope) == first) ? first : null;
    }

    private void RequireType(Expression e, Scope scope, string context, params string[] allowed)
    {
        var type = StaticType(e, scope);
        if (type is not null && Array.IndexOf(allowed, type) < 0)
        {
            throw SyntaxError($"Type mismatch: expected {string.Join(", ", allowed)} but was {type} ({context})", e);
        }
    }

    /// <summary>Compile-time argument checks for operators and the graph functions.</summary>
    private void CheckStaticTypes(Expression e, Scope scope)
    {
        switch (e)
        {
            case BinaryExpression { Operator: BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Xor } b:
                RequireType(b.Left, scope, b.Operator.ToString().ToUpperInvariant(), "Boolean");
                RequireType(b.Right, scope, b.Operator.ToString().ToUpperInvariant(), "Boolean");
                break;
            case BinaryExpression { Operator: BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide or
                BinaryOperator.Modulo or BinaryOperator.Power } arithmetic:
                RequireType(arithmetic.Left, scope, arithmetic.Operator.ToString().ToLowerInvariant(), "Integer", "Float");
                RequireType(arithmetic.Right, scope, arithmetic.Operator.ToString().ToLowerInvariant(), "Integer", "Float");
                break;
            case UnaryExpression { Operator: UnaryOperator.Not } u:
                RequireType(u.Operand, scope, "NOT", "Boolean");
                break;
            case BinaryExpression { Operator: BinaryOperator.In } i:
                RequireType(i.Right, scope, "IN", "List");
                break;
            case Quantifier q:
                RequireType(q.Source, scope, q.Kind.ToString().ToLowerInvariant(), "List");
                break;
            case PropertyAccess { Target: Variable tv } p when scope.TryGet(tv.Name, out var tb) && tb.StaticType is { } t &&
                                                             t is not ("Node" or "Relationship" or "Map"):
                // Neo4j: a TypeError (InvalidArgumentType) at compile time for a variable known to hold a non-map
                // (TCK Map1 [6], Graph6 [9]).
                throw Syntax.CypherErrors.TypeError($"Type mismatch: expected Map, Node or Relationship but was {t} (property access)", p.Target.Span, _text);
            case PropertyAccess p:
                RequireType(p.Target, scope, "property access", "Node", "Relationship", "Map");
                break;
            case FunctionCall { Arguments.Count: 1 } f:
                var arg = f.Arguments[0];
                switch (f.Name.ToLowerInvariant())
                {
                    case "labels":
                        RequireType(arg, scope, "labels()", "Node");
                        break;
                    case "type":
                        RequireType(arg, scope, "type()", "Relationship");
                        break;
                    case "properties":
                        RequireType(arg, scope, "properties()", "Node", "Relationship", "Map");
                        break;
                    case "size":
                        RequireType(arg, scope, "size()", "List", "String");
                        break;
                    case "length":
                        RequireType(arg, scope, "length()", "Path", "List", "String");
                        break;
                    case "nodes" or "relationships":
                        RequireType(arg, scope, f.Name + "()", "Path");
                        break;
                }

                break;
        }
    }
}
