using PaperGraph.Embedded;

namespace PaperGraph.Graph.Contract.Tests;

/// <summary>The contract, run against the embedded database (in memory).</summary>
public sealed class EmbeddedGraphDatabaseContract : GraphDatabaseContract
{
    protected override Task<IGraphDatabase> OpenAsync() =>
        Task.FromResult<IGraphDatabase>(EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions()));
}
