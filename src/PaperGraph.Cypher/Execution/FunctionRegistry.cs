using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Cypher.Values;

namespace PaperGraph.Cypher.Execution;

/// <summary>Resolves a scalar function call at plan time (name and arity checked) to a delegate over the values
/// library's function registry.</summary>
public static class FunctionRegistry
{
    public static Func<object?[], QueryContext, object?> Resolve(string name, int arity, FunctionCall at, string text)
    {
        if (!CypherFunctions.TryGet(name, out var function))
        {
            if (CypherFunctions.IsKnownButUnsupported(name, out var feature))
            {
                throw CypherErrors.NotSupported(feature, at.Span, text);
            }

            throw CypherErrors.SyntaxError(CypherFunctions.UnknownFunctionMessage(name), at.Span, text);
        }

        if (!function.AcceptsArity(arity))
        {
            throw CypherErrors.SyntaxError(
                $"Function {function.Name}() takes {function.ArityDescription}, but was called with {arity}", at.Span, text);
        }

        var body = function.Invoke;
        return (args, ctx) => body(args, ctx.Functions);
    }
}
