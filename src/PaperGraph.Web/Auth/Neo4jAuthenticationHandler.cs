using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PaperGraph.Graph;

namespace PaperGraph.Web.Auth;

/// <summary>Names used by PaperGraph's authentication.</summary>
public static class PaperGraphAuth
{
    /// <summary>The authentication scheme: HTTP Basic as Neo4j does it (spec §7).</summary>
    public const string Scheme = "Neo4jBasic";

    /// <summary>The browser's sign-in cookie scheme.</summary>
    public const string CookieScheme = "PaperGraphCookie";

    /// <summary>The default scheme: HTTP Basic when the request has an <c>Authorization</c> header, else the cookie.</summary>
    public const string DefaultScheme = "PaperGraph";

    /// <summary>The header a cookie-authenticated write must carry the antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    /// <summary>Neo4j's code for too many failed authentication attempts (answered with 429 here).</summary>
    public const string AuthenticationRateLimitCode = "Neo.ClientError.Security.AuthenticationRateLimit";

    /// <summary>The <see cref="HttpContext.Items"/> key holding a throttled check's Retry-After (a <see cref="TimeSpan"/>).</summary>
    internal const string RetryAfterItem = "PaperGraph.Auth.RetryAfter";

    /// <summary>Policy for contributors and above (contributor, curator, admin): proposing edges and papers.</summary>
    public const string ContributorPolicy = "Contributor";

    /// <summary>Policy for curators and above (curator, admin): editing the graph, reviewing proposals, undoing.</summary>
    public const string CuratorPolicy = "Curator";

    /// <summary>Policy for the administrator only: write Cypher, accounts, imports.</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>The role claim (<see cref="System.Security.Claims.ClaimTypes.Role"/>) of a contributor.</summary>
    public const string ContributorRole = "contributor";

    /// <summary>The role claim of a curator.</summary>
    public const string CuratorRole = "curator";

    /// <summary>The role claim the administrator carries.</summary>
    public const string AdminRole = "admin";

    /// <summary>The name of the reader role: anonymous callers carry no role claim at all.</summary>
    public const string ReaderRole = "reader";

    /// <summary>The roles an account may have, lowest first.</summary>
    public static readonly IReadOnlyList<string> AccountRoles = [ContributorRole, CuratorRole, AdminRole];
}

/// <summary>
/// HTTP Basic (<c>Authorization: Basic base64(user:password)</c>) checked by <see cref="CredentialVerifier"/> (the
/// bootstrap administrator and the stored accounts, rate-limited per account and address).
/// No header: anonymous (no result). A header that is not valid base64 fails with
/// <c>Neo.ClientError.Request.InvalidFormat</c>; wrong credentials, a Bearer token that no registered
/// <see cref="IBearerTokenValidator"/> accepts (the OpenID Connect issuer's, when <c>Auth:Oidc</c> is set) or an unknown scheme
/// fail with <c>Neo.ClientError.Security.Unauthorized</c>; too many wrong passwords fail with
/// <c>Neo.ClientError.Security.AuthenticationRateLimit</c> before the password is looked at. The failure carries a
/// <see cref="GraphException"/> whose message tells nothing about which part was wrong.
/// </summary>
internal sealed class Neo4jAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    CredentialVerifier credentials, IEnumerable<IBearerTokenValidator> bearerValidators)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    internal const string InvalidCredentialsMessage = "Invalid username or password.";
    internal const string InvalidTokenMessage = "The bearer token is not valid.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return Task.FromResult(AuthenticateResult.NoResult());

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var token = space < 0 ? "" : header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return AuthenticateBearerAsync(token);
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return Fail(GraphErrorCodes.Unauthorized, $"Unsupported authentication scheme '{scheme}'; use Basic or Bearer.");

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(token));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return Fail(GraphErrorCodes.RequestInvalidFormat, "The Authorization header is not valid base64.");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return Fail(GraphErrorCodes.RequestInvalidFormat, "The Basic credentials must have the form user:password.");
        var check = credentials.Verify(decoded[..colon], decoded[(colon + 1)..], Context.Connection.RemoteIpAddress, "basic");
        if (check.Throttled)
        {
            Context.Items[PaperGraphAuth.RetryAfterItem] = check.RetryAfter;
            return Fail(PaperGraphAuth.AuthenticationRateLimitCode,
                "Too many wrong passwords for this account or from this address; try again later.");
        }
        if (!check.Verified)
            return Fail(GraphErrorCodes.Unauthorized, InvalidCredentialsMessage);

        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(check.Principal(Scheme.Name), Scheme.Name)));
    }

    /// <summary>A bearer token, as its issuer's validator judges it (Neo4j sends the token after <c>Bearer</c> as is).</summary>
    private async Task<AuthenticateResult> AuthenticateBearerAsync(string token)
    {
        if (token.Length == 0)
            return await Fail(GraphErrorCodes.RequestInvalidFormat, "The Bearer credentials are empty.");
        foreach (var validator in bearerValidators)
        {
            if (await validator.ValidateAsync(token, Context.RequestAborted) is { } principal)
                return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
        }
        return await Fail(GraphErrorCodes.Unauthorized, InvalidTokenMessage);
    }

    private static Task<AuthenticateResult> Fail(string code, string message) =>
        Task.FromResult(AuthenticateResult.Fail(new GraphException(code, message)));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues(["Basic realm=\"PaperGraph\"", "Bearer"]);
        return base.HandleChallengeAsync(properties);
    }
}
