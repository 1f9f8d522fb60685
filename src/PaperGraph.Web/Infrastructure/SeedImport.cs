using PaperGraph.Graph;
using PaperGraph.Import;

namespace PaperGraph.Web.Infrastructure;

/// <summary>Imports <c>graph-seed/</c> into an empty store at first start, through the importer (issue 2).</summary>
internal static class SeedImport
{
    /// <summary>Imports every reading list of <paramref name="folder"/> with its papers.yaml and prerequisites.yaml.
    /// Invalid seed files are reported (file, line, problem) and the server starts with an empty store.</summary>
    public static async Task RunAsync(IGraphDatabase db, string folder, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var summary = await ImportSources.FromFolder(folder).ImportAsync(db, cancellationToken: cancellationToken, actor: "seed");
            Console.WriteLine($"Imported {folder} into the empty store in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s: " +
                $"papers {summary.Papers}; sections {summary.Sections}; prerequisite edges {summary.Prerequisites}.");
        }
        catch (ImportException e)
        {
            logger.LogError("The seed in {Folder} is invalid; starting with an empty store:{NewLine}{Errors}", folder, Environment.NewLine, e.Message);
        }
        catch (GraphException e)
        {
            // The database refused the import (it ran in one transaction, so nothing was written): serve what there is.
            logger.LogError("Importing the seed in {Folder} failed ({Code}); starting with an empty store: {Message}", folder, e.Code, e.Message);
        }
    }
}
