using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Syntax;

internal sealed partial class Parser
{
    private enum QueryContext
    {
        TopLevel,
        CallSubquery,
        ExistsSubquery,
    }

    private const string ExpectedClause =
        "a clause ('MATCH', 'OPTIONAL MATCH', 'WITH', 'RETURN', 'UNWIND', 'CREATE', 'MERGE', 'SET', 'REMOVE', 'DELETE', 'DETACH DELETE' or 'CALL')";

    private const string ExpectedAfterClause =
        "a clause ('MATCH', 'OPTIONAL MATCH', 'WITH', 'RETURN', 'UNWIND', 'CREATE', 'MERGE', 'SET', 'REMOVE', 'DELETE', 'DETACH DELETE', 'CALL' or 'UNION') or the end of the statement";

    // oC_Query / oC_RegularQuery
    private Query ParseQuery(QueryContext context)
    {
        var start = _pos;
        var first = ParseSingleQuery(context);
        if (!AtKeyword(Keyword.Union))
        {
            return first;
        }

        var queries = new List<SingleQuery> { first };
        bool? all = null;
        while (AtKeyword(Keyword.Union))
        {
            // oC_Union
            var unionToken = Advance();
            var isAll = AcceptKeyword(Keyword.All);
            if (all is { } previous && previous != isAll)
            {
                throw SyntaxErrorAt("Invalid combination of UNION and UNION ALL", SpanFrom(_pos - (isAll ? 2 : 1)));
            }

            all = isAll;
            if (At(TokenKind.EndOfInput) || At(TokenKind.RightBrace) || At(TokenKind.Semicolon))
            {
                throw Unexpected($"a query after '{TextOf(unionToken)}'");
            }

            queries.Add(ParseSingleQuery(context));
        }

        return new UnionQuery(queries, all ?? false) { Span = SpanFrom(start) };
    }

    private bool AtQueryEnd() => Cur.Kind is TokenKind.EndOfInput or TokenKind.Semicolon or TokenKind.RightBrace ||
        AtKeyword(Keyword.Union);

    // oC_SingleQuery (oC_SinglePartQuery / oC_MultiPartQuery): clauses in order, then the composition rules.
    private SingleQuery ParseSingleQuery(QueryContext context)
    {
        var start = _pos;
        var errorsBefore = Errors.Count;
        var clauses = new List<Clause>();
        ReturnClause? returned = null;
        while (!AtQueryEnd())
        {
            if (returned is not null)
            {
                Report(SyntaxErrorAt("RETURN can only be used at the end of the query", returned.Span));
                returned = null;
            }

            var clauseStart = _pos;
            try
            {
                var clause = ParseClause(context);
                clauses.Add(clause);
                if (clause is ReturnClause r)
                {
                    returned = r;
                }
            }
            catch (GraphException e) when (_tolerant && context == QueryContext.TopLevel)
            {
                _depth = 0;
                Errors.Add(e);
                if (Errors.Count >= CypherParser.MaxTolerantErrors)
                {
                    // Enough to show; the rest of the statement is not read.
                    _pos = _tokens.Count - 1;
                    break;
                }

                Synchronize(clauseStart);
            }
        }

        var span = SpanFrom(start);
        if (Errors.Count > errorsBefore)
        {
            // A clause was already broken; how the query ends says nothing more.
            return new SingleQuery(clauses) { Span = span };
        }

        if (clauses.Count == 0)
        {
            if (Errors.Count > 0)
            {
                return new SingleQuery(clauses) { Span = span };
            }

            throw Unexpected(ExpectedClause);
        }

        if (clauses.Count > 1 && clauses.FirstOrDefault(c => c is CallClause { YieldStar: true }) is { } starCall)
        {
            Report(SyntaxErrorAt("YIELD * can only be used with a standalone procedure call; name the fields to yield", starCall.Span));
        }

        var last = clauses[^1];
        var endsWell = last switch
        {
            ReturnClause or CreateClause or MergeClause or SetClause or RemoveClause or DeleteClause or SubqueryCallClause => true,
            CallClause c => clauses.Count == 1 || (c.Yield.Count == 0 && !c.YieldStar),
            _ => context == QueryContext.ExistsSubquery,
        };
        if (!endsWell)
        {
            var name = ClauseName(last);
            Report(SyntaxErrorAt(
                $"Query cannot conclude with {name} (must be a RETURN clause, an update clause, a unit subquery call, or a procedure call with no YIELD)",
                last.Span));
        }

        return new SingleQuery(clauses) { Span = span };
    }

    private void Report(GraphException error)
    {
        if (!_tolerant)
        {
            throw error;
        }

        if (Errors.Count < CypherParser.MaxTolerantErrors)
        {
            Errors.Add(error);
        }
    }

    // Tolerant mode: skip to the next clause keyword outside any brackets.
    private void Synchronize(int clauseStart)
    {
        if (_pos == clauseStart)
        {
            Advance();
        }

        var nesting = 0;
        while (!At(TokenKind.EndOfInput))
        {
            switch (Cur.Kind)
            {
                case TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace:
                    nesting++;
                    break;
                case TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace:
                    nesting = Math.Max(0, nesting - 1);
                    break;
                case TokenKind.Identifier when nesting == 0 && IsClauseStart(Cur.Keyword):
                    return;
            }

            Advance();
        }
    }

    private static bool IsClauseStart(Keyword k) => k is Keyword.Match or Keyword.Optional or Keyword.With or Keyword.Return
        or Keyword.Unwind or Keyword.Create or Keyword.Merge or Keyword.Set or Keyword.Remove or Keyword.Delete
        or Keyword.Detach or Keyword.Call or Keyword.Union;

    private static string ClauseName(Clause clause) => clause switch
    {
        MatchClause { Optional: true } => "OPTIONAL MATCH",
        MatchClause => "MATCH",
        WithClause => "WITH",
        UnwindClause => "UNWIND",
        LoadCsvClause => "LOAD CSV",
        CallClause => "CALL",
        _ => clause.GetType().Name.Replace("Clause", "", StringComparison.Ordinal).ToUpperInvariant(),
    };

    // oC_Clause
    private Clause ParseClause(QueryContext context)
    {
        var t = Cur;
        if (t.Kind == TokenKind.Colon && _pos == 0 && Peek().Kind == TokenKind.Identifier)
        {
            throw SyntaxErrorAt($"':{TextOf(Peek())}' is a Neo4j Browser command, not Cypher; pass parameters with the request instead",
                SourceSpan.Cover(t.Span, Peek().Span));
        }

        if (t.Kind != TokenKind.Identifier)
        {
            throw Unexpected(ExpectedClause);
        }

        var clause = t.Keyword switch
        {
            Keyword.Match => ParseMatch(),
            Keyword.Optional when IsKeyword(Peek(), Keyword.Call) => ParseCall(),
            Keyword.Optional => ParseMatch(),
            Keyword.Unwind => ParseUnwind(),
            Keyword.With => ParseWith(),
            Keyword.Return => ParseReturn(),
            Keyword.Create => ParseCreate(),
            Keyword.Merge => ParseMerge(),
            Keyword.Set => ParseSet(),
            Keyword.Remove => ParseRemove(),
            Keyword.Delete or Keyword.Detach => ParseDelete(),
            Keyword.Call => ParseCall(),
            Keyword.Foreach => throw NotSupported("FOREACH", t.Span),
            Keyword.Load => ParseLoadCsv(),
            Keyword.Use => throw NotSupported("USE (choosing a database in the statement)", t.Span),
            Keyword.Using => throw NotSupported("USING PERIODIC COMMIT", t.Span),
            Keyword.Finish => throw NotSupported("FINISH", t.Span),
            Keyword.Order or Keyword.Skip or Keyword.Limit or Keyword.Offset or Keyword.Where =>
                throw Unexpected(ExpectedClause + $" ('{TextOf(t).ToUpperInvariant()}' must follow WITH or RETURN" +
                    (t.Keyword == Keyword.Where ? ", MATCH or CALL … YIELD)" : ")")),
            _ => throw Unexpected(ExpectedClause),
        };

        if (context == QueryContext.ExistsSubquery && clause is CreateClause or MergeClause or SetClause or RemoveClause or DeleteClause)
        {
            throw SyntaxErrorAt("An EXISTS subquery cannot contain any updates", clause.Span);
        }

        return clause;
    }

    private SourceSpan SpanOfWords(int count) =>
        SourceSpan.Cover(Cur.Span, Peek(count - 1).Kind == TokenKind.EndOfInput ? Cur.Span : Peek(count - 1).Span);

    // Neo4j's LOAD CSV [WITH HEADERS] FROM expr AS var [FIELDTERMINATOR 'c']
    private LoadCsvClause ParseLoadCsv()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Load);
        ExpectKeyword(Keyword.Csv);
        var headers = false;
        if (AcceptKeyword(Keyword.With))
        {
            ExpectKeyword(Keyword.Headers);
            headers = true;
        }

        ExpectKeyword(Keyword.From);
        var source = ParseExpression();
        ExpectKeyword(Keyword.As);
        var variable = ParseVariable();
        string? terminator = null;
        if (AcceptKeyword(Keyword.Fieldterminator))
        {
            var t = Cur;
            if (t.Kind != TokenKind.String || t.Value is not string s || s.Length != 1)
            {
                throw SyntaxErrorAt("FIELDTERMINATOR needs a string of one character", t.Span);
            }

            Advance();
            terminator = s;
        }

        return new LoadCsvClause(headers, source, variable, terminator) { Span = SpanFrom(start) };
    }

    // oC_Match
    private MatchClause ParseMatch()
    {
        var start = _pos;
        var optional = AcceptKeyword(Keyword.Optional);
        ExpectKeyword(Keyword.Match);
        var (pattern, inline) = ParseMatchPattern();
        if (AtKeyword(Keyword.Using))
        {
            throw NotSupported("Planner hint (USING INDEX / USING SCAN / USING JOIN)", SpanOfWords(2));
        }

        var where = WithInlinePredicates(ParseOptionalWhere(), inline);
        // Kept apart only where it matters, beside a path selector (the printer writes them all as one WHERE).
        var selector = pattern.Parts.Any(p => p.Selector);
        return new MatchClause(optional, pattern, where, selector && inline.Count > 0 ? inline : null) { Span = SpanFrom(start) };
    }

    /// <summary>A MATCH pattern, with the predicates written inside it (node WHERE, label expressions).</summary>
    private (Pattern Pattern, List<Expression> Inline) ParseMatchPattern()
    {
        var outer = _inlinePredicates;
        var inline = new List<Expression>();
        _inlinePredicates = inline;
        try
        {
            return (ParsePattern(PatternContext.Match), inline);
        }
        finally
        {
            _inlinePredicates = outer;
        }
    }

    /// <summary>The inline predicates of a pattern come before its WHERE, all ANDed.</summary>
    private static Expression? WithInlinePredicates(Expression? where, List<Expression> inline)
    {
        Expression? result = null;
        foreach (var p in inline.Append(where))
        {
            if (p is null) continue;
            result = result is null ? p : new BinaryExpression(BinaryOperator.And, result, p) { Span = SourceSpan.Cover(result.Span, p.Span) };
        }

        return result;
    }

    // oC_Where
    private Expression? ParseOptionalWhere() => AcceptKeyword(Keyword.Where) ? ParseExpression(predicate: true) : null;

    // oC_Unwind
    private UnwindClause ParseUnwind()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Unwind);
        var list = ParseExpression();
        ExpectKeyword(Keyword.As);
        var variable = ParseVariable();
        return new UnwindClause(list, variable) { Span = SpanFrom(start) };
    }

    // oC_With
    private WithClause ParseWith()
    {
        var start = _pos;
        ExpectKeyword(Keyword.With);
        var projection = ParseProjectionBody(start, isWith: true);
        return new WithClause(projection) { Span = SpanFrom(start) };
    }

    // oC_Return
    private ReturnClause ParseReturn()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Return);
        var projection = ParseProjectionBody(start, isWith: false);
        return new ReturnClause(projection) { Span = SpanFrom(start) };
    }

    // oC_ProjectionBody
    private Projection ParseProjectionBody(int clauseStart, bool isWith)
    {
        var bodyStart = _pos;
        var distinct = AcceptKeyword(Keyword.Distinct);
        var star = false;
        var items = new List<ProjectionItem>();
        if (Accept(TokenKind.Star))
        {
            star = true;
            while (Accept(TokenKind.Comma))
            {
                items.Add(ParseProjectionItem(isWith));
            }
        }
        else
        {
            if (AtQueryEnd() || (Cur.Kind == TokenKind.Identifier && IsClauseStart(Cur.Keyword)))
            {
                throw Unexpected("an expression, '*' or 'DISTINCT'");
            }

            do
            {
                items.Add(ParseProjectionItem(isWith));
            }
            while (Accept(TokenKind.Comma));
        }

        IReadOnlyList<SortItem> orderBy = [];
        if (AcceptKeyword(Keyword.Order))
        {
            ExpectKeyword(Keyword.By);
            var sort = new List<SortItem>();
            do
            {
                // oC_SortItem
                var sortStart = _pos;
                var e = ParseExpression();
                var descending = false;
                if (AcceptKeyword(Keyword.Desc) || AcceptKeyword(Keyword.Descending))
                {
                    descending = true;
                }
                else if (!AcceptKeyword(Keyword.Asc))
                {
                    AcceptKeyword(Keyword.Ascending);
                }

                sort.Add(new SortItem(e, descending) { Span = SpanFrom(sortStart) });
            }
            while (Accept(TokenKind.Comma));
            orderBy = sort;
        }

        Expression? skip = null;
        if (AcceptKeyword(Keyword.Skip) || AcceptKeyword(Keyword.Offset))
        {
            skip = ParseExpression();
        }

        Expression? limit = null;
        if (AcceptKeyword(Keyword.Limit))
        {
            limit = ParseExpression();
        }

        Expression? where = null;
        if (isWith)
        {
            where = ParseOptionalWhere();
        }

        return new Projection(distinct, star, items, orderBy, skip, limit, where) { Span = SpanFrom(bodyStart) };
    }

    // oC_ProjectionItem
    private ProjectionItem ParseProjectionItem(bool isWith)
    {
        var start = _pos;
        var expression = ParseExpression();
        var sourceText = _text.Substring(_tokens[start].Start, _tokens[_pos - 1].End - _tokens[start].Start);
        Variable? alias = null;
        if (AcceptKeyword(Keyword.As))
        {
            // After AS a keyword is a name (Neo4j: `RETURN d.name AS end`).
            alias = Cur.Kind == TokenKind.Identifier ? new Variable(TextOf(Cur)) { Span = Advance().Span } : ParseVariable();
        }
        else if (isWith && expression is not Variable)
        {
            throw SyntaxErrorAt("Expression in WITH must be aliased (use AS)", expression.Span);
        }

        return new ProjectionItem(expression, alias) { Span = SpanFrom(start), SourceText = sourceText };
    }

    // oC_Create
    private CreateClause ParseCreate()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Create);
        var pattern = ParsePattern(PatternContext.Create);
        return new CreateClause(pattern) { Span = SpanFrom(start) };
    }

    // oC_Merge
    private MergeClause ParseMerge()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Merge);
        var part = ParsePatternPart(PatternContext.Merge);
        if (At(TokenKind.Comma))
        {
            throw Unexpected("'ON CREATE SET', 'ON MATCH SET' or a clause (MERGE takes a single pattern part)");
        }

        var onCreate = new List<SetItem>();
        var onMatch = new List<SetItem>();
        // oC_MergeAction
        while (AcceptKeyword(Keyword.On))
        {
            if (AcceptKeyword(Keyword.Create))
            {
                ExpectKeyword(Keyword.Set);
                ParseSetItems(onCreate);
            }
            else if (AcceptKeyword(Keyword.Match))
            {
                ExpectKeyword(Keyword.Set);
                ParseSetItems(onMatch);
            }
            else
            {
                throw Unexpected("'CREATE' or 'MATCH'");
            }
        }

        return new MergeClause(part, onCreate, onMatch) { Span = SpanFrom(start) };
    }

    // oC_Set
    private SetClause ParseSet()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Set);
        var items = new List<SetItem>();
        ParseSetItems(items);
        return new SetClause(items) { Span = SpanFrom(start) };
    }

    private void ParseSetItems(List<SetItem> items)
    {
        do
        {
            items.Add(ParseSetItem());
        }
        while (Accept(TokenKind.Comma));
    }

    // oC_SetItem
    private SetItem ParseSetItem()
    {
        var start = _pos;
        if (AtVariableName())
        {
            var next = Peek().Kind;
            if (next is TokenKind.Equal or TokenKind.PlusEqual or TokenKind.Colon)
            {
                var variable = ParseVariable();
                if (Accept(TokenKind.Equal))
                {
                    var value = ParseExpression();
                    return new SetAllProperties(variable, value) { Span = SpanFrom(start) };
                }

                if (Accept(TokenKind.PlusEqual))
                {
                    var value = ParseExpression();
                    return new MergeProperties(variable, value) { Span = SpanFrom(start) };
                }

                var labels = ParseNodeLabels();
                return new SetLabels(variable, labels) { Span = SpanFrom(start) };
            }
        }

        var target = ParsePostfixExpression();
        if (target is not PropertyAccess property)
        {
            throw SyntaxErrorAt("SET expects a property (n.key = value), a variable (n = map, n += map) or labels (n:Label)", target.Span);
        }

        if (At(TokenKind.PlusEqual))
        {
            throw Unexpected("'=' ('+=' applies to a whole node or relationship: n += {key: value})");
        }

        Expect(TokenKind.Equal, "'='");
        var assigned = ParseExpression();
        return new SetProperty(property, assigned) { Span = SpanFrom(start) };
    }

    // oC_Remove
    private RemoveClause ParseRemove()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Remove);
        var items = new List<RemoveItem>();
        do
        {
            // oC_RemoveItem
            var itemStart = _pos;
            if (AtVariableName() && Peek().Kind == TokenKind.Colon)
            {
                var variable = ParseVariable();
                var labels = ParseNodeLabels();
                items.Add(new RemoveLabels(variable, labels) { Span = SpanFrom(itemStart) });
                continue;
            }

            var target = ParsePostfixExpression();
            if (target is not PropertyAccess property)
            {
                throw SyntaxErrorAt("REMOVE expects a property (n.key) or labels (n:Label)", target.Span);
            }

            items.Add(new RemoveProperty(property) { Span = SpanFrom(itemStart) });
        }
        while (Accept(TokenKind.Comma));
        return new RemoveClause(items) { Span = SpanFrom(start) };
    }

    // oC_Delete
    private DeleteClause ParseDelete()
    {
        var start = _pos;
        var detach = AcceptKeyword(Keyword.Detach);
        ExpectKeyword(Keyword.Delete);
        var expressions = new List<Expression>();
        do
        {
            expressions.Add(ParseExpression());
        }
        while (Accept(TokenKind.Comma));
        return new DeleteClause(detach, expressions) { Span = SpanFrom(start) };
    }

    // oC_InQueryCall / oC_StandaloneCall, and Neo4j 5's [OPTIONAL] CALL [(scope)] { subquery } [IN TRANSACTIONS …]
    private Clause ParseCall()
    {
        var start = _pos;
        var optional = AcceptKeyword(Keyword.Optional);
        ExpectKeyword(Keyword.Call);
        List<Variable>? scopeVariables = null;
        var scopeAll = false;
        if (At(TokenKind.LeftParen))
        {
            // Neo4j 5 variable scope clause: CALL (x, y) { … }, CALL (*) { … }, CALL () { … }
            Advance();
            scopeVariables = [];
            if (Accept(TokenKind.Star))
            {
                scopeAll = true;
            }
            else if (!At(TokenKind.RightParen))
            {
                do
                {
                    scopeVariables.Add(ParseVariable());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RightParen, "')'");
            if (!At(TokenKind.LeftBrace))
            {
                throw Unexpected("'{' to start the subquery of CALL (…) { … }");
            }
        }

        if (At(TokenKind.LeftBrace))
        {
            Advance();
            Enter();
            var query = ParseQuery(QueryContext.CallSubquery);
            Exit();
            Expect(TokenKind.RightBrace, "'}'");
            var inTransactions = false;
            Expression? batchSize = null;
            if (AtKeyword(Keyword.In))
            {
                Advance();
                if (!AtKeyword(Keyword.Transactions))
                {
                    throw NotSupported("CALL { … } IN CONCURRENT TRANSACTIONS", SourceSpan.Cover(_tokens[_pos - 1].Span, Cur.Span));
                }

                Advance();
                inTransactions = true;
                if (AcceptKeyword(Keyword.Of))
                {
                    batchSize = ParseExpression();
                    if (!AtKeyword(Keyword.Rows) && !(Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("ROW", StringComparison.OrdinalIgnoreCase)))
                    {
                        throw Unexpected("ROWS");
                    }

                    Advance();
                }

                if (AtKeyword(Keyword.On) || (Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("REPORT", StringComparison.OrdinalIgnoreCase)))
                {
                    throw NotSupported("CALL { … } IN TRANSACTIONS ON ERROR / REPORT STATUS", SpanOfWords(2));
                }
            }

            return new SubqueryCallClause(query, optional, scopeVariables, scopeAll, inTransactions, batchSize) { Span = SpanFrom(start) };
        }

        if (optional)
        {
            throw NotSupported("OPTIONAL CALL of a procedure", SpanFrom(start));
        }

        // oC_ProcedureName: oC_Namespace oC_SymbolicName
        var nameStart = _pos;
        var name = ParseSchemaName("a procedure name");
        while (Accept(TokenKind.Dot))
        {
            name += "." + ParseSchemaName("a procedure name");
        }

        _ = nameStart;
        List<Expression>? arguments = null;
        if (Accept(TokenKind.LeftParen))
        {
            arguments = [];
            if (!Accept(TokenKind.RightParen))
            {
                do
                {
                    arguments.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma));
                Expect(TokenKind.RightParen, "',' or ')'");
            }
        }

        var yield = new List<YieldItem>();
        var yieldStar = false;
        Expression? where = null;
        if (AcceptKeyword(Keyword.Yield))
        {
            if (Accept(TokenKind.Star))
            {
                yieldStar = true;
            }
            else
            {
                do
                {
                    // oC_YieldItem
                    var itemStart = _pos;
                    var field = ParseSchemaName("a procedure output name");
                    var alias = AcceptKeyword(Keyword.As) ? ParseVariable() : null;
                    yield.Add(new YieldItem(field, alias) { Span = SpanFrom(itemStart) });
                }
                while (Accept(TokenKind.Comma));
            }

            where = ParseOptionalWhere();
        }

        return new CallClause(name, arguments, yield, yieldStar, where) { Span = SpanFrom(start) };
    }

    // ---- schema commands -----------------------------------------------------------------------------------

    private bool AtSchemaCommand()
    {
        if (AtKeyword(Keyword.Show))
        {
            return true;
        }

        if (!AtKeyword(Keyword.Create) && !AtKeyword(Keyword.Drop))
        {
            return false;
        }

        var next = Peek();
        return next.Kind == TokenKind.Identifier && (next.Keyword is Keyword.Constraint or Keyword.Index or Keyword.Or ||
            IsIndexType(next));
    }

    private bool IsIndexType(Token t) => t.Kind == TokenKind.Identifier && Peek(2) is { Kind: TokenKind.Identifier } after &&
        after.Keyword == Keyword.Index && TextOf(t).ToUpperInvariant() is "RANGE" or "TEXT" or "POINT" or "FULLTEXT" or "LOOKUP" or "VECTOR" or "BTREE";

    private SchemaCommand ParseSchemaCommand()
    {
        var start = _pos;
        if (AcceptKeyword(Keyword.Show))
        {
            AcceptKeyword(Keyword.All);
            SchemaCommand result;
            if (AcceptKeyword(Keyword.Constraints) || AcceptKeyword(Keyword.Constraint))
            {
                result = new ShowConstraints();
            }
            else if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).ToUpperInvariant() is "PROCEDURE" or "PROCEDURES")
            {
                Advance();
                result = new ShowProcedures();
            }
            else if (Cur.Kind == TokenKind.Identifier && (TextOf(Cur).ToUpperInvariant() is "FUNCTION" or "FUNCTIONS" ||
                     (TextOf(Cur).Equals("BUILT", StringComparison.OrdinalIgnoreCase) && IsKeyword(Peek(), Keyword.In))))
            {
                if (TextOf(Cur).Equals("BUILT", StringComparison.OrdinalIgnoreCase))
                {
                    Advance();
                    Advance();
                }

                Advance();
                result = new ShowFunctions();
            }
            else
            {
                if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("RANGE", StringComparison.OrdinalIgnoreCase))
                {
                    Advance();
                }

                if (!AcceptKeyword(Keyword.Indexes) && !AcceptKeyword(Keyword.Index))
                {
                    throw Cur.Kind == TokenKind.Identifier && Cur.Keyword is not (Keyword.Constraints or Keyword.Indexes)
                        ? NotSupported($"SHOW {TextOf(Cur).ToUpperInvariant()}", Cur.Span)
                        : Unexpected("'CONSTRAINTS' or 'INDEXES'");
                }

                result = new ShowIndexes();
            }

            if (AtKeyword(Keyword.Yield) || AtKeyword(Keyword.Where))
            {
                throw NotSupported($"SHOW … {TextOf(Cur).ToUpperInvariant()}", Cur.Span);
            }

            return result with { Span = SpanFrom(start) };
        }

        var create = Advance().Keyword == Keyword.Create;
        if (AtKeyword(Keyword.Or))
        {
            throw NotSupported("CREATE OR REPLACE", SpanOfWords(2));
        }

        if (AcceptKeyword(Keyword.Constraint))
        {
            return create ? ParseCreateConstraint(start) : ParseDropConstraint(start);
        }

        if (Cur.Keyword != Keyword.Index)
        {
            var type = TextOf(Cur).ToUpperInvariant();
            if (type is not ("RANGE" or "BTREE"))
            {
                throw NotSupported($"{type} index", SpanOfWords(2));
            }

            Advance();
        }

        ExpectKeyword(Keyword.Index);
        return create ? ParseCreateIndex(start) : ParseDropIndex(start);
    }

    // `name`, unless the next word is one of the command's own keywords.
    private string? ParseOptionalSchemaObjectName()
    {
        if (Cur.Kind == TokenKind.QuotedIdentifier ||
            (Cur.Kind == TokenKind.Identifier && Cur.Keyword is not (Keyword.For or Keyword.On or Keyword.If)))
        {
            return TextOf(Advance());
        }

        return null;
    }

    private bool ParseIfNotExists()
    {
        if (!AcceptKeyword(Keyword.If))
        {
            return false;
        }

        ExpectKeyword(Keyword.Not);
        ExpectKeyword(Keyword.Exists);
        return true;
    }

    private bool ParseIfExists()
    {
        if (!AcceptKeyword(Keyword.If))
        {
            return false;
        }

        ExpectKeyword(Keyword.Exists);
        return true;
    }

    private CreateConstraint ParseCreateConstraint(int start)
    {
        var name = ParseOptionalSchemaObjectName();
        var ifNotExists = ParseIfNotExists();
        var newForm = AcceptKeyword(Keyword.For);
        if (!newForm)
        {
            ExpectKeyword(Keyword.On);
        }

        var target = ParseConstraintBody(newForm ? Keyword.Require : Keyword.Assert);
        RejectOptions();
        return new CreateConstraint(name, ifNotExists, target, ConstraintKind.Unique) { Span = SpanFrom(start) };
    }

    private DropConstraint ParseDropConstraint(int start)
    {
        if (AcceptKeyword(Keyword.On))
        {
            var target = ParseConstraintBody(Keyword.Assert);
            return new DropConstraint(null, false, target, ConstraintKind.Unique) { Span = SpanFrom(start) };
        }

        if (Cur.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            throw Unexpected("a constraint name or 'ON'");
        }

        var name = TextOf(Advance());
        var ifExists = ParseIfExists();
        return new DropConstraint(name, ifExists, null, null) { Span = SpanFrom(start) };
    }

    // (n:Label) REQUIRE|ASSERT n.p IS UNIQUE, or (n.a, n.b)
    private SchemaTarget ParseConstraintBody(Keyword requireOrAssert)
    {
        var start = _pos;
        Expect(TokenKind.LeftParen, "'('");
        if (At(TokenKind.RightParen) && Peek().Kind is TokenKind.Minus or TokenKind.LessThan)
        {
            throw NotSupported("Relationship property constraint", Cur.Span);
        }

        var variable = ParseVariable();
        Expect(TokenKind.Colon, "':' and a label");
        var label = ParseSchemaName("a label");
        Expect(TokenKind.RightParen, "')'");
        if (!AtKeyword(requireOrAssert))
        {
            throw Unexpected($"'{Keywords.Text(requireOrAssert)}'");
        }

        Advance();
        var properties = new List<string>();
        var parenthesized = Accept(TokenKind.LeftParen);
        do
        {
            var owner = ParseVariable();
            if (owner.Name != variable.Name)
            {
                throw SyntaxErrorAt($"Variable `{owner.Name}` not defined (the constraint is on `{variable.Name}`)", owner.Span);
            }

            Expect(TokenKind.Dot, "'.' and a property key");
            properties.Add(ParseSchemaName("a property key"));
        }
        while (parenthesized && Accept(TokenKind.Comma));
        if (parenthesized)
        {
            Expect(TokenKind.RightParen, "')'");
        }

        var isToken = ExpectKeyword(Keyword.Is);
        if (!AcceptKeyword(Keyword.Unique))
        {
            var what = AtKeyword(Keyword.Node) ? "NODE KEY constraint"
                : AtKeyword(Keyword.Not) ? "NOT NULL (existence) constraint"
                : At(TokenKind.Colon) ? "Property type constraint"
                : null;
            if (what is null)
            {
                throw Unexpected("'UNIQUE'");
            }

            throw NotSupported(what, SourceSpan.Cover(isToken.Span, Cur.Span));
        }

        return new SchemaTarget(variable, label, properties) { Span = SpanFrom(start) };
    }

    private void RejectOptions()
    {
        if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("OPTIONS", StringComparison.OrdinalIgnoreCase))
        {
            throw NotSupported("OPTIONS on a schema command", Cur.Span);
        }
    }

    private CreateIndex ParseCreateIndex(int start)
    {
        if (AcceptKeyword(Keyword.On))
        {
            var old = ParseOldIndexTarget();
            return new CreateIndex(null, false, old) { Span = SpanFrom(start) };
        }

        var name = ParseOptionalSchemaObjectName();
        var ifNotExists = ParseIfNotExists();
        ExpectKeyword(Keyword.For);
        var targetStart = _pos;
        Expect(TokenKind.LeftParen, "'('");
        if (At(TokenKind.RightParen) && Peek().Kind is TokenKind.Minus or TokenKind.LessThan)
        {
            throw NotSupported("Relationship property index", Cur.Span);
        }

        var variable = ParseVariable();
        Expect(TokenKind.Colon, "':' and a label");
        var label = ParseSchemaName("a label");
        Expect(TokenKind.RightParen, "')'");
        ExpectKeyword(Keyword.On);
        Expect(TokenKind.LeftParen, "'('");
        var properties = new List<string>();
        do
        {
            var owner = ParseVariable();
            if (owner.Name != variable.Name)
            {
                throw SyntaxErrorAt($"Variable `{owner.Name}` not defined (the index is on `{variable.Name}`)", owner.Span);
            }

            Expect(TokenKind.Dot, "'.' and a property key");
            properties.Add(ParseSchemaName("a property key"));
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen, "',' or ')'");
        var target = new SchemaTarget(variable, label, properties) { Span = SpanFrom(targetStart) };
        RejectOptions();
        return new CreateIndex(name, ifNotExists, target) { Span = SpanFrom(start) };
    }

    private DropIndex ParseDropIndex(int start)
    {
        if (AcceptKeyword(Keyword.On))
        {
            var old = ParseOldIndexTarget();
            return new DropIndex(null, false, old) { Span = SpanFrom(start) };
        }

        if (Cur.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            throw Unexpected("an index name or 'ON'");
        }

        var name = TextOf(Advance());
        var ifExists = ParseIfExists();
        return new DropIndex(name, ifExists, null) { Span = SpanFrom(start) };
    }

    // :Label(prop, …)
    private SchemaTarget ParseOldIndexTarget()
    {
        var start = _pos;
        Expect(TokenKind.Colon, "':' and a label");
        var label = ParseSchemaName("a label");
        Expect(TokenKind.LeftParen, "'('");
        var properties = new List<string>();
        do
        {
            properties.Add(ParseSchemaName("a property key"));
        }
        while (Accept(TokenKind.Comma));
        Expect(TokenKind.RightParen, "',' or ')'");
        return new SchemaTarget(null, label, properties) { Span = SpanFrom(start) };
    }
}
