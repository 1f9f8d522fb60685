using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>What one commit writes: the next generation, the rows to persist and the change to announce.</summary>
internal sealed class CommitPlan
{
    public required Generation Next { get; init; }
    public required List<NodeRecord> UpsertNodes { get; init; }
    public required List<long> DeletedNodes { get; init; }
    public required List<RelRecord> UpsertRels { get; init; }
    public required List<long> DeletedRels { get; init; }
    public required bool SchemaChanged { get; init; }
    public required GraphChange? Change { get; init; }

    public bool DataChanged => UpsertNodes.Count + DeletedNodes.Count + UpsertRels.Count + DeletedRels.Count > 0;
}

internal sealed partial class WriteTransaction
{
    public GraphChange? Commit()
    {
        EnsureActive();
        try
        {
            var change = _store.CommitAndRelease(this);
            _state = State.Committed;
            return change;
        }
        catch
        {
            _state = State.RolledBack;
            throw;
        }
    }

    public void Rollback()
    {
        if (_state != State.Active) return;
        _state = State.RolledBack;
        _store.ReleaseWriter(this);
    }

    /// <summary>Builds the next generation from the committed one and this overlay, copying only touched pages.</summary>
    internal CommitPlan BuildCommit()
    {
        var nodes = _base.Nodes.ToBuilder();
        var adjacency = _base.Adjacency.ToBuilder();
        var rels = _base.Rels.ToBuilder();
        var labelCount = _store.LabelTokens.Count;
        var typeCount = _store.TypeTokens.Count;
        var labelCounts = Resized(_base.LabelCounts, labelCount);
        foreach (var (id, delta) in _labelDelta) labelCounts[id] += delta;
        var typeCounts = Resized(_base.TypeCounts, typeCount);
        foreach (var (id, delta) in _typeDelta) typeCounts[id] += delta;
        var bitmaps = new IdBitmap.Builder?[labelCount];

        // Node property indexes: the committed ones still backed by a rule are updated in place; new ones are
        // built from scratch once the node table is done.
        var updated = new Dictionary<(int, string), NodeIndex.Builder>();
        var fresh = new List<(int LabelId, string Key)>();
        foreach (var rule in _schema)
        {
            if (!IsNodeRule(rule) || rule.Properties.Count != 1) continue;
            var key = (_store.LabelTokens.GetOrAdd(rule.LabelOrType), rule.Properties[0]);
            if (updated.ContainsKey(key) || fresh.Contains(key)) continue;
            if (_base.NodeIndexes.TryGetValue(key, out var existing)) updated.Add(key, existing.ToBuilder());
            else fresh.Add(key);
        }

        var upsertNodes = new List<NodeRecord>();
        var deletedNodes = new List<long>();
        foreach (var s in _nodes.Values)
        {
            var old = s.Committed;
            if (s.Deleted)
            {
                if (old is null) continue;
                nodes.Set(s.Id, null);
                adjacency.Set(s.Id, default);
                foreach (var l in old.Labels.Ids) Bitmap(l).Set(s.Id, false);
                foreach (var ((labelId, key), map) in updated)
                {
                    if (old.Labels.Has(labelId) && PropertyValues.IndexKey(old.Properties.Get(key)) is { } k) map.Remove(k, s.Id);
                }
                deletedNodes.Add(s.Id);
                continue;
            }
            var record = s.In is not null || old is null
                ? NodeRecord.Create(s.Id, s.Labels, s.Properties, s.In is null ? [] : s.In.Span, s.Out is null ? [] : s.Out.Span)
                : old.WithData(s.Labels, s.Properties);
            nodes.Set(s.Id, record);
            if (!ReferenceEquals(record.Adj, old?.Adj) || old is null) adjacency.Set(s.Id, AdjacencySlot.Of(record));
            var oldLabels = old?.Labels ?? LabelSet.Empty;
            if (!ReferenceEquals(oldLabels, s.Labels))
            {
                foreach (var l in s.Labels.Ids)
                {
                    if (!oldLabels.Has(l)) Bitmap(l).Set(s.Id, true);
                }
                foreach (var l in oldLabels.Ids)
                {
                    if (!s.Labels.Has(l)) Bitmap(l).Set(s.Id, false);
                }
            }
            foreach (var ((labelId, key), map) in updated)
            {
                var before = oldLabels.Has(labelId) ? PropertyValues.IndexKey(old!.Properties.Get(key)) : null;
                var after = s.Labels.Has(labelId) ? PropertyValues.IndexKey(s.Properties.Get(key)) : null;
                if (Equals(before, after)) continue;
                if (before is not null) map.Remove(before, s.Id);
                if (after is not null) map.Add(after, s.Id);
            }
            if (old is null || s.DataChanged) upsertNodes.Add(record);
        }

        var upsertRels = new List<RelRecord>();
        var deletedRels = new List<long>();
        foreach (var r in _rels.Values)
        {
            if (r.Deleted)
            {
                if (r.Committed is null) continue;
                rels.Set(r.Id, null);
                deletedRels.Add(r.Id);
                continue;
            }
            if (r.Committed is not null && ReferenceEquals(r.Committed.Properties, r.Properties)) continue;
            var record = new RelRecord(r.Id, r.StartNodeId, r.EndNodeId, r.TypeId, r.Properties);
            rels.Set(r.Id, record);
            upsertRels.Add(record);
        }

        var labelIndex = Resized(_base.LabelIndex, labelCount);
        for (var l = 0; l < labelCount; l++)
        {
            if (bitmaps[l] is { } b) labelIndex[l] = b.Build();
        }
        var nodeTable = nodes.Build();
        var indexes = new Dictionary<(int, string), NodeIndex>();
        foreach (var (key, map) in updated) indexes.Add(key, map.Build());
        foreach (var (labelId, key) in fresh)
        {
            var map = NodeIndex.Empty.ToBuilder();
            foreach (var id in labelIndex[labelId]?.All() ?? [])
            {
                if (PropertyValues.IndexKey(nodeTable.Get(id)!.Properties.Get(key)) is { } k) map.Add(k, id);
            }
            indexes.Add((labelId, key), map.Build());
        }

        var dataChanged = upsertNodes.Count + deletedNodes.Count + upsertRels.Count + deletedRels.Count > 0;
        var sequence = _base.LastSequence + (dataChanged ? 1 : 0);
        var next = new Generation
        {
            Version = _base.Version + 1,
            Nodes = nodeTable,
            Adjacency = adjacency.Build(),
            Rels = rels.Build(),
            LabelIndex = labelIndex,
            LabelCounts = labelCounts,
            TypeCounts = typeCounts,
            NodeCount = _base.NodeCount + _nodeDelta,
            RelCount = _base.RelCount + _relDelta,
            Schema = [.. _schema],
            NodeIndexes = indexes,
            PropertyKeys = _newKeys.Count == 0 ? _base.PropertyKeys : [.. _base.PropertyKeys, .. _newKeys],
            NextNodeId = _nextNodeId,
            NextRelId = _nextRelId,
            LastSequence = sequence,
        };
        GraphChange? change = null;
        if (dataChanged)
        {
            change = new GraphChange(sequence, DateTimeOffset.UtcNow,
                upsertNodes.Select(n => new GraphNode(ElementIds.Node(n.Id), n.Labels.Names, n.Properties)).ToList(),
                upsertRels.Select(r => new GraphRelationship(ElementIds.Relationship(r.Id), ElementIds.Node(r.StartNodeId),
                    ElementIds.Node(r.EndNodeId), _store.TypeName(r.TypeId), r.Properties)).ToList(),
                deletedNodes.Select(ElementIds.Node).ToList(),
                deletedRels.Select(ElementIds.Relationship).ToList());
        }
        return new CommitPlan
        {
            Next = next,
            UpsertNodes = upsertNodes,
            DeletedNodes = deletedNodes,
            UpsertRels = upsertRels,
            DeletedRels = deletedRels,
            SchemaChanged = _schemaChanged,
            Change = change,
        };

        IdBitmap.Builder Bitmap(int labelId) =>
            bitmaps[labelId] ??= ((uint)labelId < (uint)_base.LabelIndex.Length ? _base.LabelIndex[labelId] ?? IdBitmap.Empty : IdBitmap.Empty).ToBuilder();
    }

    /// <summary>Whether committing would change nothing at all (no record, rule or id was touched).</summary>
    internal bool IsNoOp => _nodes.Count == 0 && _rels.Count == 0 && !_schemaChanged &&
        _nextNodeId == _firstNodeId && _nextRelId == _firstRelId;

    private static T[] Resized<T>(T[] array, int length)
    {
        var copy = new T[Math.Max(length, array.Length)];
        array.CopyTo(copy, 0);
        return copy;
    }
}
