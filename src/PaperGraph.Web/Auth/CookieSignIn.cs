using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PaperGraph.Hosting;
using PaperGraph.Hosting.Accounts;
using PaperGraph.Web.Infrastructure.Hubs;

namespace PaperGraph.Web.Auth;

/// <summary>
/// The browser's sign-in: a cookie (HttpOnly, SameSite=Strict, Secure when the request is https) next to HTTP
/// Basic for scripts, one default scheme that picks Basic when an <c>Authorization</c> header is sent and the
/// cookie otherwise, and Data Protection keys persisted under <c>Storage:Path/keys</c> (in Redis when instances
/// share it, <c>SignalR:Redis</c>) so that a restart signs nobody out. A cookie is checked against the accounts on every request: a removed account is signed out, a
/// changed role takes effect at once.
/// </summary>
internal static class CookieSignIn
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "papergraph.auth";

    /// <summary>The folder of the Data Protection keys, inside the store's folder.</summary>
    public const string KeysFolder = "keys";

    /// <param name="scaleOut">When instances share Redis, the Data Protection keys live there, so a cookie made by one
    /// instance is accepted by every other.</param>
    public static IServiceCollection AddPaperGraphAuthentication(this IServiceCollection services, IConfiguration configuration,
        RedisScaleOut? scaleOut = null)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var dataProtection = services.AddDataProtection().SetApplicationName("PaperGraph");
        if (scaleOut is not null)
            dataProtection.PersistKeysTo(scaleOut);
        else if (storage.FullPath is { } folder)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, KeysFolder)));

        services.AddSingleton<AdminCredentials>();
        services.AddSingleton<CredentialVerifier>();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = PaperGraphAuth.AntiforgeryHeader;
            o.Cookie.Name = "papergraph.xsrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthentication(PaperGraphAuth.DefaultScheme)
            .AddPolicyScheme(PaperGraphAuth.DefaultScheme, "HTTP Basic or the sign-in cookie", o =>
                o.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count > 0 || !http.Request.Cookies.ContainsKey(CookieName)
                    ? PaperGraphAuth.Scheme
                    : PaperGraphAuth.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, Neo4jAuthenticationHandler>(PaperGraphAuth.Scheme, null)
            .AddCookie(PaperGraphAuth.CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(auth.Cookie.Hours);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    // An API answers with a status code, never a redirect to a login page.
                    OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden),
                    OnValidatePrincipal = ValidateAsync,
                };
            })
            .AddPaperGraphOidc(configuration);
        return services;
    }

    private static Task Status(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>The account behind a cookie must still exist; its role is the current one.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var services = context.HttpContext.RequestServices;
        // A sign-in at the team's identity provider: the role is the one it gave, until the cookie expires.
        if (context.Principal?.FindFirst(OidcSignIn.IssuerClaim) is { } issuer)
        {
            var configured = services.GetRequiredService<IOptions<OidcOptions>>().Value.Authority?.Trim();
            if (!string.Equals(issuer.Value, configured, StringComparison.Ordinal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(PaperGraphAuth.CookieScheme);
            }
            return;
        }
        var admin = services.GetRequiredService<AdminCredentials>();
        string? role = null;
        if (name is null) { }
        else if (admin.IsAdministrator(name)) role = PaperGraphAuth.AdminRole;
        else role = services.GetRequiredService<AccountStore>().Find(name)?.Role;

        if (role is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PaperGraphAuth.CookieScheme);
            return;
        }
        if (!context.Principal!.IsInRole(role))
        {
            context.ReplacePrincipal(Principal(name!, role));
            context.ShouldRenew = true;
        }
    }

    /// <summary>The principal a cookie carries.</summary>
    public static ClaimsPrincipal Principal(string name, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], PaperGraphAuth.CookieScheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>True when this request was authenticated by the sign-in cookie (so its writes need antiforgery).</summary>
    public static bool IsCookieAuthenticated(this HttpContext http) =>
        http.User.Identity is { IsAuthenticated: true, AuthenticationType: PaperGraphAuth.CookieScheme };
}
