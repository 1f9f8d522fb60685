using System.Numerics;
using PaperGraph.Cypher.Storage;

namespace PaperGraph.Storage.Sqlite;

/// <summary>An immutable table of records by dense id, in fixed-size pages, so that a commit copies only the
/// pages it touches (copy-on-write) and every older snapshot keeps its own.</summary>
internal sealed class PagedTable<T> where T : class
{
    public const int Shift = 9;
    public const int PageSize = 1 << Shift;
    private const int Mask = PageSize - 1;

    public static readonly PagedTable<T> Empty = new([]);

    private readonly T?[]?[] _pages;

    private PagedTable(T?[]?[] pages) => _pages = pages;

    public T? Get(long id)
    {
        var pages = _pages;
        var p = (ulong)id >> Shift;
        if (p >= (ulong)pages.Length) return null;
        var page = pages[p];
        return page?[id & Mask];
    }

    /// <summary>Every record, by ascending id.</summary>
    public IEnumerable<T> All()
    {
        foreach (var page in _pages)
        {
            if (page is null) continue;
            foreach (var item in page)
            {
                if (item is not null) yield return item;
            }
        }
    }

    public Builder ToBuilder() => new(_pages);

    /// <summary>Collects one commit's changes; pages are copied the first time they are written.</summary>
    public sealed class Builder
    {
        private T?[]?[] _pages;
        private bool[] _owned;

        public Builder(T?[]?[] pages)
        {
            _pages = (T?[]?[])pages.Clone();
            _owned = new bool[pages.Length];
        }

        public T? Get(long id)
        {
            var p = (ulong)id >> Shift;
            if (p >= (ulong)_pages.Length) return null;
            return _pages[p]?[id & Mask];
        }

        public void Set(long id, T? item)
        {
            var p = (int)((ulong)id >> Shift);
            if (p >= _pages.Length)
            {
                if (item is null) return;
                var size = Math.Max(p + 1, _pages.Length * 2);
                Array.Resize(ref _pages, size);
                Array.Resize(ref _owned, size);
            }
            var page = _pages[p];
            if (!_owned[p])
            {
                page = page is null ? new T?[PageSize] : (T?[])page.Clone();
                _pages[p] = page;
                _owned[p] = true;
            }
            page![id & Mask] = item;
        }

        public PagedTable<T> Build()
        {
            // Trim trailing empty directory slots so the directory stays proportional to the highest id.
            var length = _pages.Length;
            while (length > 0 && _pages[length - 1] is null) length--;
            return new PagedTable<T>(length == _pages.Length ? _pages : _pages[..length]);
        }
    }
}

/// <summary>An immutable set of node ids (one per label), as a paged bitmap with copy-on-write pages.</summary>
internal sealed class IdBitmap
{
    private const int WordsShift = 6; // 64 words = 4096 ids per page
    private const int WordsPerPage = 1 << WordsShift;
    private const int IdsShift = WordsShift + 6;

    public static readonly IdBitmap Empty = new([]);

    private readonly ulong[]?[] _pages;

    private IdBitmap(ulong[]?[] pages) => _pages = pages;

    public bool Contains(long id)
    {
        var p = (ulong)id >> IdsShift;
        if (p >= (ulong)_pages.Length || _pages[p] is not { } page) return false;
        var bit = id & ((1 << IdsShift) - 1);
        return (page[bit >> 6] & (1UL << (int)(bit & 63))) != 0;
    }

    /// <summary>Every id in the set, ascending.</summary>
    public IEnumerable<long> All()
    {
        for (var p = 0; p < _pages.Length; p++)
        {
            var page = _pages[p];
            if (page is null) continue;
            for (var w = 0; w < page.Length; w++)
            {
                var word = page[w];
                while (word != 0)
                {
                    var bit = BitOperations.TrailingZeroCount(word);
                    yield return ((long)p << IdsShift) + ((long)w << 6) + bit;
                    word &= word - 1;
                }
            }
        }
    }

    public Builder ToBuilder() => new(_pages);

    public sealed class Builder(ulong[]?[] pages)
    {
        private ulong[]?[] _pages = (ulong[]?[])pages.Clone();
        private bool[] _owned = new bool[pages.Length];

        public void Set(long id, bool present)
        {
            var p = (int)((ulong)id >> IdsShift);
            if (p >= _pages.Length)
            {
                if (!present) return;
                var size = Math.Max(p + 1, _pages.Length * 2);
                Array.Resize(ref _pages, size);
                Array.Resize(ref _owned, size);
            }
            var page = _pages[p];
            if (page is null && !present) return;
            if (!_owned[p])
            {
                page = page is null ? new ulong[WordsPerPage] : (ulong[])page.Clone();
                _pages[p] = page;
                _owned[p] = true;
            }
            var bit = id & ((1 << IdsShift) - 1);
            if (present) page![bit >> 6] |= 1UL << (int)(bit & 63);
            else page![bit >> 6] &= ~(1UL << (int)(bit & 63));
        }

        public IdBitmap Build() => new(_pages);
    }
}

/// <summary>Where a node's adjacency array is, kept apart from the node records so that a traversal reads one
/// dense slot and then the array, without a hop through the record.</summary>
/// <remarks><see cref="InTypes"/> and <see cref="OutTypes"/> summarise which relationship types the node has in
/// each direction (bit t for type id t below 31; bit 31 for any higher type id), so that "has a relationship of
/// type T" is answered from the slot alone, without reading the array.
/// <see cref="Others"/> holds each relationship's other node id, parallel to the array (incoming, then outgoing),
/// so that a walk of a direction whose relationships are all of the walked type reads 8 bytes a relationship
/// instead of 24 (<see cref="Neighbours"/>).</remarks>
internal readonly record struct AdjacencySlot(Adjacency[]? Adj, int InCount, Adjacency[]? BothWithLoops, uint InTypes, uint OutTypes,
    long[]? Others)
{
    public const int OverflowBit = 31;

    public static AdjacencySlot Of(NodeRecord record)
    {
        var adj = record.Adj;
        uint inTypes = 0, outTypes = 0;
        var others = adj.Length == 0 ? [] : new long[adj.Length];
        for (var i = 0; i < adj.Length; i++)
        {
            var bit = 1u << Math.Min(adj[i].TypeId, OverflowBit);
            if (i < record.InCount) inTypes |= bit;
            else outTypes |= bit;
            others[i] = adj[i].OtherNodeId;
        }
        return new(adj, record.InCount, record.BothWithLoops, inTypes, outTypes, others);
    }

    /// <summary>The other node ids of the direction's relationships of type <paramref name="typeId"/> (any when
    /// negative), when they are the whole direction (one type only, below the overflow bit); else false.</summary>
    public bool Neighbours(StoreDirection direction, int typeId, out ReadOnlyMemory<long> neighbours)
    {
        neighbours = default;
        if (Others is null || direction == StoreDirection.Both) return false;
        var types = direction == StoreDirection.Incoming ? InTypes : OutTypes;
        if (types == 0)
        {
            return true; // no relationships in the direction: none of the type either
        }
        if (typeId >= 0 && (typeId >= OverflowBit || types != 1u << typeId))
        {
            // Mixed types: the run holds others too. A type with no relationships here has none to walk.
            var bit = 1u << Math.Min(typeId, OverflowBit);
            return (types & bit) == 0;
        }
        neighbours = direction == StoreDirection.Incoming
            ? new ReadOnlyMemory<long>(Others, 0, InCount)
            : new ReadOnlyMemory<long>(Others, InCount, Others.Length - InCount);
        return true;
    }

    /// <summary>The type bits of a direction (both: either).</summary>
    public uint Types(StoreDirection direction) => direction switch
    {
        StoreDirection.Incoming => InTypes,
        StoreDirection.Outgoing => OutTypes,
        _ => InTypes | OutTypes,
    };
}

/// <summary>An immutable table of <see cref="AdjacencySlot"/> by node id, in copy-on-write pages; a slot with no
/// array means no such node.</summary>
internal sealed class AdjacencyTable
{
    private const int Shift = 9;
    private const int PageSize = 1 << Shift;
    private const int Mask = PageSize - 1;

    public static readonly AdjacencyTable Empty = new([]);

    private readonly AdjacencySlot[]?[] _pages;

    private AdjacencyTable(AdjacencySlot[]?[] pages) => _pages = pages;

    public AdjacencySlot Get(long id)
    {
        var pages = _pages;
        var p = (ulong)id >> Shift;
        if (p >= (ulong)pages.Length || pages[p] is not { } page) return default;
        return page[id & Mask];
    }

    public Builder ToBuilder() => new(_pages);

    public sealed class Builder(AdjacencySlot[]?[] pages)
    {
        private AdjacencySlot[]?[] _pages = (AdjacencySlot[]?[])pages.Clone();
        private bool[] _owned = new bool[pages.Length];

        public void Set(long id, AdjacencySlot slot)
        {
            var p = (int)((ulong)id >> Shift);
            if (p >= _pages.Length)
            {
                if (slot.Adj is null) return;
                var size = Math.Max(p + 1, _pages.Length * 2);
                Array.Resize(ref _pages, size);
                Array.Resize(ref _owned, size);
            }
            var page = _pages[p];
            if (!_owned[p])
            {
                page = page is null ? new AdjacencySlot[PageSize] : (AdjacencySlot[])page.Clone();
                _pages[p] = page;
                _owned[p] = true;
            }
            page![id & Mask] = slot;
        }

        public AdjacencyTable Build()
        {
            var length = _pages.Length;
            while (length > 0 && _pages[length - 1] is null) length--;
            return new AdjacencyTable(length == _pages.Length ? _pages : _pages[..length]);
        }
    }
}
