using PaperGraph.Cypher.Storage;
using PaperGraph.Graph;

namespace PaperGraph.Storage.Sqlite;

/// <summary>The store's error messages (each thrown from more than one place), after Neo4j's wording.</summary>
internal static class StoreErrors
{
    public static GraphException NodeNotFound(long id) =>
        new(GraphErrorCodes.EntityNotFound, $"Storage: node with id {id} does not exist (it was never created or has been deleted).");

    public static GraphException RelationshipNotFound(long id) =>
        new(GraphErrorCodes.EntityNotFound, $"Storage: relationship with id {id} does not exist (it was never created or has been deleted).");

    public static GraphException UnknownType(int typeId) =>
        new(GraphErrorCodes.EntityNotFound, $"Storage: no relationship type has the id {typeId}.");

    public static GraphException NodeStillHasRelationships(long id) =>
        new(GraphErrorCodes.ConstraintValidationFailed,
            $"Cannot delete node<{id}>, because it still has relationships. To delete this node, you must first delete its relationships.");

    public static GraphException AlreadyExists(long existingId, string label, string key, object value) =>
        new(GraphErrorCodes.ConstraintValidationFailed,
            $"Node({ElementIds.Node(existingId)}) already exists with label `{label}` and property `{key}` = {PropertyValues.Format(value)}");

    public static GraphException TransactionClosed(string state) =>
        new(GraphErrorCodes.TransactionNotFound, $"Storage: the write transaction has already been {state}.");

    public static GraphException WriterTimedOut(TimeSpan timeout) =>
        new(GraphErrorCodes.TransactionTimedOut,
            $"Storage: timed out after {timeout.TotalSeconds:0.###} s waiting for another write transaction to finish.");

    public static GraphException CommitFailed(Exception inner) =>
        new(GraphErrorCodes.DatabaseUnavailable,
            $"Storage: the commit could not be made durable, so nothing was committed: {inner.Message}", inner: inner);
}
