using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Graph;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.Cypher;

/// <summary><c>POST /api/cypher/lint</c>: the Cypher console's lint, every problem in a statement with the exact span
/// to underline, from the backend's <see cref="ICypherLinter"/> (syntax from the engine's tolerant parser, semantics
/// from the backend's own <c>EXPLAIN</c> in a read-only transaction: nothing runs, nothing is written).</summary>
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
            .WithDescription("Parses with the embedded engine's tolerant parser (after an error it resumes at the next clause), so one request lists every syntax problem it can find. A statement that parses is then compiled with EXPLAIN on the backend in a read-only transaction (nothing runs, nothing can be written), which reports a semantic problem such as an undefined variable; on Neo4j, the server's EXPLAIN also decides statements the embedded parser does not read. An empty list means the statement compiles; it can still fail on data when it runs.");
        return group;
    }

    internal static async Task<Results<Ok<LintResult>, ProblemHttpResult>> Lint(LintRequest? request, ICypherLinter linter,
        CancellationToken cancellationToken)
    {
        if (request?.Statement is not { } text)
            return TypedResults.Problem(statusCode: 400, title: "Missing statement",
                detail: "Send the Cypher text as JSON: {\"statement\": \"MATCH (p:Paper) RETURN p\"}.");
        if (text.Length > MaxStatementLength)
            return TypedResults.Problem(statusCode: 400, title: "Statement too long",
                detail: $"The statement has {text.Length:N0} characters; the lint reads at most {MaxStatementLength:N0}.");

        var problems = await linter.LintAsync(text, cancellationToken);
        return TypedResults.Ok(new LintResult(problems
            .Select(p => new LintProblem(p.Line, p.Column, p.Offset, p.Length, p.Message, p.Code, p.Severity)).ToList()));
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
