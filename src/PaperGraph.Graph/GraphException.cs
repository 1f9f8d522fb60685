namespace PaperGraph.Graph;

/// <summary>
/// The one error type across the seam. <see cref="Code"/> is a Neo4j status code
/// (<see cref="GraphErrorCodes"/>); the embedded engine raises these itself and the Neo4j backend passes the
/// server's codes through, so callers see one taxonomy.
/// </summary>
public sealed class GraphException(string code, string message, SourcePosition? position = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>A Neo4j status code such as <c>Neo.ClientError.Statement.SyntaxError</c>.</summary>
    public string Code { get; } = code;

    /// <summary>Where in the statement the problem is, when known.</summary>
    public SourcePosition? Position { get; } = position;

    /// <summary>The last segment of the code (<c>SyntaxError</c>), as the openCypher TCK names error types.</summary>
    public string Title => Code[(Code.LastIndexOf('.') + 1)..];

    /// <summary>True for <c>Neo.ClientError.*</c>: the caller's statement or data is at fault.</summary>
    public bool IsClientError => Code.StartsWith("Neo.ClientError.", StringComparison.Ordinal);

    /// <summary>The columns and the rows the statement produced before it failed (e.g. <c>UNWIND [1, 2, 0] AS x
    /// RETURN 10 / x</c> gives 10 and 5, then fails), as Neo4j streams them before the error (its Query API answers
    /// 202 with <c>data</c> and <c>errors</c>); null when it failed before its first row, or when it ran out of its
    /// memory budget (the rows are what exhausted it).</summary>
    /// <remarks>The failure still undoes everything the statement (and its transaction) wrote: these rows are what
    /// the caller was shown, not what was kept.</remarks>
    public QueryResult? PartialResult { get; init; }

    /// <summary>The same error carrying <paramref name="partial"/> as <see cref="PartialResult"/>.</summary>
    public GraphException WithPartialResult(QueryResult partial) =>
        new(Code, Message, Position, this) { PartialResult = partial };
}

/// <summary>A place in a statement's text: 0-based offset, 1-based line and column.</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column} (offset: {Offset})";
}

/// <summary>The Neo4j status codes PaperGraph raises.</summary>
public static class GraphErrorCodes
{
    public const string SyntaxError = "Neo.ClientError.Statement.SyntaxError";
    public const string SemanticError = "Neo.ClientError.Statement.SemanticError";
    public const string ParameterMissing = "Neo.ClientError.Statement.ParameterMissing";
    public const string TypeError = "Neo.ClientError.Statement.TypeError";
    public const string ArgumentError = "Neo.ClientError.Statement.ArgumentError";
    public const string ArithmeticError = "Neo.ClientError.Statement.ArithmeticError";
    public const string EntityNotFound = "Neo.ClientError.Statement.EntityNotFound";
    public const string ExternalResourceFailed = "Neo.ClientError.Statement.ExternalResourceFailed";
    public const string AccessMode = "Neo.ClientError.Statement.AccessMode";
    public const string ConstraintValidationFailed = "Neo.ClientError.Schema.ConstraintValidationFailed";
    public const string EquivalentSchemaRuleAlreadyExists = "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists";
    public const string ConstraintNotFound = "Neo.ClientError.Schema.ConstraintDropFailed";
    public const string IndexNotFound = "Neo.ClientError.Schema.IndexDropFailed";
    public const string ProcedureNotFound = "Neo.ClientError.Procedure.ProcedureNotFound";
    public const string TransactionTimedOut = "Neo.ClientError.Transaction.TransactionTimedOut";
    public const string TransactionNotFound = "Neo.ClientError.Transaction.TransactionNotFound";
    public const string Terminated = "Neo.ClientError.Transaction.Terminated";
    public const string ResultTooLarge = "Neo.ClientError.Statement.ExecutionFailed";
    public const string Unauthorized = "Neo.ClientError.Security.Unauthorized";
    public const string Forbidden = "Neo.ClientError.Security.Forbidden";
    public const string DatabaseNotFound = "Neo.ClientError.Database.DatabaseNotFound";
    public const string RequestInvalid = "Neo.ClientError.Request.Invalid";
    public const string RequestInvalidFormat = "Neo.ClientError.Request.InvalidFormat";
    /// <summary>The statement needed more memory than its budget (<c>Storage:QueryMemoryMB</c>), Neo4j's answer when a
    /// transaction passes <c>db.memory.transaction.max</c>.</summary>
    public const string TransactionOutOfMemory = "Neo.ClientError.General.TransactionOutOfMemoryError";
    public const string DatabaseUnavailable = "Neo.TransientError.General.DatabaseUnavailable";
    public const string UnknownError = "Neo.DatabaseError.General.UnknownError";
}
