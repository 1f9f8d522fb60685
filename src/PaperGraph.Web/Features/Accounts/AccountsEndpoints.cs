using Microsoft.AspNetCore.Http.HttpResults;
using PaperGraph.Hosting.Accounts;
using PaperGraph.Web.Auth;

namespace PaperGraph.Web.Features.Accounts;

/// <summary>An account as the API shows it (never a password or its hash).</summary>
public sealed record AccountView(string Name, string Role, DateTimeOffset? Created, DateTimeOffset? Updated, bool Bootstrap)
{
    public static AccountView From(Account a) => new(a.Name, a.Role, a.Created, a.Updated, false);
}

/// <summary><c>POST /api/accounts</c>'s body.</summary>
public sealed record NewAccount(string? Name, string? Password, string? Role);

/// <summary><c>PATCH /api/accounts/{name}</c>'s body: what to change (absent: unchanged).</summary>
public sealed record AccountChange(string? Password, string? Role);

/// <summary>
/// Accounts, for the administrator only: <c>GET /api/accounts</c>, <c>POST /api/accounts</c> <c>{name, password,
/// role}</c> (201; 400 naming what is wrong, a weak password included; 409 for a taken name),
/// <c>PATCH /api/accounts/{name}</c> <c>{password?, role?}</c> (200; 404; 409 for the bootstrap administrator),
/// <c>DELETE /api/accounts/{name}</c> (204; 404; 409 for the bootstrap administrator).
/// </summary>
public static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts")
            .RequireAuthorization(PaperGraphAuth.AdminPolicy).DisableAntiforgery(); // checked for cookie callers by CookieAntiforgeryMiddleware
        group.MapGet("", List);
        group.MapPost("", Create);
        group.MapPatch("/{name}", Change);
        group.MapDelete("/{name}", Remove);
        return app;
    }

    private static List<AccountView> List(AccountStore accounts, AdminCredentials admin) =>
        [new AccountView(admin.User, PaperGraphAuth.AdminRole, null, null, true), .. accounts.List().Select(AccountView.From)];

    private static Results<Created<AccountView>, ProblemHttpResult> Create(NewAccount body, AccountStore accounts, HttpContext http, ILoggerFactory logs)
    {
        try
        {
            var account = accounts.Add(body.Name?.Trim() ?? "", body.Password ?? "", body.Role ?? "");
            logs.CreateLogger(typeof(AccountsEndpoints)).LogInformation("Account '{Account}' ({Role}) created by '{Admin}'", account.Name, account.Role, http.User.Identity?.Name);
            return TypedResults.Created($"/api/accounts/{Uri.EscapeDataString(account.Name)}", AccountView.From(account));
        }
        catch (AccountException e)
        {
            return Problem(e);
        }
    }

    private static Results<Ok<AccountView>, ProblemHttpResult> Change(string name, AccountChange body, AccountStore accounts, HttpContext http, ILoggerFactory logs)
    {
        if (body.Password is null && body.Role is null)
            return TypedResults.Problem(statusCode: 400, title: "Nothing to change", detail: "Give a new password, a new role, or both.");
        try
        {
            var account = accounts.Update(name, body.Password, body.Role);
            logs.CreateLogger(typeof(AccountsEndpoints)).LogInformation("Account '{Account}' changed by '{Admin}' (role {Role}{Password})",
                account.Name, http.User.Identity?.Name, account.Role, body.Password is null ? "" : ", new password");
            return TypedResults.Ok(AccountView.From(account));
        }
        catch (AccountException e)
        {
            return Problem(e);
        }
    }

    private static Results<NoContent, ProblemHttpResult> Remove(string name, AccountStore accounts, HttpContext http, ILoggerFactory logs)
    {
        try
        {
            if (!accounts.Remove(name))
                return TypedResults.Problem(statusCode: 404, title: "No such account", detail: $"There is no account '{name}'.");
            logs.CreateLogger(typeof(AccountsEndpoints)).LogInformation("Account '{Account}' removed by '{Admin}'", name, http.User.Identity?.Name);
            return TypedResults.NoContent();
        }
        catch (AccountException e)
        {
            return Problem(e);
        }
    }

    private static ProblemHttpResult Problem(AccountException e) => e.Problem switch
    {
        AccountProblem.NameTaken => TypedResults.Problem(statusCode: 409, title: "Name taken", detail: e.Message),
        AccountProblem.NotFound => TypedResults.Problem(statusCode: 404, title: "No such account", detail: e.Message),
        AccountProblem.Bootstrap => TypedResults.Problem(statusCode: 409, title: "The bootstrap administrator is configured", detail: e.Message),
        AccountProblem.WeakPassword => TypedResults.Problem(statusCode: 400, title: "Weak password", detail: e.Message),
        AccountProblem.InvalidRole => TypedResults.Problem(statusCode: 400, title: "Unknown role", detail: e.Message),
        _ => TypedResults.Problem(statusCode: 400, title: "Invalid name", detail: e.Message),
    };
}
