using PaperGraph.Cypher.Storage;
using static PaperGraph.Storage.Sqlite.Tests.StoreTestHelpers;

namespace PaperGraph.Storage.Sqlite.Tests;

/// <summary>A property index that grows past its initial size within one commit, and when rebuilt on open, still
/// finds every key, and older snapshots keep their own view.</summary>
public sealed class IndexGrowthTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly SchemaRule Unique = new("paper_key", SchemaRuleKind.Uniqueness, "NODE", "Paper", ["key"]);

    [Fact]
    public void Every_key_of_a_large_commit_is_found_in_the_snapshot_after_it_and_after_a_reopen()
    {
        const int count = 30_000;
        var ids = new long[count];
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using (var tx = store.Write())
            {
                tx.CreateSchemaRule(Unique);
                tx.Commit();
            }

            using var before = store.BeginRead();
            using (var tx = store.Write())
            {
                for (var i = 0; i < count; i++) ids[i] = tx.CreateNode(["Paper"], Props(("key", "p" + i)));
                tx.Commit();
            }

            using var after = store.BeginRead();
            for (var i = 0; i < count; i += 7)
            {
                Assert.Equal([ids[i]], after.NodeIdsByProperty("Paper", "key", "p" + i));
                Assert.Empty(before.NodeIdsByProperty("Paper", "key", "p" + i));
            }
            Assert.Empty(after.NodeIdsByProperty("Paper", "key", "p" + count));
        }

        using var reopened = SqliteGraphStore.Open(_folder.Path);
        using var read = reopened.BeginRead();
        for (var i = 0; i < count; i += 5)
        {
            Assert.Equal([ids[i]], read.NodeIdsByProperty("Paper", "key", "p" + i));
        }
    }
}
