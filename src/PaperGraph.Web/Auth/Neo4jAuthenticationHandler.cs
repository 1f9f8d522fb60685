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

    /// <summary>Role claim values (ClaimTypes.Role) of signed-in accounts below the administrator.</summary>
    public const string ContributorRole = "contributor";
    public const string CuratorRole = "curator";

    /// <summary>Proposes edges and papers: contributors, curators and administrators.</summary>
    public const string ContributorPolicy = "Contributor";

    /// <summary>Adds, edits and removes edges and papers, reviews proposals, undoes: curators and administrators.</summary>
    public const string CuratorPolicy = "Curator";
}

/// <summary>
/// HTTP Basic (<c>Authorization: Basic base64(user:password)</c>) checked against <see cref="AdminCredentials"/>.
/// No header: anonymous (no result). A header that is not valid base64 fails with
/// <c>Neo.ClientError.Request.InvalidFormat</c>; wrong credentials, a Bearer token (this server issues none) or an
/// unknown scheme fail with <c>Neo.ClientError.Security.Unauthorized</c>. The failure carries a
/// <see cref="GraphException"/> whose message tells nothing about which part was wrong.
/// </summary>
internal sealed class Neo4jAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AdminCredentials credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    internal const string InvalidCredentialsMessage = "Invalid username or password.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return Task.FromResult(AuthenticateResult.NoResult());

        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        var token = space < 0 ? "" : header[(space + 1)..].Trim();
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return Fail(GraphErrorCodes.Unauthorized, $"Unsupported authentication scheme '{scheme}'; use Basic.");

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(token));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return Fail(GraphErrorCodes.RequestInvalidFormat, "The Authorization header is not valid base64.");
        }
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return Fail(GraphErrorCodes.Unauthorized, "Bearer tokens are not accepted by this server; use Basic authentication.");

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return Fail(GraphErrorCodes.RequestInvalidFormat, "The Basic credentials must have the form user:password.");
        if (!credentials.Verify(decoded[..colon], decoded[(colon + 1)..]))
            return Fail(GraphErrorCodes.Unauthorized, InvalidCredentialsMessage);

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, credentials.User), new Claim(ClaimTypes.Role, PaperGraphAuth.AdminRole)], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    private static Task<AuthenticateResult> Fail(string code, string message) =>
        Task.FromResult(AuthenticateResult.Fail(new GraphException(code, message)));

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"PaperGraph\"";
        return base.HandleChallengeAsync(properties);
    }
}
