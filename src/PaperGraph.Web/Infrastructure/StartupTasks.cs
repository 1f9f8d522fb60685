using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PaperGraph.Graph;
using PaperGraph.Hosting;
using PaperGraph.Web.Auth;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Work done once at start, before the server takes requests: open the store, make sure the administrator has a
/// password (printing a generated one once), import <c>graph-seed/</c> into an empty store when
/// <c>Import:Seed</c> is true; then, once listening, print the URL.
/// </summary>
internal sealed class StartupTasks(
    IServiceProvider services, AdminCredentials admin, IOptions<ImportOptions> import, IOptions<StorageOptions> storage,
    IHostEnvironment environment, IHostApplicationLifetime lifetime, IServer server, ILogger<StartupTasks> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<IGraphDatabase>(); // opens the store; a broken one stops the start here
        if (db is IGraphDatabaseCheck check)
        {
            try
            {
                logger.LogInformation("Graph database: {Description}", await check.CheckAsync(cancellationToken));
            }
            catch (GraphException e) when (e.Code == GraphErrorCodes.DatabaseUnavailable)
            {
                // Not up yet (or gone for a while): serve anyway; /health says what is wrong until it answers.
                logger.LogError("The graph database is unavailable: {Message}", e.Message);
            }
            catch (GraphException e)
            {
                // Wrong credentials, a server too old or without the Query API: nothing will work, so say it and stop.
                logger.LogCritical("The graph database cannot serve PaperGraph ({Code}): {Message}", e.Code, e.Message);
                throw new InvalidOperationException($"The graph database cannot serve PaperGraph: {e.Message}", e);
            }
        }
        if (admin.GeneratedPassword is { } password)
        {
            Console.WriteLine($"PaperGraph administrator: user '{admin.User}', password '{password}'");
            Console.WriteLine($"  ({admin.Source}; it is shown only this once. Set Auth__Admin__Password to choose your own.)");
            admin.ForgetGeneratedPassword();
        }

        if (import.Value.Seed)
        {
            try
            {
                await SeedIfEmptyAsync(db, cancellationToken);
            }
            catch (GraphException e)
            {
                // E.g. a Neo4j server that is not up yet: serve anyway (/health says what is wrong), seed at a later start.
                logger.LogError("Could not check whether the store needs the seed ({Code}): {Message}", e.Code, e.Message);
            }
        }

        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
                Console.WriteLine($"PaperGraph is running at {address.Replace("[::]", "localhost", StringComparison.Ordinal)} " +
                    $"(storage: {storage.Value.Provider}{(storage.Value.FullPath is { } path && storage.Value.Provider == StorageProvider.Embedded ? " in " + path : "")})");
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedIfEmptyAsync(IGraphDatabase db, CancellationToken cancellationToken)
    {
        var any = await db.ExecuteAsync(CypherQuery.Read("MATCH (n) RETURN n LIMIT 1"), cancellationToken);
        if (any.Values.Count > 0) return;

        var folder = import.Value.SeedPath is { } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : PaperGraphConfiguration.FindSeedFolder(environment.ContentRootPath)
              ?? PaperGraphConfiguration.FindSeedFolder(Directory.GetCurrentDirectory());
        if (folder is null || !Directory.Exists(folder))
        {
            logger.LogWarning("The store is empty and no graph-seed folder was found above {ContentRoot}; starting empty",
                environment.ContentRootPath);
            return;
        }
        await SeedImport.RunAsync(db, folder, logger, cancellationToken);
    }
}
