using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>The SQLite side of the store (not yet written: folders are refused for now).</summary>
internal sealed class SqliteDurability : IDisposable
{
    public string Path => throw new NotSupportedException();

    public static SqliteDurability Open(string folder) =>
        throw new NotSupportedException($"Storage: durable stores are not available yet (asked for '{folder}'); pass null for an in-memory store.");

    public (Generation Generation, IEnumerable<(long Sequence, int Entities)> KeptChanges) Load(SqliteGraphStore store) =>
        throw new NotSupportedException();

    public void Persist(CommitPlan plan, long pruneThrough) => throw new NotSupportedException();

    public IReadOnlyList<GraphChange>? LoadChanges(SqliteGraphStore store, long after, long through) => null;

    public void Dispose()
    {
    }
}
