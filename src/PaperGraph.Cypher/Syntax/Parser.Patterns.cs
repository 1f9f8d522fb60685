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

        if (Cur.Kind == TokenKind.Identifier && TextOf(Cur).ToUpperInvariant() is "SHORTEST" or "ANY" or "ALL" &&
            Peek().Kind != TokenKind.LeftParen)
        {
            throw NotSupported("SHORTEST / ANY / ALL path selector", Cur.Span);
        }

        var element = ParsePatternElement(context);
        return new PatternPart(path, function, element) { Span = SpanFrom(start) };
    }

    // oC_PatternElement
    private PatternElement ParsePatternElement(PatternContext context)
    {
        var start = _pos;
        if (At(TokenKind.LeftParen) && Peek().Kind == TokenKind.LeftParen)
        {
            // ( oC_PatternElement ): parentheses around a whole element.
            Advance();
            Enter();
            var inner = ParsePatternElement(context);
            Exit();
            Expect(TokenKind.RightParen, "')'");
            if (At(TokenKind.LeftBrace) || At(TokenKind.Plus) || At(TokenKind.Star))
            {
                throw NotSupported("Quantified path pattern", SpanFrom(start));
            }

            return inner with { Span = SpanFrom(start) };
        }

        var node = ParseNodePattern(context);
        var chain = new List<PatternElementChain>();
        while (At(TokenKind.Minus) || (At(TokenKind.LessThan) && Peek().Kind == TokenKind.Minus))
        {
            // oC_PatternElementChain
            var stepStart = _pos;
            var relationship = ParseRelationshipPattern(context);
            if (At(TokenKind.LeftParen) && Peek().Kind == TokenKind.LeftParen)
            {
                throw NotSupported("Quantified path pattern", Cur.Span);
            }

            var next = ParseNodePattern(context);
            chain.Add(new PatternElementChain(relationship, next) { Span = SpanFrom(stepStart) });
        }

        return new PatternElement(node, chain) { Span = SpanFrom(start) };
    }

    // oC_NodePattern
    private NodePattern ParseNodePattern(PatternContext context)
    {
        var start = _pos;
        Expect(TokenKind.LeftParen, "'(' to start a node pattern");
        var variable = TryParseVariable();
        IReadOnlyList<string> labels = [];
        if (At(TokenKind.Colon))
        {
            labels = ParseNodeLabels();
        }

        if (Cur.Kind is TokenKind.Pipe or TokenKind.Ampersand or TokenKind.Bang or TokenKind.Percent ||
            (At(TokenKind.Colon) && labels.Count == 0))
        {
            throw NotSupported("Label expression (|, &, !, %)", Cur.Span);
        }

        if (AtKeyword(Keyword.Is))
        {
            throw NotSupported("IS label syntax in patterns (use n:Label)", Cur.Span);
        }

        var properties = ParseOptionalPatternProperties(context);
        if (AtKeyword(Keyword.Where))
        {
            throw NotSupported("WHERE inside a node pattern", Cur.Span);
        }

        Expect(TokenKind.RightParen, variable is null && labels.Count == 0 && properties is null
            ? "a variable, ':' and a label, a property map or ')'"
            : "':' and a label, a property map or ')'");
        return new NodePattern(variable, labels, properties) { Span = SpanFrom(start) };
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
        if (Accept(TokenKind.LeftBracket))
        {
            // oC_RelationshipDetail
            variable = TryParseVariable();
            if (Accept(TokenKind.Colon))
            {
                // oC_RelationshipTypes: `:A|B` (and the older `:A|:B`)
                types.Add(ParseSchemaName("a relationship type name"));
                while (Accept(TokenKind.Pipe))
                {
                    Accept(TokenKind.Colon);
                    types.Add(ParseSchemaName("a relationship type name"));
                }
            }

            if (Cur.Kind is TokenKind.Ampersand or TokenKind.Bang or TokenKind.Percent)
            {
                throw NotSupported("Relationship type expression (&, !, %)", Cur.Span);
            }

            if (At(TokenKind.Star))
            {
                range = ParseRangeLiteral();
            }

            properties = ParseOptionalPatternProperties(context);
            if (AtKeyword(Keyword.Where))
            {
                throw NotSupported("WHERE inside a relationship pattern", Cur.Span);
            }

            Expect(TokenKind.RightBracket, range is null && properties is null
                ? "a variable, ':' and a type, '*' and a length, a property map or ']'"
                : "a property map or ']'");
        }

        Expect(TokenKind.Minus, "'-'");
        var right = Accept(TokenKind.GreaterThan);
        var direction = left == right ? RelationshipDirection.Both : left ? RelationshipDirection.Left : RelationshipDirection.Right;
        if (At(TokenKind.LeftBrace) || (At(TokenKind.Star) && Peek().Kind != TokenKind.LeftParen) || At(TokenKind.Plus))
        {
            throw NotSupported("Quantified relationship", Cur.Span);
        }

        return new RelationshipPattern(variable, types, direction, properties, range) { Span = SpanFrom(start) };
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
