using PaperGraph.Graph.Contract.Tests.Neo4jHttp;

namespace PaperGraph.Graph.Contract.Tests;

/// <summary>
/// The contract, run through the Neo4j backend (<c>Neo4jGraphDatabase</c>, HTTP Query API, Typed JSON) against
/// PaperGraph's own web app on 127.0.0.1 over an in-memory embedded store: whatever the embedded database answers
/// must survive the wire unchanged.
/// </summary>
public sealed class Neo4jHttpGraphDatabaseContract : GraphDatabaseContract
{
    protected override Task<IGraphDatabase> OpenAsync() => Task.FromResult<IGraphDatabase>(Neo4jHttpBackend.Start());
}
