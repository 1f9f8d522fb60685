using System.Text;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// Turns statement text into <see cref="Token"/>s. Keywords are recognized case-insensitively without
/// allocating; only string literals and backtick-quoted names with escapes allocate their decoded text.
/// Whitespace and comments (<c>// …</c>, <c>/* … */</c>) are skipped.
/// </summary>
public sealed class Lexer
{
    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private Lexer(string text) => _text = text;

    /// <summary>All tokens of <paramref name="text"/>, ending with one <see cref="TokenKind.EndOfInput"/>.</summary>
    /// <exception cref="PaperGraph.Graph.GraphException">A SyntaxError for an unterminated string, comment or
    /// quoted name, a bad escape, or a character that cannot start a token.</exception>
    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>(Math.Max(8, text.Length / 4));
        while (true)
        {
            var token = lexer.Next();
            tokens.Add(token);
            if (token.Kind == TokenKind.EndOfInput)
            {
                return tokens;
            }
        }
    }

    /// <summary>Characters that may start an unquoted identifier.</summary>
    public static bool IsIdentifierStart(char c) => c < 128
        ? char.IsAsciiLetter(c) || c == '_'
        : char.IsLetter(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.LetterNumber;

    /// <summary>Characters that may continue an unquoted identifier.</summary>
    public static bool IsIdentifierPart(char c) => c < 128
        ? char.IsAsciiLetterOrDigit(c) || c == '_'
        : char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.LetterNumber
            or System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark
            or System.Globalization.UnicodeCategory.ConnectorPunctuation;

    private SourceSpan SpanFrom(int start, int line, int column) => new(start, line, column, _pos - start);

    private Token Make(TokenKind kind, int start, int line, int column, Keyword keyword = Keyword.None, string? value = null) =>
        new(kind, keyword, start, _pos - start, line, column, value);

    private void NewLine(int nextLineStart)
    {
        _line++;
        _lineStart = nextLineStart;
    }

    private void SkipTrivia()
    {
        var text = _text;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '\n')
            {
                _pos++;
                NewLine(_pos);
            }
            else if (c == '\r')
            {
                _pos++;
                if (_pos < text.Length && text[_pos] == '\n')
                {
                    _pos++;
                }

                NewLine(_pos);
            }
            else if (c is ' ' or '\t' or '\uFEFF' || char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '/')
            {
                while (_pos < text.Length && text[_pos] is not ('\n' or '\r'))
                {
                    _pos++;
                }
            }
            else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '*')
            {
                var start = _pos;
                var line = _line;
                var column = _pos - _lineStart + 1;
                _pos += 2;
                while (true)
                {
                    if (_pos >= text.Length)
                    {
                        throw CypherErrors.SyntaxError("Failed to parse comment. A comment starting on `/*` must have a closing `*/`",
                            new SourceSpan(start, line, column, 2), text);
                    }

                    var d = text[_pos];
                    if (d == '*' && _pos + 1 < text.Length && text[_pos + 1] == '/')
                    {
                        _pos += 2;
                        break;
                    }

                    _pos++;
                    if (d == '\n' || (d == '\r' && (_pos >= text.Length || text[_pos] != '\n')))
                    {
                        NewLine(_pos);
                    }
                }
            }
            else
            {
                return;
            }
        }
    }

    private Token Next()
    {
        SkipTrivia();
        var text = _text;
        var start = _pos;
        var line = _line;
        var column = _pos - _lineStart + 1;
        if (_pos >= text.Length)
        {
            return new Token(TokenKind.EndOfInput, Keyword.None, text.Length, 0, line, column);
        }

        var c = text[_pos];
        if (IsIdentifierStart(c))
        {
            _pos++;
            while (_pos < text.Length && IsIdentifierPart(text[_pos]))
            {
                _pos++;
            }

            return Make(TokenKind.Identifier, start, line, column, Keywords.Lookup(text.AsSpan(start, _pos - start)));
        }

        if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < text.Length && char.IsAsciiDigit(text[_pos + 1])))
        {
            return Number(start, line, column);
        }

        _pos++;
        var next = _pos < text.Length ? text[_pos] : '\0';
        switch (c)
        {
            case '(': return Make(TokenKind.LeftParen, start, line, column);
            case ')': return Make(TokenKind.RightParen, start, line, column);
            case '[': return Make(TokenKind.LeftBracket, start, line, column);
            case ']': return Make(TokenKind.RightBracket, start, line, column);
            case '{': return Make(TokenKind.LeftBrace, start, line, column);
            case '}': return Make(TokenKind.RightBrace, start, line, column);
            case ',': return Make(TokenKind.Comma, start, line, column);
            case ':': return Make(TokenKind.Colon, start, line, column);
            case ';': return Make(TokenKind.Semicolon, start, line, column);
            case '|': return Make(TokenKind.Pipe, start, line, column);
            case '$': return Make(TokenKind.Dollar, start, line, column);
            case '*': return Make(TokenKind.Star, start, line, column);
            case '/': return Make(TokenKind.Slash, start, line, column);
            case '%': return Make(TokenKind.Percent, start, line, column);
            case '^': return Make(TokenKind.Caret, start, line, column);
            case '&': return Make(TokenKind.Ampersand, start, line, column);
            case '-': return Make(TokenKind.Minus, start, line, column);
            case '.':
                if (next == '.')
                {
                    _pos++;
                    return Make(TokenKind.DotDot, start, line, column);
                }

                return Make(TokenKind.Dot, start, line, column);
            case '+':
                if (next == '=')
                {
                    _pos++;
                    return Make(TokenKind.PlusEqual, start, line, column);
                }

                return Make(TokenKind.Plus, start, line, column);
            case '=':
                if (next == '~')
                {
                    _pos++;
                    return Make(TokenKind.RegexMatch, start, line, column);
                }

                if (next == '=')
                {
                    _pos++;
                    return Make(TokenKind.DoubleEqual, start, line, column);
                }

                return Make(TokenKind.Equal, start, line, column);
            case '!':
                if (next == '=')
                {
                    _pos++;
                    return Make(TokenKind.BangEqual, start, line, column);
                }

                return Make(TokenKind.Bang, start, line, column);
            case '<':
                if (next == '=')
                {
                    _pos++;
                    return Make(TokenKind.LessThanOrEqual, start, line, column);
                }

                if (next == '>')
                {
                    _pos++;
                    return Make(TokenKind.NotEqual, start, line, column);
                }

                return Make(TokenKind.LessThan, start, line, column);
            case '>':
                if (next == '=')
                {
                    _pos++;
                    return Make(TokenKind.GreaterThanOrEqual, start, line, column);
                }

                return Make(TokenKind.GreaterThan, start, line, column);
            case '\'':
            case '"':
                return StringLiteral(c, start, line, column);
            case '`':
                return QuotedIdentifier(start, line, column);
        }

        if (c is '\u00AD' or (>= '\u2010' and <= '\u2015') or '\u2212' or '\uFE58' or '\uFE63' or '\uFF0D')
        {
            throw CypherErrors.SyntaxError($"Invalid input '{c}': a typographic dash is not an operator; use '-'",
                SpanFrom(start, line, column), text);
        }

        if (char.IsHighSurrogate(c) && _pos < text.Length && char.IsLowSurrogate(text[_pos]))
        {
            _pos++;
        }

        var shown = text.Substring(start, _pos - start);
        throw CypherErrors.SyntaxError($"Invalid input '{shown}': expected an expression, a keyword or a symbol",
            SpanFrom(start, line, column), text);
    }

    private Token Number(int start, int line, int column)
    {
        var text = _text;
        if (text[_pos] == '0' && _pos + 1 < text.Length && text[_pos + 1] is 'x' or 'X' or 'o' or 'O')
        {
            var hex = text[_pos + 1] is 'x' or 'X';
            _pos += 2;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            return Make(TokenKind.Integer, start, line, column, value: hex ? "x" : "o");
        }

        var isFloat = false;
        while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
        {
            _pos++;
        }

        if (_pos + 1 < text.Length && text[_pos] == '.' && char.IsAsciiDigit(text[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < text.Length && text[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < text.Length && text[_pos] is '-' or '+')
            {
                _pos++;
            }

            if (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                isFloat = true;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        // A number running straight into letters (`1abc`, `0_1`) is one bad token, as in openCypher.
        if (_pos < text.Length && IsIdentifierPart(text[_pos]))
        {
            while (_pos < text.Length && IsIdentifierPart(text[_pos]))
            {
                _pos++;
            }

            throw CypherErrors.SyntaxError($"Invalid input '{text.Substring(start, _pos - start)}': expected a number",
                SpanFrom(start, line, column), text);
        }

        return Make(isFloat ? TokenKind.Float : TokenKind.Integer, start, line, column);
    }

    private Token StringLiteral(char quote, int start, int line, int column)
    {
        var text = _text;
        StringBuilder? sb = null;
        var segment = _pos;
        while (true)
        {
            if (_pos >= text.Length)
            {
                throw CypherErrors.SyntaxError("Failed to parse string literal. The query must contain an even number of non-escaped quotes",
                    new SourceSpan(start, line, column, 1), text);
            }

            var c = text[_pos];
            if (c == quote)
            {
                string value;
                if (sb is null)
                {
                    value = text.Substring(segment, _pos - segment);
                }
                else
                {
                    sb.Append(text, segment, _pos - segment);
                    value = sb.ToString();
                }

                _pos++;
                return Make(TokenKind.String, start, line, column, value: value);
            }

            if (c == '\\')
            {
                sb ??= new StringBuilder();
                sb.Append(text, segment, _pos - segment);
                var escStart = _pos;
                var escColumn = _pos - _lineStart + 1;
                _pos++;
                if (_pos >= text.Length)
                {
                    continue;
                }

                var e = text[_pos++];
                switch (e)
                {
                    case '\\': sb.Append('\\'); break;
                    case '\'': sb.Append('\''); break;
                    case '"': sb.Append('"'); break;
                    case 'n' or 'N': sb.Append('\n'); break;
                    case 'r' or 'R': sb.Append('\r'); break;
                    case 't' or 'T': sb.Append('\t'); break;
                    case 'b' or 'B': sb.Append('\b'); break;
                    case 'f' or 'F': sb.Append('\f'); break;
                    case 'u' or 'U':
                        {
                            var digits = e == 'u' ? 4 : 8;
                            if (_pos + digits > text.Length ||
                                !uint.TryParse(text.AsSpan(_pos, digits), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code) ||
                                code > 0x10FFFF)
                            {
                                throw CypherErrors.SyntaxError($"Invalid input '\\{e}': expected {digits} hexadecimal digits after '\\{e}' in a string",
                                    new SourceSpan(escStart, _line, escColumn, 2), text);
                            }

                            _pos += digits;
                            if (code <= 0xFFFF)
                            {
                                sb.Append((char)code);
                            }
                            else
                            {
                                sb.Append(char.ConvertFromUtf32((int)code));
                            }

                            break;
                        }

                    default:
                        throw CypherErrors.SyntaxError($"Invalid input '\\{e}': expected a string escape (\\\\, \\', \\\", \\n, \\r, \\t, \\b, \\f, \\uXXXX)",
                            new SourceSpan(escStart, _line, escColumn, 2), text);
                }

                segment = _pos;
                continue;
            }

            _pos++;
            if (c == '\n' || (c == '\r' && (_pos >= text.Length || text[_pos] != '\n')))
            {
                NewLine(_pos);
            }
        }
    }

    private Token QuotedIdentifier(int start, int line, int column)
    {
        var text = _text;
        StringBuilder? sb = null;
        var segment = _pos;
        while (true)
        {
            var close = text.IndexOf('`', _pos);
            if (close < 0)
            {
                throw CypherErrors.SyntaxError("Failed to parse quoted name. A name starting with ` must end with `",
                    new SourceSpan(start, line, column, 1), text);
            }

            if (close + 1 < text.Length && text[close + 1] == '`')
            {
                sb ??= new StringBuilder();
                sb.Append(text, segment, close + 1 - segment);
                _pos = close + 2;
                segment = _pos;
                continue;
            }

            string value;
            if (sb is null)
            {
                value = text.Substring(segment, close - segment);
            }
            else
            {
                sb.Append(text, segment, close - segment);
                value = sb.ToString();
            }

            for (var i = start; i < close; i++)
            {
                if (text[i] == '\n')
                {
                    NewLine(i + 1);
                }
            }

            _pos = close + 1;
            return Make(TokenKind.QuotedIdentifier, start, line, column, value: value);
        }
    }
}
