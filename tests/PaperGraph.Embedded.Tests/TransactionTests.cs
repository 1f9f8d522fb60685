using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

public sealed class TransactionTests
{
    [Fact]
    public async Task Explicit_transaction_sees_its_own_writes_and_commits_them_together()
    {
        await using var db = Db.Open();
        await using (var tx = await db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("CREATE (:A {k: 1})"));
            var seen = await tx.ExecuteAsync(new CypherQuery("MATCH (a:A) RETURN count(a)"));
            Assert.Equal(1L, seen.Values[0][0]);
            await tx.ExecuteAsync(new CypherQuery("CREATE (:A {k: 2})"));
            await tx.CommitAsync();
        }

        Assert.Equal(2L, db.Scalar("MATCH (a:A) RETURN count(a)"));
    }

    [Fact]
    public async Task Rolled_back_transaction_changes_nothing()
    {
        await using var db = Db.Open();
        await using (var tx = await db.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(new CypherQuery("CREATE (:A)"));
            await tx.RollbackAsync();
        }

        Assert.Equal(0L, db.Scalar("MATCH (a) RETURN count(a)"));
    }

    [Fact]
    public async Task A_failing_statement_rolls_back_the_whole_transaction()
    {
        await using var db = Db.Open();
        var tx = await db.BeginTransactionAsync();
        await tx.ExecuteAsync(new CypherQuery("CREATE (:A)"));
        await Assert.ThrowsAsync<GraphException>(() => tx.ExecuteAsync(new CypherQuery("RETURN 1 / 0")));
        var closed = await Assert.ThrowsAsync<GraphException>(() => tx.ExecuteAsync(new CypherQuery("RETURN 1")));
        Assert.Equal(GraphErrorCodes.TransactionNotFound, closed.Code);
        await tx.DisposeAsync();
        Assert.Equal(0L, db.Scalar("MATCH (a) RETURN count(a)"));
    }

    [Fact]
    public async Task Read_transaction_refuses_writes()
    {
        await using var db = Db.Open();
        await using var tx = await db.BeginTransactionAsync(AccessMode.Read);
        var error = await Assert.ThrowsAsync<GraphException>(() => tx.ExecuteAsync(new CypherQuery("CREATE ()")));
        Assert.Equal(GraphErrorCodes.AccessMode, error.Code);
    }

    [Fact]
    public async Task Committed_write_is_announced_on_the_change_feed()
    {
        await using var db = Db.Open();
        var changes = new List<GraphChange>();
        using var subscription = db.Subscribe(changes.Add);
        db.Run("CREATE (:Paper {key: 'a'})");
        var change = Assert.Single(changes);
        Assert.Equal(db.LastSequence, change.Sequence);
        Assert.Equal("a", Assert.Single(change.Nodes, n => n.Labels.Contains("Paper")).Properties["key"]);
        // The paper's history is in the same transaction, so in the same change.
        Assert.Equal("add-paper", Assert.Single(change.Nodes, n => n.Labels.Contains("Change")).Properties["action"]);
    }
}
