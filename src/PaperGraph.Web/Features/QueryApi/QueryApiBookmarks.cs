using System.Globalization;
using PaperGraph.Graph;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>
/// Bookmarks (spec §2-3): opaque <c>FB:pg-&lt;sequence in hex&gt;</c> tokens naming the state after a commit.
/// The sequence is the store's change sequence when the database keeps one (<see cref="IGraphChangeFeed"/>),
/// else a counter of this server's committed writes.
/// </summary>
/// <remarks>This server is a single instance and every commit is visible to every later statement at once, so
/// a well-formed bookmark never has to be waited for; one this server could not have issued is refused with
/// <c>Neo.ClientError.Transaction.InvalidBookmark</c>.</remarks>
internal sealed class QueryApiBookmarks(GraphChangeFeeds feeds)
{
    internal const string InvalidBookmark = "Neo.ClientError.Transaction.InvalidBookmark";
    private const string Prefix = "FB:pg-";
    private long _localSequence;

    /// <summary>Call after a commit that changed something.</summary>
    public void Committed(bool changed)
    {
        if (changed) Interlocked.Increment(ref _localSequence);
    }

    /// <summary>The bookmark naming the current state.</summary>
    public string Current()
    {
        var sequence = feeds.Feed is { } feed ? feed.LastSequence : Interlocked.Read(ref _localSequence);
        return Prefix + sequence.ToString("x8", CultureInfo.InvariantCulture);
    }

    /// <summary>Checks the bookmarks a request sent.</summary>
    /// <exception cref="GraphException">A bookmark this server could not have issued.</exception>
    public static void Validate(IReadOnlyList<string> bookmarks)
    {
        foreach (var bookmark in bookmarks)
        {
            if (!bookmark.StartsWith(Prefix, StringComparison.Ordinal)
                || !long.TryParse(bookmark.AsSpan(Prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out _))
                throw new GraphException(InvalidBookmark,
                    $"Bookmark '{bookmark}' was not issued by this server (its bookmarks look like {Prefix}0000002a).");
        }
    }
}
