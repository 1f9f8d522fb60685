using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;
using static PaperGraph.Storage.Sqlite.Tests.StoreTestHelpers;

namespace PaperGraph.Storage.Sqlite.Tests;

public sealed class DurableStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Temporal_properties_survive_a_reopen_with_their_types_and_values()
    {
        object[] values =
        [
            GraphTemporalText.ParseDate("2017-06-12"),
            GraphTemporalText.ParseLocalTime("09:30:00.000000001"),
            GraphTemporalText.ParseTime("09:30+02:00"),
            GraphTemporalText.ParseLocalDateTime("+12345-01-02T03:04:05.6"),
            GraphTemporalText.ParseDateTime("2017-06-12T09:30:14.645+02:00[Europe/Berlin]"),
            GraphTemporalText.ParseDateTime("1969-12-31T23:59:59.999999999-11:30"),
            GraphTemporalText.ParseDuration("P1Y2M-3DT4H5.25S"),
        ];
        long id;
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var tx = store.Write();
            id = tx.CreateNode(["Event"], Props(values.Select((v, i) => ("v" + i, (object?)v))
                .Append(("dates", new object[] { values[0], GraphTemporalText.ParseDate("1900-02-28") })).ToArray()));
            tx.Commit();
        }

        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var read = store.BeginRead();
            var p = read.GetNodeProperties(id);
            for (var i = 0; i < values.Length; i++)
            {
                Assert.Equal(values[i].GetType(), p["v" + i]!.GetType());
                Assert.Equal(values[i], p["v" + i]);
                Assert.Equal(values[i].ToString(), p["v" + i]!.ToString());
            }

            Assert.Equal(new object[] { values[0], GraphTemporalText.ParseDate("1900-02-28") }, (object[])p["dates"]!);
        }
    }

    [Fact]
    public void Reopened_nodes_keep_their_own_keys_whether_neighbouring_rows_share_reorder_or_lack_them()
    {
        (string Key, object? Value)[][] maps =
        [
            [("a", 1L), ("b", "x")],
            [("a", 2L), ("b", "y")],
            [("b", "z"), ("a", 3L)],
            [("a", 4L)],
            [],
            [("a", 5L), ("b", "w"), ("c", true)],
            [("a", 6L), ("b", "v")],
            [("é", "ü"), ("a", 7L)],
        ];
        var ids = new List<long>();
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var tx = store.Write();
            foreach (var map in maps) ids.Add(tx.CreateNode(["N"], Props(map)));
            tx.CreateRelationship(ids[0], ids[1], "R", Props(("a", 1L), ("b", "r")));
            tx.CreateRelationship(ids[1], ids[2], "R", Props(("b", "s")));
            tx.Commit();
        }

        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var read = store.BeginRead();
            for (var i = 0; i < maps.Length; i++)
            {
                var props = read.GetNodeProperties(ids[i]);
                Assert.Equal(maps[i].Select(p => p.Key).Order(StringComparer.Ordinal), props.Keys.Order(StringComparer.Ordinal));
                foreach (var (key, value) in maps[i]) Assert.Equal(value, props[key]);
            }
            var rels = read.AllRelationshipIds().ToArray();
            Assert.Equal(["a", "b"], read.GetRelationshipProperties(rels[0]).Keys.Order(StringComparer.Ordinal));
            Assert.Equal(["b"], read.GetRelationshipProperties(rels[1]).Keys);
            Assert.Equal("s", read.GetRelationshipProperty(rels[1], "b"));
        }

        // A node's own change after the reopen leaves the others' shared keys alone.
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using (var tx = store.Write())
            {
                tx.SetNodeProperty(ids[0], "b", null);
                tx.SetNodeProperty(ids[1], "a", 20L);
                tx.Commit();
            }
            using var read = store.BeginRead();
            Assert.Equal(["a"], read.GetNodeProperties(ids[0]).Keys);
            Assert.Equal(20L, read.GetNodeProperty(ids[1], "a"));
            Assert.Equal(["a", "b"], read.GetNodeProperties(ids[6]).Keys.Order(StringComparer.Ordinal));
            Assert.Equal(6L, read.GetNodeProperty(ids[6], "a"));
        }
    }

    [Fact]
    public void A_reopened_folder_has_every_committed_node_relationship_and_value_kind()
    {
        long a, b, r;
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            Assert.True(File.Exists(Path.Combine(_folder.Path, "graph.db")));
            using var tx = store.Write();
            a = tx.CreateNode(["Paper", "Classic"], Props(
                ("int", 1L), ("float", 1.0), ("big", long.MaxValue), ("tiny", 1e-300), ("neg0", -0.0),
                ("nan", double.NaN), ("inf", double.PositiveInfinity), ("bool", true),
                ("ints", new[] { 1L, 2L }), ("floats", new[] { 1.0, 2.5 }), ("strings", new[] { "x", "y" }),
                ("empty", Array.Empty<string>()), ("unicode", "Ünïcødé — 注意力 🚀 \"quoted\"")));
            b = tx.CreateNode([], Props());
            r = tx.CreateRelationship(a, b, "CITES", Props(("since", 2019L), ("w", 0.25)));
            tx.CreateRelationship(b, b, "SELF", Props());
            tx.Commit();
        }
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var read = store.BeginRead();
            Assert.Equal(2, read.CountNodes());
            Assert.Equal(["Paper", "Classic"], read.GetLabels(a));
            var p = read.GetNodeProperties(a);
            Assert.IsType<long>(p["int"]);
            Assert.Equal(1L, p["int"]);
            Assert.IsType<double>(p["float"]);
            Assert.Equal(1.0, p["float"]);
            Assert.Equal(long.MaxValue, p["big"]);
            Assert.Equal(1e-300, p["tiny"]);
            Assert.True(double.IsNegative((double)p["neg0"]!));
            Assert.True(double.IsNaN((double)p["nan"]!));
            Assert.Equal(double.PositiveInfinity, p["inf"]);
            Assert.Equal(true, p["bool"]);
            Assert.Equal(new object[] { 1L, 2L }, (object[])p["ints"]!);
            Assert.Equal(new object[] { 1.0, 2.5 }, (object[])p["floats"]!);
            Assert.All((object[])p["floats"]!, x => Assert.IsType<double>(x));
            Assert.Equal(new object[] { "x", "y" }, (object[])p["strings"]!);
            Assert.Empty((object[])p["empty"]!);
            Assert.Equal("Ünïcødé — 注意力 🚀 \"quoted\"", p["unicode"]);
            Assert.Equal(new RelationshipEnds(a, b, read.GetTypeId("CITES")), read.GetRelationship(r));
            Assert.Equal(2019L, read.GetRelationshipProperty(r, "since"));
            Assert.Equal(0.25, read.GetRelationshipProperty(r, "w"));
            Assert.Equal([b], read.GetAdjacency(a, StoreDirection.Outgoing).Ids());
            Assert.Equal(2, read.GetAdjacency(b, StoreDirection.Both).Length);
            Assert.Equal(2, read.GetAdjacency(b, StoreDirection.Incoming).Length);
            using var tx = store.Write();
            Assert.True(tx.CreateNode([], Props()) > b);
        }
    }

    [Fact]
    public void Updates_and_deletes_survive_a_reopen()
    {
        long a, b, r;
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using (var tx = store.Write())
            {
                a = tx.CreateNode(["Paper"], Props(("title", "first")));
                b = tx.CreateNode(["Paper"], Props());
                r = tx.CreateRelationship(a, b, "CITES", Props());
                tx.Commit();
            }
            using (var tx = store.Write())
            {
                tx.SetNodeProperty(a, "title", "second");
                tx.RemoveLabel(a, "Paper");
                tx.AddLabel(a, "Draft");
                tx.DeleteRelationship(r);
                tx.DeleteNode(b);
                tx.Commit();
            }
        }
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var read = store.BeginRead();
            Assert.Equal(1, read.CountNodes());
            Assert.Equal(0, read.CountRelationships());
            Assert.Equal(["Draft"], read.GetLabels(a));
            Assert.Equal("second", read.GetNodeProperty(a, "title"));
            Assert.Equal(0, read.GetAdjacency(a, StoreDirection.Both).Length);
            Assert.False(read.NodeExists(b));
        }
    }

    [Fact]
    public void A_rolled_back_transaction_is_not_in_the_reopened_store()
    {
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var tx = store.Write();
            tx.CreateNode(["Ghost"], Props());
        }
        using var reopened = SqliteGraphStore.Open(_folder.Path);
        using var read = reopened.BeginRead();
        Assert.Equal(0, read.CountNodes());
    }

    [Fact]
    public void Schema_rules_survive_a_reopen_and_are_still_enforced()
    {
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var tx = store.Write();
            tx.CreateSchemaRule(new SchemaRule("paper_key", SchemaRuleKind.Uniqueness, "NODE", "Paper", ["key"]));
            tx.CreateSchemaRule(new SchemaRule("paper_year", SchemaRuleKind.Index, "NODE", "Paper", ["year"]));
            tx.CreateNode(["Paper"], Props(("key", "bert"), ("year", 2018L)));
            tx.Commit();
        }
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var tx = store.Write();
            Assert.Equal(["paper_key", "paper_year"], tx.Schema.Select(s => s.Name));
            Assert.Equal(SchemaRuleKind.Uniqueness, tx.Schema[0].Kind);
            Assert.Single(tx.NodeIdsByProperty("Paper", "year", 2018.0));
            var e = Assert.Throws<GraphException>(() => tx.CreateNode(["Paper"], Props(("key", "bert"))));
            Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, e.Code);
            Assert.True(tx.DropSchemaRule("paper_key"));
            tx.Commit();
        }
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            using var read = store.BeginRead();
            Assert.Equal(["paper_year"], read.Schema.Select(s => s.Name));
        }
    }

    [Fact]
    public void Sequence_numbers_keep_growing_across_reopen_and_old_changes_can_be_read_back()
    {
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            for (var i = 0; i < 3; i++)
            {
                using var tx = store.Write();
                tx.CreateNode(["Paper"], Props(("n", (long)i), ("w", i + 0.5)));
                tx.Commit();
            }
            Assert.Equal(3, store.Changes.LastSequence);
        }
        using (var store = SqliteGraphStore.Open(_folder.Path))
        {
            Assert.Equal(3, store.Changes.LastSequence);
            GraphChange? seen = null;
            using var sub = store.Changes.Subscribe(c => seen = c);
            using (var tx = store.Write())
            {
                tx.CreateNode([], Props());
                tx.Commit();
            }
            Assert.Equal(4, seen!.Sequence);
            var since = store.Changes.ChangesSince(1)!;
            Assert.Equal([2L, 3L, 4L], since.Select(c => c.Sequence));
            Assert.Equal(1L, since[0].Nodes.Single().Properties["n"]);
            Assert.Equal(1.5, since[0].Nodes.Single().Properties["w"]);
            Assert.Equal(["Paper"], since[0].Nodes.Single().Labels);
        }
    }

    [Fact]
    public void The_change_log_in_the_file_keeps_only_the_newest_changes()
    {
        var options = new SqliteGraphStoreOptions { ChangeLogCapacity = 2 };
        using (var store = SqliteGraphStore.Open(_folder.Path, options))
        {
            for (var i = 0; i < 4; i++)
            {
                using var tx = store.Write();
                tx.CreateNode([], Props());
                tx.Commit();
            }
        }
        using var reopened = SqliteGraphStore.Open(_folder.Path, options);
        Assert.Null(reopened.Changes.ChangesSince(1));
        Assert.Equal([3L, 4L], reopened.Changes.ChangesSince(2)!.Select(c => c.Sequence));
    }

    [Fact]
    public void A_file_that_is_not_a_store_gives_an_error_naming_it()
    {
        Directory.CreateDirectory(_folder.Path);
        var db = Path.Combine(_folder.Path, "graph.db");
        File.WriteAllText(db, new string('x', 4096));
        var e = Assert.Throws<GraphException>(() => SqliteGraphStore.Open(_folder.Path));
        Assert.Equal(GraphErrorCodes.DatabaseUnavailable, e.Code);
        Assert.Contains(db, e.Message, StringComparison.Ordinal);
        // The failed open let go of the folder.
        File.Delete(db);
        using var store = SqliteGraphStore.Open(_folder.Path);
    }

    [Fact]
    public void A_folder_path_that_is_a_file_gives_an_error_naming_it()
    {
        Directory.CreateDirectory(_folder.Path);
        var file = Path.Combine(_folder.Path, "plain-file");
        File.WriteAllText(file, "not a folder");
        var e = Assert.Throws<GraphException>(() => SqliteGraphStore.Open(file));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_cannot_be_opened_twice_at_once()
    {
        using var store = SqliteGraphStore.Open(_folder.Path);
        var e = Assert.Throws<GraphException>(() => SqliteGraphStore.Open(_folder.Path));
        Assert.Contains("already open", e.Message, StringComparison.Ordinal);
    }
}

public sealed class CommitFailureTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_commit_that_cannot_reach_the_file_fails_and_changes_nothing()
    {
        var options = new SqliteGraphStoreOptions { FileLockTimeout = TimeSpan.FromSeconds(1) };
        using var store = SqliteGraphStore.Open(_folder.Path, options);
        long a;
        using (var tx = store.Write())
        {
            a = tx.CreateNode(["Paper"], Props(("title", "kept")));
            tx.Commit();
        }
        var seen = new List<GraphChange>();
        using var sub = store.Changes.Subscribe(seen.Add);
        using (var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.DatabasePath};Pooling=False"))
        {
            blocker.Open();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }
            using var tx = store.Write();
            tx.SetNodeProperty(a, "title", "lost");
            tx.CreateNode(["Paper"], Props());
            var e = Assert.Throws<GraphException>(() => tx.Commit());
            Assert.Equal(GraphErrorCodes.DatabaseUnavailable, e.Code);
        }
        using (var read = store.BeginRead())
        {
            Assert.Equal("kept", read.GetNodeProperty(a, "title"));
            Assert.Equal(1, read.CountNodes());
        }
        Assert.Empty(seen);
        Assert.Equal(1, store.Changes.LastSequence);
        using (var tx = store.Write())
        {
            tx.SetNodeProperty(a, "title", "after");
            Assert.Equal(2, tx.Commit()!.Sequence);
        }
        store.Dispose();
        using var reopened = SqliteGraphStore.Open(_folder.Path);
        using var check = reopened.BeginRead();
        Assert.Equal("after", check.GetNodeProperty(a, "title"));
        Assert.Equal(1, check.CountNodes());
    }
}
