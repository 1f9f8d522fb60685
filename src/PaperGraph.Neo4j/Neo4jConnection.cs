namespace PaperGraph.Neo4j;

/// <summary>Where the Neo4j server is and who we are to it.</summary>
/// <param name="BaseUri">The server's HTTP address, e.g. <c>http://localhost:7474</c>.</param>
/// <param name="Database">The database name in <c>/db/{database}/query/v2</c>.</param>
/// <param name="User">User for HTTP Basic authentication; null sends no credentials.</param>
/// <param name="Password">Password for HTTP Basic authentication.</param>
public sealed record Neo4jConnection(Uri BaseUri, string Database = "neo4j", string? User = null, string? Password = null)
{
    /// <summary>How long one request may take before it fails with <c>TransactionTimedOut</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}
