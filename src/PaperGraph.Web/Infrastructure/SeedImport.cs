using PaperGraph.Graph;

namespace PaperGraph.Web.Infrastructure;

/// <summary>Imports <c>graph-seed/</c> into an empty store at first start.</summary>
internal static class SeedImport
{
    // HOOK (issue 2): the importer (PaperGraph.Import's ImportPlan / Importer) has not landed on main yet.
    // When it does, this method builds the plan from the folder and writes it through `db`, then prints its summary.
    public static Task RunAsync(IGraphDatabase db, string folder, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        logger.LogWarning("Seed import of {Folder} is not available yet (the importer has not landed); starting empty", folder);
        return Task.CompletedTask;
    }
}
