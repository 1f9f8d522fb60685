using System.ComponentModel.DataAnnotations;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>Section <c>QueryApi</c>: the Neo4j Query API endpoint's settings.</summary>
public sealed class QueryApiOptions
{
    public const string Section = "QueryApi";

    /// <summary>The one database name served (<c>/db/{Database}/query/v2</c>); Neo4j's default is <c>neo4j</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Database { get; set; } = "neo4j";

    /// <summary>An explicit transaction left idle this long is rolled back (Neo4j's
    /// <c>server.queryapi.transaction_idle_timeout</c>: 60 s).</summary>
    [Range(0.05, 86_400)]
    public double TransactionIdleTimeoutSeconds { get; set; } = 60;
}
