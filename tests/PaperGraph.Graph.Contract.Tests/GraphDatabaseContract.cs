using PaperGraph.Graph;

namespace PaperGraph.Graph.Contract.Tests;

/// <summary>
/// What every <see cref="IGraphDatabase"/> must do, whatever is behind it. Each backend subclasses this with a
/// fresh, empty database per test; a deviation is an override that says why (Npgsql's specification tests).
/// </summary>
public abstract class GraphDatabaseContract : IAsyncLifetime
{
    private IGraphDatabase? _db;

    protected IGraphDatabase Db => _db ?? throw new InvalidOperationException("The database is not open.");

    /// <summary>A fresh, empty database.</summary>
    protected abstract Task<IGraphDatabase> OpenAsync();

    public async Task InitializeAsync() => _db = await OpenAsync();

    public async Task DisposeAsync()
    {
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    protected Task<QueryResult> RunAsync(string text, IReadOnlyDictionary<string, object?>? parameters = null) =>
        Db.ExecuteAsync(new CypherQuery(text, parameters));

    protected static Dictionary<string, object?> P(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => GraphValues.Normalize(e.Value), StringComparer.Ordinal);

    [SkippableFact]
    public virtual async Task Points_and_byte_arrays_cross_the_seam_with_their_types()
    {
        var result = await RunAsync("RETURN point({x: 2.3, y: 4.5}) AS c, point({longitude: 12.5, latitude: 56.0, height: 1.0E10}) AS g, $p AS p, $b AS b",
            P(("p", new GraphPoint(GraphPoint.Cartesian3DSrid, 1, 2, 3)), ("b", new byte[] { 0x03, 0x6f, 0xbf })));

        var row = Assert.Single(result.Values);
        Assert.Equal(new GraphPoint(GraphPoint.CartesianSrid, 2.3, 4.5), row[0]);
        Assert.Equal(new GraphPoint(GraphPoint.Wgs843DSrid, 12.5, 56.0, 1e10), row[1]);
        Assert.Equal(new GraphPoint(GraphPoint.Cartesian3DSrid, 1, 2, 3), row[2]);
        Assert.Equal(new byte[] { 0x03, 0x6f, 0xbf }, row[3]);
    }

    [SkippableFact]
    public virtual async Task Scalars_come_back_as_the_seams_clr_kinds()
    {
        var result = await RunAsync("RETURN 1 AS i, 1.5 AS f, 'x' AS s, true AS b, null AS n, [1, 'a'] AS l, {k: 2} AS m");
        Assert.Equal(["i", "f", "s", "b", "n", "l", "m"], result.Fields);
        var row = Assert.Single(result.Values);
        Assert.Equal(1L, row[0]);
        Assert.Equal(1.5, row[1]);
        Assert.Equal("x", row[2]);
        Assert.Equal(true, row[3]);
        Assert.Null(row[4]);
        Assert.Equal(new object?[] { 1L, "a" }, Assert.IsAssignableFrom<IReadOnlyList<object?>>(row[5]));
        Assert.Equal(2L, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(row[6])["k"]);
    }

    [SkippableFact]
    public virtual async Task Nodes_relationships_and_paths_carry_ids_labels_types_and_properties()
    {
        await RunAsync("CREATE (:Paper {key: 'a'})-[:PREREQUISITE_OF {w: 1, reason: 'r'}]->(:Paper {key: 'b'})");
        var result = await RunAsync("MATCH p = (a:Paper)-[r:PREREQUISITE_OF]->(b:Paper) RETURN a, r, b, p");
        var row = Assert.Single(result.Values);
        var a = Assert.IsType<GraphNode>(row[0]);
        var r = Assert.IsType<GraphRelationship>(row[1]);
        var b = Assert.IsType<GraphNode>(row[2]);
        var p = Assert.IsType<GraphPath>(row[3]);
        Assert.Equal(["Paper"], a.Labels);
        Assert.Equal("a", a.Properties["key"]);
        Assert.Equal("PREREQUISITE_OF", r.Type);
        Assert.Equal(1L, r.Properties["w"]);
        Assert.Equal(a.ElementId, r.StartNodeElementId);
        Assert.Equal(b.ElementId, r.EndNodeElementId);
        Assert.Equal(1, p.Length);
        Assert.Equal(a, p.Start);
        Assert.Equal(b, p.End);
    }

    [SkippableFact]
    public virtual async Task Parameters_of_every_kind_reach_the_statement()
    {
        var result = await RunAsync("RETURN $i + 1 AS i, $s AS s, size($l) AS n, $m.k AS k",
            P(("i", 41), ("s", "x"), ("l", new[] { 1, 2, 3 }), ("m", new Dictionary<string, object?> { ["k"] = "v" })));
        Assert.Equal(new object?[] { 42L, "x", 3L, "v" }, Assert.Single(result.Values));
    }

    [SkippableFact]
    public virtual async Task Write_counters_count_what_changed()
    {
        var created = await RunAsync("CREATE (a:A {x: 1})-[:R]->(b:B) RETURN a");
        Assert.Equal(2, created.Counters.NodesCreated);
        Assert.Equal(1, created.Counters.RelationshipsCreated);
        Assert.Equal(2, created.Counters.LabelsAdded);
        Assert.Equal(1, created.Counters.PropertiesSet);
        var deleted = await RunAsync("MATCH (n) DETACH DELETE n");
        Assert.Equal(2, deleted.Counters.NodesDeleted);
        Assert.Equal(1, deleted.Counters.RelationshipsDeleted);
    }

    [SkippableFact]
    public virtual async Task Syntax_error_has_the_status_code_and_a_position()
    {
        var error = await Assert.ThrowsAsync<GraphException>(() => RunAsync("MATCH (n RETURN n"));
        Assert.Equal(GraphErrorCodes.SyntaxError, error.Code);
    }

    [SkippableFact]
    public virtual async Task Missing_parameter_is_parameter_missing()
    {
        var error = await Assert.ThrowsAsync<GraphException>(() => RunAsync("RETURN $nope"));
        Assert.Equal(GraphErrorCodes.ParameterMissing, error.Code);
    }

    [SkippableFact]
    public virtual async Task Division_by_zero_is_an_arithmetic_error()
    {
        var error = await Assert.ThrowsAsync<GraphException>(() => RunAsync("RETURN 1 / 0"));
        Assert.Equal(GraphErrorCodes.ArithmeticError, error.Code);
    }

    [SkippableFact]
    public virtual async Task Uniqueness_constraint_is_enforced_and_a_failed_statement_changes_nothing()
    {
        await RunAsync("CREATE CONSTRAINT paper_key IF NOT EXISTS FOR (p:Paper) REQUIRE p.key IS UNIQUE");
        await RunAsync("CREATE (:Paper {key: 'a'})");
        var error = await Assert.ThrowsAsync<GraphException>(() => RunAsync("CREATE (:Paper {key: 'b'}) CREATE (:Paper {key: 'a'})"));
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, error.Code);
        var count = await RunAsync("MATCH (p:Paper) RETURN count(p)");
        Assert.Equal(1L, count.Values[0][0]);
    }

    [SkippableFact]
    public virtual async Task Read_access_mode_refuses_writes()
    {
        var error = await Assert.ThrowsAsync<GraphException>(() => Db.ExecuteAsync(CypherQuery.Read("CREATE ()")));
        Assert.Equal(GraphErrorCodes.AccessMode, error.Code);
        var count = await RunAsync("MATCH (n) RETURN count(n)");
        Assert.Equal(0L, count.Values[0][0]);
    }

    [SkippableFact]
    public virtual async Task Explicit_transaction_commits_all_or_rolls_back_all()
    {
        await using (var tx = await Db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("CREATE (:T {n: 1})"));
            await tx.ExecuteAsync(new CypherQuery("CREATE (:T {n: 2})"));
            await tx.CommitAsync();
        }

        await using (var tx = await Db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("CREATE (:T {n: 3})"));
            await tx.RollbackAsync();
        }

        var result = await RunAsync("MATCH (t:T) RETURN t.n ORDER BY t.n");
        Assert.Equal([1L, 2L], result.Values.Select(r => r[0]));
    }

    [SkippableFact]
    public virtual async Task Merge_is_idempotent()
    {
        for (var i = 0; i < 3; i++)
        {
            await RunAsync("MERGE (a:P {key: 'a'}) MERGE (b:P {key: 'b'}) MERGE (a)-[:R]->(b)");
        }

        var result = await RunAsync("MATCH (a:P)-[r:R]->(b:P) RETURN count(*)");
        Assert.Equal(1L, result.Values[0][0]);
    }

    [SkippableFact]
    public virtual async Task Variable_length_and_shortest_path_queries_answer_like_neo4j()
    {
        await RunAsync("CREATE (a:P {k: 'a'})-[:R]->(b:P {k: 'b'})-[:R]->(c:P {k: 'c'}), (a)-[:R]->(c)");
        var reach = await RunAsync("MATCH (x)-[:R*]->(c:P {k: 'c'}) RETURN DISTINCT x.k AS k ORDER BY k");
        Assert.Equal(["a", "b"], reach.Values.Select(r => r[0]));
        var paths = await RunAsync("MATCH (x:P {k: 'a'})-[:R*]->(c:P {k: 'c'}) RETURN count(*)");
        Assert.Equal(2L, paths.Values[0][0]);
        var shortest = await RunAsync("MATCH p = shortestPath((x:P {k: 'a'})-[:R*]->(c:P {k: 'c'})) RETURN length(p)");
        Assert.Equal(1L, shortest.Values[0][0]);
    }

    [SkippableFact]
    public virtual async Task Ordering_skip_and_limit_apply_in_order()
    {
        var result = await RunAsync("UNWIND [3, 1, 2, 5, 4] AS x RETURN x ORDER BY x DESC SKIP 1 LIMIT 2");
        Assert.Equal([4L, 3L], result.Values.Select(r => r[0]));
    }

    [SkippableFact]
    public virtual async Task A_statement_failing_after_rows_throws_its_error_with_the_rows_it_produced_and_keeps_nothing()
    {
        var error = await Assert.ThrowsAsync<GraphException>(() =>
            RunAsync("UNWIND [1, 2, 0] AS x CREATE (:Tried {x: x}) RETURN 10 / x AS y"));

        Assert.Equal(GraphErrorCodes.ArithmeticError, error.Code);
        var partial = Assert.IsType<QueryResult>(error.PartialResult);
        Assert.Equal(["y"], partial.Fields);
        Assert.Equal([10L, 5L], partial.Values.Select(row => Assert.Single(row)));
        Assert.Equal(0L, (await RunAsync("MATCH (t:Tried) RETURN count(t)")).Values[0][0]);
    }

    [SkippableFact]
    public virtual async Task A_statement_failing_before_any_row_carries_no_rows()
    {
        var error = await Assert.ThrowsAsync<GraphException>(() => RunAsync("UNWIND [0, 1] AS x RETURN 10 / x AS y"));

        Assert.Equal(GraphErrorCodes.ArithmeticError, error.Code);
        Assert.Null(error.PartialResult);
    }

    [SkippableFact]
    public virtual async Task A_shortest_path_over_an_unbounded_pattern_is_noted_at_the_pattern()
    {
        var result = await RunAsync("MATCH p = shortestPath((a:P {k: 'a'})-[:R*]->(c:P {k: 'c'})) RETURN p");

        var note = Assert.Single(result.Notifications, n => n.Code == "Neo.ClientNotification.Statement.UnboundedVariableLengthPattern");
        Assert.Equal(("INFORMATION", "PERFORMANCE"), (note.Severity, note.Category));
        Assert.Equal(new SourcePosition(23, 1, 24), note.Position);
        Assert.StartsWith("The provided pattern is unbounded", note.Title, StringComparison.Ordinal);
    }

    [SkippableFact]
    public virtual async Task Disconnected_patterns_are_noted_as_a_cartesian_product_naming_the_second_part()
    {
        await RunAsync("CREATE (:P {k: 'a'}), (:P {k: 'b'})");

        var result = await RunAsync("MATCH (a:P), (b:P) RETURN a.k, b.k");

        Assert.Equal(4, result.Values.Count);
        var note = Assert.Single(result.Notifications);
        Assert.Equal(("Neo.ClientNotification.Statement.CartesianProduct", "INFORMATION", "PERFORMANCE"), (note.Code, note.Severity, note.Category));
        Assert.EndsWith("(identifier is: (b))", note.Description, StringComparison.Ordinal);
        Assert.Equal(new SourcePosition(0, 1, 1), note.Position);
        Assert.DoesNotContain((await RunAsync("MATCH (a:P) MATCH (b:P) WHERE b.k = a.k RETURN a.k, b.k")).Notifications,
            n => n.Code == note.Code);
    }

    [SkippableFact]
    public virtual async Task A_read_naming_a_label_type_or_property_the_database_lacks_is_warned_where_it_is_written()
    {
        await RunAsync("CREATE (:P {k: 'a'})-[:R]->(:P {k: 'b'})");

        var result = await RunAsync("MATCH (p:Paprer)-[:CITES]->(q:P) RETURN p.titel, q.k");

        Assert.Empty(result.Values);
        Assert.Equal(
            [
                ("Neo.ClientNotification.Statement.UnknownLabelWarning", new SourcePosition(9, 1, 10), "Paprer"),
                ("Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning", new SourcePosition(19, 1, 20), "CITES"),
                ("Neo.ClientNotification.Statement.UnknownPropertyKeyWarning", new SourcePosition(42, 1, 43), "titel"),
            ],
            result.Notifications.OrderBy(n => n.Position?.Offset)
                .Select(n => (n.Code, n.Position!.Value, n.Description[(n.Description.LastIndexOf(' ') + 1)..^1])));
        Assert.All(result.Notifications, n => Assert.Equal(("WARNING", "UNRECOGNIZED"), (n.Severity, n.Category)));
        Assert.Empty((await RunAsync("MATCH (p:P)-[:R]->(q:P) RETURN p.k, q.k")).Notifications);
    }

    [SkippableFact]
    public virtual async Task Profile_of_a_learning_path_gives_the_rows_and_an_operator_tree_that_counted_them()
    {
        await RunAsync("""
            CREATE (w:Paper {key: 'word2vec'})-[:PREREQUISITE_OF {reason: 'r'}]->(a:Paper {key: 'attention'}),
                   (w)-[:PREREQUISITE_OF {reason: 'r'}]->(s:Paper {key: 'seq2seq'}),
                   (a)-[:PREREQUISITE_OF {reason: 'r'}]->(t:Paper {key: 'transformer'}), (s)-[:PREREQUISITE_OF {reason: 'r'}]->(t),
                   (t)-[:PREREQUISITE_OF {reason: 'r'}]->(:Paper {key: 'lora'})
            """);

        var result = await RunAsync("PROFILE MATCH (pre:Paper)-[:PREREQUISITE_OF*]->(:Paper {key: 'lora'}) RETURN pre.key AS key");

        Assert.Equal(["attention", "seq2seq", "transformer", "word2vec", "word2vec"], result.Values.Select(r => (string)r[0]!).Order(StringComparer.Ordinal));
        Assert.Null(result.QueryPlan);
        var plan = Assert.IsType<GraphPlan>(result.ProfiledQueryPlan);
        Assert.StartsWith("ProduceResults", plan.OperatorType, StringComparison.Ordinal);
        Assert.Equal(5L, plan.Rows);
        static IEnumerable<GraphPlan> All(GraphPlan p) => new[] { p }.Concat(p.Children.SelectMany(All));
        Assert.All(All(plan), op => Assert.True(op.Rows is >= 0 && op.DbHits is >= 0 && op.Time is >= 0, op.OperatorType));
        Assert.Contains(All(plan), op => op.OperatorType.StartsWith("VarLengthExpand", StringComparison.Ordinal) && op.Rows == 5 && op.DbHits > 0);
    }
}
