namespace PaperGraph.Cypher.Syntax.Ast;

// Expressions (oC_Expression and below). The parser desugars two forms so the engine sees fewer shapes:
// a chained comparison `a < b <= c` becomes `a < b AND b <= c`, and `EXISTS { pattern [WHERE p] }` becomes
// `EXISTS { MATCH pattern [WHERE p] }`.

/// <summary>Any expression.</summary>
public abstract record Expression : AstNode;

/// <summary>A literal constant (oC_Literal).</summary>
public abstract record Literal : Expression;

/// <summary><c>null</c>.</summary>
public sealed record NullLiteral : Literal;

/// <summary><c>true</c> or <c>false</c>.</summary>
public sealed record BooleanLiteral(bool Value) : Literal;

/// <summary>A 64-bit integer: decimal, hexadecimal (<c>0x1F</c>) or octal (<c>0o17</c>).</summary>
public sealed record IntegerLiteral(long Value) : Literal;

/// <summary>A float: <c>1.5</c>, <c>.5</c>, <c>1e3</c>, <c>1.5E-3</c>.</summary>
public sealed record FloatLiteral(double Value) : Literal;

/// <summary>A string, escapes already resolved.</summary>
public sealed record StringLiteral(string Value) : Literal;

/// <summary><c>[a, b, c]</c> (oC_ListLiteral).</summary>
public sealed record ListLiteral(IReadOnlyList<Expression> Items) : Expression;

/// <summary><c>{key: value, …}</c> (oC_MapLiteral); keys keep their order.</summary>
public sealed record MapLiteral(IReadOnlyList<MapEntry> Entries) : Expression;

/// <summary>One <c>key: value</c> of a map literal.</summary>
public sealed record MapEntry(string Key, Expression Value) : AstNode;

/// <summary><c>$name</c> or <c>$0</c> (oC_Parameter); <see cref="Name"/> is without the <c>$</c>.</summary>
public sealed record Parameter(string Name) : Expression;

/// <summary>A variable reference (oC_Variable).</summary>
public sealed record Variable(string Name) : Expression;

/// <summary><c>target.key</c> (oC_PropertyLookup).</summary>
public sealed record PropertyAccess(Expression Target, string Key) : Expression;

/// <summary><c>target[index]</c>: a list element or a map value by key.</summary>
public sealed record IndexExpression(Expression Target, Expression Index) : Expression;

/// <summary><c>target[from..to]</c>, either bound may be left out.</summary>
public sealed record SliceExpression(Expression Target, Expression? From, Expression? To) : Expression;

/// <summary>
/// <c>name([DISTINCT] args)</c> (oC_FunctionInvocation). <see cref="Name"/> is namespace-qualified as written
/// (<c>toLower</c>, <c>db.schema.foo</c>); function names are case-insensitive, so compare ignoring case.
/// </summary>
public sealed record FunctionCall(string Name, bool Distinct, IReadOnlyList<Expression> Arguments) : Expression;

/// <summary><c>count(*)</c>.</summary>
public sealed record CountStar : Expression;

/// <summary>A prefix operator.</summary>
public enum UnaryOperator
{
    /// <summary><c>NOT x</c></summary>
    Not,

    /// <summary><c>-x</c></summary>
    Negate,

    /// <summary><c>+x</c></summary>
    Plus,
}

/// <summary><c>NOT x</c>, <c>-x</c>, <c>+x</c>.</summary>
public sealed record UnaryExpression(UnaryOperator Operator, Expression Operand) : Expression;

/// <summary>An infix operator.</summary>
public enum BinaryOperator
{
    Or,
    Xor,
    And,
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>&lt;&gt;</c></summary>
    NotEqual,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    /// <summary><c>^</c></summary>
    Power,
    In,
    StartsWith,
    EndsWith,
    Contains,
    /// <summary><c>=~</c></summary>
    RegexMatch,
}

/// <summary><c>left op right</c>.</summary>
public sealed record BinaryExpression(BinaryOperator Operator, Expression Left, Expression Right) : Expression;

/// <summary><c>x IS NULL</c>.</summary>
public sealed record IsNull(Expression Operand) : Expression;

/// <summary><c>x IS NOT NULL</c>.</summary>
public sealed record IsNotNull(Expression Operand) : Expression;

/// <summary><c>x IS [NOT] [NFC | NFD | NFKC | NFKD] NORMALIZED</c>; <paramref name="Form"/> is the form's name.</summary>
public sealed record IsNormalized(Expression Operand, string Form, bool Negated) : Expression;

/// <summary><c>n:Label:Other</c> as a predicate: true when the node has all the labels (or a relationship that type).</summary>
public sealed record LabelPredicate(Expression Target, IReadOnlyList<string> Labels) : Expression;

/// <summary>The planner's predicate for a parameter map in a pattern, <c>(n $props)</c>: every entry of the map equals
/// the entity's property of that key (a map that is not a map matches nothing). Not written by users.</summary>
public sealed record PropertiesMatch(Expression Target, Expression Properties) : Expression;

/// <summary><c>n:A|B</c>, <c>n:!A</c>, <c>r:%</c>… (Neo4j 5 label expressions) as a predicate.</summary>
public sealed record LabelExpressionPredicate(Expression Target, LabelExpression Expression) : Expression;

/// <summary>
/// <c>CASE [test] WHEN … THEN … [ELSE …] END</c> (oC_CaseExpression). With a <see cref="Test"/> it is the
/// simple form (each WHEN is compared to the test), without it the searched form (each WHEN is a predicate).
/// </summary>
public sealed record CaseExpression(Expression? Test, IReadOnlyList<CaseAlternative> Alternatives, Expression? Else) : Expression;

/// <summary><c>WHEN when THEN then</c>.</summary>
public sealed record CaseAlternative(Expression When, Expression Then) : AstNode;

/// <summary><c>[variable IN source [WHERE predicate] [| projection]]</c> (oC_ListComprehension).</summary>
public sealed record ListComprehension(Variable Variable, Expression Source, Expression? Where, Expression? Projection) : Expression;

/// <summary><c>[[path =] pattern [WHERE predicate] | projection]</c> (oC_PatternComprehension).</summary>
public sealed record PatternComprehension(Variable? PathVariable, PatternElement Pattern, Expression? Where, Expression Projection) : Expression;

/// <summary>The four list predicates.</summary>
public enum QuantifierKind
{
    All,
    Any,
    None,
    Single,
}

/// <summary><c>all|any|none|single(variable IN source [WHERE predicate])</c> (oC_Quantifier).</summary>
public sealed record Quantifier(QuantifierKind Kind, Variable Variable, Expression Source, Expression? Where) : Expression;

/// <summary><c>reduce(accumulator = initial, variable IN source | expression)</c>.</summary>
public sealed record Reduce(Variable Accumulator, Expression Initial, Variable Variable, Expression Source, Expression Expression) : Expression;

/// <summary>
/// <c>EXISTS { query }</c> (oC_ExistentialSubquery): true when the subquery yields at least one row.
/// The short form <c>EXISTS { pattern [WHERE p] }</c> is read as <c>EXISTS { MATCH pattern [WHERE p] }</c>.
/// </summary>
public sealed record ExistsSubquery(Query Query) : SubqueryExpression(Query);

/// <summary>An expression whose value comes from running a subquery once per row, correlated with it: the
/// variables of the row are visible inside (and stay visible across the subquery's own WITHs).</summary>
public abstract record SubqueryExpression(Query Query) : Expression;

/// <summary><c>COUNT { query }</c>: the number of rows the subquery yields. The short form
/// <c>COUNT { pattern [WHERE p] }</c> is read as <c>COUNT { MATCH pattern [WHERE p] }</c>.</summary>
public sealed record CountSubquery(Query Query) : SubqueryExpression(Query);

/// <summary><c>COLLECT { query }</c>: the list of the values of the subquery's single RETURN column.</summary>
public sealed record CollectSubquery(Query Query) : SubqueryExpression(Query);

/// <summary>
/// A relationship pattern used as a predicate, <c>WHERE (a)-[:KNOWS]->(b)</c> (oC_RelationshipsPattern):
/// true when at least one match exists, given the variables already bound.
/// </summary>
public sealed record PatternPredicate(PatternElement Pattern) : Expression;

/// <summary><c>variable{.key, key: expr, .*, other}</c> (oC_MapProjection).</summary>
public sealed record MapProjection(Variable Variable, IReadOnlyList<MapProjectionItem> Items) : Expression;

/// <summary>One item of a map projection.</summary>
public abstract record MapProjectionItem : AstNode;

/// <summary><c>.key</c>: the property of that name.</summary>
public sealed record PropertySelector(string Key) : MapProjectionItem;

/// <summary><c>key: expression</c>.</summary>
public sealed record LiteralEntry(string Key, Expression Value) : MapProjectionItem;

/// <summary><c>.*</c>: all properties.</summary>
public sealed record AllPropertiesSelector : MapProjectionItem;

/// <summary><c>other</c>: the entry <c>other: other</c>.</summary>
public sealed record VariableSelector(Variable Variable) : MapProjectionItem;
