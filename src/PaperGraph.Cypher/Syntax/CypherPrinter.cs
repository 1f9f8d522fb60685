using System.Globalization;
using System.Text;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// Prints a syntax tree back to canonical Cypher: keywords upper-case, one space around binary operators,
/// parentheses only where precedence needs them. The output parses back to a structurally equal tree.
/// </summary>
/// <remarks>
/// Unaliased projection items are printed in canonical form, so their column names (Neo4j names a column by the
/// expression as written) may differ from the original text's; everything else round-trips.
/// </remarks>
public static class CypherPrinter
{
    /// <summary>The canonical text of a statement: on one line, or with each clause (and UNION) on its own line.</summary>
    public static string Print(Statement statement, bool multiline = false)
    {
        var sb = new StringBuilder();
        new Writer(sb) { ClauseSeparator = multiline ? "\n" : " " }.Statement(statement);
        return sb.ToString();
    }

    /// <summary>The canonical text of an expression.</summary>
    public static string PrintExpression(Expression expression)
    {
        var sb = new StringBuilder();
        new Writer(sb).Expr(expression, 0);
        return sb.ToString();
    }

    /// <summary>The canonical text of a pattern.</summary>
    public static string PrintPattern(Pattern pattern)
    {
        var sb = new StringBuilder();
        new Writer(sb).Pattern(pattern);
        return sb.ToString();
    }

    /// <summary>A name as an identifier, backtick-quoted when it is not a plain identifier or is a keyword.</summary>
    public static string QuoteName(string name) =>
        IsPlainIdentifier(name) && !Keywords.IsKeyword(name) ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    /// <summary>A string literal in single quotes with escapes.</summary>
    public static string QuoteString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendString(sb, value);
        return sb.ToString();
    }

    private static bool IsPlainIdentifier(string name)
    {
        if (name.Length == 0 || !Lexer.IsIdentifierStart(name[0]))
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            if (!Lexer.IsIdentifierPart(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\b': sb.Append(@"\b"); break;
                case '\f': sb.Append(@"\f"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c))
                    {
                        sb.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('\'');
    }

    // Precedence levels, loosest first (openCypher's oC_OrExpression … oC_Atom).
    private const int LOr = 0, LXor = 1, LAnd = 2, LNot = 3, LComparison = 4, LPredicate = 5, LAdd = 6, LMul = 7,
        LPower = 8, LUnary = 9, LLabel = 10, LPostfix = 11, LAtom = 12;

    private static int Level(Expression e) => e switch
    {
        BinaryExpression b => b.Operator switch
        {
            BinaryOperator.Or => LOr,
            BinaryOperator.Xor => LXor,
            BinaryOperator.And => LAnd,
            BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.LessThan or BinaryOperator.LessThanOrEqual
                or BinaryOperator.GreaterThan or BinaryOperator.GreaterThanOrEqual => LComparison,
            BinaryOperator.Add or BinaryOperator.Subtract => LAdd,
            BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => LMul,
            BinaryOperator.Power => LPower,
            _ => LPredicate,
        },
        UnaryExpression { Operator: UnaryOperator.Not } => LNot,
        UnaryExpression => LUnary,
        IsNull or IsNotNull or TypePredicate => LPredicate,
        IntegerLiteral { Value: < 0 } => LUnary,
        FloatLiteral f when f.Value < 0 || double.IsNegative(f.Value) => LUnary,
        LabelPredicate or LabelExpressionPredicate => LLabel,
        PropertyAccess or IndexExpression or SliceExpression => LPostfix,
        _ => LAtom,
    };

    private static string OperatorText(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "OR",
        BinaryOperator.Xor => "XOR",
        BinaryOperator.And => "AND",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "<>",
        BinaryOperator.LessThan => "<",
        BinaryOperator.LessThanOrEqual => "<=",
        BinaryOperator.GreaterThan => ">",
        BinaryOperator.GreaterThanOrEqual => ">=",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Power => "^",
        BinaryOperator.In => "IN",
        BinaryOperator.StartsWith => "STARTS WITH",
        BinaryOperator.EndsWith => "ENDS WITH",
        BinaryOperator.Contains => "CONTAINS",
        BinaryOperator.RegexMatch => "=~",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private sealed class Writer(StringBuilder sb)
    {
        // Between the top-level clauses; subqueries stay on one line.
        public string ClauseSeparator { get; init; } = " ";

        private int _queryDepth;

        public void Statement(Statement statement)
        {
            switch (statement)
            {
                case ExplainStatement x:
                    sb.Append(x.Mode == ExplainMode.Profile ? "PROFILE " : "EXPLAIN ");
                    Statement(x.Statement);
                    break;
                case Query q:
                    Query(q);
                    break;
                case SchemaCommand s:
                    Schema(s);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(statement), statement.GetType().Name);
            }
        }

        private void Query(Query query)
        {
            var separator = _queryDepth == 0 ? ClauseSeparator : " ";
            _queryDepth++;
            switch (query)
            {
                case SingleQuery s:
                    for (var i = 0; i < s.Clauses.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(separator);
                        }

                        Clause(s.Clauses[i]);
                    }

                    break;
                case UnionQuery u:
                    for (var i = 0; i < u.Queries.Count; i++)
                    {
                        if (i > 0)
                        {
                            sb.Append(separator).Append(u.All ? "UNION ALL" : "UNION").Append(separator);
                        }

                        _queryDepth--;
                        Query(u.Queries[i]);
                        _queryDepth++;
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(query), query.GetType().Name);
            }

            _queryDepth--;
        }

        private void Clause(Clause clause)
        {
            switch (clause)
            {
                case MatchClause m:
                    sb.Append(m.Optional ? "OPTIONAL MATCH " : "MATCH ");
                    Pattern(m.Pattern);
                    Where(m.Where);
                    break;
                case UnwindClause u:
                    sb.Append("UNWIND ");
                    Expr(u.Expression, 0);
                    sb.Append(" AS ");
                    Name(u.Variable.Name);
                    break;
                case LoadCsvClause l:
                    sb.Append(l.WithHeaders ? "LOAD CSV WITH HEADERS FROM " : "LOAD CSV FROM ");
                    Expr(l.Source, 0);
                    sb.Append(" AS ");
                    Name(l.Variable.Name);
                    if (l.FieldTerminator is { } t)
                    {
                        sb.Append(" FIELDTERMINATOR ");
                        Expr(new StringLiteral(t), 0);
                    }

                    break;
                case WithClause w:
                    sb.Append("WITH ");
                    Projection(w.Projection);
                    Where(w.Projection.Where);
                    break;
                case ReturnClause r:
                    sb.Append("RETURN ");
                    Projection(r.Projection);
                    break;
                case CreateClause c:
                    sb.Append("CREATE ");
                    Pattern(c.Pattern);
                    break;
                case MergeClause m:
                    sb.Append("MERGE ");
                    Part(m.Pattern);
                    if (m.OnCreate.Count > 0)
                    {
                        sb.Append(" ON CREATE SET ");
                        SetItems(m.OnCreate);
                    }

                    if (m.OnMatch.Count > 0)
                    {
                        sb.Append(" ON MATCH SET ");
                        SetItems(m.OnMatch);
                    }

                    break;
                case SetClause s:
                    sb.Append("SET ");
                    SetItems(s.Items);
                    break;
                case RemoveClause r:
                    sb.Append("REMOVE ");
                    for (var i = 0; i < r.Items.Count; i++)
                    {
                        Comma(i);
                        switch (r.Items[i])
                        {
                            case RemoveProperty p:
                                Expr(p.Property, 0);
                                break;
                            case RemoveLabels l:
                                Name(l.Variable.Name);
                                Labels(l.Labels);
                                break;
                        }
                    }

                    break;
                case DeleteClause d:
                    sb.Append(d.Detach ? "DETACH DELETE " : "DELETE ");
                    ExprList(d.Expressions);
                    break;
                case CallClause c:
                    sb.Append("CALL ");
                    QualifiedName(c.ProcedureName);
                    if (c.Arguments is not null)
                    {
                        sb.Append('(');
                        ExprList(c.Arguments);
                        sb.Append(')');
                    }

                    if (c.YieldStar)
                    {
                        sb.Append(" YIELD *");
                    }
                    else if (c.Yield.Count > 0)
                    {
                        sb.Append(" YIELD ");
                        for (var i = 0; i < c.Yield.Count; i++)
                        {
                            Comma(i);
                            Name(c.Yield[i].Field);
                            if (c.Yield[i].Alias is { } alias)
                            {
                                sb.Append(" AS ");
                                Name(alias.Name);
                            }
                        }
                    }

                    Where(c.Where);
                    break;
                case SubqueryCallClause s:
                    sb.Append(s.Optional ? "OPTIONAL CALL " : "CALL ");
                    if (s.ScopeAll)
                    {
                        sb.Append("(*) ");
                    }
                    else if (s.ScopeVariables is { } vars)
                    {
                        sb.Append('(');
                        for (var i = 0; i < vars.Count; i++)
                        {
                            if (i > 0) sb.Append(", ");
                            Name(vars[i].Name);
                        }

                        sb.Append(") ");
                    }

                    sb.Append("{ ");
                    Query(s.Query);
                    sb.Append(" }");
                    if (s.InTransactions)
                    {
                        sb.Append(" IN TRANSACTIONS");
                        if (s.BatchSize is { } n)
                        {
                            sb.Append(" OF ");
                            Expr(n, 0);
                            sb.Append(" ROWS");
                        }
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(clause), clause.GetType().Name);
            }
        }

        private void Where(Expression? where)
        {
            if (where is not null)
            {
                sb.Append(" WHERE ");
                Expr(where, 0);
            }
        }

        private void Projection(Projection p)
        {
            if (p.Distinct)
            {
                sb.Append("DISTINCT ");
            }

            var first = true;
            if (p.Star)
            {
                sb.Append('*');
                first = false;
            }

            foreach (var item in p.Items)
            {
                if (!first)
                {
                    sb.Append(", ");
                }

                first = false;
                Expr(item.Expression, 0);
                if (item.Alias is { } alias)
                {
                    sb.Append(" AS ");
                    Name(alias.Name);
                }
            }

            if (p.OrderBy.Count > 0)
            {
                sb.Append(" ORDER BY ");
                for (var i = 0; i < p.OrderBy.Count; i++)
                {
                    Comma(i);
                    Expr(p.OrderBy[i].Expression, 0);
                    if (p.OrderBy[i].Descending)
                    {
                        sb.Append(" DESC");
                    }
                }
            }

            if (p.Skip is not null)
            {
                sb.Append(" SKIP ");
                Expr(p.Skip, 0);
            }

            if (p.Limit is not null)
            {
                sb.Append(" LIMIT ");
                Expr(p.Limit, 0);
            }
        }

        private void SetItems(IReadOnlyList<SetItem> items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                Comma(i);
                switch (items[i])
                {
                    case SetProperty p:
                        Expr(p.Property, 0);
                        sb.Append(" = ");
                        Expr(p.Value, 0);
                        break;
                    case SetAllProperties a:
                        Name(a.Variable.Name);
                        sb.Append(" = ");
                        Expr(a.Value, 0);
                        break;
                    case MergeProperties m:
                        Name(m.Variable.Name);
                        sb.Append(" += ");
                        Expr(m.Value, 0);
                        break;
                    case SetLabels l:
                        Name(l.Variable.Name);
                        Labels(l.Labels);
                        break;
                }
            }
        }

        private void Schema(SchemaCommand command)
        {
            switch (command)
            {
                case CreateConstraint c:
                    sb.Append("CREATE CONSTRAINT");
                    SchemaName(c.Name, c.IfNotExists ? " IF NOT EXISTS" : "");
                    sb.Append(" FOR ");
                    ConstraintBody(c.Target, "REQUIRE");
                    break;
                case DropConstraint d when d.Target is null:
                    sb.Append("DROP CONSTRAINT");
                    SchemaName(d.Name, d.IfExists ? " IF EXISTS" : "");
                    break;
                case DropConstraint d:
                    sb.Append("DROP CONSTRAINT ON ");
                    ConstraintBody(d.Target!, "ASSERT");
                    break;
                case CreateIndex c when c.Target.Variable is null:
                    sb.Append("CREATE INDEX ON ");
                    OldIndexTarget(c.Target);
                    break;
                case CreateIndex { Target.Variable: { } indexVariable } c:
                    sb.Append("CREATE INDEX");
                    SchemaName(c.Name, c.IfNotExists ? " IF NOT EXISTS" : "");
                    sb.Append(" FOR (");
                    Name(indexVariable.Name);
                    sb.Append(':');
                    Key(c.Target.Label);
                    sb.Append(") ON (");
                    for (var i = 0; i < c.Target.Properties.Count; i++)
                    {
                        Comma(i);
                        Name(indexVariable.Name);
                        sb.Append('.');
                        Key(c.Target.Properties[i]);
                    }

                    sb.Append(')');
                    break;
                case DropIndex d when d.Target is null:
                    sb.Append("DROP INDEX");
                    SchemaName(d.Name, d.IfExists ? " IF EXISTS" : "");
                    break;
                case DropIndex d:
                    sb.Append("DROP INDEX ON ");
                    OldIndexTarget(d.Target!);
                    break;
                case ShowConstraints:
                    sb.Append("SHOW CONSTRAINTS");
                    break;
                case ShowIndexes:
                    sb.Append("SHOW INDEXES");
                    break;
                case ShowProcedures:
                    sb.Append("SHOW PROCEDURES");
                    break;
                case ShowFunctions:
                    sb.Append("SHOW FUNCTIONS");
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name);
            }
        }

        private void SchemaName(string? name, string suffix)
        {
            if (name is not null)
            {
                sb.Append(' ');
                Name(name);
            }

            sb.Append(suffix);
        }

        private void ConstraintBody(SchemaTarget target, string keyword)
        {
            var variable = target.Variable?.Name ?? "n";
            sb.Append('(');
            Name(variable);
            sb.Append(':');
            Key(target.Label);
            sb.Append(") ").Append(keyword).Append(' ');
            if (target.Properties.Count != 1)
            {
                sb.Append('(');
            }

            for (var i = 0; i < target.Properties.Count; i++)
            {
                Comma(i);
                Name(variable);
                sb.Append('.');
                Key(target.Properties[i]);
            }

            if (target.Properties.Count != 1)
            {
                sb.Append(')');
            }

            sb.Append(" IS UNIQUE");
        }

        private void OldIndexTarget(SchemaTarget target)
        {
            sb.Append(':');
            Key(target.Label);
            sb.Append('(');
            for (var i = 0; i < target.Properties.Count; i++)
            {
                Comma(i);
                Key(target.Properties[i]);
            }

            sb.Append(')');
        }

        public void Pattern(Pattern pattern)
        {
            for (var i = 0; i < pattern.Parts.Count; i++)
            {
                Comma(i);
                Part(pattern.Parts[i]);
            }
        }

        private void Part(PatternPart part)
        {
            if (part.Variable is { } v)
            {
                Name(v.Name);
                sb.Append(" = ");
            }

            switch (part.Function)
            {
                case PatternFunction.ShortestPath:
                    sb.Append("shortestPath(");
                    Element(part.Element);
                    sb.Append(')');
                    break;
                case PatternFunction.AllShortestPaths:
                    sb.Append("allShortestPaths(");
                    Element(part.Element);
                    sb.Append(')');
                    break;
                case PatternFunction.ShortestK or PatternFunction.ShortestKGroups:
                    sb.Append("SHORTEST ").Append((part.K ?? 1).ToString(CultureInfo.InvariantCulture));
                    sb.Append(part.Function == PatternFunction.ShortestKGroups ? " GROUPS " : " ");
                    Element(part.Element);
                    break;
                default:
                    Element(part.Element);
                    break;
            }
        }

        private void Element(PatternElement element)
        {
            Node(element.Start);
            foreach (var step in element.Chain)
            {
                if (step.Relationship is { Quantified: { } q, Range: { } range } rel)
                {
                    // A quantified path pattern, juxtaposed with the nodes around it: `(x) ((a)-[r]->(b) WHERE …){1,3} (y)`.
                    sb.Append(" (");
                    if (q.Element is { } inner)
                    {
                        Element(inner);
                    }
                    else
                    {
                        Node(q.Left);
                        Relationship(rel with { Range = null, Quantified = null });
                        Node(q.Right);
                    }

                    if (q.Where is { } where)
                    {
                        sb.Append(" WHERE ");
                        Expr(where, 0);
                    }

                    sb.Append("){").Append((range.Min ?? 1).ToString(CultureInfo.InvariantCulture)).Append(',');
                    if (range.Max is { } max)
                    {
                        sb.Append(max.ToString(CultureInfo.InvariantCulture));
                    }

                    sb.Append("} ");
                }
                else
                {
                    Relationship(step.Relationship);
                }

                Node(step.Node);
            }
        }

        private void Node(NodePattern node)
        {
            sb.Append('(');
            if (node.Variable is { } v)
            {
                Name(v.Name);
            }

            Labels(node.Labels);
            if (node.Properties is not null)
            {
                if (node.Variable is not null || node.Labels.Count > 0)
                {
                    sb.Append(' ');
                }

                Expr(node.Properties, LAtom);
            }

            sb.Append(')');
        }

        private void Relationship(RelationshipPattern rel)
        {
            sb.Append(rel.Direction == RelationshipDirection.Left ? "<-" : "-");
            if (rel.Variable is not null || rel.Types.Count > 0 || rel.Properties is not null || rel.Range is not null)
            {
                sb.Append('[');
                if (rel.Variable is { } v)
                {
                    Name(v.Name);
                }

                for (var i = 0; i < rel.Types.Count; i++)
                {
                    sb.Append(i == 0 ? ":" : "|");
                    Key(rel.Types[i]);
                }

                if (rel.Range is { } range)
                {
                    sb.Append('*');
                    if (range.Min is { } min && range.Max == min)
                    {
                        sb.Append(min.ToString(CultureInfo.InvariantCulture));
                    }
                    else if (range.Min is not null || range.Max is not null)
                    {
                        if (range.Min is { } lo)
                        {
                            sb.Append(lo.ToString(CultureInfo.InvariantCulture));
                        }

                        sb.Append("..");
                        if (range.Max is { } hi)
                        {
                            sb.Append(hi.ToString(CultureInfo.InvariantCulture));
                        }
                    }
                }

                if (rel.Properties is not null)
                {
                    if (sb[^1] != '[')
                    {
                        sb.Append(' ');
                    }

                    Expr(rel.Properties, LAtom);
                }

                sb.Append(']');
            }

            sb.Append(rel.Direction == RelationshipDirection.Right ? "->" : "-");
        }

        private void TypeExpr(CypherTypeExpression type)
        {
            switch (type)
            {
                case SimpleCypherType s:
                    sb.Append(s.Name);
                    break;
                case ListCypherType l:
                    sb.Append("LIST<");
                    TypeExpr(l.Element);
                    sb.Append('>');
                    break;
                case UnionCypherType u:
                    sb.Append("ANY<");
                    for (var i = 0; i < u.Alternatives.Count; i++)
                    {
                        if (i > 0) sb.Append(" | ");
                        TypeExpr(u.Alternatives[i]);
                    }

                    sb.Append('>');
                    break;
            }

            if (type.NotNull)
            {
                sb.Append(" NOT NULL");
            }
        }

        private void LabelExpr(LabelExpression e)
        {
            switch (e)
            {
                case LabelName n:
                    Key(n.Name);
                    break;
                case LabelWildcard:
                    sb.Append('%');
                    break;
                case LabelNot x:
                    sb.Append('!');
                    LabelExpr(x.Operand);
                    break;
                default:
                    var (l, r, op) = e is LabelAnd a ? (a.Left, a.Right, "&") : (((LabelOr)e).Left, ((LabelOr)e).Right, "|");
                    sb.Append('(');
                    LabelExpr(l);
                    sb.Append(op);
                    LabelExpr(r);
                    sb.Append(')');
                    break;
            }
        }

        private void Labels(IReadOnlyList<string> labels)
        {
            foreach (var label in labels)
            {
                sb.Append(':');
                Key(label);
            }
        }

        public void Expr(Expression e, int minLevel)
        {
            var level = Level(e);
            if (level < minLevel)
            {
                sb.Append('(');
                Expr(e, 0);
                sb.Append(')');
                return;
            }

            switch (e)
            {
                case NullLiteral:
                    sb.Append("null");
                    break;
                case BooleanLiteral b:
                    sb.Append(b.Value ? "true" : "false");
                    break;
                case IntegerLiteral i:
                    sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                    break;
                case FloatLiteral f:
                    Float(f.Value);
                    break;
                case StringLiteral s:
                    AppendString(sb, s.Value);
                    break;
                case Parameter p:
                    sb.Append('$');
                    if (p.Name.Length > 0 && p.Name.All(char.IsAsciiDigit))
                    {
                        sb.Append(p.Name);
                    }
                    else
                    {
                        Name(p.Name);
                    }

                    break;
                case Variable v:
                    Name(v.Name);
                    break;
                case ListLiteral l:
                    sb.Append('[');
                    if (l.Items.Count > 0 && l.Items[0] is BinaryExpression { Operator: BinaryOperator.In, Left: Variable })
                    {
                        // `[x IN list]` would read as a list comprehension.
                        sb.Append('(');
                        Expr(l.Items[0], 0);
                        sb.Append(')');
                        for (var i = 1; i < l.Items.Count; i++)
                        {
                            sb.Append(", ");
                            Expr(l.Items[i], 0);
                        }
                    }
                    else
                    {
                        ExprList(l.Items);
                    }

                    sb.Append(']');
                    break;
                case MapLiteral m:
                    sb.Append('{');
                    for (var i = 0; i < m.Entries.Count; i++)
                    {
                        Comma(i);
                        Key(m.Entries[i].Key);
                        sb.Append(": ");
                        Expr(m.Entries[i].Value, 0);
                    }

                    sb.Append('}');
                    break;
                case PropertyAccess p:
                    Expr(p.Target, LPostfix);
                    sb.Append('.');
                    Key(p.Key);
                    break;
                case IndexExpression ix:
                    Expr(ix.Target, LPostfix);
                    sb.Append('[');
                    Expr(ix.Index, 0);
                    sb.Append(']');
                    break;
                case SliceExpression sl:
                    Expr(sl.Target, LPostfix);
                    sb.Append('[');
                    if (sl.From is not null)
                    {
                        Expr(sl.From, 0);
                    }

                    sb.Append("..");
                    if (sl.To is not null)
                    {
                        Expr(sl.To, 0);
                    }

                    sb.Append(']');
                    break;
                case FunctionCall f:
                    QualifiedName(f.Name);
                    sb.Append('(');
                    if (f.Distinct)
                    {
                        sb.Append("DISTINCT ");
                    }

                    ExprList(f.Arguments);
                    sb.Append(')');
                    break;
                case CountStar:
                    sb.Append("count(*)");
                    break;
                case UnaryExpression u:
                    switch (u.Operator)
                    {
                        case UnaryOperator.Not:
                            sb.Append("NOT ");
                            Expr(u.Operand, LNot);
                            break;
                        default:
                            sb.Append(u.Operator == UnaryOperator.Negate ? '-' : '+');
                            var start = sb.Length;
                            Expr(u.Operand, LUnary);
                            if (sb.Length > start && sb[start] is '-' or '+')
                            {
                                sb.Insert(start, ' ');
                            }

                            break;
                    }

                    break;
                case BinaryExpression b:
                    // Left-associative: the left operand may sit at the same level, the right one must bind
                    // tighter. Comparisons are not associative (a < b < c is a chain), so both sides bind tighter.
                    Expr(b.Left, level == LComparison ? level + 1 : level);
                    sb.Append(' ').Append(OperatorText(b.Operator)).Append(' ');
                    Expr(b.Right, level + 1);
                    break;
                case IsNull n:
                    Expr(n.Operand, LPredicate);
                    sb.Append(" IS NULL");
                    break;
                case IsNotNull n:
                    Expr(n.Operand, LPredicate);
                    sb.Append(" IS NOT NULL");
                    break;
                case LabelPredicate l:
                    Expr(l.Target, LPostfix);
                    Labels(l.Labels);
                    break;
                case PropertiesMatch pm:
                    // the planner's form of `(n $props)`; printed as the equivalent predicate
                    sb.Append("all(k IN keys(");
                    Expr(pm.Properties, 0);
                    sb.Append(") WHERE ");
                    Expr(pm.Target, LPostfix);
                    sb.Append("[k] = ");
                    Expr(pm.Properties, LPostfix);
                    sb.Append("[k])");
                    break;
                case TypePredicate tp:
                    Expr(tp.Operand, LPredicate + 1);
                    sb.Append(tp.Negated ? " IS NOT :: " : " IS :: ");
                    TypeExpr(tp.Type);
                    break;
                case LabelExpressionPredicate le:
                    Expr(le.Target, LPostfix);
                    sb.Append(':');
                    LabelExpr(le.Expression);
                    break;
                case CaseExpression c:
                    sb.Append("CASE");
                    if (c.Test is not null)
                    {
                        sb.Append(' ');
                        Expr(c.Test, 0);
                    }

                    foreach (var alt in c.Alternatives)
                    {
                        sb.Append(" WHEN ");
                        Expr(alt.When, 0);
                        sb.Append(" THEN ");
                        Expr(alt.Then, 0);
                    }

                    if (c.Else is not null)
                    {
                        sb.Append(" ELSE ");
                        Expr(c.Else, 0);
                    }

                    sb.Append(" END");
                    break;
                case ListComprehension lc:
                    sb.Append('[');
                    Name(lc.Variable.Name);
                    sb.Append(" IN ");
                    Expr(lc.Source, 0);
                    Where(lc.Where);
                    if (lc.Projection is not null)
                    {
                        sb.Append(" | ");
                        Expr(lc.Projection, 0);
                    }

                    sb.Append(']');
                    break;
                case PatternComprehension pc:
                    sb.Append('[');
                    if (pc.PathVariable is { } pv)
                    {
                        Name(pv.Name);
                        sb.Append(" = ");
                    }

                    Element(pc.Pattern);
                    Where(pc.Where);
                    sb.Append(" | ");
                    Expr(pc.Projection, 0);
                    sb.Append(']');
                    break;
                case Quantifier q:
                    sb.Append(q.Kind switch
                    {
                        QuantifierKind.All => "all(",
                        QuantifierKind.Any => "any(",
                        QuantifierKind.None => "none(",
                        _ => "single(",
                    });
                    Name(q.Variable.Name);
                    sb.Append(" IN ");
                    Expr(q.Source, 0);
                    Where(q.Where);
                    sb.Append(')');
                    break;
                case Reduce r:
                    sb.Append("reduce(");
                    Name(r.Accumulator.Name);
                    sb.Append(" = ");
                    Expr(r.Initial, 0);
                    sb.Append(", ");
                    Name(r.Variable.Name);
                    sb.Append(" IN ");
                    Expr(r.Source, 0);
                    sb.Append(" | ");
                    Expr(r.Expression, 0);
                    sb.Append(')');
                    break;
                case SubqueryExpression x:
                    sb.Append(x switch { CountSubquery => "COUNT { ", CollectSubquery => "COLLECT { ", _ => "EXISTS { " });
                    Query(x.Query);
                    sb.Append(" }");
                    break;
                case PatternPredicate pp:
                    Element(pp.Pattern);
                    break;
                case Rewriting.SlotReference slot:
                    // an aggregate already computed (EXPLAIN details); its text as written
                    sb.Append(slot.Name);
                    break;
                case MapProjection mp:
                    Name(mp.Variable.Name);
                    sb.Append('{');
                    for (var i = 0; i < mp.Items.Count; i++)
                    {
                        Comma(i);
                        switch (mp.Items[i])
                        {
                            case PropertySelector ps:
                                sb.Append('.');
                                Key(ps.Key);
                                break;
                            case LiteralEntry le:
                                Key(le.Key);
                                sb.Append(": ");
                                Expr(le.Value, 0);
                                break;
                            case AllPropertiesSelector:
                                sb.Append(".*");
                                break;
                            case VariableSelector vs:
                                Name(vs.Variable.Name);
                                break;
                        }
                    }

                    sb.Append('}');
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name);
            }
        }

        private void Float(double value)
        {
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.Contains('E', StringComparison.Ordinal))
            {
                // 1E+20 -> 1.0E20: openCypher exponents take an optional '-' only.
                var e = text.IndexOf('E', StringComparison.Ordinal);
                var mantissa = text[..e];
                var exponent = text[(e + 1)..].TrimStart('+');
                if (!mantissa.Contains('.', StringComparison.Ordinal))
                {
                    mantissa += ".0";
                }

                text = mantissa + "e" + exponent;
            }
            else if (!text.Contains('.', StringComparison.Ordinal))
            {
                text += ".0";
            }

            sb.Append(text);
        }

        private void ExprList(IReadOnlyList<Expression> items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                Comma(i);
                Expr(items[i], 0);
            }
        }

        private void Comma(int index)
        {
            if (index > 0)
            {
                sb.Append(", ");
            }
        }

        private void Name(string name) => sb.Append(QuoteName(name));

        // Labels, relationship types and property keys: a keyword is read as a name in these places.
        private void Key(string name) => sb.Append(IsPlainIdentifier(name) ? name : QuoteName(name));

        private void QualifiedName(string name)
        {
            var parts = name.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append('.');
                }

                // Function names such as `count` or `exists` are keywords elsewhere but plain here.
                sb.Append(IsPlainIdentifier(parts[i]) ? parts[i] : QuoteName(parts[i]));
            }
        }
    }
}
