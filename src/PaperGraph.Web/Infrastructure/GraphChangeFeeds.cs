using PaperGraph.Graph;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Finds the app's change feed: the service registered as <see cref="IGraphChangeFeed"/> (with the Neo4j backend,
/// the source that merges the app's own writes, other instances' and the <c>(:Change)</c> log's poller), else the
/// database itself when it keeps one (the embedded database), else none.
/// </summary>
/// <remarks>Resolved on first use, not at start-up, because opening the database may take a while.</remarks>
public sealed class GraphChangeFeeds(IServiceProvider services)
{
    // PublicationOnly: a database that failed to open is asked again next time rather than cached as a failure.
    private readonly Lazy<IGraphChangeFeed?> _feed = new(() =>
        services.GetService<IGraphChangeFeed>() ?? services.GetRequiredService<IGraphDatabase>() as IGraphChangeFeed,
        LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The feed, or null when the backend has none (every read then goes to the database).</summary>
    public IGraphChangeFeed? Feed => _feed.Value;
}
