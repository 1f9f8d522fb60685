namespace PaperGraph.Cypher.Syntax.Ast;

// Statements: what CypherParser.Parse returns. oC_Statement / oC_Query / oC_RegularQuery / oC_SingleQuery /
// oC_Union, plus the EXPLAIN/PROFILE prefix and the schema commands (Schema.cs).

/// <summary>A whole statement: a <see cref="Query"/>, an <see cref="ExplainStatement"/>, or a <see cref="SchemaCommand"/>.</summary>
public abstract record Statement : AstNode;

/// <summary>A query that reads and/or writes the graph: a <see cref="SingleQuery"/> or a <see cref="UnionQuery"/>.</summary>
public abstract record Query : Statement;

/// <summary>
/// A sequence of clauses (oC_SingleQuery), e.g. <c>MATCH … WITH … RETURN …</c>.
/// A standalone <c>CALL proc()</c> is a single query whose only clause is a <see cref="CallClause"/>.
/// </summary>
public sealed record SingleQuery(IReadOnlyList<Clause> Clauses) : Query;

/// <summary>
/// Two or more single queries joined by <c>UNION</c> (<see cref="All"/> false: duplicates removed) or
/// <c>UNION ALL</c>. Mixing both in one statement is a syntax error, so one flag describes every join.
/// </summary>
public sealed record UnionQuery(IReadOnlyList<SingleQuery> Queries, bool All) : Query;

/// <summary>Whether a statement is only planned (<c>EXPLAIN</c>) or run and profiled (<c>PROFILE</c>).</summary>
public enum ExplainMode
{
    Explain,
    Profile,
}

/// <summary><c>EXPLAIN</c> or <c>PROFILE</c> in front of a statement.</summary>
public sealed record ExplainStatement(ExplainMode Mode, Statement Statement) : Statement;
