using System.Collections.Immutable;
using PaperGraph.Cypher.Storage;

namespace PaperGraph.Storage.Sqlite;

/// <summary>One committed version of the whole graph. Immutable once published: a reader holding it sees exactly
/// that version, whatever commits after it; a commit builds the next one by copying only what it touched.</summary>
internal sealed class Generation
{
    public required long Version { get; init; }
    public required PagedTable<NodeRecord> Nodes { get; init; }
    public required PagedTable<RelRecord> Rels { get; init; }

    /// <summary>Node ids by label token (null where no node ever had the label).</summary>
    public required IdBitmap?[] LabelIndex { get; init; }
    public required long[] LabelCounts { get; init; }
    public required long[] TypeCounts { get; init; }
    public required long NodeCount { get; init; }
    public required long RelCount { get; init; }
    public required SchemaRule[] Schema { get; init; }

    /// <summary>Property indexes for the node schema rules, by (label token, property key).</summary>
    public required IReadOnlyDictionary<(int LabelId, string Key), NodeIndex> NodeIndexes { get; init; }

    /// <summary>Property keys ever committed, in first-use order.</summary>
    public required string[] PropertyKeys { get; init; }
    public required long NextNodeId { get; init; }
    public required long NextRelId { get; init; }
    public required long LastSequence { get; init; }

    public static Generation Empty { get; } = new()
    {
        Version = 0,
        Nodes = PagedTable<NodeRecord>.Empty,
        Rels = PagedTable<RelRecord>.Empty,
        LabelIndex = [],
        LabelCounts = [],
        TypeCounts = [],
        NodeCount = 0,
        RelCount = 0,
        Schema = [],
        NodeIndexes = new Dictionary<(int, string), NodeIndex>(),
        PropertyKeys = [],
        NextNodeId = 0,
        NextRelId = 0,
        LastSequence = 0,
    };

    public long LabelCount(int labelId) => (uint)labelId < (uint)LabelCounts.Length ? LabelCounts[labelId] : 0;
    public long TypeCount(int typeId) => (uint)typeId < (uint)TypeCounts.Length ? TypeCounts[typeId] : 0;
    public IdBitmap? LabelBitmap(int labelId) => (uint)labelId < (uint)LabelIndex.Length ? LabelIndex[labelId] : null;
}

/// <summary>An immutable property index: Cypher-equality key (<see cref="PropertyValues.IndexKey"/>) to node ids.</summary>
internal sealed class NodeIndex(ImmutableDictionary<object, long[]> map)
{
    public static readonly NodeIndex Empty = new(ImmutableDictionary<object, long[]>.Empty);

    public ImmutableDictionary<object, long[]> Map { get; } = map;

    public long[] Lookup(object key) => Map.TryGetValue(key, out var ids) ? ids : [];

    public static void Add(ImmutableDictionary<object, long[]>.Builder map, object key, long id)
    {
        if (map.TryGetValue(key, out var ids))
        {
            if (Array.IndexOf(ids, id) >= 0) return;
            var more = new long[ids.Length + 1];
            ids.CopyTo(more, 0);
            more[^1] = id;
            map[key] = more;
        }
        else
        {
            map[key] = [id];
        }
    }

    public static void Remove(ImmutableDictionary<object, long[]>.Builder map, object key, long id)
    {
        if (!map.TryGetValue(key, out var ids)) return;
        var i = Array.IndexOf(ids, id);
        if (i < 0) return;
        if (ids.Length == 1)
        {
            map.Remove(key);
            return;
        }
        var fewer = new long[ids.Length - 1];
        Array.Copy(ids, 0, fewer, 0, i);
        Array.Copy(ids, i + 1, fewer, i, ids.Length - i - 1);
        map[key] = fewer;
    }
}
