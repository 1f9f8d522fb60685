using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>Whether a value has a type named in a type predicate (<c>x IS :: INTEGER NOT NULL</c>).</summary>
public static class CypherTypeCheck
{
    public static bool Has(object? value, CypherTypeExpression type)
    {
        if (value is null)
        {
            return type switch
            {
                SimpleCypherType { Name: "NOTHING" } => false,
                SimpleCypherType { Name: "NULL" } => true,
                UnionCypherType u => !u.NotNull && u.Alternatives.Any(a => Has(null, a)),
                _ => !type.NotNull,
            };
        }

        return type switch
        {
            UnionCypherType u => u.Alternatives.Any(a => Has(value, a)),
            ListCypherType l => value is IReadOnlyList<object?> list && value is not string && list.All(x => Has(x, l.Element)),
            SimpleCypherType s => s.Name switch
            {
                "ANY" => true,
                "NOTHING" or "NULL" => false,
                "PROPERTY VALUE" => IsPropertyValue(value),
                var name => CypherTypes.NameOf(value) == name,
            },
            _ => false,
        };
    }

    private static bool IsPropertyValue(object value) => value switch
    {
        bool or long or double or string or GraphTemporal => true,
        IReadOnlyList<object?> list => list.All(x => x is not null && x is not IReadOnlyList<object?> && IsPropertyValue(x)),
        _ => CypherTypes.NameOf(value) == "POINT",
    };
}
