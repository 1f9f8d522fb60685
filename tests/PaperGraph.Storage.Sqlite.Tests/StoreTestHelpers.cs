using PaperGraph.Cypher.Storage;

namespace PaperGraph.Storage.Sqlite.Tests;

internal static class StoreTestHelpers
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static Dictionary<string, object?> Props(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static IStoreWriteTransaction Write(this SqliteGraphStore store) => store.BeginWrite(Wait, CancellationToken.None);

    public static long[] Ids(this ReadOnlyMemory<Adjacency> adjacency) =>
        adjacency.ToArray().Select(a => a.OtherNodeId).ToArray();
}

/// <summary>A temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pg-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
