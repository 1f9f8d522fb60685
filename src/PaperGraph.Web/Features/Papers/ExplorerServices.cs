using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using PaperGraph.Web.Infrastructure.Hubs;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.Papers;

/// <summary>Registers and serves what the explorer needs: its endpoints' services, the hub and the client.</summary>
public static class ExplorerServices
{
    /// <summary>The graph reader, OpenAPI, SignalR, the change broadcaster and response compression.</summary>
    public static IServiceCollection AddExplorer(this IServiceCollection services)
    {
        services.AddSingleton<PaperGraphReader>();
        services.AddSingleton<ModelResponseCache>();
        services.AddSingleton<IIndexPageContent, FirstDrawing.FirstDrawingPage>();
        services.AddSingleton<PaperGraph.Web.Features.Curation.CurationService>();
        services.AddSingleton<PaperGraph.Web.Features.History.HistoryReader>();
        services.AddOpenApi();
        services.AddSignalR();
        services.AddHostedService<GraphChangeBroadcaster>();
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);

        // Brotli, else gzip, for /api JSON and index.html, at the "optimal" level (brotli quality 4, gzip 6); the
        // client's scripts and styles are compressed once at build time instead (PrecompressedAssets). Responses
        // carry only public reading-list data, so compressing over HTTPS too is safe.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml", "application/problem+json"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        return services;
    }

    /// <summary>Compresses responses and serves the built browser client from wwwroot (index.html at <c>/</c>);
    /// the hashed files under <c>/assets/</c> are cached for a year.</summary>
    public static WebApplication UseExplorerClient(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseNoncedIndexPage();
        app.UseDefaultFiles();
        app.UsePrecompressedAssets();
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = PrecompressedAssets.ContentTypes,
            OnPrepareResponse = ctx =>
            {
                if (ctx.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal))
                    ctx.Context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=31536000, immutable";
            },
        });
        return app;
    }

    /// <summary>The explorer's own routes typed without the <c>#</c> (<c>/paper/lora</c>, <c>/plan/lora</c>,
    /// <c>/path/a/b</c>, <c>/list</c>, <c>/cypher?q=…</c>) redirect to the app's hash route, so a link written by
    /// hand opens the page rather than a JSON 404. Anything under <c>/api</c> still answers as the API does.</summary>
    public static IEndpointRouteBuilder MapExplorerRoutes(this IEndpointRouteBuilder app)
    {
        foreach (var pattern in new[] { "/paper/{a}", "/plan/{a}", "/path/{a}/{b}", "/list", "/cypher" })
            app.MapGet(pattern, (HttpContext context) => TypedResults.Redirect(ClientRoute(context.Request)))
                .ExcludeFromDescription();
        return app;
    }

    /// <summary><c>/paper/lora?x</c> → <c>/#/paper/lora?x</c> (the path's escaping kept as it came).</summary>
    internal static string ClientRoute(HttpRequest request)
    {
        var path = request.Path.ToUriComponent();
        return "/#" + path + request.QueryString.ToUriComponent();
    }
}
