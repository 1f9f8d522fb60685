using System.Runtime.CompilerServices;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Values;

/// <summary>
/// The bounds every value the engine builds stays within: nesting depth (<see cref="GraphValues.MaxDepth"/>
/// levels of lists and maps, checked where a value is put inside a new list or map, so no deeper value exists
/// downstream) and an estimate of its size in bytes for the statement's memory budget (<see cref="QueryBudget"/>).
/// </summary>
/// <remarks>The walks here are recursive but stop at <see cref="GraphValues.MaxDepth"/> levels, so they are safe
/// on any value, including parameters and stored data that did not come through the engine.</remarks>
public static class ValueLimits
{
    public const int MaxDepth = GraphValues.MaxDepth;

    /// <summary>Estimated bytes of an object header plus a reference to it.</summary>
    private const long Box = 24;

    /// <summary>Lists and maps nest (0 for any other value, 1 for a list of scalars).</summary>
    public static int DepthOf(object? value) => DepthOf(value, null);

    /// <summary><see cref="DepthOf(object?)"/>, remembering the depth of every nested list and map in
    /// <paramref name="known"/> (by reference), so shared parts are walked once.</summary>
    internal static int DepthOf(object? value, Dictionary<object, int>? known)
    {
        var budget = QueryBudget.Current;
        return DepthWalk(value, 0, known, budget);
    }

    private static int DepthWalk(object? value, int level, Dictionary<object, int>? known, QueryBudget? budget)
    {
        if (value is not (IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>) || value is CypherFunctions.RangeList)
        {
            return value is CypherFunctions.RangeList ? 1 : 0;
        }

        if (level >= MaxDepth)
        {
            throw GraphValues.TooDeep();
        }

        if (known is not null && known.TryGetValue(value, out var remembered))
        {
            if (level + remembered > MaxDepth)
            {
                throw GraphValues.TooDeep();
            }

            return remembered;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        var deepest = 0;
        if (value is IReadOnlyList<object?> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                budget?.Tick();
                if (list[i] is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>)
                {
                    deepest = Math.Max(deepest, DepthWalk(list[i], level + 1, known, budget));
                }
            }
        }
        else
        {
            foreach (var (_, item) in (IReadOnlyDictionary<string, object?>)value)
            {
                budget?.Tick();
                if (item is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>)
                {
                    deepest = Math.Max(deepest, DepthWalk(item, level + 1, known, budget));
                }
            }
        }

        // Only lists and maps holding lists or maps are remembered: a flat one is cheap to walk again.
        if (known is not null && deepest > 0)
        {
            known[value] = deepest + 1;
        }

        return deepest + 1;
    }

    /// <summary>An estimate of the managed memory <paramref name="value"/> holds, counting shared parts every
    /// time they are reached (an over-estimate, never an under-estimate of what is kept alive through it). A
    /// <c>range()</c> is counted as the list it becomes once it is materialised.</summary>
    /// <exception cref="GraphException">The value nests deeper than <see cref="MaxDepth"/>.</exception>
    public static long SizeOf(object? value)
    {
        var depth = 0;
        var cap = QueryBudget.Current?.MemoryLimit ?? long.MaxValue;
        return Walk(value, 0, ref depth, cap);
    }

    /// <summary>The bytes a new value of this kind adds by itself, without the lists and maps it refers to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ShallowSizeOf(object? value) => value switch
    {
        null or bool => 0,
        string s => Box + (2L * s.Length),
        CypherFunctions.RangeList r => Box + (r.Count * (8 + Box)),
        IReadOnlyList<object?> list => Box + (8L * list.Count),
        IReadOnlyDictionary<string, object?> map => 64 + (40L * map.Count),
        PathValue p => Box + (8L * (p.NodeIds.Length + p.RelationshipIds.Length)) + 48,
        _ => Box,
    };

    /// <summary>Checks that <paramref name="child"/> may become an element of a new list or map (its depth is
    /// below <see cref="MaxDepth"/>). Scalars pass at once; a list or map is walked (once, when the same one is
    /// nested again and again).</summary>
    /// <exception cref="GraphException"><c>Neo.ClientError.Statement.ArgumentError</c>: it is too deep.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckNestable(object? child)
    {
        if (child is IReadOnlyList<object?> or IReadOnlyDictionary<string, object?>)
        {
            CheckNestableContainer(child);
        }
    }

    private static void CheckNestableContainer(object child)
    {
        if (child is CypherFunctions.RangeList)
        {
            return;
        }

        var depth = QueryBudget.Current is { } budget ? budget.DepthOf(child) : DepthOf(child);
        if (depth >= MaxDepth)
        {
            throw GraphValues.TooDeep();
        }
    }

    /// <summary>Called by every recursive walk over values as it enters a list or map: values are bounded in
    /// depth where they are built, and this keeps a walk safe even on one that was not (it throws
    /// <see cref="InsufficientExecutionStackException"/>, which the database turns into a client error, long
    /// before the stack runs out).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnterContainer() => RuntimeHelpers.EnsureSufficientExecutionStack();

    /// <summary>Bytes of <paramref name="value"/>, stopping once they pass <paramref name="cap"/> (the budget: a
    /// value sharing its parts can count exponentially more than it holds, and past the budget the exact figure
    /// does not matter).</summary>
    private static long Walk(object? value, int level, ref int maxDepth, long cap)
    {
        switch (value)
        {
            case null or bool:
                return 0;
            case long or double:
                return Box;
            case string s:
                return Box + (2L * s.Length);
            case CypherFunctions.RangeList range:
                maxDepth = Math.Max(maxDepth, level + 1);
                return Box + (range.Count * (8 + Box));
            case IReadOnlyList<object?> list:
            {
                if (level >= MaxDepth)
                {
                    throw GraphValues.TooDeep();
                }

                RuntimeHelpers.EnsureSufficientExecutionStack();
                maxDepth = Math.Max(maxDepth, level + 1);
                var budget = QueryBudget.Current;
                long bytes = Box + (8L * list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    budget?.Tick();
                    bytes += Walk(list[i], level + 1, ref maxDepth, cap);
                    if (bytes > cap)
                    {
                        return bytes;
                    }
                }

                return bytes;
            }
            case IReadOnlyDictionary<string, object?> map:
            {
                if (level >= MaxDepth)
                {
                    throw GraphValues.TooDeep();
                }

                RuntimeHelpers.EnsureSufficientExecutionStack();
                maxDepth = Math.Max(maxDepth, level + 1);
                var budget = QueryBudget.Current;
                long bytes = 64 + (40L * map.Count);
                foreach (var (_, item) in map)
                {
                    budget?.Tick();
                    bytes += Walk(item, level + 1, ref maxDepth, cap);
                    if (bytes > cap)
                    {
                        return bytes;
                    }
                }

                return bytes;
            }
            default:
                return ShallowSizeOf(value);
        }
    }
}
