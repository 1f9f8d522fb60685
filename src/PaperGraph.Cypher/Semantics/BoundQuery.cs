using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Semantics;

/// <summary>
/// A statement after the binder: the syntax tree, its source text, and the scope of each subquery in it, found by
/// node (reference identity).
/// </summary>
/// <remarks>Immutable and safe to cache and share between threads.</remarks>
public sealed class BoundQuery
{
    private readonly IReadOnlyDictionary<AstNode, SubqueryScope> _subqueries;

    internal BoundQuery(Statement statement, string text, IReadOnlyDictionary<AstNode, SubqueryScope> subqueries)
    {
        Statement = statement;
        Text = text;
        _subqueries = subqueries;
    }

    /// <summary>The statement as parsed.</summary>
    public Statement Statement { get; }

    /// <summary>The statement's text, for error snippets.</summary>
    public string Text { get; }

    /// <summary>Every subquery the binder scoped: <c>CALL { }</c> clauses and <c>EXISTS</c>/<c>COUNT</c>/<c>COLLECT</c>
    /// expressions.</summary>
    public IEnumerable<(AstNode Subquery, SubqueryScope Scope)> Subqueries => _subqueries.Select(kv => (kv.Key, kv.Value));

    /// <summary>The scope of <paramref name="subquery"/> (a <see cref="SubqueryCallClause"/> or a
    /// <see cref="SubqueryExpression"/> of this statement).</summary>
    public SubqueryScope ScopeOf(AstNode subquery) =>
        _subqueries.TryGetValue(subquery, out var scope)
            ? scope
            : throw new InvalidOperationException($"The binder did not scope this {subquery.GetType().Name}");
}

/// <summary>What a subquery sees of the query around it.</summary>
/// <param name="Imports">The outer variables visible inside, in the order they were bound (or listed in
/// <c>CALL (x, y)</c>); null when the subquery sees every outer variable (<c>CALL (*)</c>, the legacy <c>CALL { }</c>
/// whose leading WITH imports, and the <c>EXISTS</c>/<c>COUNT</c>/<c>COLLECT</c> expressions).</param>
/// <param name="Correlated">The outer variables the subquery actually reads: when empty, it gives the same rows for
/// every outer row.</param>
public sealed record SubqueryScope(IReadOnlyList<string>? Imports, IReadOnlyList<string> Correlated);
