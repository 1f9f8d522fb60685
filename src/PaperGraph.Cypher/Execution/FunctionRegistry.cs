using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Cypher.Values;

namespace PaperGraph.Cypher.Execution;

/// <summary>Resolves a scalar function call at plan time (arity checked) to a delegate.</summary>
public static class FunctionRegistry
{
    public static Func<object?[], QueryContext, object?> Resolve(string name, int arity, FunctionCall at, string text)
    {
        switch (name.ToLowerInvariant())
        {
            case "size" when arity == 1:
                return (a, _) => a[0] switch
                {
                    null => null,
                    string s => CypherValues.Box((long)s.Length),
                    IReadOnlyList<object?> l => CypherValues.Box((long)l.Count),
                    _ => throw ValueErrors.Type("size() expects a list or a string"),
                };
            case "range" when arity is 2 or 3:
                return (a, _) =>
                {
                    var from = (long)a[0]!;
                    var to = (long)a[1]!;
                    var step = arity == 3 ? (long)a[2]! : 1;
                    var list = new List<object?>();
                    for (var i = from; step > 0 ? i <= to : i >= to; i += step)
                    {
                        list.Add(CypherValues.Box(i));
                    }

                    return list;
                };
            case "toupper" when arity == 1:
                return (a, _) => (a[0] as string)?.ToUpperInvariant();
            case "tostring" when arity == 1:
                return (a, _) => ValueFormatter.ScalarToString(a[0]);
        }

        throw CypherErrors.SyntaxError($"Unknown function '{name}'", at.Span, text);
    }
}
