using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperGraph.Cypher.Linting;
using PaperGraph.Embedded;
using PaperGraph.Graph;
using PaperGraph.Hosting.Accounts;
using PaperGraph.Neo4j;

namespace PaperGraph.Hosting;

/// <summary>Registers PaperGraph's options and its one <see cref="IGraphDatabase"/>, for the web app and the CLI.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="StorageOptions"/>, <see cref="Neo4jOptions"/>, <see cref="AuthOptions"/> and
    /// <see cref="ImportOptions"/> from <paramref name="configuration"/> (validated when first read, and at
    /// start-up in a host), and registers a singleton <see cref="IGraphDatabase"/> for the configured provider and the
    /// <see cref="ICypherLinter"/> that goes with it.
    /// </summary>
    /// <remarks>Resolving <see cref="IGraphDatabase"/> opens the store; invalid options throw
    /// <see cref="OptionsValidationException"/> naming the setting.</remarks>
    public static IServiceCollection AddPaperGraphDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Neo4jOptions>().Bind(configuration.GetSection(Neo4jOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();

        services.AddSingleton(sp => AccountStore.Open(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IOptions<AuthOptions>>().Value));
        services.AddSingleton<IGraphDatabase>(sp => GraphDatabaseFactory.Open(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IOptions<Neo4jOptions>>().Value));
        // The console's lint for the backend in use: the engine's parser is final for the embedded backend; over
        // Neo4j the server's own EXPLAIN decides what our parser refuses.
        services.AddSingleton<ICypherLinter>(sp => new CypherLinter(sp.GetRequiredService<IGraphDatabase>(),
            parserIsTheEngine: sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Embedded));
        return services;
    }
}

/// <summary>Opens the configured backend.</summary>
public static class GraphDatabaseFactory
{
    /// <summary>Opens the embedded store or connects to Neo4j, per <paramref name="storage"/>.</summary>
    public static IGraphDatabase Open(StorageOptions storage, Neo4jOptions neo4j) => storage.Provider switch
    {
        StorageProvider.Embedded => EmbeddedGraphDatabase.Open(new EmbeddedDatabaseOptions
        {
            Path = storage.FullPath,
            QueryTimeout = TimeSpan.FromSeconds(storage.QueryTimeoutSeconds),
            MaxResultRows = storage.MaxResultRows,
            QueryMemoryBytes = storage.QueryMemoryMB * 1024L * 1024L,
            ImportPath = string.IsNullOrWhiteSpace(storage.ImportPath) ? null : System.IO.Path.GetFullPath(storage.ImportPath),
        }),
        // Neo4j cannot be hooked at commit: the rules and the history are checked around each curated write, and
        // the change feed is the history read after each write and polled for everyone else's.
        StorageProvider.Neo4j => new ChangeLogFeed(new CurationRulesDatabase(new Neo4jGraphDatabase(new Neo4jConnection(
            new Uri(neo4j.Uri!, UriKind.Absolute), neo4j.Database, neo4j.User, neo4j.Password)
        {
            Token = string.IsNullOrWhiteSpace(neo4j.Token) ? null : neo4j.Token.Trim(),
            // The server enforces its own statement timeout; give its answer time to arrive before giving up.
            Timeout = TimeSpan.FromSeconds(storage.QueryTimeoutSeconds + 10),
        })), TimeSpan.FromMilliseconds(neo4j.ChangePollMilliseconds)),
        _ => throw new InvalidOperationException($"Storage:Provider '{storage.Provider}' is not known."),
    };
}

internal sealed class StorageOptionsValidator(IOptionsMonitor<Neo4jOptions> neo4j) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
            return ValidateOptionsResult.Fail($"Storage:Provider must be Embedded or Neo4j, not '{options.Provider}'.");
        if (options.Provider == StorageProvider.Neo4j)
        {
            var uri = neo4j.CurrentValue.Uri;
            if (string.IsNullOrWhiteSpace(uri))
                return ValidateOptionsResult.Fail("Storage:Provider is Neo4j but Neo4j:Uri is not set (e.g. http://localhost:7474).");
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
                return ValidateOptionsResult.Fail($"Neo4j:Uri '{uri}' is not an http:// or https:// address (the Neo4j backend speaks the HTTP Query API, not Bolt).");
        }
        if (!options.IsInMemory && options.Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            return ValidateOptionsResult.Fail($"Storage:Path '{options.Path}' is not a valid folder name.");
        return ValidateOptionsResult.Success;
    }
}

internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var user = options.Admin.User;
        if (string.IsNullOrWhiteSpace(user))
            return ValidateOptionsResult.Fail("Auth:Admin:User must not be empty.");
        if (user.Contains(':', StringComparison.Ordinal))
            return ValidateOptionsResult.Fail("Auth:Admin:User must not contain ':' (HTTP Basic authentication separates user and password with it).");
        var failed = options.FailedSignIns;
        if (failed.PerAccount < 1 || failed.PerAddress < 1 || failed.WindowSeconds < 1)
            return ValidateOptionsResult.Fail("Auth:FailedSignIns:PerAccount, PerAddress and WindowSeconds must be at least 1.");
        if (options.Cookie.Hours < 1)
            return ValidateOptionsResult.Fail("Auth:Cookie:Hours must be at least 1.");
        return ValidateOptionsResult.Success;
    }
}
