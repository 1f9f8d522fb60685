namespace PaperGraph.Cypher.Syntax.Ast;

// Neo4j 5 type predicates: `x IS [NOT] :: TYPE`, `x IS [NOT] TYPED TYPE`, `x :: TYPE` (Cypher Manual, "Type
// predicate expressions"), and the types they name.

/// <summary>A Cypher value type as written in a type predicate.</summary>
public abstract record CypherTypeExpression : AstNode
{
    /// <summary><c>NOT NULL</c> (or <c>!</c>) was given: null does not have this type.</summary>
    public bool NotNull { get; init; }
}

/// <summary>A type with no parameters, by its canonical name: <c>BOOLEAN</c>, <c>STRING</c>, <c>INTEGER</c>,
/// <c>FLOAT</c>, <c>DATE</c>, <c>LOCAL TIME</c>, <c>ZONED TIME</c>, <c>LOCAL DATETIME</c>, <c>ZONED DATETIME</c>,
/// <c>DURATION</c>, <c>POINT</c>, <c>NODE</c>, <c>RELATIONSHIP</c>, <c>MAP</c>, <c>PATH</c>, <c>ANY</c>,
/// <c>PROPERTY VALUE</c>, <c>NOTHING</c>, <c>NULL</c>.</summary>
public sealed record SimpleCypherType(string Name) : CypherTypeExpression;

/// <summary><c>LIST&lt;T&gt;</c>.</summary>
public sealed record ListCypherType(CypherTypeExpression Element) : CypherTypeExpression;

/// <summary><c>A | B</c> or <c>ANY&lt;A | B&gt;</c>.</summary>
public sealed record UnionCypherType(IReadOnlyList<CypherTypeExpression> Alternatives) : CypherTypeExpression;

/// <summary><c>operand IS [NOT] :: type</c>: whether the value has the type (null has every nullable type).</summary>
public sealed record TypePredicate(Expression Operand, CypherTypeExpression Type, bool Negated) : Expression;
