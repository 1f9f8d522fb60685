using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace PaperGraph.Testing;

/// <summary>One person (or tool) the issuer vouches for: the name it gives and the values of its role claim.</summary>
public sealed record OidcUser(string Name, params string[] Roles);

/// <summary>
/// An OpenID Connect identity provider started inside a test: OpenIddict's server on a free 127.0.0.1 port, with
/// ephemeral keys, unencrypted JWT access tokens, the authorization code flow (PKCE) for one web client and the
/// client credentials flow for tools. Nobody types a password: the authorization endpoint signs in
/// <see cref="NextUser"/> at once, as an identity provider with a live session would. Claims: <c>sub</c>,
/// <c>preferred_username</c> and <see cref="RoleClaim"/> (one claim per value), in the identity token and the
/// access token; access tokens carry the audience <see cref="ClientId"/>.
/// </summary>
public sealed class OidcIssuer : IAsyncDisposable
{
    public const string ClientId = "papergraph";
    public const string ClientSecret = "papergraph-test-secret";
    public const string RoleClaim = "groups";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, OidcUser> _tools = new(StringComparer.Ordinal);

    public OidcIssuer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange().AllowClientCredentialsFlow();
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption(); // resource servers read them as plain signed JWTs
            o.DisableScopeValidation();
            o.EnableDegradedMode(); // no application or token stores: the handlers below check the clients
            o.UseAspNetCore().DisableTransportSecurityRequirement();

            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (context.RedirectUri is not { } redirect || !redirect.EndsWith("/signin-oidc", StringComparison.Ordinal))
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered.");
                return default;
            }));
            o.AddEventHandler<HandleAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                var principal = Principal(NextUser, context.Request.GetScopes());
                principal.SetPresenters(ClientId);
                context.SignIn(principal);
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                var known = context.ClientId == ClientId && context.ClientSecret == ClientSecret
                    || context.ClientId is { } id && _tools.ContainsKey(id) && context.ClientSecret == ClientSecret;
                if (!known) context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                return default;
            }));
            o.AddEventHandler<HandleTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.Request.IsClientCredentialsGrantType())
                    context.SignIn(Principal(_tools[context.ClientId!], context.Request.GetScopes()));
                else if (context.Principal is { } fromCode)
                    context.SignIn(fromCode);
                return default;
            }));
        });
        _app = builder.Build();
        _app.StartAsync().GetAwaiter().GetResult();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Authority = new Uri(addresses.Addresses.First().TrimEnd('/') + "/");
    }

    /// <summary>The issuer's address, e.g. <c>http://127.0.0.1:40123/</c> (for <c>Auth:Oidc:Authority</c>).</summary>
    public Uri Authority { get; }

    /// <summary>Who the next browser sign-in is.</summary>
    public OidcUser NextUser { get; set; } = new("olivia", "curator");

    /// <summary>The <c>Auth:Oidc</c> settings of a PaperGraph that signs in here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Auth:Oidc:Authority"] = Authority.ToString(),
        ["Auth:Oidc:ClientId"] = ClientId,
        ["Auth:Oidc:ClientSecret"] = ClientSecret,
        ["Auth:Oidc:RoleClaim"] = RoleClaim,
    };

    /// <summary>An access token for a tool (client credentials) acting as <paramref name="user"/>.</summary>
    public async Task<string> TokenForAsync(OidcUser user)
    {
        var client = "tool-" + user.Name;
        _tools[client] = user;
        using var http = new HttpClient { BaseAddress = Authority };
        using var response = await http.PostAsync(new Uri("connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client,
            ["client_secret"] = ClientSecret,
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The issuer refused a token: {body}");
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    private static ClaimsPrincipal Principal(OidcUser user, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity("OidcIssuer", Claims.Name, RoleClaim);
        identity.AddClaim(new Claim(Claims.Subject, "id-" + user.Name));
        identity.AddClaim(new Claim(Claims.PreferredUsername, user.Name));
        foreach (var role in user.Roles) identity.AddClaim(new Claim(RoleClaim, role));
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(scopes);
        principal.SetResources(ClientId);
        foreach (var claim in identity.Claims)
            claim.SetDestinations(Destinations.AccessToken, Destinations.IdentityToken);
        return principal;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
