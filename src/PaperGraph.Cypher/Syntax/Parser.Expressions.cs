using System.Globalization;
using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Syntax;

internal sealed partial class Parser
{
    // Precedence levels, loosest first; the same table as CypherPrinter's.
    private const int LOr = 0, LXor = 1, LAnd = 2, LNot = 3, LComparison = 4, LPredicate = 5, LAdd = 6, LMul = 7, LPower = 8;

    // oC_Expression. Outside a predicate position (WHERE, exists(…), boolean operators) a relationship pattern
    // is not a value: Neo4j rejects `RETURN (a)-->()` and `size((a)-->())`, and so do we.
    private Expression ParseExpression(bool predicate = false)
    {
        var e = ParseBinary(LOr);
        if (!predicate)
        {
            RejectPatternValue(e);
        }

        return e;
    }

    private void RejectPatternValue(Expression e)
    {
        if (e is PatternPredicate)
        {
            throw SyntaxErrorAt(
                "A pattern expression should only be used to test whether a pattern exists: use it in a WHERE clause, " +
                "with a boolean operator or inside exists(…); for a list of matches use a pattern comprehension [(a)-->(b) | b]",
                e.Span);
        }
    }

    /// <summary>
    /// oC_OrExpression … oC_PowerOfExpression by precedence climbing: one loop instead of one method per level,
    /// which keeps deep nesting cheap on the stack. A chain of comparisons <c>a &lt; b &lt; c</c> (oC_PartialComparisonExpression)
    /// becomes <c>a &lt; b AND b &lt; c</c>.
    /// </summary>
    private Expression ParseBinary(int minLevel)
    {
        Enter();
        try
        {
            return ParseBinaryCore(minLevel);
        }
        finally
        {
            Exit();
        }
    }

    private Expression ParseBinaryCore(int minLevel)
    {
        Expression left;
        if (AtKeyword(Keyword.Not))
        {
            // oC_NotExpression: NOT* oC_ComparisonExpression
            var nots = new List<Token>();
            while (AtKeyword(Keyword.Not))
            {
                nots.Add(Advance());
                CheckChain(nots.Count);
            }

            left = ParseBinary(LComparison);
            for (var i = nots.Count - 1; i >= 0; i--)
            {
                left = new UnaryExpression(UnaryOperator.Not, left) { Span = SourceSpan.Cover(nots[i].Span, left.Span) };
            }
        }
        else
        {
            left = ParseUnary();
        }

        Expression? chainRight = null;
        var operators = 0;
        while (true)
        {
            var t = Cur;
            int level;
            BinaryOperator op;
            switch (t.Kind)
            {
                case TokenKind.Identifier:
                    switch (t.Keyword)
                    {
                        case Keyword.Or: level = LOr; op = BinaryOperator.Or; break;
                        case Keyword.Xor: level = LXor; op = BinaryOperator.Xor; break;
                        case Keyword.And: level = LAnd; op = BinaryOperator.And; break;
                        case Keyword.In: level = LPredicate; op = BinaryOperator.In; break;
                        case Keyword.Contains: level = LPredicate; op = BinaryOperator.Contains; break;
                        case Keyword.Starts: level = LPredicate; op = BinaryOperator.StartsWith; break;
                        case Keyword.Ends: level = LPredicate; op = BinaryOperator.EndsWith; break;
                        case Keyword.Is:
                            if (LPredicate < minLevel)
                            {
                                return left;
                            }

                            CheckChain(++operators);
                            left = ParseNullPredicate(left);
                            chainRight = null;
                            continue;
                        default:
                            return left;
                    }

                    break;
                case TokenKind.Colon when Peek().Kind == TokenKind.Colon:
                    {
                        // Neo4j 5: `x :: TYPE` is `x IS :: TYPE`.
                        if (LPredicate < minLevel)
                        {
                            return left;
                        }

                        CheckChain(++operators);
                        Advance();
                        Advance();
                        var type = ParseCypherType();
                        left = new TypePredicate(left, type, false) { Span = SourceSpan.Cover(left.Span, Previous.Span) };
                        chainRight = null;
                        continue;
                    }

                case TokenKind.Equal: level = LComparison; op = BinaryOperator.Equal; break;
                case TokenKind.NotEqual: level = LComparison; op = BinaryOperator.NotEqual; break;
                case TokenKind.LessThan: level = LComparison; op = BinaryOperator.LessThan; break;
                case TokenKind.LessThanOrEqual: level = LComparison; op = BinaryOperator.LessThanOrEqual; break;
                case TokenKind.GreaterThan: level = LComparison; op = BinaryOperator.GreaterThan; break;
                case TokenKind.GreaterThanOrEqual: level = LComparison; op = BinaryOperator.GreaterThanOrEqual; break;
                case TokenKind.RegexMatch: level = LPredicate; op = BinaryOperator.RegexMatch; break;
                case TokenKind.Plus: level = LAdd; op = BinaryOperator.Add; break;
                case TokenKind.Minus: level = LAdd; op = BinaryOperator.Subtract; break;
                case TokenKind.Star: level = LMul; op = BinaryOperator.Multiply; break;
                case TokenKind.Slash: level = LMul; op = BinaryOperator.Divide; break;
                case TokenKind.Percent: level = LMul; op = BinaryOperator.Modulo; break;
                case TokenKind.Caret: level = LPower; op = BinaryOperator.Power; break;
                case TokenKind.BangEqual or TokenKind.DoubleEqual:
                    throw Unexpected("an operator such as '=', '<>', '<', 'AND' or 'OR'");
                default:
                    return left;
            }

            if (level < minLevel)
            {
                return left;
            }

            CheckChain(++operators);
            Advance();
            if (op is BinaryOperator.StartsWith or BinaryOperator.EndsWith)
            {
                ExpectKeyword(Keyword.With);
            }

            // Left-associative: the right operand binds tighter. Comparisons chain instead.
            var right = ParseBinary(level == LPredicate ? LAdd : level + 1);
            if (level == LComparison)
            {
                RejectPatternValue(left);
                RejectPatternValue(right);
                var comparison = new BinaryExpression(op, chainRight ?? left, right)
                {
                    Span = SourceSpan.Cover((chainRight ?? left).Span, right.Span),
                };
                left = chainRight is null
                    ? comparison
                    : new BinaryExpression(BinaryOperator.And, left, comparison) { Span = SourceSpan.Cover(left.Span, right.Span) };
                chainRight = right;
            }
            else
            {
                if (op is not (BinaryOperator.And or BinaryOperator.Or or BinaryOperator.Xor))
                {
                    RejectPatternValue(left);
                    RejectPatternValue(right);
                }

                left = new BinaryExpression(op, left, right) { Span = SourceSpan.Cover(left.Span, right.Span) };
                chainRight = null;
            }
        }
    }

    // oC_NullPredicateExpression: IS [NOT] NULL
    private Expression ParseNullPredicate(Expression operand)
    {
        RejectPatternValue(operand);
        var isToken = Advance();
        var negated = AcceptKeyword(Keyword.Not);
        if (!AtKeyword(Keyword.Null))
        {
            if ((At(TokenKind.Colon) && Peek().Kind == TokenKind.Colon) ||
                (Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("TYPED", StringComparison.OrdinalIgnoreCase)))
            {
                // Neo4j 5 type predicate: IS [NOT] :: TYPE, IS [NOT] TYPED TYPE
                if (At(TokenKind.Colon))
                {
                    Advance();
                }

                Advance();
                var type = ParseCypherType();
                return new TypePredicate(operand, type, negated) { Span = SourceSpan.Cover(operand.Span, Previous.Span) };
            }

            if (Cur.Kind == TokenKind.Identifier &&
                TextOf(Cur).ToUpperInvariant() is "NORMALIZED" or "NFC" or "NFD" or "NFKC" or "NFKD")
            {
                throw NotSupported("IS NORMALIZED predicate", SourceSpan.Cover(isToken.Span, Cur.Span));
            }

            throw Unexpected("'NULL' or 'NOT NULL'");
        }

        Advance();
        var span = SourceSpan.Cover(operand.Span, Previous.Span);
        return negated ? new IsNotNull(operand) { Span = span } : new IsNull(operand) { Span = span };
    }

    // A Neo4j 5 value type: a name of one or more words, LIST<T>, ANY<A | B>, unions A | B, and NOT NULL (or !).
    private CypherTypeExpression ParseCypherType()
    {
        var start = _pos;
        var first = ParseOneCypherType();
        if (!At(TokenKind.Pipe) || _comprehensionWhere > 0)
        {
            return first;
        }

        var alternatives = new List<CypherTypeExpression> { first };
        while (Accept(TokenKind.Pipe))
        {
            alternatives.Add(ParseOneCypherType());
        }

        // Cypher Manual, type-predicate.adoc: null belongs to no one type of a union, so its members agree.
        if (alternatives.Any(a => a.NotNull) && alternatives.Any(a => !a.NotNull && a is not SimpleCypherType { Name: "NOTHING" or "NULL" }))
        {
            throw SyntaxErrorAt("All types in a Closed Dynamic Union must be nullable, or be appended with `NOT NULL`", SpanFrom(start));
        }

        return new UnionCypherType(alternatives) { Span = SpanFrom(start) };
    }

    private CypherTypeExpression ParseOneCypherType()
    {
        var start = _pos;
        if (Cur.Kind != TokenKind.Identifier)
        {
            throw Unexpected("a type name (INTEGER, STRING, LIST<…>, …)");
        }

        string Word(int i) => Peek(i).Kind == TokenKind.Identifier ? TextOf(Peek(i)).ToUpperInvariant() : "";
        var w0 = Word(0);
        CypherTypeExpression type;
        string? simple = null;
        var words = 1;
        switch (w0)
        {
            case "BOOL" or "BOOLEAN": simple = "BOOLEAN"; break;
            case "STRING" or "VARCHAR": simple = "STRING"; break;
            case "INT" or "INTEGER" or "INT64": simple = "INTEGER"; break;
            case "SIGNED" when Word(1) == "INTEGER": simple = "INTEGER"; words = 2; break;
            case "FLOAT" or "FLOAT64": simple = "FLOAT"; break;
            case "DATE": simple = "DATE"; break;
            case "DURATION": simple = "DURATION"; break;
            case "POINT": simple = "POINT"; break;
            case "PATH": simple = "PATH"; break;
            case "NOTHING": simple = "NOTHING"; break;
            case "NULL": simple = "NULL"; break;
            case "NODE" or "VERTEX": simple = "NODE"; break;
            case "RELATIONSHIP" or "EDGE": simple = "RELATIONSHIP"; break;
            case "MAP": simple = "MAP"; break;
            case "LOCAL" when Word(1) == "TIME": simple = "LOCAL TIME"; words = 2; break;
            case "LOCAL" when Word(1) == "DATETIME": simple = "LOCAL DATETIME"; words = 2; break;
            case "ZONED" when Word(1) == "TIME": simple = "ZONED TIME"; words = 2; break;
            case "ZONED" when Word(1) == "DATETIME": simple = "ZONED DATETIME"; words = 2; break;
            case "TIME" or "TIMESTAMP" when Word(1) is "WITH" or "WITHOUT" && Word(2) == "TIME" && Word(3) == "ZONE":
                simple = (w0 == "TIME" ? "" : "") + (Word(1) == "WITH" ? "ZONED " : "LOCAL ") + (w0 == "TIME" ? "TIME" : "DATETIME");
                words = 4;
                break;
            case "PROPERTY" when Word(1) == "VALUE": simple = "PROPERTY VALUE"; words = 2; break;
            case "ANY" when Word(1) is "NODE" or "VERTEX": simple = "NODE"; words = 2; break;
            case "ANY" when Word(1) is "RELATIONSHIP" or "EDGE": simple = "RELATIONSHIP"; words = 2; break;
            case "ANY" when Word(1) == "MAP": simple = "MAP"; words = 2; break;
            case "ANY" when Word(1) == "VALUE": simple = "ANY"; words = 2; break;
            case "ANY" when Word(1) == "PROPERTY" && Word(2) == "VALUE": simple = "PROPERTY VALUE"; words = 3; break;
            case "ANY" when Peek().Kind != TokenKind.LessThan: simple = "ANY"; break;
        }

        if (simple is not null)
        {
            for (var i = 0; i < words; i++) Advance();
            type = new SimpleCypherType(simple);
        }
        else if (w0 is "LIST" or "ARRAY" or "ANY" && Peek().Kind == TokenKind.LessThan)
        {
            Advance();
            Advance();
            var inner = ParseCypherType();
            Expect(TokenKind.GreaterThan, "'>'");
            type = w0 == "ANY" ? inner : new ListCypherType(inner);
        }
        else
        {
            throw Unexpected("a type name (INTEGER, STRING, LIST<…>, …)");
        }

        var notNull = false;
        if (AtKeyword(Keyword.Not) && IsKeyword(Peek(), Keyword.Null))
        {
            Advance();
            Advance();
            notNull = true;
        }
        else if (Accept(TokenKind.Bang))
        {
            notNull = true;
        }

        return type with { NotNull = notNull, Span = SpanFrom(start) };
    }

    // oC_UnaryAddOrSubtractExpression: (+|-)* oC_NonArithmeticOperatorExpression
    private Expression ParseUnary()
    {
        if (!At(TokenKind.Plus) && !At(TokenKind.Minus))
        {
            return ParsePostfixExpression();
        }

        var signs = new List<Token>();
        while (At(TokenKind.Plus) || At(TokenKind.Minus))
        {
            signs.Add(Advance());
            CheckChain(signs.Count);
        }

        Expression operand;
        if (signs[^1].Kind == TokenKind.Minus && Cur.Kind is TokenKind.Integer or TokenKind.Float)
        {
            // A minus directly before a number is part of the literal, so -9223372036854775808 is in range.
            var minus = signs[^1];
            signs.RemoveAt(signs.Count - 1);
            operand = ParsePostfixOperators(ParseNumber(negate: true, _pos, minus));
        }
        else
        {
            operand = ParsePostfixExpression();
        }

        if (signs.Count > 0)
        {
            RejectPatternValue(operand);
        }

        for (var i = signs.Count - 1; i >= 0; i--)
        {
            var op = signs[i].Kind == TokenKind.Minus ? UnaryOperator.Negate : UnaryOperator.Plus;
            operand = new UnaryExpression(op, operand) { Span = SourceSpan.Cover(signs[i].Span, operand.Span) };
        }

        return operand;
    }

    // oC_NonArithmeticOperatorExpression
    private Expression ParsePostfixExpression() => ParsePostfixOperators(ParseAtom());

    // oC_ListOperatorExpression / oC_PropertyLookup / oC_NodeLabels after an atom
    private Expression ParsePostfixOperators(Expression e)
    {
        var operators = 0;
        while (true)
        {
            CheckChain(operators++);
            if (e is PatternPredicate && Cur.Kind is TokenKind.Dot or TokenKind.LeftBracket or TokenKind.Colon)
            {
                RejectPatternValue(e);
            }

            switch (Cur.Kind)
            {
                case TokenKind.Dot:
                    {
                        Advance();
                        var key = ParseSchemaName("a property key name");
                        e = new PropertyAccess(e, key) { Span = SourceSpan.Cover(e.Span, Previous.Span) };
                        break;
                    }

                case TokenKind.LeftBracket:
                    {
                        Advance();
                        Enter();
                        if (Accept(TokenKind.DotDot))
                        {
                            var to = At(TokenKind.RightBracket) ? null : ParseExpression();
                            Expect(TokenKind.RightBracket, "']'");
                            e = new SliceExpression(e, null, to) { Span = SourceSpan.Cover(e.Span, Previous.Span) };
                        }
                        else
                        {
                            var index = ParseExpression();
                            if (Accept(TokenKind.DotDot))
                            {
                                var to = At(TokenKind.RightBracket) ? null : ParseExpression();
                                Expect(TokenKind.RightBracket, "']'");
                                e = new SliceExpression(e, index, to) { Span = SourceSpan.Cover(e.Span, Previous.Span) };
                            }
                            else
                            {
                                Expect(TokenKind.RightBracket, "'..' or ']'");
                                e = new IndexExpression(e, index) { Span = SourceSpan.Cover(e.Span, Previous.Span) };
                            }
                        }

                        Exit();
                        break;
                    }

                case TokenKind.Colon when Peek().Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier or TokenKind.Bang or TokenKind.Percent or TokenKind.LeftParen:
                    {
                        // `n:A:B`, or a Neo4j 5 label expression `n:A|B`, `n:!A`, `n:%`, `n:(A&B)`.
                        Advance();
                        var expression = ParseLabelExpression(inPattern: false);
                        var span = SourceSpan.Cover(e.Span, Previous.Span);
                        return expression.AsConjunction() is { } labels
                            ? new LabelPredicate(e, labels) { Span = span }
                            : new LabelExpressionPredicate(e, expression) { Span = span };
                    }

                default:
                    return e;
            }
        }
    }

    // oC_Atom
    private Expression ParseAtom()
    {
        var t = Cur;
        switch (t.Kind)
        {
            case TokenKind.Integer or TokenKind.Float:
                return ParseNumber(negate: false, _pos);
            case TokenKind.String:
                Advance();
                return new StringLiteral(t.Value!) { Span = t.Span };
            case TokenKind.Dollar:
                return ParseParameter();
            case TokenKind.LeftParen:
                {
                    if (IsRelationshipsPatternAt(_pos))
                    {
                        // oC_RelationshipsPattern used as a predicate
                        Enter();
                        var element = ParsePatternElement(PatternContext.Expression);
                        Exit();
                        return new PatternPredicate(element) { Span = element.Span };
                    }

                    // oC_ParenthesizedExpression: whoever uses the value checks it, as for any operand.
                    Advance();
                    var inner = ParseExpression(predicate: true);
                    Expect(TokenKind.RightParen, "')'");
                    return inner;
                }

            case TokenKind.LeftBracket:
                return ParseListOrComprehension();
            case TokenKind.LeftBrace:
                return ParseMapLiteral();
            case TokenKind.QuotedIdentifier:
                return ParseNamedAtom();
            case TokenKind.Identifier:
                break;
            case TokenKind.EndOfInput:
                throw Unexpected("an expression");
            default:
                throw Unexpected("an expression");
        }

        var next = Peek().Kind;
        switch (t.Keyword)
        {
            case Keyword.Null:
                Advance();
                return new NullLiteral { Span = t.Span };
            case Keyword.True:
                Advance();
                return new BooleanLiteral(true) { Span = t.Span };
            case Keyword.False:
                Advance();
                return new BooleanLiteral(false) { Span = t.Span };
            case Keyword.Case:
                return ParseCase();
            case Keyword.Exists when next == TokenKind.LeftBrace:
                return ParseExistsSubquery();
            case Keyword.Count when next == TokenKind.LeftParen && Peek(2).Kind == TokenKind.Star:
                {
                    var start = _pos;
                    Advance();
                    Advance();
                    Advance();
                    Expect(TokenKind.RightParen, "')'");
                    return new CountStar { Span = SpanFrom(start) };
                }

            case Keyword.Count when next == TokenKind.LeftBrace:
                return ParseExistsSubquery();
            case Keyword.All or Keyword.Any or Keyword.None_ or Keyword.Single when next == TokenKind.LeftParen &&
                Peek(2).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && IsKeyword(Peek(3), Keyword.In):
                return ParseQuantifier();
            case Keyword.Reduce when next == TokenKind.LeftParen:
                return ParseReduce();
            case Keyword.Shortestpath or Keyword.Allshortestpaths when next == TokenKind.LeftParen:
                throw NotSupported($"{TextOf(t)}(…) as an expression (use it in MATCH: MATCH p = shortestPath(…))", t.Span);
            case Keyword.Filter or Keyword.Extract when next == TokenKind.LeftParen &&
                Peek(2).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && IsKeyword(Peek(3), Keyword.In):
                throw SyntaxErrorAt($"{TextOf(t)}(…) is no longer Cypher; use a list comprehension [x IN list WHERE … | …]", t.Span);
        }

        if (next == TokenKind.LeftBrace && TextOf(t).Equals("COLLECT", StringComparison.OrdinalIgnoreCase))
        {
            return ParseExistsSubquery();
        }

        if (IsReserved(t.Keyword))
        {
            // Neo4j lets keywords name variables (`CREATE (asc:Person) RETURN asc.name`); here only where nothing
            // else can follow a keyword: a property lookup.
            if (t.Keyword is not (Keyword.Null or Keyword.True or Keyword.False or Keyword.Case) && next == TokenKind.Dot &&
                Peek(2).Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
            {
                Advance();
                return new Variable(TextOf(t)) { Span = t.Span };
            }

            // … and where the expression ends right after it: `ORDER BY start, end` after `RETURN … AS end`.
            if (t.Keyword is not (Keyword.Null or Keyword.True or Keyword.False or Keyword.Case or Keyword.Not or Keyword.Distinct) &&
                (next is TokenKind.Comma or TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace or TokenKind.EndOfInput ||
                 Peek().Keyword is Keyword.Asc or Keyword.Ascending or Keyword.Desc or Keyword.Descending or Keyword.Skip or Keyword.Limit))
            {
                Advance();
                return new Variable(TextOf(t)) { Span = t.Span };
            }

            throw Unexpected("an expression");
        }

        return ParseNamedAtom();
    }

    // A variable, a map projection or a function call (oC_Variable, oC_MapProjection, oC_FunctionInvocation).
    private Expression ParseNamedAtom()
    {
        // Function names may be namespaced: a.b.c( … )
        var i = _pos;
        while (_tokens[i + 1].Kind == TokenKind.Dot && _tokens[i + 2].Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            i += 2;
        }

        if (_tokens[i + 1].Kind == TokenKind.LeftParen)
        {
            return ParseFunctionCall();
        }

        var variable = ParseVariable();
        if (At(TokenKind.LeftBrace))
        {
            return ParseMapProjection(variable);
        }

        return variable;
    }

    // oC_FunctionInvocation
    private FunctionCall ParseFunctionCall()
    {
        var start = _pos;
        var name = TextOf(Advance());
        while (Accept(TokenKind.Dot))
        {
            name += "." + TextOf(Advance());
        }

        Expect(TokenKind.LeftParen, "'('");
        if (name.Equals("trim", StringComparison.OrdinalIgnoreCase) && TrimSpecificationAhead())
        {
            return ParseTrimFunction(start);
        }

        Enter();
        var distinct = AcceptKeyword(Keyword.Distinct);
        var arguments = new List<Expression>();
        var isExists = name.Equals("exists", StringComparison.OrdinalIgnoreCase);
        if (!At(TokenKind.RightParen))
        {
            do
            {
                arguments.Add(ParseExpression(predicate: isExists));
            }
            while (Accept(TokenKind.Comma));
        }

        Expect(TokenKind.RightParen, "',' or ')'");
        Exit();
        if (name.Equals("normalize", StringComparison.OrdinalIgnoreCase) && arguments.Count == 2 &&
            arguments[1] is Variable { Name: var form } v && form.ToUpperInvariant() is "NFC" or "NFD" or "NFKC" or "NFKD")
        {
            // normalize(s, NFKC): the normal form is a keyword, not a variable.
            arguments[1] = new StringLiteral(form.ToUpperInvariant()) { Span = v.Span };
        }

        return new FunctionCall(name, distinct, arguments) { Span = SpanFrom(start) };
    }

    // trim([BOTH | LEADING | TRAILING] [characters] FROM string) after `trim(`: any FROM before the matching ')'.
    private bool TrimSpecificationAhead()
    {
        if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).ToUpperInvariant() is "BOTH" or "LEADING" or "TRAILING" &&
            Peek().Kind != TokenKind.LeftParen)
        {
            return true;
        }

        var depth = 0;
        for (var i = _pos; i < _tokens.Count; i++)
        {
            var t = _tokens[i];
            if (t.Kind is TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace) depth++;
            else if (t.Kind is TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace)
            {
                if (depth == 0) return false;
                depth--;
            }
            else if (depth == 0 && t.Kind == TokenKind.Identifier && TextOf(t).Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
            else if (t.Kind == TokenKind.EndOfInput)
            {
                return false;
            }
        }

        return false;
    }

    // Neo4j 5: trim([BOTH | LEADING | TRAILING] [characters] FROM string), read as btrim/ltrim/rtrim(string[, characters]).
    private FunctionCall ParseTrimFunction(int start)
    {
        Enter();
        var mode = "btrim";
        if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).ToUpperInvariant() is "BOTH" or "LEADING" or "TRAILING")
        {
            mode = TextOf(Advance()).ToUpperInvariant() switch { "LEADING" => "ltrim", "TRAILING" => "rtrim", _ => "btrim" };
        }

        Expression? characters = null;
        if (!(Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("FROM", StringComparison.OrdinalIgnoreCase)))
        {
            characters = ParseExpression();
        }

        if (!(Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("FROM", StringComparison.OrdinalIgnoreCase)))
        {
            throw Unexpected("FROM");
        }

        Advance();
        var source = ParseExpression();
        Expect(TokenKind.RightParen, "')'");
        Exit();
        List<Expression> arguments = characters is null ? [source] : [source, characters];
        return new FunctionCall(mode, false, arguments) { Span = SpanFrom(start) };
    }

    // oC_Parameter
    private Parameter ParseParameter()
    {
        var start = _pos;
        Expect(TokenKind.Dollar, "'$'");
        var t = Cur;
        if (t.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier ||
            (t.Kind == TokenKind.Integer && t.Value is null))
        {
            Advance();
            return new Parameter(TextOf(t)) { Span = SpanFrom(start) };
        }

        throw Unexpected("a parameter name");
    }

    // oC_NumberLiteral (oC_IntegerLiteral, oC_DoubleLiteral); `minus` is a '-' folded into the literal.
    private Literal ParseNumber(bool negate, int tokenIndex, Token? minus = null)
    {
        var t = _tokens[tokenIndex];
        _pos = tokenIndex + 1;
        var span = minus is { } m ? SourceSpan.Cover(m.Span, t.Span) : t.Span;
        if (t.Kind == TokenKind.Float)
        {
            var value = double.Parse(_text.AsSpan(t.Start, t.Length), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value))
            {
                throw SyntaxErrorAt("floating point number is too large", span);
            }

            return new FloatLiteral(negate ? -value : value) { Span = span };
        }

        var text = _text.AsSpan(t.Start, t.Length);
        var radix = t.Value switch { "x" => 16, "o" => 8, _ => 10 };
        if (radix == 10 && text.Length > 1 && text[0] == '0')
        {
            // Neo4j reads 0777 as a deprecated octal literal; openCypher does not allow it. Refuse rather than guess.
            var digits10 = text.TrimStart('0') is { Length: > 0 } d10 ? d10.ToString() : "0";
            throw SyntaxErrorAt($"Invalid input '{text}': a decimal integer cannot start with 0 (write {digits10}, or 0o{digits10} for octal)", span);
        }

        var digits = radix == 10 ? text : text[2..];
        if (digits.IsEmpty)
        {
            throw SyntaxErrorAt($"Invalid input '{text}': expected {(radix == 16 ? "hexadecimal" : "octal")} digits", span);
        }

        // Accumulate as the magnitude; the limit depends on the sign (2^63 is fine only when negated).
        var limit = negate ? 9223372036854775808UL : long.MaxValue;
        ulong magnitude = 0;
        var tooLarge = false;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                var kind = radix switch { 16 => "a hexadecimal", 8 => "an octal", _ => "a decimal" };
                throw SyntaxErrorAt($"Invalid input '{text}': expected {kind} integer", span);
            }

            if (!tooLarge)
            {
                if (magnitude > (limit - (ulong)d) / (ulong)radix)
                {
                    tooLarge = true;
                }
                else
                {
                    magnitude = (magnitude * (ulong)radix) + (ulong)d;
                }
            }
        }

        if (tooLarge)
        {
            throw SyntaxErrorAt("integer is too large", span);
        }

        var result = negate ? (long)(0UL - magnitude) : (long)magnitude;
        return new IntegerLiteral(result) { Span = span };
    }

    // oC_ListLiteral, oC_ListComprehension, oC_PatternComprehension
    private Expression ParseListOrComprehension()
    {
        var start = _pos;
        Expect(TokenKind.LeftBracket, "'['");
        Enter();
        Expression result;
        if (AtVariableName() && IsKeyword(Peek(), Keyword.In))
        {
            var variable = ParseVariable();
            Advance();
            _comprehensionWhere++;
            Expression source;
            Expression? where;
            try
            {
                source = ParseExpression();
                where = ParseOptionalWhere();
            }
            finally
            {
                _comprehensionWhere--;
            }

            var projection = Accept(TokenKind.Pipe) ? ParseExpression() : null;
            Expect(TokenKind.RightBracket, projection is null ? "'WHERE', '|' or ']'" : "']'");
            result = new ListComprehension(variable, source, where, projection) { Span = SpanFrom(start) };
        }
        else if ((AtVariableName() && Peek().Kind == TokenKind.Equal && IsRelationshipsPatternAt(_pos + 2)) ||
            IsRelationshipsPatternAt(_pos))
        {
            Variable? path = null;
            if (AtVariableName())
            {
                path = ParseVariable();
                Advance();
            }

            var element = ParsePatternElement(PatternContext.Expression);
            _comprehensionWhere++;
            Expression? where;
            try
            {
                where = ParseOptionalWhere();
            }
            finally
            {
                _comprehensionWhere--;
            }

            Expect(TokenKind.Pipe, "'WHERE' or '|' (a pattern comprehension needs '| expression')");
            var projection = ParseExpression();
            Expect(TokenKind.RightBracket, "']'");
            result = new PatternComprehension(path, element, where, projection) { Span = SpanFrom(start) };
        }
        else
        {
            var items = new List<Expression>();
            if (!At(TokenKind.RightBracket))
            {
                do
                {
                    items.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RightBracket, "',' or ']'");
            result = new ListLiteral(items) { Span = SpanFrom(start) };
        }

        Exit();
        return result;
    }

    // oC_MapLiteral
    private MapLiteral ParseMapLiteral()
    {
        var start = _pos;
        Expect(TokenKind.LeftBrace, "'{'");
        Enter();
        var entries = new List<MapEntry>();
        if (!At(TokenKind.RightBrace))
        {
            do
            {
                var entryStart = _pos;
                var key = ParseSchemaName("a property key name");
                Expect(TokenKind.Colon, "':'");
                var value = ParseExpression();
                entries.Add(new MapEntry(key, value) { Span = SpanFrom(entryStart) });
            }
            while (Accept(TokenKind.Comma));
        }

        Expect(TokenKind.RightBrace, "',' or '}'");
        Exit();
        return new MapLiteral(entries) { Span = SpanFrom(start) };
    }

    // oC_MapProjection
    private MapProjection ParseMapProjection(Variable variable)
    {
        Expect(TokenKind.LeftBrace, "'{'");
        Enter();
        var items = new List<MapProjectionItem>();
        if (!At(TokenKind.RightBrace))
        {
            do
            {
                // oC_MapProjectionItem
                var itemStart = _pos;
                if (Accept(TokenKind.Dot))
                {
                    if (Accept(TokenKind.Star))
                    {
                        items.Add(new AllPropertiesSelector { Span = SpanFrom(itemStart) });
                    }
                    else
                    {
                        var key = ParseSchemaName("a property key name or '*'");
                        items.Add(new PropertySelector(key) { Span = SpanFrom(itemStart) });
                    }
                }
                else if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && Peek().Kind == TokenKind.Colon)
                {
                    var key = ParseSchemaName("a property key name");
                    Advance();
                    var value = ParseExpression();
                    items.Add(new LiteralEntry(key, value) { Span = SpanFrom(itemStart) });
                }
                else
                {
                    var v = ParseVariable();
                    items.Add(new VariableSelector(v) { Span = v.Span });
                }
            }
            while (Accept(TokenKind.Comma));
        }

        Expect(TokenKind.RightBrace, "',' or '}'");
        Exit();
        return new MapProjection(variable, items) { Span = SourceSpan.Cover(variable.Span, Previous.Span) };
    }

    // oC_CaseExpression
    private CaseExpression ParseCase()
    {
        var start = _pos;
        ExpectKeyword(Keyword.Case);
        Enter();
        var test = AtKeyword(Keyword.When) ? null : ParseExpression();
        var alternatives = new List<CaseAlternative>();
        var operandLists = new List<List<Expression>>();
        var extended = false;
        while (AtKeyword(Keyword.When))
        {
            // oC_CaseAlternative; Neo4j 5's simple CASE takes several operands per WHEN, and comparisons and type
            // predicates against the tested value (`WHEN 1, 2 THEN`, `WHEN > 5 THEN`, `WHEN IS :: INTEGER THEN`).
            var altStart = _pos;
            Advance();
            Expression when;
            if (test is null)
            {
                when = ParseExpression(predicate: true);
            }
            else
            {
                var operands = new List<Expression> { ParseCaseOperand(test, ref extended) };
                while (Accept(TokenKind.Comma))
                {
                    extended = true;
                    operands.Add(ParseCaseOperand(test, ref extended));
                }

                operandLists.Add(operands);
                when = operands[0];
            }

            ExpectKeyword(Keyword.Then);
            var then = ParseExpression();
            alternatives.Add(new CaseAlternative(when, then) { Span = SpanFrom(altStart) });
        }

        if (extended)
        {
            // Read as the searched form: each WHEN becomes a predicate on the tested value, its operands ORed.
            for (var i = 0; i < alternatives.Count; i++)
            {
                var predicates = operandLists[i].Select(o => o is CaseOperandValue v
                    ? new BinaryExpression(BinaryOperator.Equal, test!, v.Value) { Span = v.Span }
                    : o);
                alternatives[i] = alternatives[i] with
                {
                    When = predicates.Aggregate((a, b) => new BinaryExpression(BinaryOperator.Or, a, b) { Span = SourceSpan.Cover(a.Span, b.Span) }),
                };
            }

            test = null;
        }
        else if (test is not null)
        {
            alternatives = alternatives.Select(a => a.When is CaseOperandValue v ? a with { When = v.Value } : a).ToList();
        }

        if (alternatives.Count == 0)
        {
            throw Unexpected("'WHEN'");
        }

        var otherwise = AcceptKeyword(Keyword.Else) ? ParseExpression() : null;
        if (!AtKeyword(Keyword.End))
        {
            throw Unexpected(otherwise is null ? "'WHEN', 'ELSE' or 'END'" : "'END'");
        }

        Advance();
        Exit();
        return new CaseExpression(test, alternatives, otherwise) { Span = SpanFrom(start) };
    }

    /// <summary>A plain WHEN value of a simple CASE, kept apart until we know whether the CASE is extended.</summary>
    private sealed record CaseOperandValue(Expression Value) : Expression;

    // One operand of a simple CASE's WHEN: a value, or (Neo4j 5) a comparison, IS [NOT] NULL, a type predicate,
    // STARTS WITH/ENDS WITH/CONTAINS/IN/=~ with the tested value as its left side.
    private Expression ParseCaseOperand(Expression test, ref bool extended)
    {
        var start = _pos;
        BinaryOperator? op = Cur.Kind switch
        {
            TokenKind.Equal => BinaryOperator.Equal,
            TokenKind.NotEqual => BinaryOperator.NotEqual,
            TokenKind.LessThan => BinaryOperator.LessThan,
            TokenKind.LessThanOrEqual => BinaryOperator.LessThanOrEqual,
            TokenKind.GreaterThan => BinaryOperator.GreaterThan,
            TokenKind.GreaterThanOrEqual => BinaryOperator.GreaterThanOrEqual,
            TokenKind.RegexMatch => BinaryOperator.RegexMatch,
            TokenKind.Identifier when Cur.Keyword == Keyword.Starts => BinaryOperator.StartsWith,
            TokenKind.Identifier when Cur.Keyword == Keyword.Ends => BinaryOperator.EndsWith,
            TokenKind.Identifier when Cur.Keyword == Keyword.Contains => BinaryOperator.Contains,
            TokenKind.Identifier when Cur.Keyword == Keyword.In => BinaryOperator.In,
            _ => null,
        };
        if (op is { } o)
        {
            extended = true;
            Advance();
            if (o is BinaryOperator.StartsWith or BinaryOperator.EndsWith)
            {
                ExpectKeyword(Keyword.With);
            }

            var right = ParseBinary(LAdd);
            return new BinaryExpression(o, test, right) { Span = SpanFrom(start) };
        }

        if (AtKeyword(Keyword.Is) || (At(TokenKind.Colon) && Peek().Kind == TokenKind.Colon))
        {
            extended = true;
            if (At(TokenKind.Colon))
            {
                Advance();
                Advance();
                return new TypePredicate(test, ParseCypherType(), false) { Span = SpanFrom(start) };
            }

            return ParseNullPredicate(test) switch
            {
                var p => p with { Span = SpanFrom(start) },
            };
        }

        var value = ParseExpression();
        return new CaseOperandValue(value) { Span = value.Span };
    }

    // oC_Quantifier
    private Quantifier ParseQuantifier()
    {
        var start = _pos;
        var kind = Advance().Keyword switch
        {
            Keyword.All => QuantifierKind.All,
            Keyword.Any => QuantifierKind.Any,
            Keyword.None_ => QuantifierKind.None,
            _ => QuantifierKind.Single,
        };
        Expect(TokenKind.LeftParen, "'('");
        Enter();
        var variable = ParseVariable();
        ExpectKeyword(Keyword.In);
        var source = ParseExpression();
        var where = ParseOptionalWhere();
        Expect(TokenKind.RightParen, "'WHERE' or ')'");
        Exit();
        return new Quantifier(kind, variable, source, where) { Span = SpanFrom(start) };
    }

    // reduce(acc = init, x IN list | expression)
    private Reduce ParseReduce()
    {
        var start = _pos;
        Advance();
        Expect(TokenKind.LeftParen, "'('");
        Enter();
        var accumulator = ParseVariable();
        Expect(TokenKind.Equal, "'='");
        var initial = ParseExpression();
        Expect(TokenKind.Comma, "','");
        var variable = ParseVariable();
        ExpectKeyword(Keyword.In);
        _comprehensionWhere++;
        Expression source;
        try
        {
            source = ParseExpression();
        }
        finally
        {
            _comprehensionWhere--;
        }

        Expect(TokenKind.Pipe, "'|'");
        var expression = ParseExpression();
        Expect(TokenKind.RightParen, "')'");
        Exit();
        return new Reduce(accumulator, initial, variable, source, expression) { Span = SpanFrom(start) };
    }

    // oC_ExistentialSubquery: EXISTS { query } or EXISTS { pattern [WHERE …] }; Neo4j 5's COUNT { … } and
    // COLLECT { … } (Cypher Manual, "Subqueries") share its shape.
    private SubqueryExpression ParseExistsSubquery()
    {
        var start = _pos;
        var kind = Advance();
        var isCount = kind.Keyword == Keyword.Count;
        var isCollect = !isCount && kind.Keyword != Keyword.Exists;
        Expect(TokenKind.LeftBrace, "'{'");
        Enter();
        Query query;
        if (Cur.Kind == TokenKind.Identifier && (IsClauseStart(Cur.Keyword) || Cur.Keyword is Keyword.Foreach or Keyword.Load))
        {
            query = ParseQuery(QueryContext.ExistsSubquery);
        }
        else if (isCollect)
        {
            throw Unexpected("a clause: COLLECT { … } needs a full subquery ending with RETURN");
        }
        else
        {
            var patternStart = _pos;
            // Read exactly as EXISTS { MATCH pattern … }, so the same rules apply to both spellings.
            var (pattern, inline) = ParseMatchPattern();
            var where = WithInlinePredicates(ParseOptionalWhere(), inline);
            var match = new MatchClause(false, pattern, where) { Span = SpanFrom(patternStart) };
            query = new SingleQuery([match]) { Span = match.Span };
        }

        Expect(TokenKind.RightBrace, "'}'");
        Exit();
        var span = SpanFrom(start);
        if (isCollect && (query is not SingleQuery { Clauses: [.., ReturnClause] } && query is not UnionQuery))
        {
            throw SyntaxErrorAt("A Collect Expression must end with a single return column.", span);
        }

        return isCount ? new CountSubquery(query) { Span = span }
            : isCollect ? new CollectSubquery(query) { Span = span }
            : new ExistsSubquery(query) { Span = span };
    }
}
