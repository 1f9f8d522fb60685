using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using PaperGraph.Graph;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.QueryApi;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Every write (POST, PUT, PATCH, DELETE) authenticated by the sign-in cookie must carry the antiforgery token in
/// the <c>X-XSRF-TOKEN</c> header (the browser client gets it from <c>GET /api/session</c>), on <c>/api</c> and on
/// the Query API alike; without it the request is refused with 403 before any endpoint runs. HTTP Basic callers
/// and anonymous readers send no cookie a foreign page could ride on, so they need none. Signing in
/// (<c>POST /api/session</c>) and the hub's negotiation are exempt: the first checks a password, the second reads.
/// </summary>
internal sealed class CookieAntiforgeryMiddleware(RequestDelegate next)
{
    internal const string RefusalMessage =
        "This write came with the sign-in cookie but without a valid antiforgery token in the X-XSRF-TOKEN header; reload the page and try again.";

    public async Task InvokeAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (IsWrite(http.Request.Method) && http.IsCookieAuthenticated() && !IsExempt(http.Request))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger<CookieAntiforgeryMiddleware>().LogWarning(
                    "Refused a cookie-authenticated {Method} {Path} by '{Account}' from {Address}: no valid antiforgery token",
                    http.Request.Method, http.Request.Path.Value, http.User.Identity?.Name, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                if (http.Request.Path.StartsWithSegments("/db"))
                {
                    await QueryApiEndpoints.WriteErrorAsync(http, GraphErrorCodes.Forbidden, RefusalMessage, StatusCodes.Status403Forbidden);
                }
                else
                {
                    http.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = http,
                        ProblemDetails = new ProblemDetails { Status = 403, Title = "Antiforgery token missing or invalid", Detail = RefusalMessage },
                    });
                }
                return;
            }
        }
        await next(http);
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private static bool IsExempt(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/session", StringComparison.OrdinalIgnoreCase))
        || request.Path.StartsWithSegments("/hubs");
}
