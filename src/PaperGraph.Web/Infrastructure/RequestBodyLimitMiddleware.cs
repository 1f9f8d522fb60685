using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PaperGraph.Graph;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.QueryApi;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Bounds every request body by who sends it (<see cref="LimitsOptions"/>): the anonymous limit, or the
/// administrator's. A body that announces a larger <c>Content-Length</c> is refused with 413 here, before a byte of
/// it is read; a chunked one is cut by Kestrel as soon as it passes the limit (the endpoint reading it answers 413).
/// The answer is Neo4j's <c>errors</c> body on the Query API, ProblemDetails elsewhere.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<LimitsOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var limit = http.User.IsInRole(PaperGraphAuth.AdminRole)
            ? options.Value.MaxRequestBodyBytes
            : options.Value.AnonymousMaxRequestBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;

        if (http.Request.ContentLength > limit)
        {
            await WriteTooLargeAsync(http, limit);
            return;
        }
        await next(http);
    }

    /// <summary>The message for a body over <paramref name="limit"/>.</summary>
    public static string TooLargeMessage(long limit) =>
        $"The request body is larger than this server accepts from this caller ({limit:N0} bytes).";

    private static async Task WriteTooLargeAsync(HttpContext http, long limit)
    {
        // The unread body is left to Kestrel, which drains or closes the connection after the answer.
        if (http.Request.Path.StartsWithSegments("/db"))
        {
            await QueryApiEndpoints.WriteErrorAsync(http, GraphErrorCodes.RequestInvalid, TooLargeMessage(limit),
                StatusCodes.Status413PayloadTooLarge);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = TooLargeMessage(limit),
            },
        });
    }
}
