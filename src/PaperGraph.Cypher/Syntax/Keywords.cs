namespace PaperGraph.Cypher.Syntax;

/// <summary>The words the parser treats specially. Matching ignores case.</summary>
public enum Keyword : byte
{
    None,
    All, Allshortestpaths, And, Any, As, Asc, Ascending, Assert, By, Call, Case, Commit, Constraint, Constraints,
    Contains, Count, Create, Csv, Delete, Desc, Descending, Detach, Distinct, Drop, Else, End, Ends, Exists,
    Explain, Extract, False, Fieldterminator, Filter, For, Foreach, From, Headers, If, In, Index, Indexes, Is,
    Join, Key, Limit, Load, Match, Merge, Node, None_, Not, Null, Of, Offset, On, Optional, Or, Order, Periodic,
    Profile, Reduce, Remove, Require, Return, Rows, Scan, Set, Shortestpath, Show, Single, Skip, Starts, Then,
    Transactions, True, Union, Unique, Unwind, Use, Using, When, Where, With, Xor, Yield, Finish,
}

/// <summary>Looks up keywords without allocating.</summary>
public static class Keywords
{
    private static readonly Dictionary<string, Keyword> Table = Build();
    private static readonly Dictionary<string, Keyword>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Table.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The keyword a word spells, or <see cref="Keyword.None"/>.</summary>
    public static Keyword Lookup(ReadOnlySpan<char> word) =>
        word.Length is >= 2 and <= 16 && SpanLookup.TryGetValue(word, out var k) ? k : Keyword.None;

    /// <summary>True when the word is a keyword (in any case).</summary>
    public static bool IsKeyword(string word) => Lookup(word) != Keyword.None;

    /// <summary>The keyword as written in canonical Cypher (upper case).</summary>
    public static string Text(Keyword keyword) => keyword == Keyword.None_ ? "NONE" : keyword.ToString().ToUpperInvariant();

    private static Dictionary<string, Keyword> Build()
    {
        var table = new Dictionary<string, Keyword>(StringComparer.OrdinalIgnoreCase);
        foreach (var k in Enum.GetValues<Keyword>())
        {
            if (k != Keyword.None)
            {
                table[Text(k)] = k;
            }
        }

        return table;
    }
}
