using PaperGraph.Embedded;
using PaperGraph.Graph;
using PaperGraph.Neo4j;

namespace PaperGraph.Graph.Contract.Tests.Neo4jHttp;

/// <summary>
/// A <see cref="Neo4jGraphDatabase"/> (the Neo4j backend) talking HTTP to PaperGraph's own Query API, served by
/// the shared <see cref="PaperGraphServer"/> harness (real Kestrel on 127.0.0.1) over a fresh in-memory embedded
/// store. Disposing it stops the server.
/// </summary>
/// <remarks>Use it to run any contract test over HTTP: <c>await using var db = Neo4jHttpBackend.Start();</c></remarks>
public sealed class Neo4jHttpBackend : IGraphDatabase
{
    private readonly PaperGraphServer _server;
    private readonly CurationRulesDatabase _client;

    private readonly IGraphDatabase? _store;

    private Neo4jHttpBackend(bool serverChecksRules)
    {
        // Without its own rules the server stands in for a real Neo4j, which knows nothing of them: then only the
        // client's CurationRulesDatabase (its lock, its check before commit) keeps the prerequisites a DAG.
        _store = serverChecksRules ? null : EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions { CurationRules = false });
        _server = new PaperGraphServer(new PaperGraphServerOptions
        {
            Settings = new Dictionary<string, string?> { ["Storage:Path"] = ":memory:" },
            Database = _store,
        });
        // As the web app and the CLI open the Neo4j backend: with the curation rules around each curated write.
        _client = new CurationRulesDatabase(
            new Neo4jGraphDatabase(new Neo4jConnection(_server.Address, "neo4j", PaperGraphServer.AdminUser, PaperGraphServer.AdminPassword)));
    }

    /// <summary>Starts a server and connects to it as its administrator.</summary>
    /// <param name="serverChecksRules">False for a server whose store does not check the curation rules at commit,
    /// as a Neo4j server does not.</param>
    public static Neo4jHttpBackend Start(bool serverChecksRules = true) => new(serverChecksRules);

    public Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default) =>
        _client.ExecuteAsync(query, cancellationToken);

    public Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write, CancellationToken cancellationToken = default) =>
        _client.BeginTransactionAsync(accessMode, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        if (_store is not null)
            await _store.DisposeAsync();
    }
}
