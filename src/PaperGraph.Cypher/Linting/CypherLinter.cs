using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Linting;

/// <summary>
/// The lint of the Cypher console over one backend: syntax from this engine's tolerant parser (every error, not
/// only the first), semantics from the backend's own <c>EXPLAIN</c> in a read-only transaction (an undefined
/// variable, a type known to be wrong, an aggregate where none may be), so nothing runs and nothing is written.
/// </summary>
/// <remarks>
/// <para>With <see cref="ParserIsTheEngine"/> (the embedded backend) the parser's errors are final. Over another
/// backend (Neo4j) the server decides: a statement our parser refuses is still compiled by the server, and when the
/// server accepts it (Cypher this engine does not parse) there is nothing to report; when it refuses it, the
/// parser's syntax errors are shown (all of them, with their spans), or else the server's own error.</para>
/// <para>Write statements are compiled too: EXPLAIN plans without executing, and the read-only access mode means
/// nothing could be written even if it did; a "writing in read mode" answer only means the statement compiled.</para>
/// </remarks>
public sealed class CypherLinter(IGraphDatabase database, bool parserIsTheEngine) : ICypherLinter
{
    /// <summary>Whether this engine runs the statements (then its parser's verdict is the backend's).</summary>
    public bool ParserIsTheEngine { get; } = parserIsTheEngine;

    public async Task<IReadOnlyList<CypherProblem>> LintAsync(string statement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (string.IsNullOrWhiteSpace(statement))
            return [];

        var (parsed, errors) = CypherParser.ParseTolerant(statement);
        if (errors.Count == 0 && parsed is not null)
            return await CompileAsync(statement, parsed, cancellationToken) is { } semantic ? [semantic] : [];

        var problems = errors.Select(e => ParserProblem(statement, e)).DistinctBy(x => (x.Offset, x.Message)).ToList();
        if (ParserIsTheEngine)
            return problems;

        // Another engine runs the statement: its EXPLAIN is the judge of what our parser refused.
        var server = await CompileAsync(statement, null, cancellationToken);
        if (server is null)
            return [];
        var syntax = problems.Where(p => p.Code == GraphErrorCodes.SyntaxError).ToList();
        return syntax.Count > 0 ? syntax : [server];
    }

    private static CypherProblem ParserProblem(string text, GraphException error)
    {
        var span = CypherErrors.TryGetSpan(error, out var s) ? s
            : error.Position is { } p ? new SourceSpan(p.Offset, p.Line, p.Column, 1)
            : new SourceSpan(0, 1, 1, text.Length);
        // Keep the underline inside the text; an error at the very end (a missing closing bracket) gets a
        // zero-length span there, which the editor shows as a mark at the end.
        var offset = Math.Clamp(span.Offset, 0, text.Length);
        var length = Math.Clamp(span.Length, 0, text.Length - offset);
        return new CypherProblem(span.Line, span.Column, offset, length, Headline(error), error.Code,
            error.Code == GraphErrorCodes.SyntaxError ? "error" : "warning");
    }

    /// <summary>The Statement.* errors a compile can report about the text itself; the rest say nothing about it
    /// (a write refused in read mode means it compiled; a missing parameter is supplied when it runs).</summary>
    private static bool IsAboutTheText(GraphException error) =>
        error.IsClientError
        && error.Code.StartsWith("Neo.ClientError.Statement.", StringComparison.Ordinal)
        && error.Code is not GraphErrorCodes.AccessMode and not GraphErrorCodes.ParameterMissing and not GraphErrorCodes.ResultTooLarge;

    /// <summary>Compiles the statement with <c>EXPLAIN</c> on the backend (read-only: nothing runs, nothing can be
    /// written) and returns its first problem, placed in the user's text; null when it compiles.</summary>
    private async Task<CypherProblem?> CompileAsync(string text, Statement? statement, CancellationToken cancellationToken)
    {
        // The user's EXPLAIN stays; a PROFILE (which would run) becomes the same-length EXPLAIN; anything else gets
        // "EXPLAIN " in front, and positions shift back by that prefix.
        string compiled;
        var shift = 0;
        var (start, mode) = statement is ExplainStatement explain ? (explain.Span.Offset, (ExplainMode?)explain.Mode) : LeadingExplain(text);
        if (mode is { } m)
        {
            compiled = m == ExplainMode.Profile
                ? string.Concat(text.AsSpan(0, start), "EXPLAIN", text.AsSpan(start + "PROFILE".Length))
                : text;
        }
        else
        {
            const string prefix = "EXPLAIN ";
            compiled = prefix + text;
            shift = prefix.Length;
        }

        try
        {
            await database.ExecuteAsync(CypherQuery.Read(compiled), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (GraphException error) when (IsAboutTheText(error))
        {
            int offset, length;
            if (error.Position is { } p)
            {
                offset = Math.Clamp(p.Offset - shift, 0, text.Length);
                length = CypherErrors.TryGetSpan(error, out var span) ? span.Length : WordLength(text, offset);
            }
            else
            {
                // No position known: the whole statement is the problem.
                offset = 0;
                length = text.Length;
            }

            length = Math.Clamp(length, 0, text.Length - offset);
            var at = new LineMap(text).PositionAt(offset);
            return new CypherProblem(at.Line, at.Column, offset, length, Headline(error), error.Code, "error");
        }
        catch (GraphException)
        {
            return null;
        }
    }

    /// <summary>Where a leading EXPLAIN or PROFILE keyword is, for text our parser did not read.</summary>
    private static (int Offset, ExplainMode? Mode) LeadingExplain(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        var rest = text.AsSpan(i);
        if (rest.StartsWith("EXPLAIN", StringComparison.OrdinalIgnoreCase) && (rest.Length == 7 || char.IsWhiteSpace(rest[7])))
            return (i, ExplainMode.Explain);
        if (rest.StartsWith("PROFILE", StringComparison.OrdinalIgnoreCase) && (rest.Length == 7 || char.IsWhiteSpace(rest[7])))
            return (i, ExplainMode.Profile);
        return (0, null);
    }

    /// <summary>The identifier (or single character) starting at <paramref name="offset"/>.</summary>
    private static int WordLength(string text, int offset)
    {
        var end = offset;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            end++;
        return Math.Max(1, end - offset);
    }

    /// <summary>The message's first line, without the " (line L, column C (offset: O))" the editor shows by
    /// itself: the formatted error also repeats the statement line with carets, which an underline replaces.</summary>
    private static string Headline(GraphException error)
    {
        var message = error.Message;
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        if (newline >= 0)
            message = message[..newline];
        if (error.Position is { } p && message.EndsWith($" ({p})", StringComparison.Ordinal))
            message = message[..^($" ({p})".Length)];
        return message.TrimEnd();
    }
}
