using PaperGraph.Cypher.Storage;
using static PaperGraph.Storage.Sqlite.Tests.StoreTestHelpers;

namespace PaperGraph.Storage.Sqlite.Tests;

/// <summary><see cref="IGraphReader.HasRelationship"/> agrees with the adjacency it summarises: in a snapshot, in
/// the write transaction's overlay, after a commit and after a reopen, for self-loops and for type ids past the
/// store's type bits.</summary>
public sealed class DegreeCheckTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static readonly StoreDirection[] Directions = [StoreDirection.Incoming, StoreDirection.Outgoing, StoreDirection.Both];

    /// <summary>Every (node, direction, type) answer equals a scan of the node's adjacency.</summary>
    private static void AgreesWithAdjacency(IGraphReader reader, IEnumerable<long> nodes, int typeCount)
    {
        foreach (var node in nodes)
        {
            foreach (var direction in Directions)
            {
                var adjacency = reader.GetAdjacency(node, direction).ToArray();
                Assert.Equal(adjacency.Length > 0, reader.HasRelationship(node, direction, -1));
                for (var t = 0; t < typeCount; t++)
                {
                    Assert.Equal(adjacency.Any(a => a.TypeId == t), reader.HasRelationship(node, direction, t));
                }
            }
        }
    }

    [Fact]
    public void Has_relationship_matches_the_adjacency_in_snapshots_overlays_and_after_reopen()
    {
        var nodes = new List<long>();
        int types;
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using (var tx = store.Write())
            {
                for (var i = 0; i < 6; i++) nodes.Add(tx.CreateNode(["N"], Props()));
                // 40 types, so that some type ids are past the 31 the slot's bits hold.
                for (var t = 0; t < 40; t++) tx.CreateRelationship(nodes[t % 3], nodes[3 + t % 2], "T" + t, Props());
                tx.CreateRelationship(nodes[5], nodes[5], "T35", Props()); // a self-loop of a high type
                tx.CreateRelationship(nodes[4], nodes[4], "T2", Props());  // and of a low one
                AgreesWithAdjacency(tx, nodes, 40);
                tx.Commit();
            }

            using (var read = store.BeginRead())
            {
                types = read.RelationshipTypes.Count;
                AgreesWithAdjacency(read, nodes, types);
            }

            using (var tx = store.Write())
            {
                // Remove every relationship of type T1 and T35 from the overlay; add a fresh one elsewhere.
                foreach (var node in nodes)
                {
                    foreach (var adj in tx.GetAdjacency(node, StoreDirection.Outgoing).ToArray())
                    {
                        if (adj.TypeId == tx.GetTypeId("T1") || adj.TypeId == tx.GetTypeId("T35")) tx.DeleteRelationship(adj.RelationshipId);
                    }
                }
                tx.CreateRelationship(nodes[3], nodes[0], "T39", Props());
                AgreesWithAdjacency(tx, nodes, types);
                using (var before = store.BeginRead())
                {
                    Assert.True(before.HasRelationship(nodes[5], StoreDirection.Incoming, before.GetTypeId("T35")));
                    Assert.False(before.HasRelationship(nodes[0], StoreDirection.Incoming, before.GetTypeId("T39")));
                }
                tx.Commit();
            }

            using var after = store.BeginRead();
            Assert.False(after.HasRelationship(nodes[5], StoreDirection.Both, after.GetTypeId("T35")));
            Assert.True(after.HasRelationship(nodes[0], StoreDirection.Incoming, after.GetTypeId("T39")));
            AgreesWithAdjacency(after, nodes, types);
        }

        using (var reopened = SqliteGraphStore.Open(_folder.Path))
        {
            using var read = reopened.BeginRead();
            AgreesWithAdjacency(read, nodes, types);
        }
    }

    [Fact]
    public void Has_relationship_of_a_missing_node_is_not_found()
    {
        using var store = SqliteGraphStore.Open(null);
        using var read = store.BeginRead();
        Assert.Throws<PaperGraph.Graph.GraphException>(() => read.HasRelationship(42, StoreDirection.Incoming, 0));
    }
}
