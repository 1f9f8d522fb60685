namespace PaperGraph.Cypher.Syntax.Ast;

// Clauses: the parts of a single query, in order (oC_Clause and its alternatives).

/// <summary>One clause of a <see cref="SingleQuery"/>.</summary>
public abstract record Clause : AstNode;

/// <summary><c>[OPTIONAL] MATCH pattern [WHERE predicate]</c> (oC_Match).</summary>
/// <remarks><see cref="PatternPredicates"/> are the predicates written inside the pattern (node and relationship
/// WHERE, parenthesized path WHERE), also ANDed into <see cref="Where"/> ahead of the clause's own WHERE: a path
/// selector treats them as filters of its search, never as post-filters of the selected paths.</remarks>
public sealed record MatchClause(bool Optional, Pattern Pattern, Expression? Where, IReadOnlyList<Expression>? PatternPredicates = null) : Clause;

/// <summary><c>UNWIND list AS variable</c> (oC_Unwind).</summary>
public sealed record UnwindClause(Expression Expression, Variable Variable) : Clause;

/// <summary><c>LOAD CSV [WITH HEADERS] FROM source AS variable [FIELDTERMINATOR 'c']</c>: one row per CSV record, a
/// list of strings (or, with headers, a map from the header names).</summary>
public sealed record LoadCsvClause(bool WithHeaders, Expression Source, Variable Variable, string? FieldTerminator) : Clause;

/// <summary><c>WITH projection [WHERE predicate]</c> (oC_With); the WHERE is <see cref="Projection.Where"/>.</summary>
public sealed record WithClause(Projection Projection) : Clause;

/// <summary><c>RETURN projection</c> (oC_Return).</summary>
public sealed record ReturnClause(Projection Projection) : Clause;

/// <summary>
/// The body shared by WITH and RETURN (oC_ProjectionBody): <c>[DISTINCT] (* | items) [ORDER BY …] [SKIP n] [LIMIT n]</c>.
/// <see cref="Star"/> is true for <c>*</c>, possibly followed by more items (<c>WITH *, x AS y</c>).
/// <see cref="Where"/> is only ever set for WITH.
/// </summary>
public sealed record Projection(
    bool Distinct,
    bool Star,
    IReadOnlyList<ProjectionItem> Items,
    IReadOnlyList<SortItem> OrderBy,
    Expression? Skip,
    Expression? Limit,
    Expression? Where) : AstNode;

/// <summary>
/// One projected column, <c>expression [AS alias]</c> (oC_ProjectionItem).
/// </summary>
/// <remarks>
/// Without an alias, Neo4j names the column by the expression's text as the user wrote it
/// (<c>RETURN n.name, count(*)</c> gives columns <c>n.name</c> and <c>count(*)</c>): the parser keeps that text in
/// <see cref="SourceText"/> and <see cref="Name"/> gives the column name either way.
/// </remarks>
public sealed record ProjectionItem(Expression Expression, Variable? Alias) : AstNode
{
    /// <summary>The expression exactly as written in the statement (null for synthesized items).</summary>
    public string? SourceText { get; init; }

    /// <summary>The column name: the alias, else the text as written, else the canonical printed form.</summary>
    public string Name => Alias?.Name ?? SourceText ?? CypherPrinter.PrintExpression(Expression);
}

/// <summary>One <c>ORDER BY</c> key (oC_SortItem).</summary>
public sealed record SortItem(Expression Expression, bool Descending) : AstNode;

/// <summary><c>CREATE pattern</c> (oC_Create).</summary>
public sealed record CreateClause(Pattern Pattern) : Clause;

/// <summary>
/// <c>MERGE part [ON CREATE SET …] [ON MATCH SET …]</c> (oC_Merge). Several <c>ON CREATE</c> (or
/// <c>ON MATCH</c>) actions are concatenated in order into one list.
/// </summary>
public sealed record MergeClause(PatternPart Pattern, IReadOnlyList<SetItem> OnCreate, IReadOnlyList<SetItem> OnMatch) : Clause;

/// <summary><c>SET item, …</c> (oC_Set).</summary>
public sealed record SetClause(IReadOnlyList<SetItem> Items) : Clause;

/// <summary>One assignment of a SET clause (oC_SetItem).</summary>
public abstract record SetItem : AstNode;

/// <summary><c>SET n.key = value</c>.</summary>
public sealed record SetProperty(PropertyAccess Property, Expression Value) : SetItem;

/// <summary><c>SET n = map</c>: replaces all properties (a node or relationship value copies its properties).</summary>
public sealed record SetAllProperties(Variable Variable, Expression Value) : SetItem;

/// <summary><c>SET n += map</c>: adds and overwrites properties, keeping the others.</summary>
public sealed record MergeProperties(Variable Variable, Expression Value) : SetItem;

/// <summary><c>SET n:Label:Other</c>.</summary>
public sealed record SetLabels(Variable Variable, IReadOnlyList<string> Labels) : SetItem;

/// <summary><c>REMOVE item, …</c> (oC_Remove).</summary>
public sealed record RemoveClause(IReadOnlyList<RemoveItem> Items) : Clause;

/// <summary>One item of a REMOVE clause (oC_RemoveItem).</summary>
public abstract record RemoveItem : AstNode;

/// <summary><c>REMOVE n.key</c>.</summary>
public sealed record RemoveProperty(PropertyAccess Property) : RemoveItem;

/// <summary><c>REMOVE n:Label:Other</c>.</summary>
public sealed record RemoveLabels(Variable Variable, IReadOnlyList<string> Labels) : RemoveItem;

/// <summary><c>[DETACH] DELETE expression, …</c> (oC_Delete).</summary>
public sealed record DeleteClause(bool Detach, IReadOnlyList<Expression> Expressions) : Clause;

/// <summary>
/// <c>CALL ns.proc(args) [YIELD …] [WHERE …]</c> (oC_InQueryCall / oC_StandaloneCall).
/// <see cref="Arguments"/> is null when the parentheses were left out (<c>CALL db.labels</c>: arguments come
/// from parameters of the same name). <see cref="YieldStar"/> is <c>YIELD *</c>; with neither yield items nor
/// star, a standalone call returns all the procedure's output columns.
/// </summary>
public sealed record CallClause(
    string ProcedureName,
    IReadOnlyList<Expression>? Arguments,
    IReadOnlyList<YieldItem> Yield,
    bool YieldStar,
    Expression? Where) : Clause;

/// <summary>One <c>YIELD field [AS alias]</c> item (oC_YieldItem).</summary>
public sealed record YieldItem(string Field, Variable? Alias) : AstNode
{
    /// <summary>The variable the field is bound to: the alias, or the field's own name.</summary>
    public string Name => Alias?.Name ?? Field;
}

/// <summary><c>CALL { query }</c>: a subquery run once per incoming row (Neo4j's CALL subquery).</summary>
/// <param name="Optional"><c>OPTIONAL CALL</c>: an input row for which the subquery yields nothing is kept, its
/// columns null.</param>
/// <param name="ScopeVariables">The variable scope clause of <c>CALL (x, y) { }</c>: the only outer variables visible
/// inside; empty for <c>CALL () { }</c>; null for the legacy <c>CALL { }</c> (which imports with a leading WITH).</param>
/// <param name="ScopeAll"><c>CALL (*) { }</c>: every outer variable is visible inside.</param>
/// <param name="InTransactions"><c>IN TRANSACTIONS</c> was given.</param>
/// <param name="BatchSize">The <c>OF n ROWS</c> of <c>IN TRANSACTIONS</c>, if given.</param>
public sealed record SubqueryCallClause(Query Query, bool Optional = false, IReadOnlyList<Variable>? ScopeVariables = null,
    bool ScopeAll = false, bool InTransactions = false, Expression? BatchSize = null) : Clause;
