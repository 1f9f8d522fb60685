using Microsoft.AspNetCore.Authentication;
using PaperGraph.Graph;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.QueryApi;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// A request that sends credentials must send right ones: wrong or malformed ones get 401 whatever the endpoint
/// (Neo4j's <c>errors</c> body on the Query API, ProblemDetails elsewhere), never a silent fall-back to
/// anonymous. The message says only "Invalid username or password." (or that the header is malformed).
/// Too many wrong passwords get 429 with <c>Retry-After</c> instead.
/// <c>GET /</c> and <c>/health</c> need no authentication and ignore the header.
/// </summary>
internal sealed class RejectBadCredentialsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        // Cached per request: the handler ran once already in UseAuthentication.
        var result = http.Request.Headers.Authorization.Count == 0 ? null : await http.AuthenticateAsync(PaperGraphAuth.Scheme);
        if (result is { Failure: GraphException failure } && !IsOpen(http.Request))
        {
            var status = StatusCodes.Status401Unauthorized;
            if (http.Items[PaperGraphAuth.RetryAfterItem] is TimeSpan retryAfter)
            {
                status = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (http.Request.Path.StartsWithSegments("/db"))
            {
                await QueryApiEndpoints.WriteErrorAsync(http, failure.Code, failure.Message, status);
            }
            else
            {
                var details = GraphExceptionHandler.ToProblemDetails(failure);
                details.Status = status;
                http.Response.StatusCode = status;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details });
            }
            return;
        }
        await next(http);
    }

    private static bool IsOpen(HttpRequest request) =>
        request.Path == "/" || request.Path.StartsWithSegments("/health");
}
