using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using PaperGraph.Graph;
using PaperGraph.Web.Features.QueryApi;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Turns a <see cref="GraphException"/> escaping a non-Query-API endpoint into ProblemDetails with the extensions
/// <c>code</c> (the Neo4j status code), <c>line</c> and <c>column</c> (when the error has a position), and the
/// status code the Query API would use for that code. Other exceptions stay with the default handler (500, no
/// details).
/// </summary>
internal sealed class GraphExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not GraphException e) return false;
        http.Response.StatusCode = QueryApiEndpoints.StatusCodeFor(e.Code);
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = ToProblemDetails(e),
        });
    }

    /// <summary>The ProblemDetails for a graph error.</summary>
    public static ProblemDetails ToProblemDetails(GraphException e)
    {
        var details = new ProblemDetails
        {
            Status = QueryApiEndpoints.StatusCodeFor(e.Code),
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
