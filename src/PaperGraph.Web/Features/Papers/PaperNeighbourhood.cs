using PaperGraph.Graph;

namespace PaperGraph.Web.Features.Papers;

/// <summary>
/// One paper with its neighbours (the papers one prerequisite edge away, the edges, and their sections), read with
/// one Cypher statement through <see cref="IGraphDatabase"/> and projected as the read model projects the whole graph,
/// so <c>GET /api/papers/{key}</c> gives the same answer either way.
/// </summary>
/// <remarks>
/// Used while the read model has not yet projected the last committed change: projecting the whole graph costs
/// O(papers + edges) once per change (66 ms at 5,000 papers on the loaded test machine, where this statement took
/// 3.7 ms; <c>ReadModelFigures</c>), and a paper's panel needs none of it.
/// </remarks>
internal static class PaperNeighbourhood
{
    internal const string Query = """
        MATCH (p:Paper {key: $key})
        OPTIONAL MATCH (p)-[r:PREREQUISITE_OF]-(n:Paper)
        WITH p, collect(DISTINCT r) AS edges, collect(DISTINCT n) AS neighbours
        UNWIND [p] + neighbours AS q
        OPTIONAL MATCH (q)-[m:IN_SECTION]->(s:Section)
        RETURN collect(DISTINCT q) AS papers, edges, collect(DISTINCT m) AS memberships, collect(DISTINCT s) AS sections
        """;

    /// <summary>The paper <paramref name="key"/> and its neighbourhood as a small model; null when no paper has the key.</summary>
    public static async Task<PaperGraphModel?> ReadAsync(IGraphDatabase database, string key, CancellationToken ct)
    {
        var result = await database.ExecuteAsync(CypherQuery.Read(Query, new Dictionary<string, object?> { ["key"] = key }), ct);
        if (result.Values.Count == 0) return null;
        var row = result.Values[0];
        static IEnumerable<T> Items<T>(object? value) => value is IEnumerable<object?> list ? list.OfType<T>() : [];
        var state = new GraphReadState(0);
        foreach (var n in Items<GraphNode>(row[3])) state.PutNode(n);
        foreach (var n in Items<GraphNode>(row[0])) state.PutNode(n);
        foreach (var r in Items<GraphRelationship>(row[2])) state.PutRelationship(r);
        foreach (var r in Items<GraphRelationship>(row[1])) state.PutRelationship(r);
        var model = state.ToModel();
        return model.Find(key) is null ? null : model;
    }
}
