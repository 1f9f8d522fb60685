using PaperGraph.Neo4j;

namespace PaperGraph.Graph.Contract.Tests.LiveNeo4j;

/// <summary>
/// A real Neo4j (5.26+ or 2025.x) named by <c>NEO4J_URI</c> (its HTTP address, e.g. <c>http://localhost:7474</c>),
/// <c>NEO4J_USER</c>, <c>NEO4J_PASSWORD</c> and optionally <c>NEO4J_DATABASE</c>: the contract's third backend.
/// Without <c>NEO4J_URI</c> every live test is reported as skipped. Each test empties the database first (nodes,
/// constraints, indexes): never point it at data you keep.
/// </summary>
internal static class LiveNeo4jServer
{
    public const string Collection = "live Neo4j";

    public static IGraphDatabase OpenEmpty()
    {
        var uri = Environment.GetEnvironmentVariable("NEO4J_URI");
        Skip.If(string.IsNullOrWhiteSpace(uri),
            "NEO4J_URI is not set, so there is no live Neo4j to run the contract against " +
            "(e.g. NEO4J_URI=http://localhost:7474 NEO4J_USER=neo4j NEO4J_PASSWORD=… ./test.sh).");
        var db = new Neo4jGraphDatabase(new Neo4jConnection(new Uri(uri!, UriKind.Absolute),
            Environment.GetEnvironmentVariable("NEO4J_DATABASE") ?? "neo4j",
            Environment.GetEnvironmentVariable("NEO4J_USER"), Environment.GetEnvironmentVariable("NEO4J_PASSWORD")));
        EmptyAsync(db).GetAwaiter().GetResult();
        return db;
    }

    private static async Task EmptyAsync(Neo4jGraphDatabase db)
    {
        await db.CheckAsync();
        await db.ExecuteAsync(new CypherQuery("MATCH (n) DETACH DELETE n"));
        var constraints = await db.ExecuteAsync(new CypherQuery("SHOW CONSTRAINTS YIELD name RETURN name"));
        foreach (var row in constraints.Values)
            await db.ExecuteAsync(new CypherQuery($"DROP CONSTRAINT `{row[0]}` IF EXISTS"));
        var indexes = await db.ExecuteAsync(new CypherQuery("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name"));
        foreach (var row in indexes.Values)
            await db.ExecuteAsync(new CypherQuery($"DROP INDEX `{row[0]}` IF EXISTS"));
    }
}

/// <summary>The contract against a live Neo4j (skipped without <c>NEO4J_URI</c>).</summary>
[Collection(LiveNeo4jServer.Collection)]
public sealed class LiveNeo4jGraphDatabaseContract : GraphDatabaseContract
{
    protected override Task<IGraphDatabase> OpenAsync() => Task.FromResult(LiveNeo4jServer.OpenEmpty());
}

/// <summary>The seam's behaviour against a live Neo4j (skipped without <c>NEO4J_URI</c>).</summary>
[Collection(LiveNeo4jServer.Collection)]
public sealed class LiveNeo4jSeamBehaviour : SeamBehaviour
{
    protected override IGraphDatabase Open() => LiveNeo4jServer.OpenEmpty();
}
