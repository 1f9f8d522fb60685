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

    /// <summary>A bearer token (<c>Authorization: Bearer …</c>, e.g. from single sign-on); when set it is sent
    /// instead of the user and password.</summary>
    public string? Token { get; init; }

    /// <summary>How many times a transient failure (connection refused, HTTP 503, <c>Neo.TransientError.*</c> on a
    /// statement that is safe to repeat) is retried before it is reported; 0 turns retries off.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The first retry's delay; later ones back off exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);
}
