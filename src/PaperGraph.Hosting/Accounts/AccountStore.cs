using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace PaperGraph.Hosting.Accounts;

/// <summary>One account: its name, role, and when it was created and last changed (never the password).</summary>
public sealed record Account(string Name, string Role, DateTimeOffset Created, DateTimeOffset Updated, bool Bootstrap = false);

/// <summary>Why an account change was refused.</summary>
public enum AccountProblem
{
    /// <summary>The name is malformed (empty, too long, or with characters outside letters, digits and <c>. _ - @</c>).</summary>
    InvalidName,

    /// <summary>The role is not contributor, curator or admin.</summary>
    InvalidRole,

    /// <summary>The password is too weak; the message says why.</summary>
    WeakPassword,

    /// <summary>An account with that name exists already (names are compared without case).</summary>
    NameTaken,

    /// <summary>No account has that name.</summary>
    NotFound,

    /// <summary>The bootstrap administrator comes from configuration (<c>Auth:Admin:*</c>) and cannot be changed here.</summary>
    Bootstrap,
}

/// <summary>A refused account change, with a message for the person who asked.</summary>
public sealed class AccountException(AccountProblem problem, string message) : Exception(message)
{
    public AccountProblem Problem { get; } = problem;
}

/// <summary>
/// Accounts outside the graph (anonymous Cypher can read every node): a SQLite file, <c>accounts.db</c>, beside
/// the store in <c>Storage:Path</c> (in memory for an in-memory store). Passwords are kept only as ASP.NET Core
/// Identity <see cref="PasswordHasher{TUser}"/> hashes (PBKDF2 with a per-password salt); no method logs or returns
/// one. The bootstrap administrator (<c>Auth:Admin:User</c>) is not stored here; its name is reserved.
/// </summary>
/// <remarks>Thread-safe. A password that verified is remembered as an HMAC under a per-process key, so that
/// HTTP Basic callers do not pay PBKDF2 on every request; changing the password forgets it.</remarks>
public sealed class AccountStore : IDisposable
{
    /// <summary>The file name inside <c>Storage:Path</c>.</summary>
    public const string FileName = "accounts.db";

    /// <summary>Shortest accepted password.</summary>
    public const int MinPasswordLength = 10;

    /// <summary>Longest accepted password (bounds hashing work).</summary>
    public const int MaxPasswordLength = 256;

    /// <summary>Longest accepted name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The roles an account may have, lowest first.</summary>
    public static readonly IReadOnlyList<string> Roles = ["contributor", "curator", "admin"];

    private static readonly string[] CommonPasswords =
    [
        "password", "passw0rd", "123456", "qwerty", "letmein", "welcome", "admin", "neo4j", "papergraph", "iloveyou",
        "abc123", "111111", "monkey", "dragon", "secret",
    ];

    private readonly SqliteConnection? _keepAlive; // an in-memory database lives as long as one connection is open
    private readonly string _connectionString;
    private readonly string _reservedName;
    private readonly PasswordHasher<Account> _hasher = new();
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (byte[] Mac, string Hash)> _verified = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _writeLock = new();

    /// <summary>Opens (creating when needed) the accounts file in <paramref name="folder"/>; null folder: in memory.</summary>
    /// <param name="folder">The store's folder (<see cref="StorageOptions.FullPath"/>), or null for in memory.</param>
    /// <param name="reservedName">The bootstrap administrator's name, which no stored account may take.</param>
    public AccountStore(string? folder, string reservedName)
    {
        _reservedName = reservedName;
        if (folder is null)
        {
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = "papergraph-accounts-" + Guid.NewGuid().ToString("N"), Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared,
            }.ToString();
            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
            Path = null;
        }
        else
        {
            Directory.CreateDirectory(folder);
            Path = System.IO.Path.Combine(folder, FileName);
            var isNew = !File.Exists(Path);
            _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
            if (isNew && !OperatingSystem.IsWindows())
            {
                using (File.Create(Path)) { }
                File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        using var connection = Open();
        using var create = connection.CreateCommand();
        create.CommandText = """
            CREATE TABLE IF NOT EXISTS accounts (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created TEXT NOT NULL,
                updated TEXT NOT NULL)
            """;
        create.ExecuteNonQuery();
    }

    /// <summary>Opens the accounts of the store <paramref name="storage"/> describes, reserving <paramref name="auth"/>'s administrator.</summary>
    public static AccountStore Open(StorageOptions storage, AuthOptions auth) => new(storage.FullPath, auth.Admin.User);

    /// <summary>The accounts file; null when in memory.</summary>
    public string? Path { get; }

    /// <summary>Every stored account, by name.</summary>
    public IReadOnlyList<Account> List()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, created, updated FROM accounts ORDER BY name COLLATE NOCASE";
        using var reader = command.ExecuteReader();
        var list = new List<Account>();
        while (reader.Read()) list.Add(Read(reader));
        return list;
    }

    /// <summary>The account called <paramref name="name"/> (any case); null when none.</summary>
    public Account? Find(string name) => FindWithHash(name)?.Account;

    /// <summary>The account when <paramref name="password"/> is its password; null otherwise (unknown name too,
    /// after the same hashing work, so that timing does not tell which names exist).</summary>
    public Account? Verify(string name, string password)
    {
        if (name.Length > MaxNameLength || password.Length > MaxPasswordLength) return null;
        var found = FindWithHash(name);
        if (found is null)
        {
            _hasher.VerifyHashedPassword(Placeholder, DummyHash.Value, password);
            return null;
        }
        var (account, hash) = found.Value;
        var mac = Mac(account.Name, password);
        if (_verified.TryGetValue(account.Name, out var cached) && cached.Hash == hash && CryptographicOperations.FixedTimeEquals(cached.Mac, mac))
            return account;
        var result = _hasher.VerifyHashedPassword(account, hash, password);
        if (result == PasswordVerificationResult.Failed) return null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            hash = SetHash(account.Name, _hasher.HashPassword(account, password));
        _verified[account.Name] = (mac, hash);
        return account;
    }

    /// <summary>Creates an account.</summary>
    /// <exception cref="AccountException">Invalid name or role, weak password, or a taken name.</exception>
    public Account Add(string name, string password, string role)
    {
        CheckName(name);
        role = CheckRole(role);
        CheckPassword(name, password);
        var now = DateTimeOffset.UtcNow;
        var account = new Account(name, role, now, now);
        var hash = _hasher.HashPassword(account, password);
        lock (_writeLock)
        {
            using var connection = Open();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO accounts (name, role, password_hash, created, updated) VALUES ($name, $role, $hash, $now, $now) ON CONFLICT(name) DO NOTHING";
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$role", role);
            insert.Parameters.AddWithValue("$hash", hash);
            insert.Parameters.AddWithValue("$now", now.ToString("O", CultureInfo.InvariantCulture));
            if (insert.ExecuteNonQuery() == 0)
                throw new AccountException(AccountProblem.NameTaken, $"The name '{name}' is taken.");
        }
        return account;
    }

    /// <summary>Changes an account's role and/or password (null: unchanged).</summary>
    /// <exception cref="AccountException">Unknown account, bootstrap administrator, invalid role or weak password.</exception>
    public Account Update(string name, string? password, string? role)
    {
        if (IsReserved(name))
            throw new AccountException(AccountProblem.Bootstrap, $"'{name}' is the bootstrap administrator, configured by Auth:Admin:User and Auth:Admin:Password; change it there.");
        var existing = Find(name) ?? throw new AccountException(AccountProblem.NotFound, $"There is no account '{name}'.");
        if (role is not null) role = CheckRole(role);
        if (password is not null) CheckPassword(existing.Name, password);
        var now = DateTimeOffset.UtcNow;
        lock (_writeLock)
        {
            using var connection = Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE accounts SET role = coalesce($role, role), password_hash = coalesce($hash, password_hash), updated = $now WHERE name = $name";
            update.Parameters.AddWithValue("$name", existing.Name);
            update.Parameters.AddWithValue("$role", (object?)role ?? DBNull.Value);
            update.Parameters.AddWithValue("$hash", password is null ? DBNull.Value : _hasher.HashPassword(existing, password));
            update.Parameters.AddWithValue("$now", now.ToString("O", CultureInfo.InvariantCulture));
            if (update.ExecuteNonQuery() == 0)
                throw new AccountException(AccountProblem.NotFound, $"There is no account '{name}'.");
        }
        _verified.TryRemove(existing.Name, out _);
        return existing with { Role = role ?? existing.Role, Updated = now };
    }

    /// <summary>Removes an account; false when there was none.</summary>
    /// <exception cref="AccountException">The bootstrap administrator.</exception>
    public bool Remove(string name)
    {
        if (IsReserved(name))
            throw new AccountException(AccountProblem.Bootstrap, $"'{name}' is the bootstrap administrator, configured by Auth:Admin:User; it cannot be removed.");
        lock (_writeLock)
        {
            using var connection = Open();
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM accounts WHERE name = $name";
            delete.Parameters.AddWithValue("$name", name);
            var removed = delete.ExecuteNonQuery() > 0;
            _verified.TryRemove(name, out _);
            return removed;
        }
    }

    /// <summary>Refuses a malformed name or the bootstrap administrator's.</summary>
    public void CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new AccountException(AccountProblem.InvalidName, "The name is missing.");
        if (name.Length > MaxNameLength)
            throw new AccountException(AccountProblem.InvalidName, $"The name is longer than {MaxNameLength} characters.");
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
                throw new AccountException(AccountProblem.InvalidName, "A name may hold only letters, digits and . _ - @ (no spaces, no ':').");
        if (IsReserved(name))
            throw new AccountException(AccountProblem.NameTaken, $"The name '{name}' is taken (the bootstrap administrator).");
    }

    /// <summary>The role in lower case; refuses anything but contributor, curator or admin.</summary>
    public static string CheckRole(string? role)
    {
        var normal = role?.Trim().ToLowerInvariant();
        if (normal is null || !Roles.Contains(normal))
            throw new AccountException(AccountProblem.InvalidRole, $"The role must be one of {string.Join(", ", Roles)}{(role is null ? "" : $", not '{role}'")}.");
        return normal;
    }

    /// <summary>Refuses a weak password, saying what is weak about it.</summary>
    public static void CheckPassword(string name, string? password)
    {
        if (string.IsNullOrEmpty(password))
            throw new AccountException(AccountProblem.WeakPassword, "The password is missing.");
        if (password.Length < MinPasswordLength)
            throw new AccountException(AccountProblem.WeakPassword, $"The password is too short: {password.Length} characters, at least {MinPasswordLength} are needed.");
        if (password.Length > MaxPasswordLength)
            throw new AccountException(AccountProblem.WeakPassword, $"The password is longer than {MaxPasswordLength} characters.");
        if (password.Distinct().Count() < 5)
            throw new AccountException(AccountProblem.WeakPassword, "The password repeats too few characters: use at least 5 different ones.");
        if (password.Contains(name, StringComparison.OrdinalIgnoreCase))
            throw new AccountException(AccountProblem.WeakPassword, "The password contains the account's name.");
        var lower = password.ToLowerInvariant();
        if (CommonPasswords.Any(common => lower.StartsWith(common, StringComparison.Ordinal) && lower.Length - common.Length < 4))
            throw new AccountException(AccountProblem.WeakPassword, "The password is a common one with little added: choose one nobody would guess.");
    }

    private bool IsReserved(string name) => string.Equals(name, _reservedName, StringComparison.OrdinalIgnoreCase);

    private static readonly Account Placeholder = new("", "contributor", default, default);
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<Account>().HashPassword(Placeholder, Guid.NewGuid().ToString()));

    private byte[] Mac(string name, string password) =>
        HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(name.ToLowerInvariant() + "\0" + password));

    private string SetHash(string name, string hash)
    {
        lock (_writeLock)
        {
            using var connection = Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE accounts SET password_hash = $hash WHERE name = $name";
            update.Parameters.AddWithValue("$name", name);
            update.Parameters.AddWithValue("$hash", hash);
            update.ExecuteNonQuery();
        }
        return hash;
    }

    private (Account Account, string Hash)? FindWithHash(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength) return null;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, role, created, updated, password_hash FROM accounts WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (Read(reader), reader.GetString(4)) : null;
    }

    private static Account Read(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1),
        DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 5000";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public void Dispose() => _keepAlive?.Dispose();
}
