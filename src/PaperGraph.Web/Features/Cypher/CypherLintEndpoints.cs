using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Cypher.Syntax.Ast;
using PaperGraph.Graph;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.Cypher;

/// <summary><c>POST /api/cypher/lint</c>: the Cypher console's lint, every problem in a statement with the exact span
/// to underline. Syntax problems come from the engine's tolerant parse (all of them, not only the first); once the
/// statement parses, it is compiled through the graph seam as <c>EXPLAIN</c> in a read-only transaction, which finds
/// semantic problems (an undefined variable, a type known to be wrong, an aggregate where none may be) without
/// running anything. Write statements are compiled too: EXPLAIN plans without executing, and the read-only access
/// mode means nothing could be written even if it did; the engine's "writing in read mode" answer only means the
/// statement compiled.</summary>
public static class CypherLintEndpoints
{
    /// <summary>The longest statement the lint accepts, in characters.</summary>
    public const int MaxStatementLength = 100_000;

    public static RouteGroupBuilder MapCypherLint(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cypher").WithTags("Cypher");
        group.MapPost("/lint", Lint)
            .RequireStatementLimit()
            .WithSummary("Every syntax and semantic problem in a Cypher statement, each with line, column, offset, length and message.")
            .WithDescription("Parses with the embedded engine's tolerant parser (after an error it resumes at the next clause), so one request lists every syntax problem it can find. A statement that parses is then compiled with EXPLAIN in a read-only transaction (nothing runs, nothing can be written), which reports a semantic problem such as an undefined variable. An empty list means the statement compiles; it can still fail on data when it runs.");
        return group;
    }

    internal static async Task<Results<Ok<LintResult>, ProblemHttpResult>> Lint(LintRequest? request, IGraphDatabase database,
        CancellationToken cancellationToken)
    {
        if (request?.Statement is not { } text)
            return TypedResults.Problem(statusCode: 400, title: "Missing statement",
                detail: "Send the Cypher text as JSON: {\"statement\": \"MATCH (p:Paper) RETURN p\"}.");
        if (text.Length > MaxStatementLength)
            return TypedResults.Problem(statusCode: 400, title: "Statement too long",
                detail: $"The statement has {text.Length:N0} characters; the lint reads at most {MaxStatementLength:N0}.");
        if (string.IsNullOrWhiteSpace(text))
            return TypedResults.Ok(new LintResult([]));

        var (statement, errors) = CypherParser.ParseTolerant(text);
        if (errors.Count == 0 && statement is not null && await CompileAsync(database, text, statement, cancellationToken) is { } semantic)
            return TypedResults.Ok(new LintResult([semantic]));

        var problems = new List<LintProblem>(errors.Count);
        foreach (var error in errors)
        {
            var span = CypherErrors.TryGetSpan(error, out var s) ? s
                : error.Position is { } p ? new SourceSpan(p.Offset, p.Line, p.Column, 1)
                : new SourceSpan(0, 1, 1, text.Length);
            // Keep the underline inside the text; an error at the very end (a missing closing bracket) gets a
            // zero-length span there, which the editor shows as a mark at the end.
            var offset = Math.Clamp(span.Offset, 0, text.Length);
            var length = Math.Clamp(span.Length, 0, text.Length - offset);
            problems.Add(new LintProblem(span.Line, span.Column, offset, length, Headline(error), error.Code,
                error.Code == GraphErrorCodes.SyntaxError ? "error" : "warning"));
        }
        return TypedResults.Ok(new LintResult(problems.DistinctBy(x => (x.Offset, x.Message)).ToList()));
    }

    /// <summary>The Statement.* errors a compile can report about the text itself; the rest say nothing about it
    /// (a write refused in read mode means it compiled; a missing parameter is supplied when it runs).</summary>
    private static bool IsAboutTheText(GraphException error) =>
        error.IsClientError
        && error.Code.StartsWith("Neo.ClientError.Statement.", StringComparison.Ordinal)
        && error.Code is not GraphErrorCodes.AccessMode and not GraphErrorCodes.ParameterMissing and not GraphErrorCodes.ResultTooLarge;

    /// <summary>Compiles a statement that parsed with <c>EXPLAIN</c> (read-only: nothing runs, nothing can be
    /// written) and returns its first semantic problem, placed in the user's text; null when it compiles.</summary>
    private static async Task<LintProblem?> CompileAsync(IGraphDatabase database, string text, Statement statement,
        CancellationToken cancellationToken)
    {
        // The user's EXPLAIN stays; a PROFILE (which would run) becomes the same-length EXPLAIN; anything else gets
        // "EXPLAIN " in front, and positions shift back by that prefix.
        string compiled;
        var shift = 0;
        if (statement is ExplainStatement explain)
        {
            var start = explain.Span.Offset;
            compiled = explain.Mode == ExplainMode.Profile
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
            await database.ExecuteAsync(CypherQuery.Read(compiled), cancellationToken);
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
            var (line, column) = LineAndColumn(text, offset);
            return new LintProblem(line, column, offset, length, Headline(error), error.Code, "error");
        }
        catch (GraphException)
        {
            return null;
        }
    }

    /// <summary>The identifier (or single character) starting at <paramref name="offset"/>.</summary>
    private static int WordLength(string text, int offset)
    {
        var end = offset;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
            end++;
        return Math.Max(1, end - offset);
    }

    /// <summary>1-based line and column of a 0-based offset (a line ends at \n).</summary>
    private static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
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

/// <summary>The body of <c>POST /api/cypher/lint</c>.</summary>
public sealed record LintRequest(string? Statement);

/// <summary>The problems found, in the order the parser met them (empty when the statement parses).</summary>
public sealed record LintResult(IReadOnlyList<LintProblem> Problems);

/// <summary>One problem: where it starts (1-based line and column, 0-based offset), how many UTF-16 characters to
/// underline, what is wrong, the Neo4j status code, and <c>error</c> (a syntax error) or <c>warning</c> (valid
/// Cypher the embedded engine does not run).</summary>
public sealed record LintProblem(int Line, int Column, int Offset, int Length, string Message, string Code, string Severity);
