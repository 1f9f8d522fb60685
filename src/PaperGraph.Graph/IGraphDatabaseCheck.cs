namespace PaperGraph.Graph;

/// <summary>
/// A backend that can say, before the first statement, whether it can serve: a server it reaches over the network
/// checks that it is there, accepts the credentials, and is a version PaperGraph supports.
/// </summary>
public interface IGraphDatabaseCheck
{
    /// <summary>Checks the backend; returns a one-line description of it (e.g. <c>Neo4j 5.26.0 community at
    /// http://localhost:7474, database neo4j</c>).</summary>
    /// <exception cref="GraphException">What is wrong, in words a person deploying PaperGraph can act on:
    /// <c>Neo.TransientError.General.DatabaseUnavailable</c> when it cannot be reached,
    /// <c>Neo.ClientError.Security.Unauthorized</c> for refused credentials,
    /// <c>Neo.ClientError.Request.Invalid</c> for a server without the API or version PaperGraph needs,
    /// <c>Neo.ClientError.Database.DatabaseNotFound</c> for a missing database.</exception>
    Task<string> CheckAsync(CancellationToken cancellationToken = default);
}
