using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;
using PaperGraph.Web.Auth;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.QueryApi;

/// <summary>
/// Neo4j's HTTP Query API at <c>/db/{database}/query/v2</c>, exactly as <c>shared/spec/neo4j-query-api.md</c>
/// describes it: auto-commit statements, explicit transactions, plain and Typed JSON, Neo4j's error bodies.
/// </summary>
/// <remarks>
/// Anonymous callers run read-only: their statements carry <see cref="AccessMode.Read"/>, and a write is refused
/// with <c>Neo.ClientError.Security.Forbidden</c> (400, the status Neo4j gives every client error), as Neo4j refuses a user without write privilege. A caller
/// who asks for <c>"accessMode": "Read"</c> and writes gets <c>Neo.ClientError.Statement.AccessMode</c> (400).
/// </remarks>
public static class QueryApiEndpoints
{
    /// <summary>Maps the Query API's five routes.</summary>
    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/db/{database}/query/v2").WithTags("Query API").DisableAntiforgery().RequireStatementLimit();
        api.MapPost("", RunAsync);
        api.MapPost("/tx", BeginAsync);
        api.MapPost("/tx/{id}", RunInTransactionAsync);
        api.MapPost("/tx/{id}/commit", CommitAsync);
        api.MapDelete("/tx/{id}", RollbackAsync);
        return app;
    }

    private const string AnonymousWriteMessage =
        "Anonymous users may only read. Sign in as the administrator (HTTP Basic authentication) to write.";

    private const string ReadOnlyRoleWriteMessage =
        "Only the administrator may write with Cypher; contributors and curators change the graph through the curation API.";

    /// <summary>Who is calling: the administrator (may write), a signed-in contributor or curator (reads only,
    /// like an anonymous reader), or an anonymous reader. <see cref="Owner"/> keys explicit transactions;
    /// <see cref="Actor"/> goes with every statement so that changes are recorded as the caller's;
    /// <see cref="Client"/> is the connection's address, which the anonymous limits count by.</summary>
    private sealed record Caller(bool IsAdmin, string Owner, string? Actor, string Client)
    {
        public static Caller From(HttpContext http)
        {
            var user = http.User;
            var name = user.Identity is { IsAuthenticated: true } ? user.Identity.Name : null;
            return new Caller(user.IsInRole(PaperGraphAuth.AdminRole), name ?? "", name,
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        }

        public AccessMode Effective(AccessMode? requested) => IsAdmin ? requested ?? AccessMode.Write : AccessMode.Read;

        public string WriteRefusal => Actor is null ? AnonymousWriteMessage : ReadOnlyRoleWriteMessage;
    }

    // POST /db/{database}/query/v2
    private static Task RunAsync(HttpContext http, string database) => HandleAsync(http, database, async (caller, format, ct) =>
    {
        var request = await QueryApiRequest.ReadAsync(http.Request, statementRequired: true, ct);
        QueryApiBookmarks.Validate(request.Bookmarks);
        var db = http.RequestServices.GetRequiredService<IGraphDatabase>();
        var bookmarks = http.RequestServices.GetRequiredService<QueryApiBookmarks>();
        var query = new CypherQuery(request.Statement!, request.Parameters) { AccessMode = caller.Effective(request.AccessMode), Actor = caller.Actor };
        QueryResult result;
        try
        {
            result = await db.ExecuteAsync(query, ct);
        }
        catch (GraphException e) when (IsAnonymousWrite(e, caller, request.AccessMode))
        {
            throw new GraphException(GraphErrorCodes.Forbidden, caller.WriteRefusal, inner: e);
        }
        bookmarks.Committed(result.Counters.ContainsUpdates);
        await QueryApiResponses.WriteAsync(http, format, StatusCodes.Status202Accepted,
            new QueryApiReply(result, request.IncludeCounters, bookmarks.Current(), null), ct);
    });

    // POST /db/{database}/query/v2/tx : opens a transaction, and runs the statement when there is one.
    private static Task BeginAsync(HttpContext http, string database) => HandleAsync(http, database, async (caller, format, ct) =>
    {
        var request = await QueryApiRequest.ReadAsync(http.Request, statementRequired: false, ct);
        QueryApiBookmarks.Validate(request.Bookmarks);
        var db = http.RequestServices.GetRequiredService<IGraphDatabase>();
        var transactions = http.RequestServices.GetRequiredService<QueryApiTransactions>();
        var mode = caller.Effective(request.AccessMode);
        var slot = transactions.Reserve(caller.IsAdmin, caller.Client);
        IGraphTransaction transaction;
        try
        {
            transaction = await db.BeginTransactionAsync(mode, ct);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
        var open = transactions.Add(caller.Owner, mode, transaction, slot);
        if (!open.Gate.Wait(0, CancellationToken.None)) throw new InvalidOperationException("A new transaction is never busy.");
        QueryResult? result = null;
        try
        {
            if (request.Statement is not null)
                result = await ExecuteInAsync(open, request, caller, ct);
        }
        catch
        {
            await transactions.RemoveAsync(open, rollback: true);
            throw;
        }
        transactions.Release(open);
        await QueryApiResponses.WriteAsync(http, format, StatusCodes.Status202Accepted,
            new QueryApiReply(result, request.IncludeCounters, null, open), ct);
    });

    // POST /db/{database}/query/v2/tx/{id} : runs a statement, or without one (no body, {}, an empty statement)
    // keeps the transaction alive: 202 with its new expiry, as Neo4j's QueryController.executeStatement does.
    private static Task RunInTransactionAsync(HttpContext http, string database, string id) =>
        HandleAsync(http, database, async (caller, format, ct) =>
        {
            var transactions = http.RequestServices.GetRequiredService<QueryApiTransactions>();
            var open = await transactions.AcquireAsync(id, caller.Owner);
            QueryApiRequest request;
            try
            {
                request = await QueryApiRequest.ReadAsync(http.Request, statementRequired: false, ct);
            }
            catch
            {
                transactions.Release(open); // a body that cannot be read runs nothing: the transaction stays as it was
                throw;
            }
            QueryResult? result = null;
            try
            {
                if (request.Statement is not null)
                    result = await ExecuteInAsync(open, request, caller, ct);
            }
            catch
            {
                await transactions.RemoveAsync(open, rollback: true); // a failed statement rolls the whole transaction back
                throw;
            }
            transactions.Release(open);
            await QueryApiResponses.WriteAsync(http, format, StatusCodes.Status202Accepted,
                new QueryApiReply(result, request.IncludeCounters, null, open), ct);
        });

    // POST /db/{database}/query/v2/tx/{id}/commit
    private static Task CommitAsync(HttpContext http, string database, string id) =>
        HandleAsync(http, database, async (caller, format, ct) =>
        {
            var transactions = http.RequestServices.GetRequiredService<QueryApiTransactions>();
            var bookmarks = http.RequestServices.GetRequiredService<QueryApiBookmarks>();
            var open = await transactions.AcquireAsync(id, caller.Owner);
            QueryResult? result = null;
            QueryApiRequest request;
            try
            {
                request = await QueryApiRequest.ReadAsync(http.Request, statementRequired: false, ct);
                if (request.Statement is not null)
                    result = await ExecuteInAsync(open, request, caller, ct);
                await open.Transaction.CommitAsync(ct);
            }
            catch
            {
                await transactions.RemoveAsync(open, rollback: true);
                throw;
            }
            await transactions.RemoveAsync(open, rollback: false);
            bookmarks.Committed(open.AccessMode == AccessMode.Write);
            await QueryApiResponses.WriteAsync(http, format, StatusCodes.Status202Accepted,
                new QueryApiReply(result, request.IncludeCounters, bookmarks.Current(), null), ct);
        });

    // DELETE /db/{database}/query/v2/tx/{id} : 200, as Neo4j keeps it "for not breaking compatibility".
    private static Task RollbackAsync(HttpContext http, string database, string id) =>
        HandleAsync(http, database, async (caller, format, ct) =>
        {
            var transactions = http.RequestServices.GetRequiredService<QueryApiTransactions>();
            var open = await transactions.AcquireAsync(id, caller.Owner);
            await transactions.RemoveAsync(open, rollback: true);
            await QueryApiResponses.WriteAsync(http, format, StatusCodes.Status200OK, new QueryApiReply(null, false, null, null), ct);
        });

    private static async Task<QueryResult> ExecuteInAsync(OpenTransaction open, QueryApiRequest request, Caller caller, CancellationToken ct)
    {
        // Spec §2: accessMode and bookmarks belong to the request that opened the transaction; later ones are ignored.
        try
        {
            return await open.Transaction.ExecuteAsync(
                new CypherQuery(request.Statement!, request.Parameters) { AccessMode = open.AccessMode, Actor = caller.Actor }, ct);
        }
        catch (GraphException e) when (IsAnonymousWrite(e, caller, request.AccessMode))
        {
            throw new GraphException(GraphErrorCodes.Forbidden, caller.WriteRefusal, inner: e);
        }
    }

    private static bool IsAnonymousWrite(GraphException e, Caller caller, AccessMode? requested) =>
        !caller.IsAdmin && requested != AccessMode.Read && e.Code == GraphErrorCodes.AccessMode;

    /// <summary>Runs one Query API request: database name, negotiation and caller first; every failure becomes
    /// Neo4j's <c>errors</c> body with the status Neo4j gives it (<see cref="StatusCodeFor"/>).</summary>
    private static async Task HandleAsync(HttpContext http, string database, Func<Caller, QueryApiFormat, CancellationToken, Task> handle)
    {
        var ct = http.RequestAborted;
        try
        {
            var options = http.RequestServices.GetRequiredService<IOptions<QueryApiOptions>>().Value;
            if (!string.Equals(database, options.Database, StringComparison.OrdinalIgnoreCase))
                throw new GraphException(GraphErrorCodes.DatabaseNotFound,
                    $"Database '{database}' does not exist; this server has one database, '{options.Database}'.");
            var format = QueryApiMediaTypes.Negotiate(http.Request);
            await handle(Caller.From(http), format, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; the statement has been cancelled and there is nobody to answer.
        }
        catch (GraphException e) when (ct.IsCancellationRequested && e.Code == GraphErrorCodes.Terminated)
        {
        }
        catch (QueryApiTransactionNotFoundException e)
        {
            await WriteErrorAsync(http, GraphErrorCodes.RequestInvalid, e.Message, StatusCodes.Status404NotFound);
        }
        catch (QueryApiRejection e)
        {
            await WriteErrorAsync(http, e.Code, e.Message, e.Status);
        }
        catch (GraphException e) when (e.PartialResult is { } partial)
        {
            // Neo4j has answered 202 and streamed rows when the statement fails: the rows, then the error
            // (neo4j/neo4j DriverResultSerializer.writeError; QueryResourceIT shouldHandleErrorAfterStreamingStarts).
            await QueryApiResponses.WritePartialAsync(http, QueryApiMediaTypes.NegotiateOrPlain(http.Request), partial, e.Code, e.Message);
        }
        catch (GraphException e)
        {
            await WriteErrorAsync(http, e.Code, e.Message);
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(QueryApiEndpoints))
                .LogError(e, "Query API request {Method} {Path} failed", http.Request.Method, http.Request.Path);
            await WriteErrorAsync(http, GraphErrorCodes.UnknownError,
                "The database failed unexpectedly; the server's log has the details.");
        }
    }

    /// <summary>Neo4j's code for a request refused because a resource is exhausted: here, the anonymous statements
    /// in flight (transient: drivers retry). Answered with 429.</summary>
    public const string ResourceExhaustion = "Neo.TransientError.Request.ResourceExhaustion";

    /// <summary>Neo4j's code for "too many concurrent transactions" (<c>db.transaction.concurrent.maximum</c>):
    /// here, a caller's open explicit transactions. Answered with 429.</summary>
    public const string MaximumTransactionLimitReached = "Neo.TransientError.Transaction.MaximumTransactionLimitReached";

    /// <summary>The HTTP status Neo4j answers an error with (neo4j/neo4j <c>Neo4jExceptionMapper.java</c>): 401 for
    /// bad credentials, 404 for an unknown database, 400 for every other client error and for transient errors
    /// (Forbidden included), 500 for database errors; the two limit codes above are 429. (An unknown transaction is 404, given by the caller.)</summary>
    public static int StatusCodeFor(string code) => code switch
    {
        ResourceExhaustion or MaximumTransactionLimitReached => StatusCodes.Status429TooManyRequests,
        GraphErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        GraphErrorCodes.DatabaseNotFound => StatusCodes.Status404NotFound,
        _ when code.StartsWith("Neo.ClientError.", StringComparison.Ordinal) => StatusCodes.Status400BadRequest,
        _ when code.StartsWith("Neo.TransientError.", StringComparison.Ordinal) => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Writes <c>{"errors": [{code, message}]}</c> (an <c>Error</c> event in JSON Lines) with the status
    /// the code calls for (or <paramref name="status"/>).</summary>
    internal static Task WriteErrorAsync(HttpContext http, string code, string message, int? status = null) =>
        QueryApiResponses.WriteErrorAsync(http, QueryApiMediaTypes.NegotiateOrPlain(http.Request), status ?? StatusCodeFor(code), code, message);
}
