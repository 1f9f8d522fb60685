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

    /// <summary>Policy for endpoints that write: only the administrator.</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>The role claim the administrator carries.</summary>
    public const string AdminRole = "admin";
}

/// <summary>
/// HTTP Basic (<c>Authorization: Basic base64(user:password)</c>) checked against <see cref="AdminCredentials"/>,
/// and Bearer tokens checked by the registered <see cref="IBearerTokenValidator"/> (none yet: every token is
/// refused). No header: anonymous (no result). A Basic header that is not valid base64 fails with
/// <c>Neo.ClientError.Request.InvalidFormat</c>; wrong credentials, a token no validator accepts or an unknown
/// scheme fail with <c>Neo.ClientError.Security.Unauthorized</c>. The failure carries a
/// <see cref="GraphException"/> whose message tells nothing about which part was wrong.
/// </summary>
internal sealed class Neo4jAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AdminCredentials credentials, IEnumerable<IBearerTokenValidator> bearerValidators)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    internal const string InvalidCredentialsMessage = "Invalid username or password.";
    internal const string InvalidTokenMessage = "The bearer token is not valid.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var token = space < 0 ? "" : header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return await AuthenticateBearerAsync(token);
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            return await Fail(GraphErrorCodes.Unauthorized, $"Unsupported authentication scheme '{scheme}'; use Basic or Bearer.");

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(token));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return await Fail(GraphErrorCodes.RequestInvalidFormat, "The Authorization header is not valid base64.");
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return await Fail(GraphErrorCodes.RequestInvalidFormat, "The Basic credentials must have the form user:password.");
        if (!credentials.Verify(decoded[..colon], decoded[(colon + 1)..]))
            return await Fail(GraphErrorCodes.Unauthorized, InvalidCredentialsMessage);

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, credentials.User), new Claim(ClaimTypes.Role, PaperGraphAuth.AdminRole)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

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
