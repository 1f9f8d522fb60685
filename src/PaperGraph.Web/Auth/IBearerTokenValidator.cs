using System.Security.Claims;

namespace PaperGraph.Web.Auth;

/// <summary>
/// Checks a bearer token (<c>Authorization: Bearer …</c>) against whoever issued it. PaperGraph issues none itself:
/// with <c>Auth:Oidc:Authority</c> set, <see cref="OidcBearerTokenValidator"/> accepts that issuer's access tokens;
/// with no validator registered every bearer token is refused with 401 <c>Neo.ClientError.Security.Unauthorized</c>.
/// </summary>
public interface IBearerTokenValidator
{
    /// <summary>The token's principal (its claims; the administrator carries the role <c>admin</c>), or null when
    /// the token is not valid (unknown, expired, wrongly signed).</summary>
    Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken cancellationToken);
}
