using System.ComponentModel.DataAnnotations;

namespace PaperGraph.Hosting;

/// <summary>Which backend holds the graph.</summary>
public enum StorageProvider
{
    /// <summary>The embedded engine over its SQLite-backed store (the default).</summary>
    Embedded,

    /// <summary>A Neo4j server, spoken to through its HTTP Query API.</summary>
    Neo4j,
}

/// <summary>Section <c>Storage</c>: where the graph lives and the guardrails every query runs under.</summary>
/// <remarks>Environment variables use the <c>Storage__Path</c> form.</remarks>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The path that keeps the embedded store in memory only (tests, throw-away servers).</summary>
    public const string InMemoryPath = ":memory:";

    public StorageProvider Provider { get; set; } = StorageProvider.Embedded;

    /// <summary>The embedded store's folder (relative paths are taken from the current directory), or
    /// <see cref="InMemoryPath"/>. Also holds the accounts (<c>accounts.db</c>), the generated administrator
    /// credential and the Data Protection keys. Default: <see cref="DefaultPath"/>, the same for the web app and
    /// the CLI whichever directory they start from.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = DefaultPath;

    /// <summary>The default store folder: <c>papergraph</c> in the user's local application data folder
    /// (<c>$XDG_DATA_HOME/papergraph</c>, usually <c>~/.local/share/papergraph</c> on Linux,
    /// <c>%LOCALAPPDATA%\papergraph</c> on Windows); <c>./data</c> when the system names no such folder.</summary>
    public static string DefaultPath
    {
        get
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            return string.IsNullOrEmpty(local) ? "./data" : System.IO.Path.Combine(local, "papergraph");
        }
    }

    /// <summary>Every statement ends with <c>TransactionTimedOut</c> after this many seconds.</summary>
    [Range(1, 86_400)]
    public int QueryTimeoutSeconds { get; set; } = 30;

    /// <summary>The most memory one statement may use, in MiB (an estimate of the lists, maps, strings, aggregations,
    /// DISTINCT sets, sort buffers and result rows it holds), like Neo4j's <c>db.memory.transaction.max</c>; past it the
    /// statement ends with <c>Neo.ClientError.General.TransactionOutOfMemoryError</c>. 0 means no limit.</summary>
    [Range(0, 1_048_576)]
    public int QueryMemoryMB { get; set; } = 256;

    /// <summary>The folder LOAD CSV reads from, like Neo4j's <c>server.directories.import</c>: <c>file:///x.csv</c>
    /// is <c>x.csv</c> in it, and nothing outside it can be read. Unset: LOAD CSV is refused.</summary>
    public string? ImportPath { get; set; }

    /// <summary>A statement returning more rows than this fails with a clear error.</summary>
    [Range(1, int.MaxValue)]
    public int MaxResultRows { get; set; } = 1_000_000;

    /// <summary>True when <see cref="Path"/> asks for an in-memory store.</summary>
    public bool IsInMemory => string.Equals(Path, InMemoryPath, StringComparison.Ordinal);

    /// <summary>The absolute folder of the store; null for an in-memory store.</summary>
    public string? FullPath => IsInMemory ? null : System.IO.Path.GetFullPath(Path);
}

/// <summary>Section <c>Neo4j</c>: the server used when <c>Storage:Provider</c> is <c>Neo4j</c>.</summary>
public sealed class Neo4jOptions
{
    public const string Section = "Neo4j";

    /// <summary>The server's HTTP address, e.g. <c>http://localhost:7474</c>.</summary>
    public string? Uri { get; set; }

    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>A bearer token to send instead of the user and password (e.g. from Aura's or your identity
    /// provider's single sign-on).</summary>
    public string? Token { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string Database { get; set; } = "neo4j";

    /// <summary>How often, in milliseconds, the history is read for changes made by other instances or anyone else
    /// (the app's own writes are read right after they commit).</summary>
    [Range(50, 600_000)]
    public int ChangePollMilliseconds { get; set; } = 1000;
}

/// <summary>Section <c>Auth</c>: who may write through the web app.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public AdminOptions Admin { get; set; } = new();

    /// <summary>Section <c>Auth:FailedSignIns</c>: how many wrong passwords are allowed before credential checks
    /// (HTTP Basic and the sign-in form) are refused with 429 until the window ends.</summary>
    public FailedSignInOptions FailedSignIns { get; set; } = new();

    /// <summary>Section <c>Auth:Cookie</c>: the browser's sign-in cookie.</summary>
    public CookieOptions Cookie { get; set; } = new();

    /// <summary>Limits on wrong passwords, counted per account name and per client address.</summary>
    public sealed class FailedSignInOptions
    {
        /// <summary>Wrong passwords allowed for one account name within the window.</summary>
        [Range(1, 100_000)]
        public int PerAccount { get; set; } = 10;

        /// <summary>Wrong passwords allowed from one client address within the window.</summary>
        [Range(1, 100_000)]
        public int PerAddress { get; set; } = 30;

        /// <summary>The window's length, in seconds.</summary>
        [Range(1, 86_400)]
        public int WindowSeconds { get; set; } = 60;
    }

    /// <summary>The sign-in cookie's lifetime.</summary>
    public sealed class CookieOptions
    {
        /// <summary>Hours a sign-in lasts without use (sliding).</summary>
        [Range(1, 24 * 90)]
        public int Hours { get; set; } = 12;
    }

    /// <summary>Section <c>Auth:Admin</c> (environment <c>Auth__Admin__User</c>, <c>Auth__Admin__Password</c>).</summary>
    public sealed class AdminOptions
    {
        /// <summary>The administrator's user name (Neo4j's default is <c>neo4j</c>).</summary>
        public string User { get; set; } = "neo4j";

        /// <summary>When unset or empty, a random password is generated at first start, stored hashed in the data
        /// folder and printed once.</summary>
        public string? Password { get; set; }
    }
}

/// <summary>Section <c>Import</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "Import";

    /// <summary>Import <c>graph-seed/</c> on first start when the store is empty.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>The seed folder; when unset, <c>graph-seed</c> is looked for from the content root upwards.</summary>
    public string? SeedPath { get; set; }
}
