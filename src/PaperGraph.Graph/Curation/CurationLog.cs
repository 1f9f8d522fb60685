namespace PaperGraph.Graph.Curation;

/// <summary>
/// The curated part of the model and the history of its changes, as every backend and every way in writes them
/// (docs/MODEL.md, "History"): one <c>(:ChangeLog {key: 'changes', seq})</c> node whose <c>seq</c> is the last
/// change number, and one <c>(:Change {seq, at, curator, action, …})</c> node per change to a paper or a
/// prerequisite edge, written in the same transaction as the change.
/// </summary>
/// <remarks>
/// Updating the log node is also the curation lock: on Neo4j the write lock on that node is held until the
/// transaction ends, so two curation transactions that both update it run one after the other, and a check made
/// after the update sees everything committed before it. The embedded store has one writer at a time anyway.
/// </remarks>
public static class CurationLog
{
    public const string PaperLabel = "Paper";
    public const string PrerequisiteType = "PREREQUISITE_OF";
    public const string ChangeLabel = "Change";
    public const string LogLabel = "ChangeLog";

    /// <summary>The actions a <c>Change</c> records.</summary>
    public static class Actions
    {
        public const string AddEdge = "add-edge";
        public const string RewordEdge = "reword-edge";
        public const string RemoveEdge = "remove-edge";
        public const string AddPaper = "add-paper";
        public const string EditPaper = "edit-paper";
        public const string RemovePaper = "remove-paper";
        /// <summary>A raw Cypher write whose effect on papers and edges the backend cannot itemise (Neo4j), or
        /// a transaction too large to itemise.</summary>
        public const string Cypher = "cypher";
        public const string Import = "import";
    }

    /// <summary>The <c>Change</c> property that says which elements a curated change deleted, as JSON text:
    /// <c>{"nodes": [element ids], "relationships": [element ids]}</c> (a removed paper; the removed edge, a removed
    /// paper's memberships, the memberships a section move replaced). Recorded by every change of the curation API
    /// that may delete (<c>remove-edge</c>, <c>remove-paper</c>, <c>edit-paper</c>), with empty lists when nothing
    /// went, so that a change feed that reads the history (the Neo4j backend's) can say what went. JSON text rather
    /// than two list properties, as <c>previous</c> is: an empty list is not a property value every Neo4j client can
    /// store. The ids hold for that point of the history only (Neo4j reuses the ids of deleted elements), so a
    /// consumer applies them in sequence order.</summary>
    public const string Deleted = "deleted";

    /// <summary>Schema for the history: one log node, unique change numbers.</summary>
    public static readonly IReadOnlyList<string> ConstraintStatements =
    [
        "CREATE CONSTRAINT change_log_key IF NOT EXISTS FOR (l:ChangeLog) REQUIRE l.key IS UNIQUE",
        "CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (c:Change) REQUIRE c.seq IS UNIQUE",
    ];

    /// <summary>Takes the curation lock and reserves <c>$count</c> change numbers, returning the first. A writer
    /// that records its own <c>Change</c> nodes passes <c>$own = true</c>, so the commit check records nothing
    /// more (the mark is cleared by that check, never committed).</summary>
    public const string Reserve = """
        MERGE (l:ChangeLog {key: 'changes'})
        ON CREATE SET l.seq = 0
        SET l.seq = l.seq + $count, l.ownRecords = CASE WHEN $own THEN true ELSE l.ownRecords END
        RETURN l.seq - $count + 1 AS first
        """;

    /// <summary>The commit check's lock: returns the last change number and whether the transaction recorded
    /// its own changes, and clears that mark.</summary>
    public const string LockForCheck = """
        MERGE (l:ChangeLog {key: 'changes'})
        ON CREATE SET l.seq = 0
        WITH l, l.ownRecords AS own
        SET l.writes = coalesce(l.writes, 0) + 1
        REMOVE l.ownRecords
        RETURN l.seq AS seq, coalesce(own, false) AS own
        """;

    /// <summary>Writes <c>Change</c> nodes: <c>$changes</c> is a list of maps (seq, at, curator, action, …).</summary>
    public const string Record = "UNWIND $changes AS c CREATE (x:Change) SET x = c";

    /// <summary>The curator recorded for a statement without an actor.</summary>
    public const string UnknownActor = "unknown";

    /// <summary>The longest statement text kept on a <c>cypher</c> change.</summary>
    public const int MaxStatementLength = 500;

    /// <summary>Now, as history stores it (ISO-8601 UTC, milliseconds).</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The statement text as kept on a change (trimmed, cut at <see cref="MaxStatementLength"/>).</summary>
    public static string StatementText(string text)
    {
        text = text.Trim();
        return text.Length <= MaxStatementLength ? text : text[..MaxStatementLength] + "…";
    }
}
