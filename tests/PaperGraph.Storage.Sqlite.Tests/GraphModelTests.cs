using PaperGraph.Cypher.Storage;
using static PaperGraph.Storage.Sqlite.Tests.StoreTestHelpers;

namespace PaperGraph.Storage.Sqlite.Tests;

/// <summary>Random relationship churn checked against a plain model: adjacency in every direction, counts, old
/// snapshots, and the same graph again after reopening the folder.</summary>
public sealed class GraphModelTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private sealed record Rel(long Id, long Start, long End, string Type);

    [Fact]
    public void Adjacency_and_counts_agree_with_a_plain_model_through_random_commits_rollbacks_and_a_reopen()
    {
        var random = new Random(777);
        string[] types = ["A", "B", "C"];
        var nodes = new HashSet<long>();
        var rels = new Dictionary<long, Rel>();
        var snapshots = new List<(IStoreReadTransaction, HashSet<long>, Dictionary<long, Rel>)>();
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            for (var round = 0; round < 30; round++)
            {
                var draftNodes = new HashSet<long>(nodes);
                var draftRels = new Dictionary<long, Rel>(rels);
                var commit = random.Next(4) != 0;
                using (var tx = store.Write())
                {
                    for (var i = 0; i < 150; i++)
                    {
                        var op = random.Next(10);
                        if (op < 2 || draftNodes.Count < 2)
                        {
                            draftNodes.Add(tx.CreateNode(["N"], Props(("round", (long)round))));
                        }
                        else if (op < 7)
                        {
                            var list = draftNodes.ToList();
                            var s = list[random.Next(list.Count)];
                            var e = random.Next(10) == 0 ? s : list[random.Next(list.Count)];
                            var type = types[random.Next(types.Length)];
                            var id = tx.CreateRelationship(s, e, type, Props(("w", random.NextDouble())));
                            draftRels[id] = new Rel(id, s, e, type);
                        }
                        else if (op < 9 && draftRels.Count > 0)
                        {
                            var r = draftRels.Values.ElementAt(random.Next(draftRels.Count));
                            tx.DeleteRelationship(r.Id);
                            draftRels.Remove(r.Id);
                        }
                        else
                        {
                            var linked = draftRels.Values.SelectMany(r => new[] { r.Start, r.End }).ToHashSet();
                            var lonely = draftNodes.Where(n => !linked.Contains(n)).ToList();
                            if (lonely.Count == 0) continue;
                            var n = lonely[random.Next(lonely.Count)];
                            tx.DeleteNode(n);
                            draftNodes.Remove(n);
                        }
                    }
                    Check(tx, draftNodes, draftRels);
                    if (commit) tx.Commit();
                }
                if (commit)
                {
                    nodes = draftNodes;
                    rels = draftRels;
                }
                var read = store.BeginRead();
                Check(read, nodes, rels);
                snapshots.Add((read, nodes, rels));
            }
            foreach (var (read, n, r) in snapshots)
            {
                Check(read, n, r);
                read.Dispose();
            }
        }
        using var reopened = SqliteGraphStore.Open(_folder.Path);
        using var after = reopened.BeginRead();
        Check(after, nodes, rels);
    }

    private static void Check(IGraphReader read, HashSet<long> nodes, Dictionary<long, Rel> rels)
    {
        Assert.Equal(nodes.Count, read.CountNodes());
        Assert.Equal(nodes.Order(), read.AllNodeIds().Order());
        Assert.Equal(rels.Count, read.CountRelationships());
        Assert.Equal(rels.Keys.Order(), read.AllRelationshipIds().Order());
        foreach (var type in new[] { "A", "B", "C" })
        {
            Assert.Equal(rels.Values.Count(r => r.Type == type), read.CountRelationships(type));
        }
        var outgoingOf = rels.Values.ToLookup(r => r.Start, r => r.Id);
        var incomingOf = rels.Values.ToLookup(r => r.End, r => r.Id);
        foreach (var n in nodes)
        {
            var outgoing = outgoingOf[n].Order().ToList();
            var incoming = incomingOf[n].Order().ToList();
            var both = outgoing.Union(incoming).Order();
            Assert.Equal(outgoing, read.GetAdjacency(n, StoreDirection.Outgoing).ToArray().Select(a => a.RelationshipId).Order());
            Assert.Equal(incoming, read.GetAdjacency(n, StoreDirection.Incoming).ToArray().Select(a => a.RelationshipId).Order());
            Assert.Equal(both, read.GetAdjacency(n, StoreDirection.Both).ToArray().Select(a => a.RelationshipId).Order());
            foreach (var a in read.GetAdjacency(n, StoreDirection.Both).Span)
            {
                var r = rels[a.RelationshipId];
                Assert.Equal(a.Outgoing ? r.End : r.Start, a.OtherNodeId);
                Assert.Equal(r.Type, read.GetTypeName(a.TypeId));
            }
        }
        foreach (var r in rels.Values)
        {
            Assert.Equal(new RelationshipEnds(r.Start, r.End, read.GetTypeId(r.Type)), read.GetRelationship(r.Id));
            Assert.IsType<double>(read.GetRelationshipProperty(r.Id, "w"));
        }
    }
}
