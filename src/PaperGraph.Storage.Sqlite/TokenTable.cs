using System.Collections.Concurrent;

namespace PaperGraph.Storage.Sqlite;

/// <summary>Interns names (labels, relationship types, property keys) as dense ints.</summary>
/// <remarks>Append-only and shared by every snapshot: a token never changes meaning, so readers need no
/// lock. A token interned by a transaction that later rolled back stays, unused.</remarks>
internal sealed class TokenTable
{
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile string[] _names = new string[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The token of <paramref name="name"/>, or -1.</summary>
    public int Find(string name) => _ids.TryGetValue(name, out var id) ? id : -1;

    public int GetOrAdd(string name)
    {
        if (_ids.TryGetValue(name, out var id)) return id;
        lock (_gate)
        {
            if (_ids.TryGetValue(name, out id)) return id;
            id = _count;
            var names = _names;
            if (id == names.Length)
            {
                Array.Resize(ref names, names.Length * 2);
            }
            names[id] = string.Intern(name);
            _names = names;
            Volatile.Write(ref _count, id + 1);
            _ids[names[id]] = id;
            return id;
        }
    }

    public string Name(int id)
    {
        // Count first: a writer publishes the (grown) array before the count, so this array has the name.
        var count = Count;
        var names = _names;
        if ((uint)id >= (uint)count || names[id] is not { } name)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "No such token.");
        }
        return name;
    }
}

/// <summary>Interns label sets so that nodes with the same labels share one immutable array of ids and names.</summary>
internal sealed class LabelSetTable(TokenTable labels)
{
    private readonly ConcurrentDictionary<string, LabelSet> _sets = new(StringComparer.Ordinal);

    public TokenTable Tokens { get; } = labels;

    public LabelSet Get(IEnumerable<int> ids)
    {
        var sorted = ids.Distinct().Order().ToArray();
        if (sorted.Length == 0) return LabelSet.Empty;
        var key = string.Join(',', sorted);
        return _sets.GetOrAdd(key, _ => new LabelSet(sorted, sorted.Select(Tokens.Name).ToArray()));
    }

    public LabelSet With(LabelSet set, int id) => set.Has(id) ? set : Get(set.Ids.Append(id));
    public LabelSet Without(LabelSet set, int id) => set.Has(id) ? Get(set.Ids.Where(x => x != id)) : set;
}

/// <summary>An immutable, sorted set of label tokens with their names (in token order).</summary>
internal sealed class LabelSet(int[] ids, string[] names)
{
    public static readonly LabelSet Empty = new([], []);

    public int[] Ids { get; } = ids;
    public string[] Names { get; } = names;

    public bool Has(int id)
    {
        foreach (var x in Ids)
        {
            if (x == id) return true;
        }
        return false;
    }

    public bool HasName(string name)
    {
        foreach (var n in Names)
        {
            if (string.Equals(n, name, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
