using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Execution;
using PaperGraph.Cypher.Rewriting;
using PaperGraph.Cypher.Storage;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Planning;

public sealed partial class Planner
{
    private Evaluator BuildFunction(FunctionCall f, Scope scope)
    {
        var name = f.Name.ToLowerInvariant();
        if (ExpressionTree.AggregateFunctions.Contains(name))
        {
            throw SyntaxError($"Invalid use of aggregating function {f.Name}(...) in this context", f);
        }

        if (name == "exists" && f.Arguments.Count == 1)
        {
            var arg = f.Arguments[0];
            if (arg is PropertyAccess)
            {
                var inner = Build(arg, scope);
                return (row, ctx) => CypherValues.Box(inner(row, ctx) is not null);
            }

            if (arg is PatternPredicate)
            {
                return Build(arg, scope);
            }

            throw SyntaxError("Argument to exists(...) is not a property or pattern", arg);
        }

        var args = f.Arguments.Select(a => Build(a, scope)).ToArray();
        var graph = GraphFunction(name, args.Length, f);
        if (graph is not null)
        {
            return (row, ctx) =>
            {
                var values = new object?[args.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    values[i] = args[i](row, ctx);
                }

                return graph(values, ctx);
            };
        }

        if (name == "coalesce")
        {
            return (row, ctx) =>
            {
                foreach (var a in args)
                {
                    var v = a(row, ctx);
                    if (v is not null)
                    {
                        return v;
                    }
                }

                return null;
            };
        }

        var function = FunctionRegistry.Resolve(f.Name, args.Length, f, _text);
        return (row, ctx) =>
        {
            var values = new object?[args.Length];
            for (var i = 0; i < args.Length; i++)
            {
                values[i] = args[i](row, ctx);
            }

            var result = function(values, ctx);
            if (result is string or IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>
                && result is not CypherFunctions.RangeList && Array.IndexOf(values, result) < 0)
            {
                // A string, list or map a function built (toUpper, split, reverse, tail, properties…); a range()
                // is computed on access and costs nothing until something materialises it.
                ctx.Budget.Charge(ValueLimits.ShallowSizeOf(result));
            }

            return result;
        };
    }

    private Func<object?[], QueryContext, object?>? GraphFunction(string name, int arity, FunctionCall f)
    {
        void Arity(int n)
        {
            if (arity != n)
            {
                throw SyntaxError($"Function {f.Name}() takes {n} argument(s) but {arity} were given", f);
            }
        }

        switch (name)
        {
            case "id":
                Arity(1);
                return (a, _) => a[0] switch
                {
                    null => null,
                    NodeValue n => CypherValues.Box(n.Id),
                    RelationshipValue r => CypherValues.Box(r.Id),
                    var v => throw TypeMismatch("id", "Node or Relationship", v),
                };
            case "elementid":
                Arity(1);
                return (a, _) => a[0] switch
                {
                    null => null,
                    NodeValue n => ElementIds.Node(n.Id),
                    RelationshipValue r => ElementIds.Relationship(r.Id),
                    var v => throw TypeMismatch("elementId", "Node or Relationship", v),
                };
            case "labels":
                Arity(1);
                return (a, ctx) => a[0] switch
                {
                    null => null,
                    NodeValue n => ctx.GetLabels(n.Id).Cast<object?>().ToArray(),
                    var v => throw TypeMismatch("labels", "Node", v),
                };
            case "type":
                Arity(1);
                return (a, ctx) => a[0] switch
                {
                    null => null,
                    RelationshipValue r => ctx.Reader.GetTypeName(ctx.GetRelationship(r.Id).TypeId),
                    var v => throw TypeMismatch("type", "Relationship", v),
                };
            case "properties":
                Arity(1);
                return (a, ctx) => a[0] switch
                {
                    null => null,
                    NodeValue or RelationshipValue or IReadOnlyDictionary<string, object?> => PropertiesOf(a[0], ctx),
                    var v => throw TypeMismatch("properties", "Map, Node or Relationship", v),
                };
            case "keys":
                Arity(1);
                return (a, ctx) => a[0] switch
                {
                    null => null,
                    NodeValue or RelationshipValue or IReadOnlyDictionary<string, object?> =>
                        PropertiesOf(a[0], ctx).Keys.Cast<object?>().ToArray(),
                    var v => throw TypeMismatch("keys", "Map, Node or Relationship", v),
                };
            case "nodes":
                Arity(1);
                return (a, _) => a[0] switch
                {
                    null => null,
                    PathValue p => p.NodeIds.Select(id => (object?)new NodeValue(id)).ToArray(),
                    var v => throw TypeMismatch("nodes", "Path", v),
                };
            case "relationships":
                Arity(1);
                return (a, _) => a[0] switch
                {
                    null => null,
                    PathValue p => p.RelationshipIds.Select(id => (object?)new RelationshipValue(id)).ToArray(),
                    var v => throw TypeMismatch("relationships", "Path", v),
                };
            case "startnode":
                Arity(1);
                return (a, ctx) => a[0] switch
                {
                    null => null,
                    RelationshipValue r => new NodeValue(ctx.GetRelationship(r.Id).StartNodeId),
                    var v => throw TypeMismatch("startNode", "Relationship", v),
                };
            case "endnode":
                Arity(1);
                return (a, ctx) => a[0] switch
                {
                    null => null,
                    RelationshipValue r => new NodeValue(ctx.GetRelationship(r.Id).EndNodeId),
                    var v => throw TypeMismatch("endNode", "Relationship", v),
                };
            case "length" when arity == 1:
                return (a, _) => a[0] switch
                {
                    null => null,
                    PathValue p => CypherValues.Box((long)p.Length),
                    var v => throw TypeMismatch("length", "Path", v),
                };
            default:
                return null;
        }
    }

    private static GraphException TypeMismatch(string function, string expected, object? actual) =>
        new(GraphErrorCodes.TypeError, $"Type mismatch: {function}() expected {expected} but was {CypherTypes.NameOf(actual)}");
}
