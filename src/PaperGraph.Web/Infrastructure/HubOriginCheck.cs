using Microsoft.AspNetCore.Mvc;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// The SignalR hub (<c>/hubs/…</c>: negotiation, WebSocket, server-sent events, long polling) answers only its own
/// pages: a request whose <c>Origin</c> names another site gets 403, so a page elsewhere cannot open a live
/// connection in a visitor's browser. Same-origin browsers and clients that send no <c>Origin</c> (the .NET
/// SignalR client, tools) pass.
/// </summary>
/// <remarks>"Same origin" compares the Origin's host and port with the request's <c>Host</c>, not the scheme, so
/// a TLS-terminating proxy that forwards <c>Host</c> unchanged keeps working.</remarks>
public static class HubOriginCheck
{
    /// <summary>Refuses cross-origin requests under <paramref name="prefix"/>.</summary>
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app, string prefix = "/hubs") =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(prefix) && !IsSameOriginOrNone(http.Request))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status403Forbidden,
                        Title = "Cross-origin connection refused",
                        Detail = "The live-update hub answers only pages served by this server.",
                    },
                });
                return;
            }
            await next(http);
        });

    /// <summary>True when the request has no Origin, or one whose host and port are the request's Host.</summary>
    public static bool IsSameOriginOrNone(HttpRequest request)
    {
        var origins = request.Headers.Origin;
        if (origins.Count == 0) return true;
        if (origins.Count > 1) return false;
        return Uri.TryCreate(origins[0], UriKind.Absolute, out var origin)
            && (origin.Scheme == Uri.UriSchemeHttp || origin.Scheme == Uri.UriSchemeHttps)
            && request.Host.HasValue
            && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
