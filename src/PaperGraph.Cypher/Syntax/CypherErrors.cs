using System.Text;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Syntax;

/// <summary>
/// Factories for the errors the Cypher front end raises, so each message is written once. Syntax errors carry
/// the position, the offending line of the statement and a caret line under the bad token.
/// </summary>
public static class CypherErrors
{
    /// <summary>
    /// A <c>Neo.ClientError.Statement.SyntaxError</c>: "<paramref name="message"/> (line L, column C (offset: O))",
    /// then the statement line and carets under <paramref name="span"/>.
    /// </summary>
    public static GraphException SyntaxError(string message, SourceSpan span, string text) =>
        WithSpan(new GraphException(GraphErrorCodes.SyntaxError, Format(message, span, text), span.Position), span);

    /// <summary><c>Invalid input 'x': expected …</c> at a token.</summary>
    public static GraphException InvalidInput(string found, string expected, SourceSpan span, string text, string? hint = null) =>
        SyntaxError($"Invalid input '{found}': expected {expected}" + (hint is null ? "" : $". {hint}"), span, text);

    /// <summary>Valid Cypher the embedded engine does not run: a <c>SemanticError</c> saying so.</summary>
    public static GraphException NotSupported(string feature, SourceSpan span, string text) =>
        WithSpan(new GraphException(GraphErrorCodes.SemanticError, Format($"{feature} is not supported by the embedded engine", span, text), span.Position), span);

    /// <summary>A <c>SemanticError</c> at a place in the statement (for example a variable bound twice).</summary>
    public static GraphException SemanticError(string message, SourceSpan span, string text) =>
        WithSpan(new GraphException(GraphErrorCodes.SemanticError, Format(message, span, text), span.Position), span);

    /// <summary>A <c>TypeError</c> found before anything runs (a value of a known wrong type).</summary>
    public static GraphException TypeError(string message, SourceSpan span, string text) =>
        WithSpan(new GraphException(GraphErrorCodes.TypeError, Format(message, span, text), span.Position), span);

    /// <summary>The statement is nested more deeply than the parser allows.</summary>
    public static GraphException TooDeep(int limit, SourceSpan span, string text) =>
        SyntaxError($"Expression is nested too deeply (more than {limit} levels)", span, text);

    private const string SpanLengthKey = "PaperGraph.Cypher.SpanLength";

    /// <summary>
    /// The whole span an error from this class points at (the seam's <see cref="GraphException.Position"/> has only
    /// its start), so an editor can underline exactly the bad token.
    /// </summary>
    public static bool TryGetSpan(GraphException error, out SourceSpan span)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Position is { } p && error.Data[SpanLengthKey] is int length)
        {
            span = new SourceSpan(p.Offset, p.Line, p.Column, length);
            return true;
        }

        span = default;
        return false;
    }

    private static GraphException WithSpan(GraphException error, SourceSpan span)
    {
        error.Data[SpanLengthKey] = span.Length;
        return error;
    }

    /// <summary>How many characters of the statement an error shows on each side of the position: a window of the
    /// line, not the whole line (a statement may be one line of megabytes).</summary>
    public const int SnippetRadius = 60;

    /// <summary>The message, the position, and the window of the statement line around it (at most
    /// <see cref="SnippetRadius"/> characters each side, "…" where it is cut) with carets under the span. Its
    /// length is bounded whatever the statement's, and finding the window reads only the window.</summary>
    public static string Format(string message, SourceSpan span, string text)
    {
        var sb = new StringBuilder(message.Length + 80 + (4 * SnippetRadius));
        sb.Append(message).Append(" (").Append(span.Position.ToString()).Append(')');
        if (string.IsNullOrEmpty(text))
        {
            return sb.ToString();
        }

        var offset = Math.Clamp(span.Offset, 0, text.Length);

        // The line's start and end, looked for only within the window.
        var windowStart = Math.Max(0, offset - SnippetRadius);
        var before = text.AsSpan(windowStart, offset - windowStart).LastIndexOfAny('\n', '\r');
        var lineStart = before >= 0 ? windowStart + before + 1 : windowStart;
        var windowEnd = (int)Math.Min(text.Length, (long)offset + SnippetRadius);
        var after = text.AsSpan(offset, windowEnd - offset).IndexOfAny('\n', '\r');
        var lineEnd = after >= 0 ? offset + after : windowEnd;
        var cutBefore = before < 0 && windowStart > 0;
        var cutAfter = after < 0 && windowEnd < text.Length;

        sb.Append('\n');
        if (cutBefore)
        {
            sb.Append('…');
        }

        sb.Append(text.AsSpan(lineStart, lineEnd - lineStart));
        if (cutAfter)
        {
            sb.Append('…');
        }

        sb.Append('\n');
        if (cutBefore)
        {
            sb.Append(' ');
        }

        for (var i = lineStart; i < offset; i++)
        {
            sb.Append(text[i] == '\t' ? '\t' : ' ');
        }

        var carets = Math.Max(1, Math.Min(span.Length, lineEnd - offset));
        sb.Append('^', carets);
        return sb.ToString();
    }
}
