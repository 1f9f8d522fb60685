// Usage: PaperGraph.Storage.CrashWriter <folder>
// Opens the store in <folder>, continues numbering after the highest committed transaction, and commits forever:
// transaction n creates two nodes (:Tx {n}) and (:Echo {n}), a relationship between them, and sets n on the
// (:Head) node. After each commit returns it prints "ack n" and flushes, so the parent knows n was acknowledged.
using PaperGraph.Storage.Sqlite;

using var store = SqliteGraphStore.Open(args[0]);
long head;
long next;
using (var read = store.BeginRead())
{
    var heads = read.NodeIdsByLabel("Head").ToList();
    head = heads.Count == 0 ? -1 : heads[0];
    next = heads.Count == 0 ? 1 : (long)read.GetNodeProperty(head, "n")! + 1;
}
if (head < 0)
{
    using var tx = store.BeginWrite(TimeSpan.FromSeconds(10), CancellationToken.None);
    head = tx.CreateNode(["Head"], new Dictionary<string, object?> { ["n"] = 0L });
    tx.Commit();
}
var stdout = Console.Out;
stdout.WriteLine("ready");
stdout.Flush();
var filler = new string('x', 200);
for (var n = next; ; n++)
{
    using var tx = store.BeginWrite(TimeSpan.FromSeconds(10), CancellationToken.None);
    var a = tx.CreateNode(["Tx"], new Dictionary<string, object?> { ["n"] = n, ["filler"] = filler });
    var b = tx.CreateNode(["Echo"], new Dictionary<string, object?> { ["n"] = n, ["w"] = n + 0.5 });
    tx.CreateRelationship(a, b, "ECHOED_BY", new Dictionary<string, object?> { ["n"] = n });
    tx.SetNodeProperty(head, "n", n);
    tx.Commit();
    stdout.WriteLine("ack " + n);
    stdout.Flush();
}
