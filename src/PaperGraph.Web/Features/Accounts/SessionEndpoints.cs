using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PaperGraph.Hosting;
using PaperGraph.Web.Auth;

namespace PaperGraph.Web.Features.Accounts;

/// <summary>Who the caller is, and the antiforgery token their cookie-authenticated writes must send.</summary>
/// <param name="Name">The account's name; null for an anonymous reader.</param>
/// <param name="Role">reader, contributor, curator or admin.</param>
/// <param name="AntiforgeryToken">The value for the <c>X-XSRF-TOKEN</c> header.</param>
/// <param name="IdentityProvider">True when this site also signs in at a team's identity provider
/// (<c>GET /api/session/oidc</c>).</param>
public sealed record SessionInfo(string? Name, string Role, string? AntiforgeryToken, bool IdentityProvider = false);

/// <summary>The sign-in form's body (JSON or a form post).</summary>
public sealed record SignInRequest(string? Name, string? Password);

/// <summary>
/// The browser's sign-in: <c>GET /api/session</c> (who am I, and my antiforgery token), <c>POST /api/session</c>
/// <c>{name, password}</c> (verifies the password; a wrong one answers 401 and signs nobody in; too many answer 429),
/// <c>DELETE /api/session</c> (sign out).
/// </summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSession(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/session").WithTags("Session").DisableAntiforgery();
        group.MapGet("", Current);
        group.MapPost("", SignInAsync);
        group.MapDelete("", SignOutAsync);
        group.MapGet("/oidc", SignInAtIdentityProvider)
            .WithSummary("Signs in at the team's identity provider (OpenID Connect, Auth:Oidc), then returns to returnUrl (a local path).");
        return app;
    }

    private static SessionInfo Current(HttpContext http, IAntiforgery antiforgery) => Describe(http, http.User, antiforgery);

    private static async Task<Results<Ok<SessionInfo>, ProblemHttpResult>> SignInAsync(HttpContext http, CredentialVerifier verifier,
        IAntiforgery antiforgery, IOptions<AuthOptions> options)
    {
        SignInRequest? request;
        try
        {
            request = http.Request.HasFormContentType
                ? await ReadFormAsync(http)
                : await http.Request.ReadFromJsonAsync<SignInRequest>(http.RequestAborted);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or BadHttpRequestException)
        {
            return TypedResults.Problem(statusCode: 400, title: "Bad sign-in request", detail: "Send {\"name\": …, \"password\": …} as JSON or a form.");
        }
        if (request is null || string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrEmpty(request.Password))
            return TypedResults.Problem(statusCode: 400, title: "Name and password needed", detail: "Give both a name and a password.");

        var check = verifier.Verify(request.Name.Trim(), request.Password, http.Connection.RemoteIpAddress, "form");
        if (check.Throttled)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(check.RetryAfter!.Value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: 429, title: "Too many wrong passwords",
                detail: "Too many wrong passwords for this account or from this address; wait a minute and try again.");
        }
        if (!check.Verified)
        {
            await http.SignOutAsync(PaperGraphAuth.CookieScheme); // a failed attempt leaves nobody signed in
            return TypedResults.Problem(statusCode: 401, title: "Wrong name or password", detail: "The name or the password is wrong; nobody is signed in.");
        }

        var principal = CookieSignIn.Principal(check.Name!, check.Role!);
        await http.SignInAsync(PaperGraphAuth.CookieScheme, principal, new AuthenticationProperties
        {
            IsPersistent = true,
            ExpiresUtc = DateTimeOffset.UtcNow.AddHours(options.Value.Cookie.Hours),
        });
        http.User = principal; // the antiforgery token is bound to the signed-in user
        return TypedResults.Ok(Describe(http, principal, antiforgery));
    }

    private static IResult SignInAtIdentityProvider(HttpContext http, IOptions<OidcOptions> oidc, string? returnUrl)
    {
        if (!oidc.Value.Enabled)
            return TypedResults.Problem(statusCode: 404, title: "No identity provider",
                detail: "This PaperGraph has no OpenID Connect sign-in (Auth:Oidc:Authority is not set); sign in with a name and password.");
        // Only a path on this site: an absolute or protocol-relative address would make this an open redirect.
        var local = returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl : "/";
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = local }, [OidcSignIn.Scheme]);
    }

    private static async Task<NoContent> SignOutAsync(HttpContext http, ILoggerFactory logs)
    {
        if (http.IsCookieAuthenticated())
            logs.CreateLogger(typeof(SessionEndpoints)).LogInformation("Signed out '{Account}'", http.User.Identity!.Name);
        await http.SignOutAsync(PaperGraphAuth.CookieScheme);
        return TypedResults.NoContent();
    }

    private static async Task<SignInRequest> ReadFormAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return new SignInRequest(form["name"].FirstOrDefault(), form["password"].FirstOrDefault());
    }

    private static SessionInfo Describe(HttpContext http, ClaimsPrincipal user, IAntiforgery antiforgery)
    {
        var signedIn = user.Identity is { IsAuthenticated: true };
        var role = PaperGraphAuth.AccountRoles.LastOrDefault(user.IsInRole) ?? PaperGraphAuth.ReaderRole;
        var token = signedIn && http.IsCookieAuthenticated() ? antiforgery.GetAndStoreTokens(http).RequestToken : null;
        var oidc = http.RequestServices.GetRequiredService<IOptions<OidcOptions>>().Value.Enabled;
        return new SessionInfo(signedIn ? user.Identity!.Name : null, signedIn ? role : PaperGraphAuth.ReaderRole, token, oidc);
    }
}
