using Microsoft.Extensions.DependencyInjection.Extensions;

using PaperGraph.Web.Hubs;

namespace PaperGraph.Web.Features.Papers;

/// <summary>Registers and serves what the explorer needs: its endpoints' services, the hub and the client.</summary>
public static class ExplorerServices
{
    /// <summary>The graph reader, OpenAPI, SignalR and the change broadcaster.</summary>
    public static IServiceCollection AddExplorer(this IServiceCollection services)
    {
        services.AddSingleton<PaperGraphReader>();
        services.AddOpenApi();
        services.AddSignalR();
        services.AddHostedService<GraphChangeBroadcaster>();
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Serves the built browser client from wwwroot (index.html at <c>/</c>).</summary>
    public static WebApplication UseExplorerClient(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }
}
