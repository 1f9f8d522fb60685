using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PaperGraph.Graph;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Turns a <see cref="GraphException"/> escaping a non-Query-API endpoint into ProblemDetails with the extensions
/// <c>code</c> (the Neo4j status code), <c>line</c> and <c>column</c> (when the error has a position), and an HTTP
/// status that says what happened (<see cref="StatusCodeFor"/>; the Query API answers with Neo4j's own statuses
/// instead). Other exceptions stay with the default handler (500, no details).
/// </summary>
internal sealed class GraphExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not GraphException e) return false;
        http.Response.StatusCode = StatusCodeFor(e.Code);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = ToProblemDetails(e),
        });
    }

    /// <summary>The status of a graph error outside the Query API: 401, 403 for Forbidden, 404 for a missing database
    /// or transaction, 400 for other client errors, 503 for transient ones, 500 for the rest.</summary>
    public static int StatusCodeFor(string code) => code switch
    {
        GraphErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        GraphErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        GraphErrorCodes.DatabaseNotFound or GraphErrorCodes.TransactionNotFound => StatusCodes.Status404NotFound,
        _ when code.StartsWith("Neo.ClientError.", StringComparison.Ordinal) => StatusCodes.Status400BadRequest,
        _ when code.StartsWith("Neo.TransientError.", StringComparison.Ordinal) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The ProblemDetails for a graph error.</summary>
    public static ProblemDetails ToProblemDetails(GraphException e)
    {
        var details = new ProblemDetails
        {
            Status = StatusCodeFor(e.Code),
            Title = e.Title,
            Detail = e.Message,
        };
        details.Extensions["code"] = e.Code;
        if (e.Position is { } p)
        {
            details.Extensions["line"] = p.Line;
            details.Extensions["column"] = p.Column;
        }
        return details;
    }
}
