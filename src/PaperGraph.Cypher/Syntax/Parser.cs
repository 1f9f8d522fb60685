using System.Runtime.CompilerServices;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// The recursive-descent parser behind <see cref="CypherParser"/>; one partial file per grammar area. Each
/// method names the openCypher rule it implements.
/// </summary>
internal sealed partial class Parser
{
    private readonly string _text;
    private readonly bool _tolerant;
    private List<Token> _tokens = [];
    private int _pos;
    private int _depth;

    public Parser(string text, bool tolerant)
    {
        _text = text;
        _tolerant = tolerant;
    }

    /// <summary>Errors collected in tolerant mode.</summary>
    public List<GraphException> Errors { get; } = [];

    public Statement ParseStatementOrThrow()
    {
        _tokens = Lexer.Tokenize(_text);
        try
        {
            var statement = ParseStatement();
            return statement;
        }
        catch (InsufficientExecutionStackException)
        {
            throw CypherErrors.TooDeep(CypherParser.MaxDepth, Cur.Span, _text);
        }
    }

    // ---- token access -------------------------------------------------------------------------------------

    private Token Cur => _tokens[_pos];

    private Token Peek(int n = 1) => _tokens[Math.Min(_pos + n, _tokens.Count - 1)];

    private Token Previous => _tokens[Math.Max(0, _pos - 1)];

    private bool At(TokenKind kind) => _tokens[_pos].Kind == kind;

    private bool AtKeyword(Keyword keyword) => _tokens[_pos] is { Kind: TokenKind.Identifier } t && t.Keyword == keyword;

    private static bool IsKeyword(Token t, Keyword keyword) => t.Kind == TokenKind.Identifier && t.Keyword == keyword;

    private Token Advance()
    {
        var t = _tokens[_pos];
        if (t.Kind != TokenKind.EndOfInput)
        {
            _pos++;
        }

        return t;
    }

    private bool Accept(TokenKind kind)
    {
        if (At(kind))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool AcceptKeyword(Keyword keyword)
    {
        if (AtKeyword(keyword))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private Token Expect(TokenKind kind, string expected)
    {
        if (!At(kind))
        {
            throw Unexpected(expected);
        }

        return Advance();
    }

    private Token ExpectKeyword(Keyword keyword)
    {
        if (!AtKeyword(keyword))
        {
            throw Unexpected($"'{Keywords.Text(keyword)}'");
        }

        return Advance();
    }

    /// <summary>The span from the token at <paramref name="startIndex"/> to the last consumed token.</summary>
    private SourceSpan SpanFrom(int startIndex)
    {
        var first = _tokens[startIndex];
        var last = _pos > startIndex ? _tokens[_pos - 1] : first;
        return SourceSpan.Cover(first.Span, last.Span);
    }

    private string TextOf(Token t) => t.Value ?? _text.Substring(t.Start, t.Length);

    // ---- names ---------------------------------------------------------------------------------------------

    // Words that cannot be an unquoted variable, because they would be read as part of the surrounding clause.
    private static bool IsReserved(Keyword k) => k is Keyword.And or Keyword.As or Keyword.Asc or Keyword.Ascending
        or Keyword.By or Keyword.Call or Keyword.Case or Keyword.Contains or Keyword.Create or Keyword.Delete
        or Keyword.Desc or Keyword.Descending or Keyword.Detach or Keyword.Distinct or Keyword.Else or Keyword.End
        or Keyword.Ends or Keyword.False or Keyword.Foreach or Keyword.In or Keyword.Is or Keyword.Limit
        or Keyword.Match or Keyword.Merge or Keyword.Not or Keyword.Null or Keyword.On or Keyword.Optional
        or Keyword.Or or Keyword.Order or Keyword.Remove or Keyword.Return or Keyword.Set or Keyword.Skip
        or Keyword.Starts or Keyword.Then or Keyword.True or Keyword.Union or Keyword.Unwind or Keyword.When
        or Keyword.Where or Keyword.With or Keyword.Xor or Keyword.Yield;

    private bool AtVariableName() => Cur.Kind == TokenKind.QuotedIdentifier ||
        (Cur.Kind == TokenKind.Identifier && !IsReserved(Cur.Keyword));

    // oC_Variable
    private Variable ParseVariable()
    {
        if (!AtVariableName())
        {
            throw Unexpected("a variable name");
        }

        var t = Advance();
        return new Variable(TextOf(t)) { Span = t.Span };
    }

    private Variable? TryParseVariable() => AtVariableName() ? ParseVariable() : null;

    // oC_SchemaName: labels, relationship types, property keys and map keys; keywords are names here.
    private string ParseSchemaName(string what)
    {
        if (Cur.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier)
        {
            return TextOf(Advance());
        }

        throw Unexpected(what);
    }

    // ---- errors --------------------------------------------------------------------------------------------

    private GraphException Unexpected(string expected)
    {
        var t = Cur;
        if (t.Kind == TokenKind.EndOfInput)
        {
            return CypherErrors.SyntaxError($"Unexpected end of input: expected {expected}", t.Span, _text);
        }

        string? hint = t.Kind switch
        {
            TokenKind.BangEqual => "'!=' is not Cypher; use '<>' for 'not equal'",
            TokenKind.DoubleEqual => "'==' is not Cypher; use '=' to compare",
            TokenKind.Identifier when t.Keyword == Keyword.None => SuggestKeyword(TextOf(t)),
            _ => null,
        };
        return CypherErrors.InvalidInput(TextOf(t), expected, t.Span, _text, hint);
    }

    private GraphException NotSupported(string feature, SourceSpan span) => CypherErrors.NotSupported(feature, span, _text);

    private GraphException SyntaxErrorAt(string message, SourceSpan span) => CypherErrors.SyntaxError(message, span, _text);

    private static readonly string[] ClauseWords =
        ["MATCH", "OPTIONAL", "RETURN", "WITH", "WHERE", "UNWIND", "CREATE", "MERGE", "SET", "REMOVE", "DELETE", "DETACH", "CALL", "UNION", "ORDER", "LIMIT", "SKIP", "YIELD", "DISTINCT"];

    // A misspelt clause keyword (`RETRUN`) gets "Did you mean 'RETURN'?".
    private static string? SuggestKeyword(string word)
    {
        if (word.Length < 3)
        {
            return null;
        }

        var upper = word.ToUpperInvariant();
        foreach (var candidate in ClauseWords)
        {
            if (Math.Abs(candidate.Length - upper.Length) <= 2 && Distance(candidate, upper) <= (candidate.Length <= 4 ? 1 : 2))
            {
                return $"Did you mean '{candidate}'?";
            }
        }

        return null;
    }

    private static int Distance(string a, string b)
    {
        // Optimal string alignment distance: edits plus swaps of neighbours (RETRUN -> RETURN is one).
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    // ---- nesting guard -------------------------------------------------------------------------------------

    private void Enter()
    {
        if (++_depth > CypherParser.MaxDepth)
        {
            throw CypherErrors.TooDeep(CypherParser.MaxDepth, Cur.Span, _text);
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
    }

    private void Exit() => _depth--;

    // A run of operators at one level (`1 + 1 + …`, `NOT NOT …`, `a.b.c…`) builds a tree as deep as the run is
    // long, so it counts against the same limit as nesting.
    private void CheckChain(int length)
    {
        if (_depth + length > CypherParser.MaxDepth)
        {
            throw CypherErrors.TooDeep(CypherParser.MaxDepth, Cur.Span, _text);
        }
    }

    // ---- statements ----------------------------------------------------------------------------------------

    // oC_Cypher / oC_Statement
    private Statement ParseStatement()
    {
        var start = _pos;
        Statement statement;
        if (AtKeyword(Keyword.Explain) || AtKeyword(Keyword.Profile))
        {
            var mode = Advance().Keyword == Keyword.Profile ? ExplainMode.Profile : ExplainMode.Explain;
            var inner = ParseStatementBody();
            statement = new ExplainStatement(mode, inner) { Span = SpanFrom(start) };
        }
        else
        {
            statement = ParseStatementBody();
        }

        Accept(TokenKind.Semicolon);
        if (!At(TokenKind.EndOfInput))
        {
            if (_tokens[_pos - 1].Kind == TokenKind.Semicolon)
            {
                throw NotSupported("Running several statements at once", Cur.Span);
            }

            throw Unexpected(ExpectedAfterClause);
        }

        return statement;
    }

    private Statement ParseStatementBody()
    {
        if (AtSchemaCommand())
        {
            return ParseSchemaCommand();
        }

        if (At(TokenKind.EndOfInput) || At(TokenKind.Semicolon))
        {
            throw Unexpected("a statement (for example MATCH (n) RETURN n)");
        }

        return ParseQuery(QueryContext.TopLevel);
    }
}
