using System.Text.RegularExpressions;
using PaperGraph.Graph;
using PaperGraph.Graph.Curation;

namespace PaperGraph.Neo4j;

/// <summary>
/// The rules of prerequisite edges and the history of papers and edges for a backend that cannot be hooked at
/// commit (a Neo4j server): every write that names <c>Paper</c> or <c>PREREQUISITE_OF</c> runs in an explicit
/// transaction which, before it commits, takes the curation lock (an update of the one <c>ChangeLog</c> node, held
/// by Neo4j until the transaction ends, so such writes are serialised), checks the rules over the whole
/// prerequisite graph as it now stands, and records a <c>cypher</c> change unless the writer recorded its own.
/// A break rolls the transaction back with <c>Neo.ClientError.Schema.ConstraintValidationFailed</c>.
/// </summary>
/// <remarks>
/// Not covered: writes made to the Neo4j server without PaperGraph (its browser, cypher-shell, a driver), and, through
/// PaperGraph, a write that changes papers or edges without naming either (<c>MATCH ()-[r]->() SET r.reason = ''</c>);
/// schema statements and <c>CALL {…} IN TRANSACTIONS</c> (which Neo4j runs outside an explicit transaction) pass
/// through unchecked. The check costs one scan of the prerequisite edges per curated write, and, when edges were
/// created, reading their ends to sort them here.
/// </remarks>
public sealed partial class CurationRulesDatabase(IGraphDatabase inner) : IGraphDatabase
{
    private const string Violations = """
        MATCH (a)-[r:PREREQUISITE_OF]->(b)
        WHERE a = b OR NOT a:Paper OR NOT b:Paper
           OR r.reason IS NULL OR toString(r.reason) <> r.reason OR trim(toString(r.reason)) = ''
        RETURN a.key AS from, b.key AS to, a = b AS self, (a:Paper AND b:Paper) AS papers
        LIMIT 1
        """;

    private const string AllEdges = "MATCH (a:Paper)-[:PREREQUISITE_OF]->(b:Paper) RETURN a.key AS from, b.key AS to";

    /// <summary>The database being guarded.</summary>
    public IGraphDatabase Inner => inner;

    public async Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.AccessMode == AccessMode.Read || PassesThrough(query.Text) || !Names(query.Text))
            return await inner.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);

        await using var tx = new GuardedTransaction(await inner.BeginTransactionAsync(AccessMode.Write, cancellationToken).ConfigureAwait(false));
        var result = await tx.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public async Task<IGraphTransaction> BeginTransactionAsync(AccessMode accessMode = AccessMode.Write,
        CancellationToken cancellationToken = default)
    {
        var tx = await inner.BeginTransactionAsync(accessMode, cancellationToken).ConfigureAwait(false);
        return accessMode == AccessMode.Read ? tx : new GuardedTransaction(tx);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Whether the statement names the curated label or type (labels and types are case-sensitive).</summary>
    internal static bool Names(string text) =>
        text.Contains(CurationLog.PaperLabel, StringComparison.Ordinal) || text.Contains(CurationLog.PrerequisiteType, StringComparison.Ordinal);

    private static bool PassesThrough(string text) => SchemaOrBatched().IsMatch(text);

    [GeneratedRegex(@"^\s*((CREATE|DROP)\s+(\w+\s+)*?(CONSTRAINT|INDEX)\b|SHOW\b)|\bIN\s+(\d+\s+)?(CONCURRENT\s+)?TRANSACTIONS\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchemaOrBatched();

    /// <summary>Checks and records before the inner transaction commits.</summary>
    private sealed class GuardedTransaction(IGraphTransaction inner) : IGraphTransaction
    {
        private CypherQuery? _lastCurated;
        private bool _edgesCreated;

        public async Task<QueryResult> ExecuteAsync(CypherQuery query, CancellationToken cancellationToken = default)
        {
            var result = await inner.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
            if (result.Counters.ContainsUpdates && Names(query.Text))
            {
                _lastCurated = query;
                _edgesCreated |= result.Counters.RelationshipsCreated > 0 || result.Counters.LabelsAdded > 0 || result.Counters.LabelsRemoved > 0;
            }
            return result;
        }

        public async Task CommitAsync(CancellationToken cancellationToken = default)
        {
            if (_lastCurated is { } last)
            {
                try
                {
                    await CheckAndRecordAsync(last, cancellationToken).ConfigureAwait(false);
                }
                catch (GraphException)
                {
                    await RollbackQuietlyAsync().ConfigureAwait(false);
                    throw;
                }
            }
            await inner.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task CheckAndRecordAsync(CypherQuery last, CancellationToken cancellationToken)
        {
            // The lock first: from here until commit no other curated write can commit, and the checks below see
            // everything committed before.
            var locked = await inner.ExecuteAsync(new CypherQuery(CurationLog.LockForCheck), cancellationToken).ConfigureAwait(false);
            var own = locked.Values[0][1] is true;

            var bad = await inner.ExecuteAsync(CypherQuery.Read(Violations), cancellationToken).ConfigureAwait(false);
            if (bad.Values.Count > 0)
            {
                var row = bad.Values[0];
                var (from, to) = (row[0] as string, row[1] as string);
                throw row[2] is true ? PrerequisiteRules.SelfLoop(from ?? "?")
                    : row[3] is not true ? PrerequisiteRules.NotPapers(from, to)
                    : PrerequisiteRules.BlankReason(from, to);
            }
            if (_edgesCreated)
            {
                var edges = await inner.ExecuteAsync(CypherQuery.Read(AllEdges), cancellationToken).ConfigureAwait(false);
                var cycle = PrerequisiteRules.FindCycle(edges.Values.Select(r => (r[0] as string ?? "?", r[1] as string ?? "?")));
                if (cycle is not null) throw PrerequisiteRules.Cycle(cycle);
            }
            if (own) return;

            var reserved = await inner.ExecuteAsync(new CypherQuery(CurationLog.Reserve,
                new Dictionary<string, object?> { ["count"] = 1L, ["own"] = false }), cancellationToken).ConfigureAwait(false);
            var change = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["seq"] = reserved.Values[0][0],
                ["at"] = CurationLog.Timestamp(DateTimeOffset.UtcNow),
                ["curator"] = last.Actor ?? CurationLog.UnknownActor,
                ["action"] = CurationLog.Actions.Cypher,
                ["via"] = "cypher",
                ["statement"] = CurationLog.StatementText(last.Text),
            };
            await inner.ExecuteAsync(new CypherQuery(CurationLog.Record,
                new Dictionary<string, object?> { ["changes"] = new List<object?> { change } }), cancellationToken).ConfigureAwait(false);
            await inner.ExecuteAsync(new CypherQuery("MATCH (l:ChangeLog {key: 'changes'}) REMOVE l.ownRecords"), cancellationToken).ConfigureAwait(false);
        }

        private async Task RollbackQuietlyAsync()
        {
            try
            {
                await inner.RollbackAsync().ConfigureAwait(false);
            }
            catch (GraphException)
            {
                // Already closed by the failure.
            }
        }

        public Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
