using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PaperGraph.Hosting;

namespace PaperGraph.Web.Auth;

/// <summary>
/// The one administrator who may write: <c>Auth:Admin:User</c> / <c>Auth:Admin:Password</c> when configured;
/// otherwise a random password generated at first start, printed once, and kept only as a salted PBKDF2 hash
/// in <c>{Storage:Path}/admin-credential.json</c> so that it stays the same across restarts.
/// </summary>
/// <remarks>Every comparison is constant-time. Thread-safe.</remarks>
internal sealed class AdminCredentials
{
    internal const string FileName = "admin-credential.json";
    private const int Iterations = 100_000;

    private readonly string _user;
    private readonly byte[] _salt;
    private readonly byte[] _hash;
    private readonly int _iterations;
    private byte[]? _verifiedDigest; // SHA-256 of the last "user:password" that verified, so PBKDF2 runs once

    public AdminCredentials(IOptions<AuthOptions> auth, IOptions<StorageOptions> storage, ILogger<AdminCredentials> logger)
    {
        var admin = auth.Value.Admin;
        _user = admin.User;
        if (admin.Password is { Length: > 0 } configured)
        {
            _salt = RandomNumberGenerator.GetBytes(16);
            _iterations = 1;
            _hash = Derive(configured, _salt, _iterations);
            Source = "configured (Auth:Admin:Password)";
            return;
        }

        var folder = storage.Value.FullPath;
        var file = folder is null ? null : Path.Combine(folder, FileName);
        if (file is not null && TryLoad(file, _user, out var stored))
        {
            (_salt, _hash, _iterations) = stored;
            Source = $"generated earlier (hash in {file})";
            return;
        }

        var password = GeneratePassword();
        _salt = RandomNumberGenerator.GetBytes(16);
        _iterations = Iterations;
        _hash = Derive(password, _salt, _iterations);
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

    /// <summary>True when <paramref name="user"/> and <paramref name="password"/> are the administrator's.</summary>
    public bool Verify(string user, string password)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(user + "\0" + password));
        var cached = Volatile.Read(ref _verifiedDigest);
        if (cached is not null && CryptographicOperations.FixedTimeEquals(cached, digest))
            return true;
        var userMatches = CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(user)), SHA256.HashData(Encoding.UTF8.GetBytes(_user)));
        var passwordMatches = CryptographicOperations.FixedTimeEquals(Derive(password, _salt, _iterations), _hash);
        if (userMatches & passwordMatches)
        {
            Volatile.Write(ref _verifiedDigest, digest);
            return true;
        }
        return false;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        iterations == 1
            ? SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)])
            : Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);

    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    private sealed record StoredCredential(string User, string Algorithm, int Iterations, string Salt, string Hash);

    private static bool TryLoad(string file, string user, out (byte[] Salt, byte[] Hash, int Iterations) stored)
    {
        stored = default;
        if (!File.Exists(file)) return false;
        try
        {
            var record = JsonSerializer.Deserialize<StoredCredential>(File.ReadAllText(file));
            if (record is null || record.User != user || record.Algorithm != "PBKDF2-SHA256" || record.Iterations < 10_000)
                return false;
            stored = (Convert.FromBase64String(record.Salt), Convert.FromBase64String(record.Hash), record.Iterations);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            return false; // unreadable: a new password is generated and printed
        }
    }

    private void Save(string file)
    {
        var json = JsonSerializer.Serialize(new StoredCredential(_user, "PBKDF2-SHA256", _iterations,
            Convert.ToBase64String(_salt), Convert.ToBase64String(_hash)));
        var temp = file + ".tmp";
        File.WriteAllText(temp, json);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, file, overwrite: true);
    }
}
