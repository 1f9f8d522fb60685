using PaperGraph.Cypher.Values;
using PaperGraph.Graph;
using static PaperGraph.Cypher.Tests.Values.V;

namespace PaperGraph.Cypher.Tests.Values;

public sealed class CypherAggregatesTests
{
    private static object? Aggregate(string name, IEnumerable<object?> values, bool distinct = false)
    {
        Assert.True(CypherAggregates.TryGet(name, out var descriptor));
        var aggregator = descriptor.Create(distinct);
        foreach (var value in values)
        {
            aggregator.Add(value);
        }

        return aggregator.Result();
    }

    private static object? Percentile(string name, object? percentile, IEnumerable<object?> values, bool distinct = false)
    {
        Assert.True(CypherAggregates.TryGet(name, out var descriptor));
        var aggregator = descriptor.Create(distinct);
        foreach (var value in values)
        {
            aggregator.Add([value, percentile]);
        }

        return aggregator.Result();
    }

    [Fact]
    public void Aggregates_are_found_by_name_ignoring_case()
    {
        Assert.True(CypherAggregates.IsAggregate("COUNT"));
        Assert.True(CypherAggregates.IsAggregate("percentileDisc"));
        Assert.True(CypherAggregates.IsAggregate("stdev"));
        Assert.False(CypherAggregates.IsAggregate("size"));
        Assert.True(CypherAggregates.TryGet("percentileCont", out var p));
        Assert.True(p.AcceptsArity(2));
        Assert.False(p.AcceptsArity(1));
    }

    [Fact]
    public void Count_counts_non_null_values_and_count_star_counts_rows()
    {
        Assert.Equal(2L, Aggregate("count", [33L, null, 42L]));
        Assert.Equal(0L, Aggregate("count", []));
        var star = CypherAggregates.CountStar();
        star.Add([]);
        star.Add([]);
        Assert.Equal(2L, star.Result());
        Assert.Equal(0L, CypherAggregates.CountStar().Result());
    }

    [Fact]
    public void Count_distinct_ignores_nulls_and_merges_equivalent_values()
    {
        Assert.Equal(0L, Aggregate("count", [null, null], distinct: true));
        Assert.Equal(2L, Aggregate("count", [1L, 1.0, "1", null], distinct: true));
        Assert.Equal(1L, Aggregate("count", [L(1L, 2L), L(1.0, 2.0)], distinct: true));
    }

    [Fact]
    public void Sum_stays_integer_until_a_float_arrives()
    {
        Assert.Equal(75L, Aggregate("sum", [33L, null, 42L]));
        Assert.Equal(0L, Aggregate("sum", []));
        Assert.Equal(3004498500L, Aggregate("sum", Enumerable.Range(1_000_000, 3000).Select(i => (object?)(long)i)));
        Assert.Equal(3.5, Aggregate("sum", [1L, 2.5]));
        Assert.Equal(3L, Aggregate("sum", [1L, 1L, 2L], distinct: true));
    }

    [Fact]
    public void Sum_overflow_is_an_arithmetic_error_and_non_numbers_a_type_error()
    {
        var ex = Assert.Throws<GraphException>(() => Aggregate("sum", [long.MaxValue, 1L]));
        Assert.Equal(GraphErrorCodes.ArithmeticError, ex.Code);
        ex = Assert.Throws<GraphException>(() => Aggregate("sum", [1L, "a"]));
        Assert.Equal(GraphErrorCodes.TypeError, ex.Code);
        Assert.Contains("sum() can only aggregate numbers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Avg_is_a_float_and_null_when_empty()
    {
        Assert.Equal(2.0, Aggregate("avg", [1L, 2L, 3L, null]));
        Assert.Equal(1.75, Aggregate("avg", [1L, 2.5]));
        Assert.Null(Aggregate("avg", [null]));
        Assert.Equal((double)long.MaxValue, Aggregate("avg", [long.MaxValue, long.MaxValue]));
        Assert.Equal(GraphErrorCodes.TypeError, Assert.Throws<GraphException>(() => Aggregate("avg", [true])).Code);
    }

    [Fact]
    public void Min_and_max_over_one_type()
    {
        // TCK Aggregation2
        Assert.Equal(2L, Aggregate("max", [1L, 2L, 0L, null, -1L]));
        Assert.Equal(-1L, Aggregate("min", [1L, 2L, 0L, null, -1L]));
        Assert.Equal(2.0, Aggregate("max", [1.0, 2.0, 0.5, null]));
        Assert.Equal(0.5, Aggregate("min", [1.0, 2.0, 0.5, null]));
        Assert.Equal(5L, Aggregate("max", [1L, 2.0, 5L, null, 3.2, 0.1]));
        Assert.Equal(0.1, Aggregate("min", [1L, 2.0, 5L, null, 3.2, 0.1]));
        Assert.Equal("b", Aggregate("max", ["a", "b", "B", null, "abc", "abc1"]));
        Assert.Equal("B", Aggregate("min", ["a", "b", "B", null, "abc", "abc1"]));
        Assert.Equal(L(2L, 1L), Aggregate("max", [L(1L), L(2L), L(2L, 1L)]));
        Assert.Equal(L(1L), Aggregate("min", [L(1L), L(2L), L(2L, 1L)]));
        Assert.Null(Aggregate("max", [null]));
    }

    [Fact]
    public void Min_and_max_across_types_follow_the_order_by_order()
    {
        Assert.Equal(1L, Aggregate("max", [1L, "a", null, L(1L, 2L), 0.2, "b"]));
        Assert.Equal(L(1L, 2L), Aggregate("min", [1L, "a", null, L(1L, 2L), 0.2, "b"]));
    }

    [Fact]
    public void Collect_skips_nulls_and_distinct_removes_duplicates()
    {
        Assert.Equal(L(1L, 2L, 1L), Aggregate("collect", [1L, null, 2L, 1L]));
        Assert.Equal(L(), Aggregate("collect", [null, null]));
        Assert.Equal(L(), Aggregate("collect", [null, null], distinct: true));
        Assert.Equal(L(1L), Aggregate("collect", [null, 1L, null], distinct: true));
        Assert.Equal(L(42L, 43L), Aggregate("collect", [42L, 43L, 42L], distinct: true));
    }

    [Fact]
    public void Standard_deviation_of_a_sample_and_of_a_population()
    {
        object?[] values = [2L, 4L, 4L, 4L, 5L, 5L, 7L, 9L];
        Assert.Equal(2.0, (double)Aggregate("stDevP", values)!, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), (double)Aggregate("stDev", values)!, 12);
        Assert.Equal(0.0, Aggregate("stDev", [1L]));
        Assert.Equal(0.0, Aggregate("stDev", []));
        Assert.Equal(0.0, Aggregate("stDevP", []));
    }

    [Theory]
    [InlineData(0.0, 10.0)]
    [InlineData(0.5, 20.0)]
    [InlineData(1.0, 30.0)]
    public void Percentiles_of_three_prices(double p, double expected)
    {
        // TCK Aggregation6 [1], [2]
        object?[] prices = [30.0, 10.0, 20.0];
        Assert.Equal(expected, Percentile("percentileDisc", p, prices));
        Assert.Equal(expected, Percentile("percentileCont", p, prices));
    }

    [Fact]
    public void Percentile_cont_interpolates_and_disc_picks_a_value_of_its_own_type()
    {
        object?[] values = [1L, 2L, 3L, 4L, null];
        Assert.Equal(2.5, Percentile("percentileCont", 0.5, values));
        Assert.Equal(1.3, (double)Percentile("percentileCont", 0.1, values)!, 12);
        Assert.Equal(2L, Percentile("percentileDisc", 0.5, values));
        Assert.Equal(1L, Percentile("percentileDisc", 0L, values));
        Assert.Null(Percentile("percentileDisc", 0.5, [(object?)null]));
    }

    [Theory]
    [InlineData(1000L)]
    [InlineData(-1L)]
    [InlineData(1.1)]
    [InlineData("half")]
    public void A_percentile_outside_0_to_1_is_an_argument_error(object p)
    {
        Assert.Equal(GraphErrorCodes.ArgumentError, Assert.Throws<GraphException>(() => Percentile("percentileCont", p, [10.0])).Code);
        Assert.Equal(GraphErrorCodes.ArgumentError, Assert.Throws<GraphException>(() => Percentile("percentileDisc", p, [10.0])).Code);
    }
}
