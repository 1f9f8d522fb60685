namespace PaperGraph.Cypher.Syntax;

/// <summary>The kinds of token the <see cref="Lexer"/> produces.</summary>
public enum TokenKind : byte
{
    EndOfInput,
    /// <summary>A word; <see cref="Token.Keyword"/> says whether it is also a keyword.</summary>
    Identifier,
    /// <summary>A backtick-quoted name; never a keyword. <see cref="Token.Value"/> holds the unescaped name.</summary>
    QuotedIdentifier,
    Integer,
    Float,
    /// <summary>A string literal; <see cref="Token.Value"/> holds the unescaped text.</summary>
    String,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Comma,
    Dot,
    DotDot,
    Colon,
    Semicolon,
    Pipe,
    Dollar,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Caret,
    Equal,
    NotEqual,
    LessThan,
    GreaterThan,
    LessThanOrEqual,
    GreaterThanOrEqual,
    RegexMatch,
    PlusEqual,
    /// <summary><c>!=</c>: not Cypher, kept as a token to give a helpful error.</summary>
    BangEqual,
    /// <summary><c>==</c>: not Cypher, kept as a token to give a helpful error.</summary>
    DoubleEqual,
    /// <summary><c>&amp;</c>, <c>!</c>: label-expression operators the embedded engine does not support.</summary>
    Ampersand,
    Bang,
}

/// <summary>
/// One token: its kind, where it is, and for identifiers the keyword it spells (if any). Plain identifier and
/// number text is not copied; read it from the statement with <see cref="Start"/> and <see cref="Length"/>.
/// </summary>
public readonly record struct Token(TokenKind Kind, Keyword Keyword, int Start, int Length, int Line, int Column, string? Value = null)
{
    /// <summary>The offset just past the token.</summary>
    public int End => Start + Length;

    /// <summary>The token's span.</summary>
    public SourceSpan Span => new(Start, Line, Column, Length);
}
