using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using PaperGraph.Hosting;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Features.QueryApi;
using PaperGraph.Web.Infrastructure.Hubs;

namespace PaperGraph.Web.Infrastructure;

/// <summary>The web app's services and middleware, so that <c>Program.cs</c> stays a table of contents.</summary>
public static class PaperGraphWebApplication
{
    /// <summary>The embedded engine runs a statement on the request's thread-pool thread until it ends (up to the
    /// query timeout). With the pool's default minimum (one thread per core) a few long statements leave the next
    /// requests waiting for the pool to add threads, one about every half second: a <c>RETURN 1</c> then takes
    /// most of a second. Starting with enough threads for the statements that may run at once keeps other callers
    /// fast while long statements run.</summary>
    private static void EnoughPoolThreadsForStatements()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);
    }

    /// <summary>Options, the graph database, the hub (one hub across instances with <c>SignalR:Redis</c>), authentication (HTTP Basic or the sign-in cookie, anonymous = reader;
    /// roles contributor, curator, admin), ProblemDetails,
    /// the Query API's transactions, and the start-up work (administrator password, seed import, URL banner).</summary>
    public static WebApplicationBuilder AddPaperGraph(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        EnoughPoolThreadsForStatements();
        services.AddPaperGraphDatabase(builder.Configuration);
        services.AddOptions<LimitsOptions>().Bind(builder.Configuration.GetSection(LimitsOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddStatementLimits();
        services.AddOptions<QueryApiOptions>().Bind(builder.Configuration.GetSection(QueryApiOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        var scaleOut = services.AddPaperGraphHub(builder.Configuration);
        services.AddPaperGraphAuthentication(builder.Configuration, scaleOut);
        services.AddAuthorizationBuilder()
            .AddPolicy(PaperGraphAuth.ContributorPolicy, policy => policy.RequireRole(
                PaperGraphAuth.ContributorRole, PaperGraphAuth.CuratorRole, PaperGraphAuth.AdminRole))
            .AddPolicy(PaperGraphAuth.CuratorPolicy, policy => policy.RequireRole(PaperGraphAuth.CuratorRole, PaperGraphAuth.AdminRole))
            .AddPolicy(PaperGraphAuth.AdminPolicy, policy => policy.RequireRole(PaperGraphAuth.AdminRole));

        services.AddProblemDetails();
        services.AddExceptionHandler<GraphExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddSingleton<QueryApiTransactions>();
        services.AddSingleton<QueryApiBookmarks>();
        services.AddSingleton<GraphChangeFeeds>();
        services.AddHostedService<TransactionSweeper>();
        services.AddHostedService<StartupTasks>();
        return builder;
    }

    /// <summary>Error handling, discovery, authentication (wrong credentials are refused here, before any
    /// endpoint runs) and antiforgery for cookie-authenticated writes.</summary>
    public static WebApplication UsePaperGraph(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseHubOriginCheck();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseQueryApiDiscovery();
        app.UseAuthentication();
        app.UseMiddleware<RejectBadCredentialsMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<CookieAntiforgeryMiddleware>();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
