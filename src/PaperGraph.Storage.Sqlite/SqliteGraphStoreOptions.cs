namespace PaperGraph.Storage.Sqlite;

/// <summary>Settings of <see cref="SqliteGraphStore"/>.</summary>
public sealed class SqliteGraphStoreOptions
{
    /// <summary>How many of the newest changes the change log keeps for <c>ChangesSince</c>.</summary>
    public int ChangeLogCapacity { get; init; } = 10_000;

    /// <summary>The most nodes, relationships and deletions, summed over its changes, that the change log keeps
    /// (bulk loads would otherwise fill it with large changes); older changes are dropped first.</summary>
    public int ChangeLogMaxEntities { get; init; } = 200_000;

    /// <summary>How long a commit waits for the SQLite file while another process (a backup tool, say) holds its
    /// write lock, before it fails with <c>DatabaseUnavailable</c> and changes nothing. Whole seconds.</summary>
    public TimeSpan FileLockTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
