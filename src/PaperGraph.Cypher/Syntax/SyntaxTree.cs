using System.Collections;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Syntax;

/// <summary>Walks of the syntax tree that need no knowledge of each node type.</summary>
internal static class SyntaxTree
{
    /// <summary>The syntax nodes directly below <paramref name="node"/>, in source order: its positional fields
    /// (<see cref="SyntaxComparer.FieldsOf"/>) that are nodes or lists of nodes.</summary>
    public static IEnumerable<AstNode> Children(AstNode node)
    {
        foreach (var field in SyntaxComparer.FieldsOf(node.GetType()))
        {
            switch (field.GetValue(node))
            {
                case AstNode child:
                    yield return child;
                    break;
                case IEnumerable items and not string:
                    foreach (var item in items)
                    {
                        if (item is AstNode c) yield return c;
                    }
                    break;
            }
        }
    }
}
