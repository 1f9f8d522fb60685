using PaperGraph.Cypher.Syntax.Ast;

namespace PaperGraph.Cypher.Syntax;

internal sealed partial class Parser
{
    private enum PatternContext
    {
        Match,
        Create,
        Merge,
        Expression,
    }

    // oC_Pattern
    private Pattern ParsePattern(PatternContext context)
    {
        var start = _pos;
        var parts = new List<PatternPart>();
        do
        {
            parts.Add(ParsePatternPart(context));
        }
        while (Accept(TokenKind.Comma));
        return new Pattern(parts) { Span = SpanFrom(start) };
    }

    // oC_PatternPart / oC_AnonymousPatternPart, with Neo4j's shortestPath and allShortestPaths
    private PatternPart ParsePatternPart(PatternContext context)
    {
        var start = _pos;
        Variable? path = null;
        if (AtVariableName() && Peek().Kind == TokenKind.Equal)
        {
            path = ParseVariable();
            Advance();
        }

        var function = PatternFunction.None;
        if (Cur.Kind == TokenKind.Identifier && Cur.Keyword is Keyword.Shortestpath or Keyword.Allshortestpaths &&
            Peek().Kind == TokenKind.LeftParen)
        {
            function = Advance().Keyword == Keyword.Shortestpath ? PatternFunction.ShortestPath : PatternFunction.AllShortestPaths;
            Advance();
            Enter();
            var inner = ParsePatternElement(context);
            Exit();
            Expect(TokenKind.RightParen, "')'");
            return new PatternPart(path, function, inner) { Span = SpanFrom(start) };
        }

        long k = 1;
        // A pattern part starts with '(' or a path variable and '='; SHORTEST, ANY or ALL otherwise is a selector.
        if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).ToUpperInvariant() is "SHORTEST" or "ANY" or "ALL" &&
            Peek().Kind != TokenKind.Equal)
        {
            (function, k) = ParsePathSelector();
            if (context != PatternContext.Match)
            {
                throw SyntaxErrorAt("Path selectors can only be used in MATCH", SpanFrom(start));
            }
        }

        PatternElement element;
        if (path is null && function != PatternFunction.None && At(TokenKind.LeftParen) &&
            Peek().Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier && Peek(2).Kind == TokenKind.Equal)
        {
            // SHORTEST 1 (p = (a)--+(b) WHERE length(p) % 2 = 0): a path variable declared inside the parentheses, so
            // that a WHERE there can filter the search by the path (the manual's "pre-filter with a path variable").
            Advance();
            Enter();
            path = ParseVariable();
            Advance();
            element = ParsePatternElement(context);
            if (AcceptKeyword(Keyword.Where))
            {
                var predicate = ParseExpression(predicate: true);
                if (_inlinePredicates is null)
                {
                    throw NotSupported("WHERE inside a parenthesized path pattern here", predicate.Span);
                }

                _inlinePredicates.Add(predicate);
            }

            Exit();
            Expect(TokenKind.RightParen, "')'");
        }
        else
        {
            element = ParsePatternElement(context);
        }

        return new PatternPart(path, function, element, k == 1 ? null : k, Selector: function != PatternFunction.None) { Span = SpanFrom(start) };
    }

    // Neo4j 5 path selectors: ANY [k], ALL, ALL SHORTEST, SHORTEST k [GROUPS], ANY SHORTEST, each with an optional
    // PATH/PATHS after it.
    private (PatternFunction Function, long K) ParsePathSelector()
    {
        var start = _pos;
        var word = TextOf(Advance()).ToUpperInvariant();
        long? count = At(TokenKind.Integer) ? ParseRangeBound() : null;
        var function = PatternFunction.None;
        long k = count ?? 1;
        switch (word)
        {
            case "ALL" when Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("SHORTEST", StringComparison.OrdinalIgnoreCase):
                Advance();
                function = PatternFunction.AllShortestPaths;
                break;
            case "ALL":
                break;
            case "ANY" when Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("SHORTEST", StringComparison.OrdinalIgnoreCase):
                Advance();
                function = PatternFunction.ShortestPath;
                break;
            case "ANY":
                // Any k paths: the k shortest are such paths.
                function = k == 1 ? PatternFunction.ShortestPath : PatternFunction.ShortestK;
                break;
            default:
                if (count is null)
                {
                    throw Unexpected("the number of paths after SHORTEST (SHORTEST k)");
                }

                if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).Equals("GROUPS", StringComparison.OrdinalIgnoreCase))
                {
                    Advance();
                    function = k == 1 ? PatternFunction.AllShortestPaths : PatternFunction.ShortestKGroups;
                }
                else
                {
                    function = k == 1 ? PatternFunction.ShortestPath : PatternFunction.ShortestK;
                }

                break;
        }

        if (k < 1)
        {
            throw SyntaxErrorAt("The number of paths of a path selector must be at least 1", SpanFrom(start));
        }

        if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).ToUpperInvariant() is "PATH" or "PATHS")
        {
            Advance();
        }

        return (function, k);
    }

    // oC_PatternElement, with Neo4j 5's quantified path patterns: `(x) ((a)-[r]->(b) WHERE …){1,3} (y)`. A quantified
    // path pattern of one relationship is read as a quantified relationship step whose inner nodes and WHERE become a
    // predicate on every step (RelationshipPattern.Quantified); the nodes around it are juxtaposed with its first and
    // last inner node, and left out they are anonymous.
    private PatternElement ParsePatternElement(PatternContext context)
    {
        var start = _pos;
        NodePattern? node = null;
        var chain = new List<PatternElementChain>();
        if (At(TokenKind.LeftParen) && Peek().Kind == TokenKind.LeftParen)
        {
            // ( oC_PatternElement ): parentheses around a whole element, or a quantified path pattern.
            var segment = ParseParenthesizedPath(context);
            if (segment.Quantified is null)
            {
                return segment.Element with { Span = SpanFrom(start) };
            }

            node = new NodePattern(null, [], null) { Span = segment.Quantified.Span };
            chain.Add(QuantifiedStep(segment.Quantified, context));
            if (At(TokenKind.LeftParen) && Peek().Kind != TokenKind.LeftParen)
            {
                chain[^1] = chain[^1] with { Node = ParseNodePattern(context) };
            }
        }
        else
        {
            node = ParseNodePattern(context);
        }

        while (At(TokenKind.Minus) || (At(TokenKind.LessThan) && Peek().Kind == TokenKind.Minus) ||
               (At(TokenKind.LeftParen) && Peek().Kind == TokenKind.LeftParen))
        {
            var stepStart = _pos;
            if (At(TokenKind.LeftParen))
            {
                // A quantified path pattern juxtaposed with the node before it.
                var segment = ParseParenthesizedPath(context);
                if (segment.Quantified is null)
                {
                    throw SyntaxErrorAt("A parenthesized path pattern must be quantified ({m,n}, + or *) here", segment.Element.Span);
                }

                chain.Add(QuantifiedStep(segment.Quantified, context));
                if (At(TokenKind.LeftParen) && Peek().Kind != TokenKind.LeftParen)
                {
                    chain[^1] = chain[^1] with { Node = ParseNodePattern(context) };
                }

                continue;
            }

            // oC_PatternElementChain
            var relationship = ParseRelationshipPattern(context);
            if (At(TokenKind.LeftParen) && Peek().Kind == TokenKind.LeftParen)
            {
                throw Unexpected("a node pattern after the relationship");
            }

            var next = ParseNodePattern(context);
            chain.Add(new PatternElementChain(relationship, next) { Span = SpanFrom(stepStart) });
        }

        return new PatternElement(node, chain) { Span = SpanFrom(start) };
    }

    private sealed record ParenthesizedPath(PatternElement Element, QuantifiedSegment? Quantified);

    private sealed record QuantifiedSegment(PatternElement Inner, Expression? Where, RangeLiteral Range, SourceSpan Span);

    // `( element [WHERE …] )` optionally followed by a quantifier.
    private ParenthesizedPath ParseParenthesizedPath(PatternContext context)
    {
        var start = _pos;
        Expect(TokenKind.LeftParen, "'('");
        Enter();
        var outer = _inlinePredicates;
        var innerPredicates = new List<Expression>();
        _inlinePredicates = innerPredicates;
        PatternElement inner;
        Expression? where = null;
        try
        {
            inner = ParsePatternElement(context);
            if (AtKeyword(Keyword.Where))
            {
                Advance();
                where = ParseExpression(predicate: true);
            }
        }
        finally
        {
            _inlinePredicates = outer;
        }

        Exit();
        Expect(TokenKind.RightParen, "')'");
        var range = TryParseQuantifier();
        if (range is null)
        {
            if (where is not null || innerPredicates.Count > 0)
            {
                if (outer is null)
                {
                    throw NotSupported("WHERE inside a parenthesized path pattern here", SpanFrom(start));
                }

                outer.AddRange(innerPredicates);
                if (where is not null) outer.Add(where);
            }

            return new ParenthesizedPath(inner, null);
        }

        if (context != PatternContext.Match)
        {
            throw SyntaxErrorAt("Quantified path patterns can only be used in MATCH", SpanFrom(start));
        }

        foreach (var p in innerPredicates)
        {
            where = where is null ? p : new BinaryExpression(BinaryOperator.And, where, p) { Span = p.Span };
        }

        return new ParenthesizedPath(inner, new QuantifiedSegment(inner, where, range, SpanFrom(start)));
    }

    // Quantifier of a quantified path pattern or relationship: `{m,n}`, `{m,}`, `{,n}`, `{n}`, `+`, `*`.
    private RangeLiteral? TryParseQuantifier()
    {
        var start = _pos;
        if (Accept(TokenKind.Plus))
        {
            return new RangeLiteral(1, null) { Span = SpanFrom(start) };
        }

        if (At(TokenKind.Star))
        {
            Advance();
            return new RangeLiteral(0, null) { Span = SpanFrom(start) };
        }

        if (!At(TokenKind.LeftBrace))
        {
            return null;
        }

        Advance();
        long? min = null, max = null;
        if (At(TokenKind.Integer))
        {
            min = ParseRangeBound();
        }

        if (Accept(TokenKind.Comma))
        {
            if (At(TokenKind.Integer))
            {
                max = ParseRangeBound();
            }
        }
        else
        {
            if (min is null)
            {
                throw Unexpected("an integer, ',' or '}' in a quantifier");
            }

            max = min;
        }

        Expect(TokenKind.RightBrace, "'}' to end the quantifier");
        if (min is { } lo && max is { } hi && lo > hi)
        {
            throw SyntaxErrorAt($"A quantifier's lower bound {lo} is greater than its upper bound {hi}", SpanFrom(start));
        }

        return new RangeLiteral(min ?? 0, max) { Span = SpanFrom(start) };
    }

    private PatternElementChain QuantifiedStep(QuantifiedSegment q, PatternContext context)
    {
        _ = context;
        if (q.Inner.Chain.Count == 0)
        {
            throw SyntaxErrorAt("A quantified path pattern must contain at least one relationship", q.Span);
        }

        if (q.Inner.Chain.FirstOrDefault(c => c.Relationship.Range is not null) is { } nested)
        {
            throw SyntaxErrorAt("A variable-length relationship cannot be quantified again", nested.Relationship.Span);
        }

        if (q.Inner.Chain.Count > 1)
        {
            // ((a)-[r]->(b)-[s]->(c) WHERE …){m,n}: the whole inner pattern repeats (see QuantifiedPath.Element).
            var placeholder = new RelationshipPattern(null, [], RelationshipDirection.Right, null, q.Range,
                new QuantifiedPath(q.Inner.Start, q.Inner.Chain[^1].Node, q.Where, q.Inner) { Span = q.Span }) { Span = q.Span };
            return new PatternElementChain(placeholder, new NodePattern(null, [], null) { Span = q.Span }) { Span = q.Span };
        }

        var step = q.Inner.Chain[0];
        if (step.Relationship.Range is not null)
        {
            throw SyntaxErrorAt("A variable-length relationship cannot be quantified again", step.Relationship.Span);
        }

        static bool Free(NodePattern n) => n.Variable is null && n.Labels.Count == 0 && n.Properties is null;
        var rel = step.Relationship with
        {
            Range = q.Range,
            Quantified = Free(q.Inner.Start) && Free(step.Node) && q.Where is null
                ? null
                : new QuantifiedPath(q.Inner.Start, step.Node, q.Where) { Span = q.Span },
        };
        return new PatternElementChain(rel, new NodePattern(null, [], null) { Span = q.Span }) { Span = q.Span };
    }

    // oC_NodePattern
    private NodePattern ParseNodePattern(PatternContext context)
    {
        var start = _pos;
        Expect(TokenKind.LeftParen, "'(' to start a node pattern");
        var variable = TryParsePatternVariable();
        IReadOnlyList<string> labels = [];
        if (At(TokenKind.Colon))
        {
            var labelStart = _pos;
            Advance();
            var expression = ParseLabelExpression();
            if (expression.AsConjunction() is { } conjunction)
            {
                labels = conjunction;
            }
            else
            {
                // Neo4j 5 label expression (|, &, !, %): a predicate on the node.
                variable ??= new Variable(NewPatternVariableName()) { Span = SpanFrom(start) };
                AddInlinePredicate(new LabelExpressionPredicate(variable, expression) { Span = SpanFrom(labelStart) }, "A label expression (|, &, !, %)");
            }
        }

        if (AtKeyword(Keyword.Is))
        {
            throw NotSupported("IS label syntax in patterns (use n:Label)", Cur.Span);
        }

        var properties = ParseOptionalPatternProperties(context);
        if (AtKeyword(Keyword.Where))
        {
            var whereStart = _pos;
            Advance();
            var predicate = ParseExpression(predicate: true);
            if (variable is null)
            {
                throw SyntaxErrorAt("WHERE inside a node pattern needs the node's variable", SpanFrom(whereStart));
            }

            AddInlinePredicate(predicate, "WHERE inside a node pattern");
        }

        Expect(TokenKind.RightParen, variable is null && labels.Count == 0 && properties is null
            ? "a variable, ':' and a label, a property map or ')'"
            : "':' and a label, a property map or ')'");
        return new NodePattern(variable, labels, properties) { Span = SpanFrom(start) };
    }

    /// <summary>Predicates written inside the patterns of the MATCH being parsed (node WHERE, label expressions);
    /// null where they cannot be used.</summary>
    private List<Expression>? _inlinePredicates;

    private int _patternVariables;

    /// <summary>Depth of expressions being parsed that a '|' may end (a comprehension's source and WHERE, reduce's
    /// source), and of parentheses in a label expression.</summary>
    private int _comprehensionWhere;

    private int _labelParens;

    private string NewPatternVariableName() => " pattern" + _patternVariables++;

    private void AddInlinePredicate(Expression predicate, string feature)
    {
        if (_inlinePredicates is null)
        {
            throw NotSupported(feature + " outside MATCH", predicate.Span);
        }

        _inlinePredicates.Add(predicate);
    }

    // A node or relationship variable: Neo4j lets keywords name variables here (`CREATE (asc:Person)`), when what
    // follows shows it is one.
    private Variable? TryParsePatternVariable()
    {
        if (AtVariableName())
        {
            return ParseVariable();
        }

        if (Cur.Kind == TokenKind.Identifier && Cur.Keyword != Keyword.Where &&
            Peek().Kind is TokenKind.Colon or TokenKind.RightParen or TokenKind.RightBracket or TokenKind.LeftBrace or TokenKind.Dollar or TokenKind.Star ||
            (Cur.Kind == TokenKind.Identifier && Cur.Keyword != Keyword.Where && IsKeyword(Peek(), Keyword.Where)))
        {
            var t = Advance();
            return new Variable(TextOf(t)) { Span = t.Span };
        }

        return null;
    }

    // Neo4j 5 label expressions (after the first ':'): or of and of not of atoms; `:A:B` is a conjunction too.
    private LabelExpression ParseLabelExpression(bool inPattern = true)
    {
        var start = _pos;
        var left = ParseLabelConjunction();
        // In an expression inside a comprehension's WHERE a bare '|' starts the projection; `x:(A|B)` still works there.
        while (At(TokenKind.Pipe) && (inPattern || _comprehensionWhere == 0 || _labelParens > 0))
        {
            Advance();
            Accept(TokenKind.Colon);
            var right = ParseLabelConjunction();
            left = new LabelOr(left, right) { Span = SpanFrom(start) };
        }

        return left;
    }

    private LabelExpression ParseLabelConjunction()
    {
        var start = _pos;
        var left = ParseLabelNegation();
        while (At(TokenKind.Ampersand) || (At(TokenKind.Colon) && Peek().Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier or TokenKind.Bang or TokenKind.Percent or TokenKind.LeftParen))
        {
            Advance();
            var right = ParseLabelNegation();
            left = new LabelAnd(left, right) { Span = SpanFrom(start) };
        }

        return left;
    }

    private LabelExpression ParseLabelNegation()
    {
        var start = _pos;
        if (Accept(TokenKind.Bang))
        {
            return new LabelNot(ParseLabelNegation()) { Span = SpanFrom(start) };
        }

        if (Accept(TokenKind.Percent))
        {
            return new LabelWildcard { Span = SpanFrom(start) };
        }

        if (Accept(TokenKind.LeftParen))
        {
            Enter();
            _labelParens++;
            LabelExpression inner;
            try
            {
                inner = ParseLabelExpression();
            }
            finally
            {
                _labelParens--;
            }

            Exit();
            Expect(TokenKind.RightParen, "')'");
            return inner;
        }

        var name = ParseSchemaName("a label or type name");
        return new LabelName(name) { Span = SpanFrom(start) };
    }

    // oC_NodeLabels: `:A:B`
    private List<string> ParseNodeLabels()
    {
        var labels = new List<string>();
        while (Accept(TokenKind.Colon))
        {
            labels.Add(ParseSchemaName("a label name"));
        }

        return labels;
    }

    // oC_Properties: a map literal or a parameter.
    private Expression? ParseOptionalPatternProperties(PatternContext context)
    {
        if (At(TokenKind.LeftBrace))
        {
            return ParseMapLiteral();
        }

        if (At(TokenKind.Dollar))
        {
            var parameter = ParseParameter();
            if (context is PatternContext.Match or PatternContext.Merge)
            {
                var clause = context == PatternContext.Match ? "MATCH" : "MERGE";
                throw SyntaxErrorAt($"Parameter maps cannot be used in {clause} patterns (use a literal map instead, e.g. {{key: ${parameter.Name}.key}})",
                    parameter.Span);
            }

            return parameter;
        }

        return null;
    }

    // oC_RelationshipPattern
    private RelationshipPattern ParseRelationshipPattern(PatternContext context)
    {
        var start = _pos;
        var left = Accept(TokenKind.LessThan);
        Expect(TokenKind.Minus, "'-'");
        Variable? variable = null;
        var types = new List<string>();
        RangeLiteral? range = null;
        Expression? properties = null;
        Expression? typePredicate = null;
        Expression? inlineWhere = null;
        if (Accept(TokenKind.LeftBracket))
        {
            // oC_RelationshipDetail
            variable = TryParsePatternVariable();
            if (At(TokenKind.Colon))
            {
                // oC_RelationshipTypes: `:A|B` (and the older `:A|:B`), or a Neo4j 5 type expression (&, !, %)
                var typeStart = _pos;
                Advance();
                var expression = ParseLabelExpression();
                if (expression.AsDisjunction() is { } alternatives)
                {
                    types.AddRange(alternatives);
                }
                else
                {
                    variable ??= new Variable(NewPatternVariableName()) { Span = SpanFrom(start) };
                    typePredicate = new LabelExpressionPredicate(variable, expression) { Span = SpanFrom(typeStart) };
                }
            }

            if (At(TokenKind.Star))
            {
                range = ParseRangeLiteral();
            }

            properties = ParseOptionalPatternProperties(context);
            if (AtKeyword(Keyword.Where))
            {
                var whereStart = _pos;
                Advance();
                inlineWhere = ParseExpression(predicate: true);
                if (variable is null)
                {
                    throw SyntaxErrorAt("WHERE inside a relationship pattern needs the relationship's variable", SpanFrom(whereStart));
                }
            }

            Expect(TokenKind.RightBracket, range is null && properties is null
                ? "a variable, ':' and a type, '*' and a length, a property map or ']'"
                : "a property map or ']'");
        }

        Expect(TokenKind.Minus, "'-'");
        var right = Accept(TokenKind.GreaterThan);
        var direction = left == right ? RelationshipDirection.Both : left ? RelationshipDirection.Left : RelationshipDirection.Right;
        var quantifier = context == PatternContext.Match ? TryParseQuantifier() : null;
        if (quantifier is not null && range is not null)
        {
            throw SyntaxErrorAt("A variable-length relationship cannot be quantified again", SpanFrom(start));
        }

        var predicate = typePredicate is null ? inlineWhere
            : inlineWhere is null ? typePredicate
            : new BinaryExpression(BinaryOperator.And, typePredicate, inlineWhere) { Span = inlineWhere.Span };
        var span = SpanFrom(start);
        if (quantifier is not null || (range is not null && predicate is not null))
        {
            // A quantified relationship -[r:T WHERE …]->{m,n} is the quantified path pattern (()-[r:T WHERE …]->()){m,n}.
            QuantifiedPath? quantified = predicate is null ? null
                : new QuantifiedPath(new NodePattern(null, [], null) { Span = span }, new NodePattern(null, [], null) { Span = span }, predicate) { Span = span };
            return new RelationshipPattern(variable, types, direction, properties, quantifier ?? range, quantified) { Span = span };
        }

        if (predicate is not null)
        {
            AddInlinePredicate(predicate, "WHERE inside a relationship pattern");
        }

        return new RelationshipPattern(variable, types, direction, properties, range) { Span = span };
    }

    // oC_RangeLiteral: `*`, `*2`, `*2..`, `*..5`, `*2..5`
    private RangeLiteral ParseRangeLiteral()
    {
        var start = _pos;
        Expect(TokenKind.Star, "'*'");
        long? min = null, max = null;
        if (At(TokenKind.Integer))
        {
            min = ParseRangeBound();
        }

        if (Accept(TokenKind.DotDot))
        {
            if (At(TokenKind.Integer))
            {
                max = ParseRangeBound();
            }
        }
        else
        {
            max = min;
        }

        if (At(TokenKind.Minus))
        {
            throw Unexpected("a non-negative integer, '..' or ']' (a variable-length relationship's bounds cannot be negative)");
        }

        return new RangeLiteral(min, max) { Span = SpanFrom(start) };
    }

    private long ParseRangeBound()
    {
        var literal = (IntegerLiteral)ParseNumber(negate: false, _pos);
        return literal.Value;
    }

    // ---- lookahead for patterns used as expressions --------------------------------------------------------

    /// <summary>True when a relationship pattern (a node followed by a relationship) starts at token <paramref name="i"/>.</summary>
    private bool IsRelationshipsPatternAt(int i)
    {
        var after = ScanNodePattern(i);
        if (after < 0)
        {
            return false;
        }

        var a = _tokens[Math.Min(after, _tokens.Count - 1)].Kind;
        var b = _tokens[Math.Min(after + 1, _tokens.Count - 1)].Kind;
        var c = _tokens[Math.Min(after + 2, _tokens.Count - 1)].Kind;
        return (a == TokenKind.Minus && b is TokenKind.Minus or TokenKind.LeftBracket) ||
            (a == TokenKind.LessThan && b == TokenKind.Minus && c is TokenKind.Minus or TokenKind.LeftBracket);
    }

    /// <summary>
    /// If a node pattern <c>( [var] [:L…] [{…}|$p] )</c> starts at token <paramref name="i"/>, the index just past
    /// its closing parenthesis; otherwise -1.
    /// </summary>
    private int ScanNodePattern(int i)
    {
        var n = _tokens.Count;
        if (i >= n || _tokens[i].Kind != TokenKind.LeftParen)
        {
            return -1;
        }

        i++;
        if (i < n && (_tokens[i].Kind == TokenKind.QuotedIdentifier ||
            (_tokens[i].Kind == TokenKind.Identifier && !IsReserved(_tokens[i].Keyword))))
        {
            i++;
        }

        while (i + 1 < n && _tokens[i].Kind == TokenKind.Colon &&
            _tokens[i + 1].Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            i += 2;
        }

        if (i < n && _tokens[i].Kind == TokenKind.LeftBrace)
        {
            var depth = 0;
            for (; i < n; i++)
            {
                var k = _tokens[i].Kind;
                if (k == TokenKind.LeftBrace)
                {
                    depth++;
                }
                else if (k == TokenKind.RightBrace && --depth == 0)
                {
                    i++;
                    break;
                }
                else if (k == TokenKind.EndOfInput)
                {
                    return -1;
                }
            }
        }
        else if (i + 1 < n && _tokens[i].Kind == TokenKind.Dollar)
        {
            i += 2;
        }

        return i < n && _tokens[i].Kind == TokenKind.RightParen ? i + 1 : -1;
    }
}
