using PaperGraph.Cypher.Storage;

namespace PaperGraph.Storage.Sqlite;

internal sealed partial class WriteTransaction
{
    public PendingChanges GetPendingChanges()
    {
        EnsureActive();
        var nodes = new List<PendingNode>();
        foreach (var s in _nodes.Values)
        {
            if (s.Deleted && s.Committed is null) continue; // created and deleted again: nothing happened
            if (!s.Deleted && s.Committed is not null && !s.DataChanged) continue; // touched for its adjacency only
            var before = s.Committed is { } old ? new PendingState(old.Labels.Names, old.Properties) : null;
            nodes.Add(new PendingNode(s.Id, before, s.Deleted));
        }

        var rels = new List<PendingRelationship>();
        foreach (var r in _rels.Values)
        {
            if (r.Deleted && r.Committed is null) continue;
            if (!r.Deleted && r.Committed is not null && ReferenceEquals(r.Committed.Properties, r.Properties)) continue;
            rels.Add(new PendingRelationship(r.Id, r.StartNodeId, r.EndNodeId, _store.TypeName(r.TypeId),
                r.Committed?.Properties, r.Deleted));
        }
        return new PendingChanges(nodes, rels);
    }
}
