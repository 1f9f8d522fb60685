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
                for (var t = -1; t < typeCount; t++)
                {
                    NeighboursAgree(reader, node, direction, t);
                }
            }
        }
    }

    /// <summary>When the store hands over a compact neighbour run, it is exactly the other ends of the matching
    /// relationships, in adjacency order.</summary>
    private static bool NeighboursAgree(IGraphReader reader, long node, StoreDirection direction, int typeId)
    {
        if (!reader.TryGetNeighbours(node, direction, typeId, out var neighbours)) return false;
        var expected = reader.GetAdjacency(node, direction).ToArray()
            .Where(a => typeId < 0 || a.TypeId == typeId).Select(a => a.OtherNodeId).ToArray();
        Assert.Equal(expected, neighbours.ToArray());
        return true;
    }

    [Fact]
    public void Neighbour_runs_of_one_type_walks_match_the_adjacency_and_a_write_sees_its_own_changes()
    {
        using var store = SqliteGraphStore.Open(_folder.Path);
        var nodes = new List<long>();
        using (var tx = store.Write())
        {
            for (var i = 0; i < 5; i++) nodes.Add(tx.CreateNode(["N"], Props()));
            for (var i = 1; i < 5; i++) tx.CreateRelationship(nodes[i], nodes[0], "P", Props());
            tx.CreateRelationship(nodes[1], nodes[2], "P", Props());
            tx.CreateRelationship(nodes[3], nodes[4], "Q", Props());
            tx.Commit();
        }

        int p, q;
        using (var read = store.BeginRead())
        {
            p = read.GetTypeId("P");
            q = read.GetTypeId("Q");
            // One type in the direction: the run is handed over, for that type and for any type.
            Assert.True(NeighboursAgree(read, nodes[0], StoreDirection.Incoming, p));
            Assert.True(NeighboursAgree(read, nodes[0], StoreDirection.Incoming, -1));
            Assert.Equal([nodes[4], nodes[3], nodes[2], nodes[1]], read.TryGetNeighbours(nodes[0], StoreDirection.Incoming, p, out var n0) ? n0.ToArray().Reverse() : []);
            // A type the direction lacks: an empty run. Mixed types: no run (the caller reads the adjacency).
            Assert.True(read.TryGetNeighbours(nodes[0], StoreDirection.Incoming, q, out var none));
            Assert.True(none.IsEmpty);
            Assert.False(read.TryGetNeighbours(nodes[3], StoreDirection.Outgoing, p, out _));
            Assert.False(read.TryGetNeighbours(nodes[0], StoreDirection.Both, p, out _));
            Assert.Throws<PaperGraph.Graph.GraphException>(() => read.TryGetNeighbours(99, StoreDirection.Incoming, p, out _));
        }

        using (var tx = store.Write())
        {
            // Delete one incoming relationship of nodes[0] and add one: the overlay's answer, never the snapshot's.
            var first = tx.GetAdjacency(nodes[0], StoreDirection.Incoming).Span[0];
            tx.DeleteRelationship(first.RelationshipId);
            var extra = tx.CreateNode(["N"], Props());
            tx.CreateRelationship(extra, nodes[0], "P", Props());
            var expected = tx.GetAdjacency(nodes[0], StoreDirection.Incoming).ToArray().Select(a => a.OtherNodeId).ToArray();
            Assert.DoesNotContain(first.OtherNodeId, expected);
            Assert.Contains(extra, expected);
            NeighboursAgree(tx, nodes[0], StoreDirection.Incoming, p);
            // An untouched node still hands over the committed run.
            Assert.True(NeighboursAgree(tx, nodes[2], StoreDirection.Incoming, p));
            using (var before = store.BeginRead())
            {
                Assert.True(NeighboursAgree(before, nodes[0], StoreDirection.Incoming, p));
                Assert.Contains(first.OtherNodeId, before.TryGetNeighbours(nodes[0], StoreDirection.Incoming, p, out var old) ? old.ToArray() : []);
            }
            foreach (var a in tx.GetAdjacency(nodes[2], StoreDirection.Both).ToArray()) tx.DeleteRelationship(a.RelationshipId);
            NeighboursAgree(tx, nodes[0], StoreDirection.Incoming, -1);
            tx.DeleteNode(nodes[2]);
            Assert.Throws<PaperGraph.Graph.GraphException>(() => tx.TryGetNeighbours(nodes[2], StoreDirection.Incoming, p, out _));
            tx.Commit();
        }

        using var after = store.BeginRead();
        Assert.True(NeighboursAgree(after, nodes[0], StoreDirection.Incoming, p));
        // Incoming of nodes[0]: 1, 2, 3, 4 less 1 (deleted) and 2 (deleted with its node), plus the extra one.
        Assert.Equal(3, after.TryGetNeighbours(nodes[0], StoreDirection.Incoming, p, out var now) ? now.Length : -1);
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
