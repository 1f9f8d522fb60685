using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.QueryApi;

namespace PaperGraph.Web.Infrastructure;

/// <summary>Marks an endpoint that runs a caller's Cypher (the Query API, the lint): anonymous calls to it count
/// against <see cref="LimitsOptions"/>' statements in flight.</summary>
public sealed class StatementEndpointMetadata
{
    public static readonly StatementEndpointMetadata Instance = new();
}

/// <summary>
/// Bounds the anonymous statements in flight with ASP.NET Core rate limiting: a concurrency limiter per client
/// address chained with one for all anonymous callers, each with a short queue; beyond them 429 with Neo4j's
/// <c>Neo.TransientError.Request.ResourceExhaustion</c> (the Query API's error body; ProblemDetails with that
/// <c>code</c> elsewhere). The administrator is not limited here.
/// </summary>
public static class StatementLimits
{
    /// <summary>Counts this endpoint's anonymous calls against the statement limits.</summary>
    public static TBuilder RequireStatementLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(StatementEndpointMetadata.Instance);

    public static IServiceCollection AddStatementLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<LimitsOptions>>((options, limits) =>
        {
            var l = limits.Value;
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLimited(http)
                    ? RateLimitPartition.GetConcurrencyLimiter("client " + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                        _ => new ConcurrencyLimiterOptions
                        {
                            PermitLimit = l.AnonymousStatementsPerClient,
                            QueueLimit = l.AnonymousStatementQueue,
                            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                        })
                    : RateLimitPartition.GetNoLimiter("unlimited")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLimited(http)
                    ? RateLimitPartition.GetConcurrencyLimiter("anonymous", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = l.AnonymousStatementsTotal,
                        QueueLimit = l.AnonymousStatementQueue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("unlimited")));
            options.OnRejected = (context, _) => RejectAsync(context.HttpContext);
        });
        return services;
    }

    private static bool IsLimited(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<StatementEndpointMetadata>() is not null
        && !http.User.IsInRole(PaperGraphAuth.AdminRole);

    private const string Message =
        "The server is busy with other anonymous statements; retry in a moment. (The administrator is not limited.)";

    private static async ValueTask RejectAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        if (http.Request.Path.StartsWithSegments("/db"))
        {
            await QueryApiEndpoints.WriteErrorAsync(http, QueryApiEndpoints.ResourceExhaustion, Message,
                StatusCodes.Status429TooManyRequests);
            return;
        }
        var details = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many statements", Detail = Message };
        details.Extensions["code"] = QueryApiEndpoints.ResourceExhaustion;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details });
    }
}
