using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;
using static PaperGraph.Storage.Sqlite.Tests.StoreTestHelpers;

namespace PaperGraph.Storage.Sqlite.Tests;

public sealed class InMemoryStoreTests
{
    private readonly SqliteGraphStore _store = SqliteGraphStore.Open(null);

    [Fact]
    public void Created_nodes_and_relationships_are_read_back_after_commit()
    {
        long a, b, r;
        using (var tx = _store.Write())
        {
            a = tx.CreateNode(["Paper"], Props(("key", "bert"), ("year", 2018L)));
            b = tx.CreateNode(["Paper", "Model"], Props(("key", "gpt")));
            r = tx.CreateRelationship(a, b, "PREREQUISITE_OF", Props(("weight", 0.5)));
            tx.Commit();
        }
        using var read = _store.BeginRead();
        Assert.Equal(2, read.CountNodes());
        Assert.Equal(2, read.CountNodes("Paper"));
        Assert.Equal(1, read.CountNodes("Model"));
        Assert.Equal(1, read.CountRelationships("PREREQUISITE_OF"));
        Assert.Equal(["Paper", "Model"], read.GetLabels(b));
        Assert.Equal("bert", read.GetNodeProperty(a, "key"));
        Assert.Equal(2018L, read.GetNodeProperty(a, "year"));
        Assert.Null(read.GetNodeProperty(a, "missing"));
        Assert.Equal(new RelationshipEnds(a, b, read.GetTypeId("PREREQUISITE_OF")), read.GetRelationship(r));
        Assert.Equal("PREREQUISITE_OF", read.GetTypeName(read.GetRelationship(r).TypeId));
        Assert.Equal(0.5, read.GetRelationshipProperty(r, "weight"));
        Assert.Equal([b], read.GetAdjacency(a, StoreDirection.Outgoing).Ids());
        Assert.Equal([a], read.GetAdjacency(b, StoreDirection.Incoming).Ids());
        Assert.True(read.GetAdjacency(a, StoreDirection.Outgoing).Span[0].Outgoing);
        Assert.False(read.GetAdjacency(b, StoreDirection.Incoming).Span[0].Outgoing);
        Assert.Equal(1, read.GetAdjacency(a, StoreDirection.Both).Length);
        Assert.Equal([a], read.NodeIdsByProperty("Paper", "key", "bert"));
        Assert.Equal(["Paper", "Model"], read.Labels);
        Assert.Equal(["PREREQUISITE_OF"], read.RelationshipTypes);
        Assert.Equal(["key", "year", "weight"], read.PropertyKeys);
    }

    [Fact]
    public void A_reader_opened_before_a_commit_does_not_see_it_and_one_opened_after_does()
    {
        long a;
        using (var tx = _store.Write())
        {
            a = tx.CreateNode(["Paper"], Props(("title", "old")));
            tx.Commit();
        }
        using var before = _store.BeginRead();
        using (var tx = _store.Write())
        {
            tx.SetNodeProperty(a, "title", "new");
            var b = tx.CreateNode(["Paper"], Props());
            tx.CreateRelationship(a, b, "CITES", Props());
            tx.Commit();
        }
        using var after = _store.BeginRead();
        Assert.Equal("old", before.GetNodeProperty(a, "title"));
        Assert.Equal(1, before.CountNodes());
        Assert.Equal(0, before.GetAdjacency(a, StoreDirection.Outgoing).Length);
        Assert.Equal("new", after.GetNodeProperty(a, "title"));
        Assert.Equal(2, after.CountNodes("Paper"));
        Assert.Equal(1, after.GetAdjacency(a, StoreDirection.Outgoing).Length);
    }

    [Fact]
    public void A_write_transaction_reads_its_own_writes_before_commit()
    {
        using var tx = _store.Write();
        var a = tx.CreateNode(["Paper"], Props(("key", "a")));
        var b = tx.CreateNode(["Paper"], Props(("key", "b")));
        var r = tx.CreateRelationship(a, b, "CITES", Props());
        tx.AddLabel(a, "Classic");
        tx.SetNodeProperty(b, "key", "b2");
        Assert.True(tx.NodeExists(a));
        Assert.Equal(["Paper", "Classic"], tx.GetLabels(a));
        Assert.Equal([a], tx.NodeIdsByLabel("Classic"));
        Assert.Equal([b], tx.NodeIdsByProperty("Paper", "key", "b2"));
        Assert.Empty(tx.NodeIdsByProperty("Paper", "key", "b"));
        Assert.Equal([b], tx.GetAdjacency(a, StoreDirection.Outgoing).Ids());
        Assert.Equal(1, tx.CountRelationships());
        tx.DeleteRelationship(r);
        Assert.Equal(0, tx.GetAdjacency(a, StoreDirection.Outgoing).Length);
        Assert.False(tx.RelationshipExists(r));
        using var read = _store.BeginRead();
        Assert.Equal(0, read.CountNodes());
    }

    [Fact]
    public void Disposing_a_write_transaction_without_commit_leaves_nothing_behind()
    {
        using (var tx = _store.Write())
        {
            var a = tx.CreateNode(["Ghost"], Props(("key", "x")));
            tx.CreateRelationship(a, a, "HAUNTS", Props());
        }
        using (var tx = _store.Write())
        {
            tx.CreateNode(["Paper"], Props());
            tx.Rollback();
        }
        using var read = _store.BeginRead();
        Assert.Equal(0, read.CountNodes());
        Assert.Equal(0, read.CountRelationships());
        Assert.Empty(read.Labels);
        Assert.Empty(read.RelationshipTypes);
        Assert.Equal(0, _store.Changes.LastSequence);
    }

    [Fact]
    public void Ids_are_not_reused_after_rollback()
    {
        long first;
        using (var tx = _store.Write())
        {
            first = tx.CreateNode([], Props());
        }
        using var tx2 = _store.Write();
        Assert.NotEqual(first, tx2.CreateNode([], Props()));
    }

    [Fact]
    public void Uniqueness_constraint_refuses_a_second_node_with_the_same_value()
    {
        long bert;
        using (var tx = _store.Write())
        {
            tx.CreateSchemaRule(new SchemaRule("paper_key", SchemaRuleKind.Uniqueness, "NODE", "Paper", ["key"]));
            bert = tx.CreateNode(["Paper"], Props(("key", "bert")));
            tx.Commit();
        }
        using (var tx = _store.Write())
        {
            var e = Assert.Throws<GraphException>(() => tx.CreateNode(["Paper"], Props(("key", "bert"))));
            Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, e.Code);
            Assert.Equal($"Node({ElementIds.Node(bert)}) already exists with label `Paper` and property `key` = 'bert'", e.Message);
            var other = tx.CreateNode(["Paper"], Props(("key", "gpt")));
            Assert.Throws<GraphException>(() => tx.SetNodeProperty(other, "key", "bert"));
            Assert.Equal("gpt", tx.GetNodeProperty(other, "key"));
            var unlabelled = tx.CreateNode([], Props(("key", "bert")));
            Assert.Throws<GraphException>(() => tx.AddLabel(unlabelled, "Paper"));
            Assert.Empty(tx.GetLabels(unlabelled));
        }
    }

    [Fact]
    public void Uniqueness_treats_an_integer_and_the_equal_float_as_the_same_value()
    {
        using var tx = _store.Write();
        tx.CreateSchemaRule(new SchemaRule("n", SchemaRuleKind.Uniqueness, "NODE", "N", ["v"]));
        tx.CreateNode(["N"], Props(("v", 1L)));
        Assert.Throws<GraphException>(() => tx.CreateNode(["N"], Props(("v", 1.0))));
        Assert.Single(tx.NodeIdsByProperty("N", "v", 1.0));
    }

    [Fact]
    public void Uniqueness_rule_on_existing_duplicates_is_refused_and_an_equivalent_rule_is_reported()
    {
        using (var tx = _store.Write())
        {
            tx.CreateNode(["Paper"], Props(("key", "dup")));
            tx.CreateNode(["Paper"], Props(("key", "dup")));
            tx.CreateSchemaRule(new SchemaRule("idx", SchemaRuleKind.Index, "NODE", "Paper", ["year"]));
            tx.Commit();
        }
        using var tx2 = _store.Write();
        var e = Assert.Throws<GraphException>(() =>
            tx2.CreateSchemaRule(new SchemaRule("u", SchemaRuleKind.Uniqueness, "NODE", "Paper", ["key"])));
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, e.Code);
        Assert.Contains("'dup'", e.Message, StringComparison.Ordinal);
        var again = Assert.Throws<GraphException>(() =>
            tx2.CreateSchemaRule(new SchemaRule("other", SchemaRuleKind.Index, "NODE", "Paper", ["year"])));
        Assert.Equal(GraphErrorCodes.EquivalentSchemaRuleAlreadyExists, again.Code);
        Assert.True(tx2.DropSchemaRule("idx"));
        Assert.False(tx2.DropSchemaRule("idx"));
    }

    [Fact]
    public void Index_lookups_follow_later_commits()
    {
        long a;
        using (var tx = _store.Write())
        {
            tx.CreateSchemaRule(new SchemaRule("y", SchemaRuleKind.Index, "Paper", "Paper", ["year"]) with { EntityType = "NODE" });
            a = tx.CreateNode(["Paper"], Props(("year", 2017L)));
            tx.CreateNode(["Paper"], Props(("year", 2018L)));
            tx.Commit();
        }
        using (var tx = _store.Write())
        {
            tx.SetNodeProperty(a, "year", 2018L);
            Assert.Equal(2, tx.NodeIdsByProperty("Paper", "year", 2018L).Count());
            tx.Commit();
        }
        using var read = _store.BeginRead();
        Assert.Empty(read.NodeIdsByProperty("Paper", "year", 2017L));
        Assert.Equal(2, read.NodeIdsByProperty("Paper", "year", 2018.0).Count());
    }

    [Fact]
    public void Deleting_a_node_with_relationships_is_refused()
    {
        long a, r;
        using (var tx = _store.Write())
        {
            a = tx.CreateNode([], Props());
            var b = tx.CreateNode([], Props());
            r = tx.CreateRelationship(a, b, "R", Props());
            tx.Commit();
        }
        using var tx2 = _store.Write();
        var e = Assert.Throws<GraphException>(() => tx2.DeleteNode(a));
        Assert.Equal(GraphErrorCodes.ConstraintValidationFailed, e.Code);
        Assert.Equal($"Cannot delete node<{a}>, because it still has relationships. To delete this node, you must first delete its relationships.", e.Message);
        tx2.DeleteRelationship(r);
        tx2.DeleteNode(a);
        Assert.False(tx2.NodeExists(a));
        Assert.Equal(GraphErrorCodes.EntityNotFound, Assert.Throws<GraphException>(() => tx2.GetLabels(a)).Code);
        Assert.Equal(GraphErrorCodes.EntityNotFound, Assert.Throws<GraphException>(() => tx2.SetNodeProperty(a, "x", 1L)).Code);
        tx2.Commit();
        using var read = _store.BeginRead();
        Assert.Equal(1, read.CountNodes());
    }

    [Fact]
    public void Missing_ids_raise_entity_not_found()
    {
        using var tx = _store.Write();
        Assert.Equal(GraphErrorCodes.EntityNotFound, Assert.Throws<GraphException>(() => tx.CreateRelationship(7, 8, "R", Props())).Code);
        Assert.Equal(GraphErrorCodes.EntityNotFound, Assert.Throws<GraphException>(() => tx.DeleteRelationship(3)).Code);
        using var read = _store.BeginRead();
        Assert.Equal(GraphErrorCodes.EntityNotFound, Assert.Throws<GraphException>(() => read.GetNodeProperty(42, "k")).Code);
        Assert.False(read.NodeExists(42));
    }

    [Fact]
    public void A_node_created_in_the_transaction_has_no_relationships_until_given_some()
    {
        using var tx = _store.Write();
        var a = tx.CreateNode([], Props());
        Assert.Equal(0, tx.GetAdjacency(a, StoreDirection.Both).Length);
        tx.DeleteNode(a);
        Assert.Equal(0, tx.CountNodes());
    }

    [Fact]
    public void Hot_read_paths_allocate_nothing()
    {
        long a;
        using (var tx = _store.Write())
        {
            a = tx.CreateNode(["Paper"], Props(("key", "a"), ("year", 2020L)));
            for (var i = 0; i < 10; i++) tx.CreateRelationship(a, tx.CreateNode(["Paper"], Props()), "CITES", Props());
            tx.Commit();
        }
        using var read = _store.BeginRead();
        long sum = 0;
        void Run()
        {
            for (var i = 0; i < 1000; i++)
            {
                foreach (var adj in read.GetAdjacency(a, StoreDirection.Outgoing).Span) sum += adj.OtherNodeId;
                sum += read.GetAdjacency(a, StoreDirection.Both).Length;
                sum += read.GetNodeProperty(a, "year") is long y ? y : 0;
                sum += read.HasLabel(a, "Paper") ? 1 : 0;
                sum += read.NodeExists(a) ? 1 : 0;
                sum += read.GetLabels(a).Count;
            }
        }
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Fact]
    public void A_self_loop_appears_once_in_each_direction_and_once_under_both()
    {
        long a;
        using (var tx = _store.Write())
        {
            a = tx.CreateNode([], Props());
            var b = tx.CreateNode([], Props());
            tx.CreateRelationship(a, a, "SELF", Props());
            tx.CreateRelationship(a, b, "OUT", Props());
            Assert.Equal(2, tx.GetAdjacency(a, StoreDirection.Both).Length);
            tx.Commit();
        }
        using var read = _store.BeginRead();
        Assert.Equal(2, read.GetAdjacency(a, StoreDirection.Outgoing).Length);
        Assert.Equal(1, read.GetAdjacency(a, StoreDirection.Incoming).Length);
        Assert.Equal(2, read.GetAdjacency(a, StoreDirection.Both).Length);
    }

    [Fact]
    public void Adjacency_already_handed_out_does_not_change_when_relationships_are_deleted()
    {
        using var tx = _store.Write();
        var a = tx.CreateNode([], Props());
        var rels = Enumerable.Range(0, 5).Select(_ => tx.CreateRelationship(a, tx.CreateNode([], Props()), "R", Props())).ToList();
        var seen = tx.GetAdjacency(a, StoreDirection.Outgoing);
        foreach (var adj in seen.ToArray()) tx.DeleteRelationship(adj.RelationshipId);
        Assert.Equal(rels, seen.ToArray().Select(x => x.RelationshipId));
        Assert.Equal(0, tx.GetAdjacency(a, StoreDirection.Outgoing).Length);
    }

    [Fact]
    public void Property_values_that_cannot_be_stored_are_type_errors()
    {
        using var tx = _store.Write();
        var a = tx.CreateNode([], Props());
        Assert.Equal(GraphErrorCodes.TypeError, Assert.Throws<GraphException>(() => tx.SetNodeProperty(a, "m", Props(("x", 1L)))).Code);
        Assert.Equal(GraphErrorCodes.TypeError, Assert.Throws<GraphException>(() => tx.SetNodeProperty(a, "l", new object?[] { 1L, null })).Code);
        Assert.Equal(GraphErrorCodes.TypeError, Assert.Throws<GraphException>(() => tx.SetNodeProperty(a, "l", new object?[] { 1L, "x" })).Code);
        Assert.True(tx.SetNodeProperty(a, "i", 3));
        Assert.Equal(3L, tx.GetNodeProperty(a, "i"));
        Assert.False(tx.SetNodeProperty(a, "i", 3L));
        Assert.True(tx.SetNodeProperty(a, "i", 3.0));
        Assert.True(tx.SetNodeProperty(a, "i", null));
        Assert.Empty(tx.GetNodeProperties(a));
    }

    [Fact]
    public void The_second_writer_times_out_while_the_first_is_open()
    {
        using var first = _store.Write();
        var e = Assert.Throws<GraphException>(() => _store.BeginWrite(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(GraphErrorCodes.TransactionTimedOut, e.Code);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => _store.BeginWrite(TimeSpan.FromSeconds(5), cts.Token));
        first.Dispose();
        using var second = _store.BeginWrite(TimeSpan.FromMilliseconds(50), CancellationToken.None);
    }

    [Fact]
    public void A_committed_transaction_cannot_be_used_again()
    {
        var tx = _store.Write();
        tx.CreateNode([], Props());
        tx.Commit();
        Assert.Equal(GraphErrorCodes.TransactionNotFound, Assert.Throws<GraphException>(() => tx.CreateNode([], Props())).Code);
        tx.Dispose();
        using var next = _store.BeginWrite(TimeSpan.FromMilliseconds(50), CancellationToken.None);
    }

    [Fact]
    public void Each_changing_commit_gets_the_next_sequence_and_is_announced()
    {
        var seen = new List<GraphChange>();
        using var subscription = _store.Changes.Subscribe(seen.Add);
        long a;
        using (var tx = _store.Write())
        {
            a = tx.CreateNode(["Paper"], Props(("key", "a")));
            Assert.NotNull(tx.Commit());
        }
        using (var tx = _store.Write())
        {
            Assert.Null(tx.Commit());
        }
        using (var tx = _store.Write())
        {
            var b = tx.CreateNode([], Props());
            tx.CreateRelationship(a, b, "R", Props());
            tx.Commit();
        }
        Assert.Equal([1L, 2L], seen.Select(c => c.Sequence));
        Assert.Equal(2, _store.Changes.LastSequence);
        Assert.Equal(ElementIds.Node(a), seen[0].Nodes.Single().ElementId);
        Assert.Equal("a", seen[0].Nodes.Single().Properties["key"]);
        Assert.Equal(ElementIds.Node(a), seen[1].Relationships.Single().StartNodeElementId);
        var since = _store.Changes.ChangesSince(1);
        Assert.Equal([2L], since!.Select(c => c.Sequence));
        Assert.Equal(2, _store.Changes.ChangesSince(0)!.Count);
        Assert.Empty(_store.Changes.ChangesSince(2)!);
    }

    [Fact]
    public async Task Writers_on_several_threads_are_announced_once_each_in_sequence_order()
    {
        var seen = new List<long>();
        using var subscription = _store.Changes.Subscribe(c => { lock (seen) seen.Add(c.Sequence); });
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                using var tx = _store.BeginWrite(TimeSpan.FromSeconds(30), CancellationToken.None);
                tx.CreateNode(["W" + w], Props(("i", (long)i)));
                tx.Commit();
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        lock (seen) Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), seen);
        Assert.Equal(200, _store.Changes.ChangesSince(0)!.Count);
        using var read = _store.BeginRead();
        Assert.Equal(200, read.CountNodes());
    }

    [Fact]
    public void Changes_older_than_the_kept_log_are_reported_as_missing()
    {
        using var store = SqliteGraphStore.Open(null, new SqliteGraphStoreOptions { ChangeLogCapacity = 3 });
        for (var i = 0; i < 5; i++)
        {
            using var tx = store.Write();
            tx.CreateNode([], Props());
            tx.Commit();
        }
        Assert.Null(store.Changes.ChangesSince(0));
        Assert.Null(store.Changes.ChangesSince(1));
        Assert.Equal([3L, 4L, 5L], store.Changes.ChangesSince(2)!.Select(c => c.Sequence));
    }

    [Fact]
    public void Deleted_entities_are_listed_in_the_change()
    {
        long a, r;
        using (var tx = _store.Write())
        {
            a = tx.CreateNode([], Props());
            r = tx.CreateRelationship(a, a, "R", Props());
            tx.Commit();
        }
        using (var tx = _store.Write())
        {
            tx.DeleteRelationship(r);
            tx.DeleteNode(a);
            var change = tx.Commit()!;
            Assert.Equal([ElementIds.Node(a)], change.DeletedNodeIds);
            Assert.Equal([ElementIds.Relationship(r)], change.DeletedRelationshipIds);
        }
    }

    [Fact]
    public async Task Readers_running_during_commits_always_see_whole_transactions()
    {
        using (var tx = _store.Write())
        {
            tx.CreateNode(["Counter"], Props(("n", 0L)));
            tx.Commit();
        }
        var stop = false;
        var failures = 0;
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000 && !Volatile.Read(ref stop); i++)
            {
                using var read = _store.BeginRead();
                // Each transaction adds one A and one B node together.
                if (read.CountNodes("A") != read.CountNodes("B") || read.NodeIdsByLabel("A").Count() != read.CountNodes("A"))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        for (var i = 0; i < 200; i++)
        {
            using var tx = _store.Write();
            tx.CreateNode(["A"], Props(("i", (long)i)));
            tx.CreateNode(["B"], Props(("i", (long)i)));
            tx.Commit();
        }
        Volatile.Write(ref stop, true);
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, failures);
        using var last = _store.BeginRead();
        Assert.Equal(200, last.CountNodes("A"));
    }
}
