using PaperGraph.Cypher.Values;
using PaperGraph.Graph;

namespace PaperGraph.Cypher.Execution;

public sealed class FilterOperator(PhysicalOperator input, Evaluator predicate) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            context.CheckCancellation();
            if (CypherOperators.IsTrue(predicate(row, context)))
            {
                yield return row;
            }
            else
            {
                context.Budget.EndRow();
            }
        }
    }
}

public sealed class ProjectOperator(PhysicalOperator input, int[] slots, Evaluator[] values) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var copy = Copy(row);
            for (var i = 0; i < slots.Length; i++)
            {
                copy[slots[i]] = values[i](row, context);
            }

            yield return copy;
        }
    }
}

/// <summary>Rows as distinct under Cypher equivalence of the listed slots (first occurrence kept).</summary>
public sealed class DistinctOperator(PhysicalOperator input, int[] slots) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument) =>
        slots.Length == 1 ? RunOne(context, argument, slots[0]) : RunMany(context, argument);

    /// <summary>One slot: its values are the keys (nodes by id in a bitmap), no key arrays.</summary>
    private IEnumerable<object?[]> RunOne(QueryContext context, object?[] argument, int slot)
    {
        using var nodes = new NodeIdSet();
        var seen = new HashSet<object?>(CypherEquality.Equivalence);
        var budget = context.Budget;
        foreach (var row in input.Run(context, argument))
        {
            budget.Tick();
            if (row[slot] is NodeValue n ? nodes.Add(n.Id) : Add(seen, row[slot], budget))
            {
                yield return row;
            }
        }
    }

    private static bool Add(HashSet<object?> seen, object? value, QueryBudget budget)
    {
        if (!seen.Add(value))
        {
            return false;
        }

        budget.Retain(16 + budget.SizeOfRetained(value));
        return true;
    }

    private IEnumerable<object?[]> RunMany(QueryContext context, object?[] argument)
    {
        var seen = new HashSet<object?[]>(CypherEquality.RowEquivalence);
        var budget = context.Budget;
        foreach (var row in input.Run(context, argument))
        {
            budget.Tick();
            var key = new object?[slots.Length];
            for (var i = 0; i < slots.Length; i++)
            {
                key[i] = row[slots[i]];
            }

            if (seen.Add(key))
            {
                budget.Retain(Measure.Row(budget, key));
                yield return row;
            }
        }
    }
}

public sealed class AggregateOperator(PhysicalOperator input, int[] keySlots, Evaluator[] keys, AggregateDefinition[] aggregates)
    : PhysicalOperator
{
    private sealed class Group(object?[] baseRow, IAggregator[] aggregators)
    {
        public object?[] BaseRow { get; } = baseRow;
        public IAggregator[] Aggregators { get; } = aggregators;
    }

    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument) =>
        keys.Length == 0 ? RunSingleGroup(context, argument) : RunGroups(context, argument);

    /// <summary>No grouping keys: one group, no hashing.</summary>
    private IEnumerable<object?[]> RunSingleGroup(QueryContext context, object?[] argument)
    {
        var aggregators = aggregates.Select(a => a.Create()).ToArray();
        object?[]? baseRow = null;
        foreach (var row in input.Run(context, argument))
        {
            context.CheckCancellation();
            baseRow ??= row;
            Accumulate(context, row, aggregators);
            context.Budget.EndRow();
        }

        var output = Copy(baseRow ?? argument);
        for (var i = 0; i < aggregates.Length; i++)
        {
            output[aggregates[i].Slot] = aggregators[i].Result();
        }

        yield return output;
    }

    private void Accumulate(QueryContext context, object?[] row, IAggregator[] aggregators)
    {
        for (var i = 0; i < aggregates.Length; i++)
        {
            aggregates[i].Accumulate(aggregators[i], row, context);
        }
    }

    private IEnumerable<object?[]> RunGroups(QueryContext context, object?[] argument)
    {
        var groups = new Dictionary<object?[], Group>(CypherEquality.RowEquivalence);
        var order = new List<(object?[] Key, Group Group)>();
        foreach (var row in input.Run(context, argument))
        {
            context.CheckCancellation();
            var key = new object?[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                key[i] = keys[i](row, context);
            }

            if (!groups.TryGetValue(key, out var group))
            {
                group = new Group(row, aggregates.Select(a => a.Create()).ToArray());
                groups.Add(key, group);
                order.Add((key, group));
                var budget = context.Budget;
                budget.Retain(Measure.Row(budget, key) + Measure.Row(budget, row) + (64L * (aggregates.Length + 2)));
            }

            Accumulate(context, row, group.Aggregators);
            context.Budget.EndRow();
        }

        if (order.Count == 0 && keys.Length == 0)
        {
            order.Add(([], new Group(argument, aggregates.Select(a => a.Create()).ToArray())));
        }

        foreach (var (key, group) in order)
        {
            var output = Copy(group.BaseRow);
            for (var i = 0; i < keySlots.Length; i++)
            {
                output[keySlots[i]] = key[i];
            }

            for (var i = 0; i < aggregates.Length; i++)
            {
                output[aggregates[i].Slot] = group.Aggregators[i].Result();
            }

            yield return output;
        }
    }
}

public sealed class SortOperator(PhysicalOperator input, Evaluator[] keys, bool[] descending) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var rows = new List<(object?[] Row, object?[] Keys)>();
        var budget = context.Budget;
        foreach (var row in input.Run(context, argument))
        {
            context.CheckCancellation();
            var k = new object?[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                k[i] = keys[i](row, context);
            }

            // The row, its keys and the sort's own copy of both.
            budget.Retain(Measure.Row(budget, row) + Measure.Row(budget, k) + 48);
            budget.EndRow();
            rows.Add((row, k));
        }

        var indexed = rows.Select((r, i) => (r.Row, r.Keys, Index: i)).ToList();
        indexed.Sort((a, b) =>
        {
            budget.Tick();
            for (var i = 0; i < keys.Length; i++)
            {
                var c = CypherComparison.CompareForOrder(a.Keys[i], b.Keys[i]);
                if (c != 0)
                {
                    return descending[i] ? -c : c;
                }
            }

            return a.Index.CompareTo(b.Index);
        });
        foreach (var r in indexed)
        {
            yield return r.Row;
        }
    }
}

internal static class Counts
{
    public static long Evaluate(Evaluator count, QueryContext context, object?[] row, string clause)
    {
        var value = count(row, context);
        return value switch
        {
            long l when l >= 0 => l,
            long l => throw new GraphException(GraphErrorCodes.SyntaxError,
                $"Invalid input. '{l}' is not a valid value. Must be a non-negative integer."),
            double d when d == Math.Floor(d) && d >= 0 => throw new GraphException(GraphErrorCodes.SyntaxError,
                $"Invalid input. '{d}' is not a valid value. Must be a non-negative integer."),
            _ => throw new GraphException(GraphErrorCodes.SyntaxError,
                $"Invalid input. '{ValueFormatter.Format(value)}' is not a valid value for {clause}. Must be a non-negative integer."),
        };
    }
}

public sealed class SkipOperator(PhysicalOperator input, Evaluator count) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var skip = Counts.Evaluate(count, context, argument, "SKIP");
        foreach (var row in input.Run(context, argument))
        {
            if (skip > 0)
            {
                skip--;
                continue;
            }

            yield return row;
        }
    }
}

public sealed class LimitOperator(PhysicalOperator input, Evaluator count) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var limit = Counts.Evaluate(count, context, argument, "LIMIT");
        if (limit == 0)
        {
            // Update clauses below still run in full (Neo4j: LIMIT 0 does not undo the writes).
            foreach (var _ in input.Run(context, argument))
            {
            }

            yield break;
        }

        foreach (var row in input.Run(context, argument))
        {
            yield return row;
            if (--limit == 0)
            {
                yield break;
            }
        }
    }
}

public sealed class UnwindOperator(PhysicalOperator input, Evaluator list, int slot) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var value = list(row, context);
            if (value is null)
            {
                continue;
            }

            if (value is not IReadOnlyList<object?> items)
            {
                var single = Copy(row);
                single[slot] = value;
                yield return single;
                continue;
            }

            foreach (var item in items)
            {
                context.Budget.Tick();
                var copy = Copy(row);
                copy[slot] = item;
                yield return copy;
            }
        }
    }
}

public sealed class OptionalOperator(PhysicalOperator input, PhysicalOperator inner, int[] nullSlots) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            var any = false;
            foreach (var r in inner.Run(context, row))
            {
                any = true;
                yield return r;
            }

            if (!any)
            {
                var copy = Copy(row);
                foreach (var s in nullSlots)
                {
                    copy[s] = null;
                }

                yield return copy;
            }
        }
    }
}

public sealed class ApplyOperator(PhysicalOperator input, PhysicalOperator inner, bool unit, int[]? optionalSlots = null) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        foreach (var row in input.Run(context, argument))
        {
            if (unit)
            {
                foreach (var _ in inner.Run(context, row))
                {
                }

                yield return row;
                continue;
            }

            var any = false;
            foreach (var r in inner.Run(context, row))
            {
                any = true;
                yield return r;
            }

            if (!any && optionalSlots is not null)
            {
                var padded = Copy(row);
                foreach (var slot in optionalSlots)
                {
                    padded[slot] = null;
                }

                yield return padded;
            }
        }
    }
}

public sealed class UnionOperator(PhysicalOperator[] branches, int[][] branchSlots, int[] outputSlots, bool all) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var seen = all ? null : new HashSet<object?[]>(CypherEquality.RowEquivalence);
        for (var b = 0; b < branches.Length; b++)
        {
            foreach (var row in branches[b].Run(context, Copy(argument)))
            {
                var output = Copy(argument);
                var key = new object?[outputSlots.Length];
                for (var i = 0; i < outputSlots.Length; i++)
                {
                    output[outputSlots[i]] = key[i] = row[branchSlots[b][i]];
                }

                context.Budget.Tick();
                if (seen is null || seen.Add(key))
                {
                    if (seen is not null)
                    {
                        context.Budget.Retain(Measure.Row(context.Budget, key));
                    }

                    yield return output;
                }
            }
        }
    }
}

/// <summary>SHORTEST k [GROUPS] over enumerated paths (see <c>TopPathsOp</c>).</summary>
public sealed class TopPathsOperator(PhysicalOperator input, int startSlot, int endSlot, (int Slot, bool IsList)[] relationships,
    long k, bool groups) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var partitions = new Dictionary<(long, long), List<(int Length, object?[] Row)>>();
        var order = new List<List<(int Length, object?[] Row)>>();
        foreach (var row in input.Run(context, argument))
        {
            if (row[startSlot] is not NodeValue s || row[endSlot] is not NodeValue e)
            {
                continue;
            }

            if (!partitions.TryGetValue((s.Id, e.Id), out var list))
            {
                partitions[(s.Id, e.Id)] = list = [];
                order.Add(list);
            }

            var length = 0;
            foreach (var (slot, isList) in relationships)
            {
                length += isList ? (row[slot] as IReadOnlyList<object?>)?.Count ?? 0 : 1;
            }

            list.Add((length, row));
        }

        foreach (var list in order)
        {
            var sorted = list.OrderBy(x => x.Length).ToList();
            if (groups)
            {
                var lengths = sorted.Select(x => x.Length).Distinct().Take((int)Math.Min(k, int.MaxValue)).ToHashSet();
                foreach (var x in sorted.Where(x => lengths.Contains(x.Length)))
                {
                    yield return x.Row;
                }
            }
            else
            {
                foreach (var x in sorted.Take((int)Math.Min(k, int.MaxValue)))
                {
                    yield return x.Row;
                }
            }
        }
    }
}

/// <summary>Materialises its input before yielding, so a write clause completes before later clauses read.</summary>
public sealed class EagerOperator(PhysicalOperator input) : PhysicalOperator
{
    public override IEnumerable<object?[]> Run(QueryContext context, object?[] argument)
    {
        var rows = new List<object?[]>();
        foreach (var row in input.Run(context, argument))
        {
            context.Budget.Retain(Measure.Row(context.Budget, row));
            context.Budget.EndRow();
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>Estimates of what buffered rows hold, for the statement's memory budget.</summary>
internal static class Measure
{
    /// <summary>The row array and the values in it not already held by the statement's buffers
    /// (<see cref="QueryBudget.SizeOfRetained"/>).</summary>
    public static long Row(QueryBudget budget, object?[] row)
    {
        long bytes = 24 + (8L * row.Length);
        foreach (var value in row)
        {
            if (value is not (null or bool or NodeValue or RelationshipValue))
            {
                bytes += budget.SizeOfRetained(value);
            }
        }

        return bytes;
    }
}
