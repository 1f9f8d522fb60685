using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PaperGraph.Hosting;
using PaperGraph.Hosting.Accounts;

namespace PaperGraph.Web.Auth;

/// <summary>The outcome of one credential check.</summary>
/// <param name="Name">The account's name as stored (null unless verified).</param>
/// <param name="Role">Its role (null unless verified).</param>
/// <param name="RetryAfter">Set when the check was refused without looking at the password: too many failures.</param>
internal sealed record CredentialCheck(string? Name, string? Role, TimeSpan? RetryAfter)
{
    public bool Verified => Name is not null;
    public bool Throttled => RetryAfter is not null;

    /// <summary>The signed-in principal: <c>ClaimTypes.Name</c> and <c>ClaimTypes.Role</c>.</summary>
    public ClaimsPrincipal Principal(string authenticationType) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, Name!), new Claim(ClaimTypes.Role, Role!)], authenticationType, ClaimTypes.Name, ClaimTypes.Role));
}

/// <summary>
/// Every password check goes through here, HTTP Basic and the sign-in form alike: the bootstrap administrator
/// (<see cref="AdminCredentials"/>) first, then the stored accounts (<see cref="AccountStore"/>). Wrong passwords
/// are counted per account name and per client address with ASP.NET Core rate limiting (a fixed-window
/// <see cref="PartitionedRateLimiter{TResource}"/>, <c>Auth:FailedSignIns</c>); past the limit, checks are refused
/// before any hashing until the window ends. Failures and refusals are logged with the client address and the
/// account name, never the password.
/// </summary>
internal sealed partial class CredentialVerifier : IDisposable
{
    private readonly AdminCredentials _admin;
    private readonly AccountStore _accounts;
    private readonly ILogger<CredentialVerifier> _logger;
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly TimeSpan _window;

    public CredentialVerifier(AdminCredentials admin, AccountStore accounts, IOptions<AuthOptions> options, ILogger<CredentialVerifier> logger)
    {
        _admin = admin;
        _accounts = accounts;
        _logger = logger;
        var limits = options.Value.FailedSignIns;
        _window = TimeSpan.FromSeconds(limits.WindowSeconds);
        _failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = k.StartsWith("account:", StringComparison.Ordinal) ? limits.PerAccount : limits.PerAddress,
            Window = _window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Checks <paramref name="name"/>/<paramref name="password"/> from <paramref name="address"/>;
    /// <paramref name="via"/> names the way in for the log ("basic", "form").</summary>
    public CredentialCheck Verify(string name, string password, IPAddress? address, string via)
    {
        var accountKey = "account:" + name.ToLowerInvariant();
        var addressKey = "address:" + (address?.ToString() ?? "unknown");
        var wait = Blocked(accountKey) ?? Blocked(addressKey);
        if (wait is not null)
        {
            LogThrottled(_logger, Shown(name), address?.ToString() ?? "unknown", via);
            return new CredentialCheck(null, null, wait);
        }

        string? verifiedName = null, role = null;
        if (_admin.IsAdministrator(name))
        {
            if (_admin.Verify(_admin.User, password)) (verifiedName, role) = (_admin.User, PaperGraphAuth.AdminRole);
        }
        else if (_accounts.Verify(name, password) is { } account)
        {
            (verifiedName, role) = (account.Name, account.Role);
        }

        if (verifiedName is null)
        {
            using (_failures.AttemptAcquire(accountKey)) { }
            using (_failures.AttemptAcquire(addressKey)) { }
            LogFailed(_logger, Shown(name), address?.ToString() ?? "unknown", via);
            return new CredentialCheck(null, null, null);
        }
        if (via == "form") LogSignedIn(_logger, verifiedName, role!, address?.ToString() ?? "unknown");
        return new CredentialCheck(verifiedName, role, null);
    }

    /// <summary>The time left before <paramref name="key"/> may try again; null when it may now.</summary>
    private TimeSpan? Blocked(string key)
    {
        using var lease = _failures.AttemptAcquire(key, 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) && retry > TimeSpan.Zero ? retry : _window;
    }

    /// <summary>A name as the log shows it: bounded, so that a megabyte of "name" cannot flood the log.</summary>
    private static string Shown(string name) => name.Length <= 64 ? name : name[..64] + "…";

    public void Dispose() => _failures.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Wrong password for account '{Account}' from {Address} ({Via})")]
    private static partial void LogFailed(ILogger logger, string account, string address, string via);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Credential check refused: too many wrong passwords for account '{Account}' or from {Address} ({Via})")]
    private static partial void LogThrottled(ILogger logger, string account, string address, string via);

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed in '{Account}' ({Role}) from {Address}")]
    private static partial void LogSignedIn(ILogger logger, string account, string role, string address);
}
