using System.Diagnostics.CodeAnalysis;
using PaperGraph.Cypher.Storage;

namespace PaperGraph.Storage.Sqlite;

/// <summary>An immutable property map in insertion order; also the dictionary handed to the engine, so reading
/// all of a record's properties allocates nothing.</summary>
internal sealed class PropertyBag : IReadOnlyDictionary<string, object?>
{
    public static readonly PropertyBag Empty = new([], []);

    private readonly string[] _keys;
    private readonly object[] _values;

    public PropertyBag(string[] keys, object[] values)
    {
        _keys = keys;
        _values = values;
    }

    public int Count => _keys.Length;
    public string KeyAt(int i) => _keys[i];
    public object ValueAt(int i) => _values[i];

    public object? Get(string key)
    {
        var keys = _keys;
        for (var i = 0; i < keys.Length; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal)) return _values[i];
        }
        return null;
    }

    /// <summary>A bag with <paramref name="key"/> set (interned name), or removed when <paramref name="value"/> is null.</summary>
    public PropertyBag With(string key, object? value)
    {
        var index = Array.FindIndex(_keys, k => string.Equals(k, key, StringComparison.Ordinal));
        if (value is null)
        {
            if (index < 0) return this;
            if (_keys.Length == 1) return Empty;
            var keys = new string[_keys.Length - 1];
            var values = new object[_keys.Length - 1];
            for (int i = 0, j = 0; i < _keys.Length; i++)
            {
                if (i == index) continue;
                keys[j] = _keys[i];
                values[j++] = _values[i];
            }
            return new PropertyBag(keys, values);
        }
        if (index >= 0)
        {
            var values = (object[])_values.Clone();
            values[index] = value;
            return new PropertyBag(_keys, values);
        }
        var k2 = new string[_keys.Length + 1];
        var v2 = new object[_keys.Length + 1];
        _keys.CopyTo(k2, 0);
        _values.CopyTo(v2, 0);
        k2[^1] = key;
        v2[^1] = value;
        return new PropertyBag(k2, v2);
    }

    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
    public IEnumerable<string> Keys => _keys;
    public IEnumerable<object?> Values => _values;
    public bool ContainsKey(string key) => Get(key) is not null;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        value = Get(key);
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(_keys[i], _values[i]);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A committed node: immutable, shared by every snapshot until a commit replaces it.</summary>
/// <remarks><see cref="Adj"/> holds the incoming relationships (self-loops included) followed by the outgoing
/// ones (self-loops included); <see cref="BothWithLoops"/> is set only when there are self-loops, holding each
/// of them once.</remarks>
internal sealed class NodeRecord(long id, LabelSet labels, PropertyBag properties, Adjacency[] adj, int inCount,
    Adjacency[]? bothWithLoops)
{
    public long Id { get; } = id;
    public LabelSet Labels { get; } = labels;
    public PropertyBag Properties { get; } = properties;
    public Adjacency[] Adj { get; } = adj;
    public int InCount { get; } = inCount;
    public Adjacency[]? BothWithLoops { get; } = bothWithLoops;

    public ReadOnlyMemory<Adjacency> Get(StoreDirection direction) => direction switch
    {
        StoreDirection.Outgoing => new ReadOnlyMemory<Adjacency>(Adj, InCount, Adj.Length - InCount),
        StoreDirection.Incoming => new ReadOnlyMemory<Adjacency>(Adj, 0, InCount),
        _ => BothWithLoops ?? Adj,
    };

    public NodeRecord WithData(LabelSet labels, PropertyBag properties) =>
        new(Id, labels, properties, Adj, InCount, BothWithLoops);

    /// <summary>Builds a record's adjacency layout from its incoming and outgoing relationships.</summary>
    public static NodeRecord Create(long id, LabelSet labels, PropertyBag properties,
        ReadOnlySpan<Adjacency> incoming, ReadOnlySpan<Adjacency> outgoing)
    {
        if (incoming.Length + outgoing.Length == 0)
        {
            return new NodeRecord(id, labels, properties, [], 0, null);
        }
        var adj = new Adjacency[incoming.Length + outgoing.Length];
        incoming.CopyTo(adj);
        outgoing.CopyTo(adj.AsSpan(incoming.Length));
        var loops = 0;
        foreach (var a in outgoing)
        {
            if (a.OtherNodeId == id) loops++;
        }
        Adjacency[]? both = null;
        if (loops > 0)
        {
            both = new Adjacency[adj.Length - loops];
            incoming.CopyTo(both);
            var j = incoming.Length;
            foreach (var a in outgoing)
            {
                if (a.OtherNodeId != id) both[j++] = a;
            }
        }
        return new NodeRecord(id, labels, properties, adj, incoming.Length, both);
    }
}

/// <summary>A committed relationship.</summary>
internal sealed class RelRecord(long id, long startNodeId, long endNodeId, int typeId, PropertyBag properties)
{
    public long Id { get; } = id;
    public long StartNodeId { get; } = startNodeId;
    public long EndNodeId { get; } = endNodeId;
    public int TypeId { get; } = typeId;
    public PropertyBag Properties { get; } = properties;
}
