namespace PaperGraph.Cypher.Syntax.Ast;

/// <summary>
/// The root of every syntax-tree node. Nodes are immutable records produced by
/// <see cref="CypherParser"/>; every node knows the <see cref="Span"/> of text it came from.
/// </summary>
/// <remarks>
/// Record equality compares spans and compares lists by reference; to compare two trees by structure
/// alone (ignoring spans), use <see cref="SyntaxComparer"/>.
/// A tree is immutable and safe to share and cache across threads.
/// </remarks>
public abstract record AstNode
{
    /// <summary>Where in the statement text this node was read from (default for synthesized nodes).</summary>
    public SourceSpan Span { get; init; }
}
