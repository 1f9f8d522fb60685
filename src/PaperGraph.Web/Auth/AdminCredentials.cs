using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PaperGraph.Hosting;

namespace PaperGraph.Web.Auth;

/// <summary>
/// The bootstrap administrator: <c>Auth:Admin:User</c> / <c>Auth:Admin:Password</c> when configured (hashed at
/// start with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>; the text is not kept); otherwise a
/// random password generated at first start, printed once, and kept only as a <see cref="PasswordHasher{TUser}"/>
/// hash in <c>{Storage:Path}/admin-credential.json</c> so that it stays the same across restarts. Other accounts
/// live in <see cref="PaperGraph.Hosting.Accounts.AccountStore"/>.
/// </summary>
/// <remarks>Thread-safe. The last password that verified is remembered as an HMAC under a per-process key, so
/// that HTTP Basic callers do not pay PBKDF2 on every request.</remarks>
internal sealed class AdminCredentials
{
    internal const string FileName = "admin-credential.json";
    internal const string Algorithm = "AspNetCoreIdentity-PasswordHasher";
    private const string LegacyAlgorithm = "PBKDF2-SHA256";

    private static readonly object HashUser = new();
    private readonly PasswordHasher<object> _hasher = new();
    private readonly string _user;
    private readonly string _hash;
    private readonly (byte[] Salt, byte[] Hash, int Iterations)? _legacy; // a file written before PasswordHasher
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private byte[]? _verifiedMac;

    public AdminCredentials(IOptions<AuthOptions> auth, IOptions<StorageOptions> storage, ILogger<AdminCredentials> logger)
    {
        var admin = auth.Value.Admin;
        _user = admin.User;
        if (admin.Password is { Length: > 0 } configured)
        {
            _hash = _hasher.HashPassword(HashUser, configured);
            Source = "configured (Auth:Admin:Password)";
            return;
        }

        var folder = storage.Value.FullPath;
        var file = folder is null ? null : Path.Combine(folder, FileName);
        if (file is not null && TryLoad(file, _user, out var stored))
        {
            (_hash, _legacy) = stored;
            Source = $"generated earlier (hash in {file})";
            return;
        }

        var password = GeneratePassword();
        _hash = _hasher.HashPassword(HashUser, password);
        if (file is not null)
        {
            Directory.CreateDirectory(folder!);
            Save(file);
            Source = $"generated now (hash in {file})";
        }
        else
        {
            Source = "generated now (in-memory store: a new one at every start)";
        }
        GeneratedPassword = password;
        logger.LogInformation("Generated a password for the administrator '{User}'", _user);
    }

    /// <summary>The administrator's user name.</summary>
    public string User => _user;

    /// <summary>Where the password came from, for the start-up banner (never the password itself).</summary>
    public string Source { get; }

    /// <summary>The password generated at this start, to be printed once; null when none was generated.</summary>
    public string? GeneratedPassword { get; private set; }

    /// <summary>Forgets the generated password once it has been shown.</summary>
    public void ForgetGeneratedPassword() => GeneratedPassword = null;

    /// <summary>True when <paramref name="user"/> names the administrator (without case, as account names are compared).</summary>
    public bool IsAdministrator(string user) => string.Equals(user, _user, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="user"/> and <paramref name="password"/> are the administrator's.</summary>
    public bool Verify(string user, string password)
    {
        if (password.Length > PaperGraph.Hosting.Accounts.AccountStore.MaxPasswordLength) return false;
        var mac = HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(user + "\0" + password));
        var cached = Volatile.Read(ref _verifiedMac);
        if (cached is not null && CryptographicOperations.FixedTimeEquals(cached, mac))
            return true;
        var userMatches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(user)), SHA256.HashData(Encoding.UTF8.GetBytes(_user)));
        var passwordMatches = _legacy is { } legacy
            ? CryptographicOperations.FixedTimeEquals(
                Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), legacy.Salt, legacy.Iterations, HashAlgorithmName.SHA256, 32), legacy.Hash)
            : _hasher.VerifyHashedPassword(HashUser, _hash, password) != PasswordVerificationResult.Failed;
        if (userMatches & passwordMatches)
        {
            Volatile.Write(ref _verifiedMac, mac);
            return true;
        }
        return false;
    }

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    private sealed record StoredCredential(string User, string Algorithm, string Hash, int Iterations = 0, string? Salt = null);

    private static bool TryLoad(string file, string user, out (string Hash, (byte[], byte[], int)? Legacy) stored)
    {
        stored = default;
        if (!File.Exists(file)) return false;
        try
        {
            var record = JsonSerializer.Deserialize<StoredCredential>(File.ReadAllText(file));
            if (record is null || record.User != user) return false;
            if (record.Algorithm == Algorithm)
            {
                stored = (record.Hash, null);
                return true;
            }
            if (record.Algorithm != LegacyAlgorithm || record.Iterations < 10_000 || record.Salt is null) return false;
            stored = ("", (Convert.FromBase64String(record.Salt), Convert.FromBase64String(record.Hash), record.Iterations));
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            return false; // unreadable: a new password is generated and printed
        }
    }

    private void Save(string file)
    {
        var json = JsonSerializer.Serialize(new StoredCredential(_user, Algorithm, _hash));
        var temp = file + ".tmp";
        File.WriteAllText(temp, json);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, file, overwrite: true);
    }
}
