using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Cypher.Syntax;
using PaperGraph.Graph;

namespace PaperGraph.Web.Features.Cypher;

/// <summary><c>POST /api/cypher/lint</c>: the Cypher console's lint, every syntax problem in a statement with the
/// exact span to underline. It parses only (the engine's tolerant parse); nothing runs and the store is not read.</summary>
public static class CypherLintEndpoints
{
    /// <summary>The longest statement the lint accepts, in characters.</summary>
    public const int MaxStatementLength = 100_000;

    public static RouteGroupBuilder MapCypherLint(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cypher").WithTags("Cypher");
        group.MapPost("/lint", Lint)
            .WithSummary("Every syntax problem in a Cypher statement, each with line, column, offset, length and message.")
            .WithDescription("Parses with the embedded engine's tolerant parser (after an error it resumes at the next clause), so one request lists every problem it can find. An empty list means the statement parses; it does not mean it runs (unknown variables and the like are found when it runs).");
        return group;
    }

    internal static Results<Ok<LintResult>, ProblemHttpResult> Lint(LintRequest? request)
    {
        if (request?.Statement is not { } text)
            return TypedResults.Problem(statusCode: 400, title: "Missing statement",
                detail: "Send the Cypher text as JSON: {\"statement\": \"MATCH (p:Paper) RETURN p\"}.");
        if (text.Length > MaxStatementLength)
            return TypedResults.Problem(statusCode: 400, title: "Statement too long",
                detail: $"The statement has {text.Length:N0} characters; the lint reads at most {MaxStatementLength:N0}.");
        if (string.IsNullOrWhiteSpace(text))
            return TypedResults.Ok(new LintResult([]));

        var (_, errors) = CypherParser.ParseTolerant(text);
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
