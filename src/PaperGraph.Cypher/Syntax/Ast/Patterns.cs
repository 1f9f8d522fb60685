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

    /// <summary>Neo4j 5 <c>SHORTEST k</c> (k &gt; 1; also <c>ANY k</c>): the k shortest paths per pair of end nodes.</summary>
    ShortestK,

    /// <summary>Neo4j 5 <c>SHORTEST k GROUPS</c> (k &gt; 1): every path of the k shortest lengths per pair of end nodes.</summary>
    ShortestKGroups,
}

/// <summary>
/// <c>[p =] [shortestPath|allShortestPaths(] element [)]</c> (oC_PatternPart); <see cref="Variable"/> names the path.
/// </summary>
/// <remarks>Neo4j 5 path selectors are read into <see cref="Function"/>: <c>SHORTEST 1</c> and <c>ANY</c> as
/// shortestPath, <c>ALL SHORTEST</c> and <c>SHORTEST 1 GROUPS</c> as allShortestPaths, larger k as
/// <see cref="PatternFunction.ShortestK"/> / <see cref="PatternFunction.ShortestKGroups"/> with <see cref="K"/> (null: 1).
/// <see cref="Selector"/>: written with a Neo4j 5 path selector rather than the shortestPath() functions; a
/// WHERE at the MATCH level then filters the selected paths (a post-filter), while predicates inside the pattern
/// filter the search.</remarks>
public sealed record PatternPart(Variable? Variable, PatternFunction Function, PatternElement Element, long? K = null, bool Selector = false) : AstNode;

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
/// <remarks>A quantified relationship or a quantified path pattern of one relationship (Neo4j 5) is a relationship
/// with a <see cref="Range"/> and, when its inner nodes or WHERE constrain each step, <see cref="Quantified"/>.</remarks>
public sealed record RelationshipPattern(
    Variable? Variable,
    IReadOnlyList<string> Types,
    RelationshipDirection Direction,
    Expression? Properties,
    RangeLiteral? Range,
    QuantifiedPath? Quantified = null) : AstNode;

/// <summary>
/// The inside of a quantified path pattern <c>((left)-[r]-&gt;(right) WHERE predicate){m,n}</c>: every step of the
/// matched path must match it, with <c>left</c>, <c>r</c> and <c>right</c> bound to that step's nodes and relationship.
/// Outside, named inner variables are group variables: lists over the steps.
/// </summary>
/// <remarks>A quantified path pattern of more than one relationship, <c>((a)-[r]-&gt;(b)-[s]-&gt;(c)){1,3}</c>, keeps
/// its whole inner pattern in <see cref="Element"/> (its <see cref="Left"/> and <see cref="Right"/> are the first and
/// last inner nodes); its <see cref="RelationshipPattern"/> is then a placeholder with no variable, type or direction
/// of its own, whose relationship list is every relationship of every iteration in written order.</remarks>
public sealed record QuantifiedPath(NodePattern Left, NodePattern Right, Expression? Where, PatternElement? Element = null) : AstNode;

/// <summary>A Neo4j 5 label (or relationship type) expression: <c>A|B</c>, <c>A&amp;B</c>, <c>!A</c>, <c>%</c>.</summary>
public abstract record LabelExpression : AstNode
{
    /// <summary>The labels, when the expression is a plain conjunction of names (<c>:A:B</c>, <c>:A&amp;B</c>).</summary>
    public IReadOnlyList<string>? AsConjunction() => this switch
    {
        LabelName n => [n.Name],
        LabelAnd a when a.Left.AsConjunction() is { } l && a.Right.AsConjunction() is { } r => [.. l, .. r],
        _ => null,
    };

    /// <summary>The names, when the expression is a plain disjunction of names (<c>:A|B</c>).</summary>
    public IReadOnlyList<string>? AsDisjunction() => this switch
    {
        LabelName n => [n.Name],
        LabelOr o when o.Left.AsDisjunction() is { } l && o.Right.AsDisjunction() is { } r => [.. l, .. r],
        _ => null,
    };

    /// <summary>Whether a node with <paramref name="labels"/> (or a relationship of that one type) matches.</summary>
    public bool Matches(IReadOnlyCollection<string> labels) => this switch
    {
        LabelName n => labels.Contains(n.Name),
        LabelWildcard => labels.Count > 0,
        LabelNot x => !x.Operand.Matches(labels),
        LabelAnd a => a.Left.Matches(labels) && a.Right.Matches(labels),
        LabelOr o => o.Left.Matches(labels) || o.Right.Matches(labels),
        _ => false,
    };
}

/// <summary>A label or type name.</summary>
public sealed record LabelName(string Name) : LabelExpression;

/// <summary><c>%</c>: any label (a node with at least one), any type.</summary>
public sealed record LabelWildcard : LabelExpression;

/// <summary><c>!x</c>.</summary>
public sealed record LabelNot(LabelExpression Operand) : LabelExpression;

/// <summary><c>x&amp;y</c> (also <c>x:y</c>).</summary>
public sealed record LabelAnd(LabelExpression Left, LabelExpression Right) : LabelExpression;

/// <summary><c>x|y</c>.</summary>
public sealed record LabelOr(LabelExpression Left, LabelExpression Right) : LabelExpression;

/// <summary>
/// The length of a variable-length relationship (oC_RangeLiteral): <c>*</c> is (null, null), <c>*2</c> is
/// (2, 2), <c>*2..</c> is (2, null), <c>*..5</c> is (null, 5), <c>*2..5</c> is (2, 5).
/// A null <see cref="Min"/> means 1 and a null <see cref="Max"/> means unbounded.
/// </summary>
public sealed record RangeLiteral(long? Min, long? Max) : AstNode;
