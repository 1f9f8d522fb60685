using PaperGraph.Cypher.Execution;
using PaperGraph.Cypher.Semantics;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Planning;

/// <summary>A statement planned and compiled, ready to run any number of times.</summary>
/// <remarks>Immutable and safe to cache and to share between threads.</remarks>
public sealed record PlannedQuery(
    LogicalOperator Root,
    IReadOnlyList<string> Columns,
    int[] ColumnSlots,
    int SlotCount,
    bool IsWrite,
    IReadOnlySet<string> Parameters,
    bool ExplainOnly,
    bool Profile = false)
{
    /// <summary>The compact one-line plan EXPLAIN prints.</summary>
    public string Describe() => Root.ToString();
}

/// <summary>
/// Turns a parsed statement into a tree of logical operators, binding variables to row slots through
/// <see cref="Scope"/>s and compiling expressions to delegates as it goes. Compile-time errors (undefined
/// variables, bad aggregation, conflicting variable kinds) are raised here with their position.
/// </summary>
public sealed partial class Planner
{
    private readonly BoundQuery _bound;
    private readonly string _text;
    private readonly HashSet<string> _parameters = new(StringComparer.Ordinal);
    private int _slots;
    private int _anonymous;
    private bool _writes;

    private readonly IReadOnlyList<ProcedureSignature> _procedures;

    private Planner(BoundQuery bound, IReadOnlyList<ProcedureSignature> procedures)
    {
        _bound = bound;
        _text = bound.Text;
        _procedures = procedures;
    }

    /// <summary>Binds then plans <paramref name="statement"/>; <paramref name="text"/> is its source, for error snippets.</summary>
    public static PlannedQuery Plan(Statement statement, string text) => Plan(Binder.Bind(statement, text));

    /// <summary>Plans a statement the <see cref="Binder"/> has bound; <paramref name="procedures"/> are callable
    /// besides the built-in ones.</summary>
    public static PlannedQuery Plan(BoundQuery bound, IReadOnlyList<ProcedureSignature>? procedures = null)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var statement = bound.Statement;
        var planner = new Planner(bound, procedures ?? []);
        var explain = false;
        var profile = false;
        if (statement is ExplainStatement ex)
        {
            profile = ex.Mode == ExplainMode.Profile;
            explain = !profile;
            statement = ex.Statement;
        }

        LogicalOperator root;
        IReadOnlyList<string> columns;
        int[] slots;
        if (statement is SchemaCommand command)
        {
            (root, columns, slots) = planner.PlanSchema(command);
        }
        else
        {
            var query = (Query)statement;
            (root, columns, slots, _) = planner.PlanQuery(query, new Scope(), new ArgumentOp(false), subquery: false);
        }

        return new PlannedQuery(root, columns, slots, planner._slots, planner._writes, planner._parameters, explain, profile);
    }

    private int NewSlot() => _slots++;

    private string NewAnonymousName() => " anon" + _anonymous++;

    private GraphException SyntaxError(string message, AstNode at) => CypherErrors.SyntaxError(message, at.Span, _text);

    private GraphException SemanticError(string message, AstNode at) => CypherErrors.SemanticError(message, at.Span, _text);

    private GraphException NotSupported(string feature, AstNode at) => CypherErrors.NotSupported(feature, at.Span, _text);

    private (LogicalOperator Op, IReadOnlyList<string> Columns, int[] Slots, Scope Scope) PlanQuery(
        Query query, Scope scope, LogicalOperator input, bool subquery)
    {
        if (query is SingleQuery single)
        {
            return PlanSingle(single, scope.Clone(), input, subquery);
        }

        var union = (UnionQuery)query;
        var branches = new List<LogicalOperator>();
        var branchSlots = new List<int[]>();
        IReadOnlyList<string>? columns = null;
        foreach (var branch in union.Queries)
        {
            var (op, cols, slots, _) = PlanSingle(branch, scope.Clone(), input, subquery);
            if (columns is null)
            {
                columns = cols;
            }
            else if (!columns.SequenceEqual(cols, StringComparer.Ordinal))
            {
                throw SyntaxError("All sub queries in an UNION must have the same return column names", branch);
            }

            branches.Add(op);
            branchSlots.Add(slots);
        }

        var output = columns!.Select(_ => NewSlot()).ToArray();
        var resultScope = scope.Clone();
        for (var i = 0; i < columns!.Count; i++)
        {
            resultScope.Add(new BoundVariable(columns[i], output[i], VariableKind.Any));
        }

        return (new UnionOp(branches, union.All, branchSlots, output), columns, output, resultScope);
    }

    private (LogicalOperator Op, IReadOnlyList<string> Columns, int[] Slots, Scope Scope) PlanSingle(
        SingleQuery query, Scope scope, LogicalOperator op, bool subquery)
    {
        IReadOnlyList<string> columns = [];
        int[] columnSlots = [];
        for (var i = 0; i < query.Clauses.Count; i++)
        {
            var clause = query.Clauses[i];
            var last = i == query.Clauses.Count - 1;
            switch (clause)
            {
                case MatchClause match:
                    op = PlanMatchClause(op, scope, match);
                    break;
                case UnwindClause unwind:
                    {
                        var list = Compile(unwind.Expression, scope);
                        DeclareNew(scope, unwind.Variable);
                        var slot = NewSlot();
                        scope.Add(new BoundVariable(unwind.Variable.Name, slot, VariableKind.Any));
                        op = new UnwindOp(op, list, slot);
                        break;
                    }

                case LoadCsvClause load:
                    {
                        // Reading the server's files is for callers who may write: the statement needs write access.
                        _writes = true;
                        var source = Compile(load.Source, scope);
                        DeclareNew(scope, load.Variable);
                        var slot = NewSlot();
                        scope.Add(new BoundVariable(load.Variable.Name, slot, load.WithHeaders ? VariableKind.Any : VariableKind.Any));
                        op = new LoadCsvOp(op, source, slot, load.WithHeaders, load.FieldTerminator?[0] ?? ',');
                        break;
                    }

                case WithClause with:
                    (op, scope, _, _) = PlanProjection(op, scope, with.Projection, isReturn: false, with);
                    if (last)
                    {
                        throw SyntaxError("Query cannot conclude with WITH (must be a RETURN clause, an update clause, a unit subquery call, or a procedure call with no YIELD)", with);
                    }

                    break;
                case ReturnClause ret:
                    if (!last)
                    {
                        throw SyntaxError("RETURN can only be used at the end of the query", ret);
                    }

                    (op, scope, columns, columnSlots) = PlanProjection(op, scope, ret.Projection, isReturn: true, ret);
                    break;
                case CreateClause create:
                    op = PlanCreate(op, scope, create);
                    break;
                case MergeClause merge:
                    op = PlanMerge(op, scope, merge);
                    break;
                case SetClause set:
                    op = PlanSet(op, scope, set);
                    break;
                case RemoveClause remove:
                    op = PlanRemove(op, scope, remove);
                    break;
                case DeleteClause delete:
                    op = PlanDelete(op, scope, delete);
                    break;
                case CallClause call:
                    (op, columns, columnSlots) = PlanCall(op, scope, call, standalone: query.Clauses.Count == 1);
                    break;
                case SubqueryCallClause sub:
                    {
                        var innerScope = scope;
                        if (_bound.ScopeOf(sub).Imports is { } imported)
                        {
                            // CALL (x, y) { … }: only the listed outer variables are visible inside (checked by the binder).
                            innerScope = new Scope();
                            foreach (var name in imported)
                            {
                                innerScope.Add(Lookup(scope, name, sub));
                            }
                        }

                        if (sub.BatchSize is { } batch)
                        {
                            CheckBatchSize(batch);
                        }

                        var (inner, innerColumns, innerSlots, _) = PlanQuery(sub.Query, innerScope, new ArgumentOp(true), subquery: true);
                        for (var c = 0; c < innerColumns.Count; c++)
                        {
                            if (scope.Contains(innerColumns[c]))
                            {
                                throw SyntaxError($"Variable `{innerColumns[c]}` already declared in outer scope", sub);
                            }

                            scope.Add(new BoundVariable(innerColumns[c], innerSlots[c], VariableKind.Any));
                        }

                        op = new ApplyOp(op, inner, innerColumns.Count == 0) { Optional = sub.Optional, OptionalSlots = innerSlots };
                        break;
                    }

                default:
                    throw NotSupported(clause.GetType().Name, clause);
            }

            if (!last && clause is ReturnClause)
            {
                throw SyntaxError("RETURN can only be used at the end of the query", clause);
            }
        }

        if (!subquery && query.Clauses.Count > 0 && query.Clauses[^1] is MatchClause or UnwindClause)
        {
            throw SyntaxError("Query cannot conclude with " + (query.Clauses[^1] is MatchClause ? "MATCH" : "UNWIND") +
                " (must be a RETURN clause, an update clause, a unit subquery call, or a procedure call with no YIELD)", query.Clauses[^1]);
        }

        return (op, columns, columnSlots, scope);
    }

    /// <summary>IN TRANSACTIONS OF n ROWS: n must be a positive integer (a literal or a parameter).</summary>
    /// <remarks>The embedded store runs a statement in one transaction, so the batches are not committed one by one:
    /// the statement is still applied whole or not at all.</remarks>
    private void CheckBatchSize(Expression batch)
    {
        switch (batch)
        {
            case IntegerLiteral { Value: > 0 }:
                return;
            case Parameter p:
                _parameters.Add(p.Name);
                return;
            default:
                throw SyntaxError("Invalid input. The batch size of IN TRANSACTIONS must be a positive integer (OF n ROWS).", batch);
        }
    }

    /// <summary>Checks that a new variable is not already bound (VariableAlreadyBound).</summary>
    private void DeclareNew(Scope scope, Variable variable)
    {
        if (scope.Contains(variable.Name))
        {
            throw SyntaxError($"Variable `{variable.Name}` already declared", variable);
        }
    }
}
