using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace PaperGraph.Web.Auth;

/// <summary>Section <c>Auth:Oidc</c>: sign-in for teams through their identity provider (OpenID Connect).</summary>
public sealed class OidcOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>The issuer's address (its discovery document is at <c>/.well-known/openid-configuration</c>). Unset:
    /// no OpenID Connect sign-in and every bearer token refused.</summary>
    public string? Authority { get; set; }

    /// <summary>PaperGraph's client id at the issuer; also the audience a bearer token must name (see <see cref="Audience"/>).</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim whose values give the PaperGraph role (the highest one wins): a role's own name
    /// (<c>contributor</c>, <c>curator</c>, <c>admin</c>) or a value mapped in <see cref="Roles"/>.</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>Issuer values of <see cref="RoleClaim"/> mapped to PaperGraph roles, e.g.
    /// <c>Auth:Oidc:Roles:papergraph-curators = curator</c>.</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The claim naming the person (recorded as the curator of their changes); <c>preferred_username</c>,
    /// then <c>name</c>, <c>email</c> and <c>sub</c> when it is missing.</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>The audience a bearer token must carry; <see cref="ClientId"/> when unset.</summary>
    public string? Audience { get; set; }

    /// <summary>Whether <see cref="Authority"/> is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// OpenID Connect for teams: a browser signs in at the team's identity provider (authorization code flow with PKCE,
/// <c>GET /api/session/oidc</c>) and gets PaperGraph's own sign-in cookie, with its role read from
/// <see cref="OidcOptions.RoleClaim"/>; tools send the same issuer's access tokens as <c>Authorization: Bearer</c>
/// (validated by <see cref="OidcBearerTokenValidator"/> against the issuer's published keys).
/// </summary>
internal static class OidcSignIn
{
    /// <summary>The browser sign-in scheme.</summary>
    public const string Scheme = "Oidc";

    /// <summary>The scheme whose options (issuer metadata, keys, audience) validate bearer tokens.</summary>
    public const string BearerScheme = "OidcBearer";

    /// <summary>The claim a cookie made from an identity provider's sign-in carries (its value: the issuer), so
    /// that the cookie is not looked up among the local accounts.</summary>
    public const string IssuerClaim = "papergraph:issuer";

    public static AuthenticationBuilder AddPaperGraphOidc(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        var oidc = configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        builder.Services.Configure<OidcOptions>(configuration.GetSection(OidcOptions.Section));
        if (!oidc.Enabled) return builder;
        if (string.IsNullOrWhiteSpace(oidc.ClientId))
            throw new OptionsValidationException(OidcOptions.Section, typeof(OidcOptions), ["Auth:Oidc:Authority is set but Auth:Oidc:ClientId is not."]);

        var authority = oidc.Authority!.Trim();
        // Discovery over plain http only for an issuer on this machine (a test's, or one behind the same proxy).
        var requireHttps = !Uri.TryCreate(authority, UriKind.Absolute, out var uri) || !uri.IsLoopback;
        builder.AddOpenIdConnect(Scheme, "Your organisation", o =>
        {
            o.Authority = authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.RequireHttpsMetadata = requireHttps;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SignInScheme = PaperGraphAuth.CookieScheme;
            o.CallbackPath = "/signin-oidc";
            // The issuer answers with a top-level GET (response_mode=query), which carries Lax cookies; Secure only
            // over https, so the sign-in also works on a plain-http address (a local or test deployment).
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("roles");
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context =>
                {
                    var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<OidcOptions>>().Value;
                    var principal = ToPaperGraph(context.Principal!, options, authority, PaperGraphAuth.CookieScheme);
                    if (principal is null)
                    {
                        context.Fail("The identity provider named nobody (no name claim).");
                        return Task.CompletedTask;
                    }
                    context.Principal = principal;
                    context.Properties!.IsPersistent = true;
                    return Task.CompletedTask;
                },
                // A failed sign-in lands back on the explorer with a reason, never on an error page.
                OnRemoteFailure = context =>
                {
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn))
                        .LogWarning(context.Failure, "A sign-in at the identity provider failed: {Reason}", context.Failure?.Message);
                    context.Response.Redirect("/#/?signin=failed");
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
            };
        });
        builder.AddJwtBearer(BearerScheme, o =>
        {
            o.Authority = authority;
            o.Audience = string.IsNullOrWhiteSpace(oidc.Audience) ? oidc.ClientId : oidc.Audience;
            o.RequireHttpsMetadata = requireHttps;
            o.MapInboundClaims = false;
        });
        builder.Services.AddSingleton<IBearerTokenValidator, OidcBearerTokenValidator>();
        return builder;
    }

    /// <summary>The PaperGraph principal for an identity the issuer vouched for: its name, and the highest
    /// PaperGraph role among the values of the role claim (none: a reader, who is signed in but may not write).</summary>
    public static ClaimsPrincipal? ToPaperGraph(ClaimsPrincipal issued, OidcOptions options, string issuer, string authenticationType)
    {
        var name = new[] { options.NameClaim, "preferred_username", "name", "email", "sub" }
            .Select(type => issued.FindFirst(type)?.Value)
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (name is null) return null;
        var role = RoleOf(issued.FindAll(options.RoleClaim).SelectMany(c => Values(c.Value)), options);
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(IssuerClaim, issuer) };
        if (role is not null) claims.Add(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The highest PaperGraph role named by <paramref name="values"/>, or null.</summary>
    public static string? RoleOf(IEnumerable<string> values, OidcOptions options)
    {
        var best = -1;
        foreach (var value in values)
        {
            var role = options.Roles.TryGetValue(value, out var mapped) ? mapped : value;
            var rank = PaperGraphAuth.AccountRoles.ToList().FindIndex(r => r.Equals(role, StringComparison.OrdinalIgnoreCase));
            best = Math.Max(best, rank);
        }
        return best < 0 ? null : PaperGraphAuth.AccountRoles[best];
    }

    /// <summary>A role claim's values: one value, or a JSON array of them (as some issuers put a list in one claim).</summary>
    private static IEnumerable<string> Values(string value)
    {
        if (!value.StartsWith('[')) return [value];
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string[]>(value) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [value];
        }
    }
}

/// <summary>
/// Validates <c>Authorization: Bearer</c> tokens issued by <c>Auth:Oidc:Authority</c>: a JWT signed with one of the
/// issuer's published keys (its discovery document, fetched and refreshed by the JwtBearer scheme's configuration
/// manager), from that issuer, for <c>Auth:Oidc:Audience</c> (the client id by default), not expired. The role comes
/// from the same claim as for the browser.
/// </summary>
internal sealed class OidcBearerTokenValidator(IOptionsMonitor<JwtBearerOptions> bearer, IOptions<OidcOptions> oidc,
    ILogger<OidcBearerTokenValidator> logger) : IBearerTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var options = bearer.Get(OidcSignIn.BearerScheme);
        if (options.ConfigurationManager is null || !_handler.CanReadToken(token)) return null;
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await options.ConfigurationManager.GetConfigurationAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            logger.LogWarning(ex, "The identity provider's keys could not be read; bearer tokens are refused until they can.");
            return null;
        }
        var parameters = options.TokenValidationParameters.Clone();
        parameters.ValidIssuer = configuration.Issuer;
        parameters.IssuerSigningKeys = configuration.SigningKeys;
        parameters.ValidAudience = options.Audience;
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            logger.LogInformation("A bearer token was refused: {Reason}", result.Exception?.Message);
            return null;
        }
        return OidcSignIn.ToPaperGraph(new ClaimsPrincipal(result.ClaimsIdentity), oidc.Value, configuration.Issuer, PaperGraphAuth.Scheme);
    }
}
