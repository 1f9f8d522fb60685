using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Semantics;

/// <summary>
/// The binder stage, between the parser and the planner: follows the variables a query binds clause by clause
/// (<c>WITH</c> and <c>RETURN</c> open a new scope, a subquery sees what its scope clause imports) and gives each
/// subquery its <see cref="SubqueryScope"/>. Errors point at a position: "Variable `m` not defined".
/// </summary>
/// <remarks>
/// This is the first part of the binding carved out of the planner: the scopes of subqueries. The planner still
/// resolves variables to row slots and checks their kinds as it plans (see docs/ARCHITECTURE.md).
/// </remarks>
public sealed class Binder
{
    private readonly string _text;
    private readonly Dictionary<AstNode, SubqueryScope> _subqueries = new(ReferenceEqualityComparer.Instance);

    private Binder(string text) => _text = text;

    /// <summary>Binds <paramref name="statement"/>; <paramref name="text"/> is its source, for error snippets.</summary>
    public static BoundQuery Bind(Statement statement, string text)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var binder = new Binder(text);
        var inner = statement is ExplainStatement explain ? explain.Statement : statement;
        if (inner is Query query)
        {
            binder.BindQuery(query, Visible.Empty);
        }

        return new BoundQuery(statement, text, binder._subqueries);
    }

    /// <summary>The names visible at a point of a query; <see cref="Open"/> when the binder cannot know them all
    /// (after a procedure call that yields every column), so that it raises nothing it is unsure of.</summary>
    private sealed record Visible(IReadOnlyList<string> Names, bool Open)
    {
        public static readonly Visible Empty = new([], false);

        public bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);

        public Visible With(IEnumerable<string> names) =>
            this with { Names = Names.Concat(names.Where(n => !Scope.IsGenerated(n) && !Contains(n))).ToList() };
    }

    private void BindQuery(Query query, Visible visible)
    {
        switch (query)
        {
            case SingleQuery single:
                BindSingle(single, visible);
                break;
            case UnionQuery union:
                foreach (var branch in union.Queries)
                {
                    BindSingle(branch, visible);
                }

                break;
        }
    }

    /// <summary>Binds the clauses in order; returns the names visible after the last one.</summary>
    private Visible BindSingle(SingleQuery query, Visible visible)
    {
        foreach (var clause in query.Clauses)
        {
            var declared = Declared(clause);
            if (clause is SubqueryCallClause call)
            {
                visible = BindCall(call, visible);
                continue;
            }

            // Subquery expressions anywhere in the clause see what is visible there, including what the clause
            // itself binds (a MATCH's pattern variables in its WHERE).
            BindExpressionSubqueries(clause, visible.With(declared));
            visible = clause switch
            {
                WithClause w => Project(w.Projection, visible),
                ReturnClause r => Project(r.Projection, visible),
                CallClause { Yield.Count: 0 } => visible with { Open = true },
                _ => visible.With(declared),
            };
        }

        return visible;
    }

    private Visible BindCall(SubqueryCallClause call, Visible visible)
    {
        IReadOnlyList<string>? imports = null;
        if (call.ScopeVariables is { } listed && !call.ScopeAll)
        {
            foreach (var v in listed)
            {
                if (!visible.Open && !visible.Contains(v.Name))
                {
                    throw CypherErrors.SyntaxError($"Variable `{v.Name}` not defined", v.Span, _text);
                }
            }

            imports = listed.Select(v => v.Name).ToList();
        }

        var inner = imports is null ? visible : new Visible(imports, false);
        BindQuery(call.Query, inner);
        _subqueries[call] = new SubqueryScope(imports, Correlated(call.Query, imports ?? visible.Names));
        return visible.With(ReturnedNames(call.Query));
    }

    private void BindExpressionSubqueries(AstNode node, Visible visible)
    {
        foreach (var child in SyntaxTree.Children(node))
        {
            if (child is SubqueryExpression sub)
            {
                BindQuery(sub.Query, visible);
                _subqueries[sub] = new SubqueryScope(null, Correlated(sub.Query, visible.Names));
            }
            else if (child is not Query)
            {
                BindExpressionSubqueries(child, visible);
            }
        }
    }

    /// <summary>What WITH or RETURN leaves visible: its columns, and with <c>*</c> everything before.</summary>
    private static Visible Project(Projection projection, Visible visible)
    {
        var names = projection.Items.Select(i => i.Name);
        return projection.Star ? visible.With(names) : Visible.Empty.With(names) with { Open = false };
    }

    /// <summary>The variables a clause binds (pattern elements, paths, group variables, UNWIND / LOAD CSV / YIELD
    /// names).</summary>
    private static IEnumerable<string> Declared(Clause clause)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        switch (clause)
        {
            case MatchClause m:
                AddPattern(m.Pattern.Parts, names);
                break;
            case CreateClause c:
                AddPattern(c.Pattern.Parts, names);
                break;
            case MergeClause mg:
                AddPattern([mg.Pattern], names);
                break;
            case UnwindClause u:
                names.Add(u.Variable.Name);
                break;
            case LoadCsvClause l:
                names.Add(l.Variable.Name);
                break;
            case CallClause call:
                names.UnionWith(call.Yield.Select(y => y.Name));
                break;
            case WithClause w:
                // Its WHERE and ORDER BY also see the new columns.
                names.UnionWith(w.Projection.Items.Select(i => i.Name));
                break;
            case ReturnClause r:
                names.UnionWith(r.Projection.Items.Select(i => i.Name));
                break;
        }

        return names;
    }

    private static void AddPattern(IEnumerable<PatternPart> parts, HashSet<string> names)
    {
        foreach (var part in parts)
        {
            if (part.Variable is { } path) names.Add(path.Name);
            if (part.Element.Start.Variable is { } start) names.Add(start.Name);
            foreach (var step in part.Element.Chain)
            {
                if (step.Relationship.Variable is { } r) names.Add(r.Name);
                if (step.Node.Variable is { } n) names.Add(n.Name);
                if (step.Relationship.Quantified is { } q)
                {
                    // Group variables of a quantified path pattern are bound outside it, as lists.
                    foreach (var inner in q.Element is { } element ? [element.Start, .. element.Chain.Select(c => c.Node)] : new[] { q.Left, q.Right })
                    {
                        if (inner.Variable is { } v) names.Add(v.Name);
                    }

                    foreach (var rel in q.Element?.Chain.Select(c => c.Relationship) ?? [])
                    {
                        if (rel.Variable is { } v) names.Add(v.Name);
                    }
                }
            }
        }
    }

    /// <summary>The columns a subquery returns (none for a unit subquery).</summary>
    private static IEnumerable<string> ReturnedNames(Query query)
    {
        var single = query switch
        {
            SingleQuery s => s,
            UnionQuery u => u.Queries[0],
            _ => null,
        };
        return single?.Clauses.LastOrDefault() is ReturnClause ret ? ret.Projection.Items.Select(i => i.Name) : [];
    }

    /// <summary>The outer names a subquery reads anywhere inside it.</summary>
    private static IReadOnlyList<string> Correlated(Query query, IReadOnlyList<string> outer)
    {
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in Descendants(query))
        {
            switch (node)
            {
                case Variable v:
                    read.Add(v.Name);
                    break;
            }
        }

        return outer.Where(read.Contains).ToList();
    }

    private static IEnumerable<AstNode> Descendants(AstNode node)
    {
        foreach (var child in SyntaxTree.Children(node))
        {
            yield return child;
            foreach (var d in Descendants(child))
            {
                yield return d;
            }
        }
    }
}
