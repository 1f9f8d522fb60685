namespace PaperGraph.Cypher.Syntax.Ast;

// Patterns: the graph shapes of MATCH, CREATE, MERGE, pattern predicates and comprehensions
// (oC_Pattern, oC_PatternPart, oC_PatternElement, oC_NodePattern, oC_RelationshipPattern).

/// <summary>A comma-separated list of pattern parts (oC_Pattern).</summary>
public sealed record Pattern(IReadOnlyList<PatternPart> Parts) : AstNode;

/// <summary>How a pattern part is matched: as written, or only the shortest path(s).</summary>
public enum PatternFunction
{
    None,
    ShortestPath,
    AllShortestPaths,
}

/// <summary>
/// <c>[p =] [shortestPath|allShortestPaths(] element [)]</c> (oC_PatternPart); <see cref="Variable"/> names the path.
/// </summary>
public sealed record PatternPart(Variable? Variable, PatternFunction Function, PatternElement Element) : AstNode;

/// <summary>A node followed by zero or more (relationship, node) steps (oC_PatternElement).</summary>
public sealed record PatternElement(NodePattern Start, IReadOnlyList<PatternElementChain> Chain) : AstNode;

/// <summary>One step of a pattern element: a relationship and the node it leads to (oC_PatternElementChain).</summary>
public sealed record PatternElementChain(RelationshipPattern Relationship, NodePattern Node) : AstNode;

/// <summary>
/// <c>(variable:Label:Other {props})</c> (oC_NodePattern). <see cref="Properties"/> is a <see cref="MapLiteral"/>
/// or a <see cref="Parameter"/>.
/// </summary>
public sealed record NodePattern(Variable? Variable, IReadOnlyList<string> Labels, Expression? Properties) : AstNode;

/// <summary>The direction of a relationship pattern as written, read left to right.</summary>
public enum RelationshipDirection
{
    /// <summary><c>&lt;-[]-</c></summary>
    Left,

    /// <summary><c>-[]-&gt;</c></summary>
    Right,

    /// <summary><c>-[]-</c> (or <c>&lt;-[]-&gt;</c>): either direction.</summary>
    Both,
}

/// <summary>
/// <c>-[variable:TYPE|OTHER *min..max {props}]-&gt;</c> (oC_RelationshipPattern). <see cref="Types"/> are
/// alternatives (empty: any type). <see cref="Range"/> is set for variable-length relationships.
/// </summary>
public sealed record RelationshipPattern(
    Variable? Variable,
    IReadOnlyList<string> Types,
    RelationshipDirection Direction,
    Expression? Properties,
    RangeLiteral? Range) : AstNode;

/// <summary>
/// The length of a variable-length relationship (oC_RangeLiteral): <c>*</c> is (null, null), <c>*2</c> is
/// (2, 2), <c>*2..</c> is (2, null), <c>*..5</c> is (null, 5), <c>*2..5</c> is (2, 5).
/// A null <see cref="Min"/> means 1 and a null <see cref="Max"/> means unbounded.
/// </summary>
public sealed record RangeLiteral(long? Min, long? Max) : AstNode;
