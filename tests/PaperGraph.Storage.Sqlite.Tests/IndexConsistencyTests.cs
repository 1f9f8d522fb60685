using PaperGraph.Cypher.Storage;
using static PaperGraph.Storage.Sqlite.Tests.StoreTestHelpers;

namespace PaperGraph.Storage.Sqlite.Tests;

/// <summary>Random writes against a store with a property index, checked against a plain model after each commit,
/// and old snapshots checked to stay as they were.</summary>
public sealed class IndexConsistencyTests
{
    private static object Value(Random random) => random.Next(4) switch
    {
        0 => (long)random.Next(6000),
        1 => (double)random.Next(6000),
        2 => random.Next(6000) + 0.5,
        _ => "s" + random.Next(6000),
    };

    private static object Key(object value) => value switch
    {
        long l => (double)l,
        _ => value,
    };

    [Fact]
    public void Index_lookups_agree_with_a_plain_model_through_random_commits_and_rollbacks()
    {
        var random = new Random(12345);
        using var store = SqliteGraphStore.Open(null);
        using (var tx = store.Write())
        {
            tx.CreateSchemaRule(new SchemaRule("v", SchemaRuleKind.Index, "NODE", "L", ["v"]));
            tx.Commit();
        }
        // The model: node id -> (has label L, value of v).
        var model = new Dictionary<long, (bool Labelled, object? Value)>();
        var snapshots = new List<(IStoreReadTransaction Read, Dictionary<object, HashSet<long>> Expected)>();
        for (var round = 0; round < 40; round++)
        {
            var draft = new Dictionary<long, (bool, object?)>(model);
            var commit = random.Next(5) != 0;
            using (var tx = store.Write())
            {
                var operations = round < 3 ? 3000 : 200;
                for (var i = 0; i < operations; i++)
                {
                    var ids = draft.Keys.ToList();
                    var op = ids.Count == 0 ? 0 : random.Next(6);
                    var id = ids.Count == 0 ? 0 : ids[random.Next(ids.Count)];
                    switch (op)
                    {
                        case 0 or 1:
                            var v = Value(random);
                            var labelled = random.Next(4) != 0;
                            draft[tx.CreateNode(labelled ? ["L"] : [], Props(("v", v)))] = (labelled, v);
                            break;
                        case 2:
                            var nv = random.Next(8) == 0 ? null : Value(random);
                            tx.SetNodeProperty(id, "v", nv);
                            draft[id] = (draft[id].Item1, nv);
                            break;
                        case 3:
                            tx.RemoveLabel(id, "L");
                            draft[id] = (false, draft[id].Item2);
                            break;
                        case 4:
                            tx.AddLabel(id, "L");
                            draft[id] = (true, draft[id].Item2);
                            break;
                        default:
                            tx.DeleteNode(id);
                            draft.Remove(id);
                            break;
                    }
                }
                CheckAgainst(tx, draft, random);
                if (commit) tx.Commit();
            }
            if (commit) model = draft;
            var read = store.BeginRead();
            var expected = Expected(model);
            Check(read, expected);
            snapshots.Add((read, expected));
        }
        foreach (var (read, expected) in snapshots)
        {
            Check(read, expected);
            read.Dispose();
        }
    }

    private static Dictionary<object, HashSet<long>> Expected(Dictionary<long, (bool Labelled, object? Value)> model)
    {
        var expected = new Dictionary<object, HashSet<long>>();
        foreach (var (id, (labelled, value)) in model)
        {
            if (!labelled || value is null) continue;
            var key = Key(value);
            if (!expected.TryGetValue(key, out var set)) expected[key] = set = [];
            set.Add(id);
        }
        return expected;
    }

    private static void Check(IGraphReader read, Dictionary<object, HashSet<long>> expected)
    {
        Assert.Equal(expected.Values.Sum(s => s.Count), read.NodeIdsByLabel("L").Count(id => read.GetNodeProperty(id, "v") is not null));
        foreach (var (key, ids) in expected)
        {
            Assert.Equal(ids.Order(), read.NodeIdsByProperty("L", "v", key).Order());
        }
    }

    private static void CheckAgainst(IGraphReader read, Dictionary<long, (bool, object?)> draft, Random random)
    {
        var expected = Expected(draft);
        foreach (var key in expected.Keys.OrderBy(_ => random.Next()).Take(200))
        {
            Assert.Equal(expected[key].Order(), read.NodeIdsByProperty("L", "v", key).Order());
        }
        Assert.Empty(read.NodeIdsByProperty("L", "v", "never"));
    }
}
