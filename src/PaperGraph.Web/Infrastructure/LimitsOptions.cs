using System.ComponentModel.DataAnnotations;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Section <c>Limits</c>: what one caller may take of the server. Anonymous callers (anyone on a public site) get
/// small bodies and a bounded share of the statements in flight and of the open explicit transactions; the
/// administrator, who is trusted, gets large bodies (import batches) and only a total bound on transactions.
/// </summary>
/// <remarks>Environment variables use the <c>Limits__AnonymousMaxRequestBodyBytes</c> form. A client is told apart
/// by its connection's IP address (behind a reverse proxy, every client shares the proxy's).</remarks>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request body an anonymous caller may send (Query API, lint, every endpoint); larger
    /// ones get 413 before they are read when they say their length, or as soon as the limit is passed.</summary>
    [Range(1_024, 1_073_741_824)]
    public long AnonymousMaxRequestBodyBytes { get; set; } = 1_048_576;

    /// <summary>The largest request body the administrator may send (Kestrel's default).</summary>
    [Range(1_024, 1_073_741_824)]
    public long MaxRequestBodyBytes { get; set; } = 30_000_000;

    /// <summary>Statements (Query API requests and lint runs) one anonymous client address may have in flight; more
    /// wait in a short queue, then get 429.</summary>
    [Range(1, 10_000)]
    public int AnonymousStatementsPerClient { get; set; } = 4;

    /// <summary>Statements all anonymous callers together may have in flight.</summary>
    [Range(1, 100_000)]
    public int AnonymousStatementsTotal { get; set; } = 16;

    /// <summary>Anonymous statements that may wait for a slot (per client and in total each) before 429.</summary>
    [Range(0, 100_000)]
    public int AnonymousStatementQueue { get; set; } = 32;

    /// <summary>Explicit transactions one anonymous client address may hold open at once.</summary>
    [Range(1, 100_000)]
    public int AnonymousTransactionsPerClient { get; set; } = 4;

    /// <summary>Explicit transactions all anonymous callers together may hold open at once.</summary>
    [Range(1, 1_000_000)]
    public int AnonymousTransactionsTotal { get; set; } = 64;

    /// <summary>Explicit transactions the administrator may hold open at once.</summary>
    [Range(1, 1_000_000)]
    public int AdminTransactionsTotal { get; set; } = 1_000;
}
