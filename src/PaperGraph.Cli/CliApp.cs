using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperGraph.Graph;
using PaperGraph.Graph.Json;
using PaperGraph.Hosting;
using PaperGraph.Hosting.Accounts;
using PaperGraph.Import;

namespace PaperGraph.Cli;

/// <summary>
/// The <c>papergraph</c> command: <c>import</c>, <c>query</c>, <c>export</c> and <c>check</c>. Exit codes: 0 ok,
/// 1 bad input (or a query error), 2 usage.
/// </summary>
/// <remarks>Configuration comes from appsettings.json, environment variables (<c>Storage__Path</c>) and
/// <c>--Storage:Path=…</c> arguments, as in the web app.</remarks>
public static class CliApp
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int Usage = 2;

    public const string UsageText = """
        usage: papergraph <command> [options] [--Storage:Path=DIR] [--Storage:Provider=Embedded|Neo4j] [--Neo4j:Uri=…]

          import [FILES|FOLDERS…] [--papers FILE] [--edges FILE]
                 import reading lists (default: the graph-seed folder found from the current directory upwards)
          query "CYPHER" [--param name=value…] [--format table|json|csv]
                 run one statement; json is the Neo4j Query API response body; values of --param are JSON or text
          export --format json|graphml|cypher|mermaid|markdown|seed [--out PATH]
                 write the graph out (markdown needs --out FOLDER: a reading list, papers.yaml, prerequisites.yaml;
                 seed writes the same files into graph-seed/, found from the current directory upwards, or --out)
          check  [FILES|FOLDERS…] [--papers FILE] [--edges FILE]
                 validate without writing anything
          users add NAME --role contributor|curator|admin --password-stdin
                 create an account (the password is read from the first line of standard input)
          users list
                 list the accounts (name, role, created)
          users remove NAME
                 remove an account

        The store is Storage:Path, by default the same folder the web app uses (see README, Configuration).
        Writes made here are recorded as cli:<your user name>.
        """;

    /// <summary>Runs the command line; never throws for bad input or usage.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        await RunAsync(args, Console.In, stdout, stderr, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the command line reading passwords from <paramref name="stdin"/>; never throws for bad input or usage.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var (configArgs, rest) = SplitConfiguration(args);
        if (rest.Count == 0 || rest[0] is "-h" or "--help" or "help")
        {
            (rest.Count == 0 ? stderr : stdout).WriteLine(UsageText);
            return rest.Count == 0 ? Usage : Ok;
        }
        ParsedArguments parsed;
        try
        {
            parsed = ParsedArguments.Parse(rest[0], rest.Skip(1).ToList());
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"papergraph: {e.Message}");
            stderr.WriteLine("run 'papergraph --help' for usage");
            return Usage;
        }

        try
        {
            return parsed.Command switch
            {
                "check" => Check(parsed, stdout),
                "users" => Users(configArgs, parsed, stdin, stdout),
                "import" => await WithDatabaseAsync(configArgs, db => ImportAsync(db, parsed, stdout, stderr, cancellationToken)).ConfigureAwait(false),
                "query" => await RunQueryAsync(configArgs, QueryRequest.From(parsed), stdout, cancellationToken).ConfigureAwait(false),
                "export" => await RunExportAsync(configArgs, ExportRequest.From(parsed), stdout, cancellationToken).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{parsed.Command}'"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"papergraph: {e.Message}");
            return Usage;
        }
        catch (AccountException e)
        {
            stderr.WriteLine($"papergraph: {e.Message}");
            return BadInput;
        }
        catch (ImportException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error.ToString());
            stderr.WriteLine(e.Errors.Count == 1 ? "nothing was written." : $"{e.Errors.Count} problems; nothing was written.");
            return BadInput;
        }
        catch (GraphException e)
        {
            stderr.WriteLine($"{e.Code}: {e.Message}");
            return BadInput;
        }
        catch (OptionsValidationException e)
        {
            stderr.WriteLine($"papergraph: configuration: {string.Join("; ", e.Failures)}");
            return Usage;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"papergraph: {e.Message}");
            return BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            stderr.WriteLine($"papergraph: {e.Message}");
            return BadInput;
        }
    }

    /// <summary>Arguments of the form <c>--Section:Key[=value]</c> are configuration; the rest is the command.</summary>
    private static (List<string> Configuration, List<string> Command) SplitConfiguration(string[] args)
    {
        var configuration = new List<string>();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.IndexOf(':', StringComparison.Ordinal) is var colon && colon > 2 &&
                (a.IndexOf('=', StringComparison.Ordinal) is var eq && (eq < 0 || colon < eq)))
            {
                configuration.Add(a);
                if (!a.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length) configuration.Add(args[++i]);
            }
            else
            {
                rest.Add(a);
            }
        }
        return (configuration, rest);
    }

    private static async Task<int> WithDatabaseAsync(List<string> configArgs, Func<IGraphDatabase, Task<int>> action)
    {
        var configuration = PaperGraphConfiguration.Build(configArgs.ToArray());
        var services = new ServiceCollection().AddPaperGraphDatabase(configuration);
        await using var provider = services.BuildServiceProvider();
        // Options are checked before the store is opened, so a bad setting never creates a folder.
        _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<Neo4jOptions>>().Value;
        var database = provider.GetRequiredService<IGraphDatabase>();
        // A server (Neo4j) is checked first, so a wrong address, password or version is named before any work.
        if (database is IGraphDatabaseCheck check) await check.CheckAsync().ConfigureAwait(false);
        return await action(database).ConfigureAwait(false);
    }

    /// <summary>Who the CLI's writes are recorded as: <c>cli:&lt;os user&gt;</c>.</summary>
    public static string Actor => "cli:" + Environment.UserName;

    // ---- users -----------------------------------------------------------------------------------------------------

    private static int Users(List<string> configArgs, ParsedArguments parsed, TextReader stdin, TextWriter stdout)
    {
        if (parsed.Positional.Count == 0) throw new UsageException("users needs a subcommand: add, list or remove");
        var sub = parsed.Positional[0];
        var configuration = PaperGraphConfiguration.Build(configArgs.ToArray());
        var services = new ServiceCollection().AddPaperGraphDatabase(configuration);
        using var provider = services.BuildServiceProvider();
        var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var auth = provider.GetRequiredService<IOptions<AuthOptions>>().Value;
        switch (sub)
        {
            case "add":
            {
                parsed.Allow("role", "password-stdin");
                if (parsed.Positional.Count != 2) throw new UsageException("users add takes one NAME");
                var role = parsed.Option("role") ?? throw new UsageException("users add needs --role contributor|curator|admin");
                if (!parsed.Flag("password-stdin")) throw new UsageException("users add needs --password-stdin (the password is never taken from the command line)");
                var password = stdin.ReadLine();
                if (string.IsNullOrEmpty(password)) throw new UsageException("no password on standard input");
                using var accounts = AccountStore.Open(storage, auth);
                var account = accounts.Add(parsed.Positional[1], password, role);
                stdout.WriteLine($"added {account.Name} ({account.Role}) to {accounts.Path ?? "an in-memory store"}");
                return Ok;
            }
            case "list":
            {
                parsed.Allow();
                using var accounts = AccountStore.Open(storage, auth);
                stdout.WriteLine($"{auth.Admin.User}\tadmin\t(bootstrap administrator, Auth:Admin)");
                foreach (var a in accounts.List())
                    stdout.WriteLine($"{a.Name}\t{a.Role}\tcreated {a.Created:yyyy-MM-dd HH:mm}Z");
                return Ok;
            }
            case "remove":
            {
                parsed.Allow();
                if (parsed.Positional.Count != 2) throw new UsageException("users remove takes one NAME");
                using var accounts = AccountStore.Open(storage, auth);
                if (!accounts.Remove(parsed.Positional[1]))
                    throw new AccountException(AccountProblem.NotFound, $"there is no account '{parsed.Positional[1]}'");
                stdout.WriteLine($"removed {parsed.Positional[1]}");
                return Ok;
            }
            default:
                throw new UsageException($"unknown users subcommand '{sub}' (add, list, remove)");
        }
    }

    // ---- import and check ----------------------------------------------------------------------------------------

    private static ImportSources Sources(ParsedArguments parsed)
    {
        var markdown = new List<string>();
        string? papers = parsed.Option("papers");
        string? edges = parsed.Option("edges");
        var positional = parsed.Positional;
        if (positional.Count == 0)
        {
            var seed = PaperGraphConfiguration.FindSeedFolder(Directory.GetCurrentDirectory())
                ?? throw new UsageException("no files given and no graph-seed folder found in the current directory or above it");
            positional = [seed];
        }
        foreach (var path in positional)
        {
            if (Directory.Exists(path))
            {
                var folder = ImportSources.FromFolder(path);
                markdown.AddRange(folder.MarkdownFiles);
                papers ??= folder.PapersFile;
                edges ??= folder.PrerequisitesFile;
            }
            else
            {
                markdown.Add(path);
            }
        }
        return new ImportSources(markdown, papers, edges);
    }

    private static int Check(ParsedArguments parsed, TextWriter stdout)
    {
        parsed.Allow("papers", "edges");
        var sources = Sources(parsed);
        var plan = sources.Plan();
        var listed = plan.Memberships.Select(m => m.PaperKey).ToHashSet(StringComparer.Ordinal);
        stdout.WriteLine($"ok: {Describe(sources)}");
        stdout.WriteLine($"  {plan.LinkCount} links → {listed.Count} papers in {plan.Sections.Count} sections, " +
                         $"{plan.Papers.Count - listed.Count} curated additions, {plan.Prerequisites.Count} prerequisite edges (a DAG)");
        return Ok;
    }

    private static async Task<int> ImportAsync(IGraphDatabase database, ParsedArguments parsed, TextWriter stdout, TextWriter stderr,
        CancellationToken cancellationToken)
    {
        parsed.Allow("papers", "edges");
        var sources = Sources(parsed);
        var progress = new ConsoleProgress(stderr);
        var summary = await sources.ImportAsync(database, progress, cancellationToken, Actor).ConfigureAwait(false);
        progress.Finish();
        stdout.WriteLine($"imported {Describe(sources)}");
        stdout.WriteLine($"  sections:      {summary.Sections}");
        stdout.WriteLine($"  papers:        {summary.Papers}");
        stdout.WriteLine($"  in sections:   {summary.Memberships}");
        stdout.WriteLine($"  prerequisites: {summary.Prerequisites}" +
                         (summary.CuratorEdgesKept > 0 ? $"; {summary.CuratorEdgesKept} curator edges kept as they are" : ""));
        foreach (var line in summary.Skipped) stdout.WriteLine($"  skipped {line}");
        if (summary.NothingChanged) stdout.WriteLine("  the store already held all of it: nothing changed.");
        return Ok;
    }

    private static string Describe(ImportSources sources)
    {
        var parts = sources.MarkdownFiles.Select(SourceText.DisplayName).ToList();
        if (sources.PapersFile is not null) parts.Add(SourceText.DisplayName(sources.PapersFile));
        if (sources.PrerequisitesFile is not null) parts.Add(SourceText.DisplayName(sources.PrerequisitesFile));
        return string.Join(", ", parts);
    }

    /// <summary>Shows how far a long import is, on one rewritten line of stderr.</summary>
    private sealed class ConsoleProgress(TextWriter writer) : IProgress<ImportProgress>
    {
        private const int LongImport = 5_000;
        private DateTime _last = DateTime.MinValue;
        private bool _shown;

        public void Report(ImportProgress value)
        {
            if (value.Total < LongImport) return;
            var now = DateTime.UtcNow;
            if (value.Done < value.Total && now - _last < TimeSpan.FromMilliseconds(200)) return;
            _last = now;
            _shown = true;
            var percent = value.Done * 100L / value.Total;
            writer.Write($"\rwriting {value.Stage}: {value.Done:N0}/{value.Total:N0} rows ({percent}%)   ");
        }

        public void Finish()
        {
            if (_shown) writer.WriteLine();
        }
    }

    // ---- query ---------------------------------------------------------------------------------------------------

    private sealed record QueryRequest(string Statement, Dictionary<string, object?> Parameters, string Format)
    {
        public static QueryRequest From(ParsedArguments parsed)
        {
            parsed.Allow("param", "format");
            if (parsed.Positional.Count != 1) throw new UsageException("query takes exactly one statement, in quotes");
            var format = parsed.Option("format") ?? "table";
            if (format is not ("table" or "json" or "csv")) throw new UsageException($"unknown --format '{format}' (table, json or csv)");
            var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in parsed.Options("param"))
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new UsageException($"--param needs name=value, not '{p}'");
                parameters[p[..eq]] = ParameterValue(p[(eq + 1)..]);
            }
            return new QueryRequest(parsed.Positional[0], parameters, format);
        }
    }

    private static Task<int> RunQueryAsync(List<string> configArgs, QueryRequest request, TextWriter stdout, CancellationToken cancellationToken) =>
        WithDatabaseAsync(configArgs, async database =>
        {
            var query = new CypherQuery(request.Statement, request.Parameters) { Actor = Actor };
            var result = await database.ExecuteAsync(query, cancellationToken).ConfigureAwait(false);
            stdout.Write(request.Format switch
            {
                "json" => ResultFormats.Json(result),
                "csv" => ResultFormats.Csv(result),
                _ => ResultFormats.Table(result),
            });
            return Ok;
        });

    /// <summary>A parameter value: JSON when it parses as JSON (<c>42</c>, <c>true</c>, <c>["a"]</c>, <c>"x"</c>), else the text itself.</summary>
    public static object? ParameterValue(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return QueryApiJson.ReadPlainValue(doc.RootElement);
        }
        catch (JsonException)
        {
            return text;
        }
    }

    // ---- export --------------------------------------------------------------------------------------------------

    private sealed record ExportRequest(string Format, string? Output)
    {
        public static ExportRequest From(ParsedArguments parsed)
        {
            parsed.Allow("format", "out");
            if (parsed.Positional.Count > 0) throw new UsageException($"export takes no file arguments (use --out): '{parsed.Positional[0]}'");
            var format = parsed.Option("format") ?? throw new UsageException($"export needs --format ({string.Join("|", GraphExport.Formats)})");
            if (!GraphExport.Formats.Contains(format)) throw new UsageException($"unknown --format '{format}' ({string.Join(", ", GraphExport.Formats)})");
            var output = parsed.Option("out");
            if (format == "markdown" && output is null) throw new UsageException("export --format markdown writes three files: give --out FOLDER");
            return new ExportRequest(format, output);
        }
    }

    private static Task<int> RunExportAsync(List<string> configArgs, ExportRequest request, TextWriter stdout, CancellationToken cancellationToken) =>
        WithDatabaseAsync(configArgs, async database =>
        {
            var snapshot = await GraphSnapshot.ReadAsync(database, cancellationToken).ConfigureAwait(false);
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            var output = request.Output;
            if (request.Format == "seed")
            {
                output ??= PaperGraphConfiguration.FindSeedFolder(Directory.GetCurrentDirectory())
                           ?? throw new UsageException("export --format seed found no graph-seed folder above the current directory: give --out FOLDER");
            }
            if (request.Format is "markdown" or "seed")
            {
                var export = GraphExport.ToMarkdown(snapshot);
                Directory.CreateDirectory(output!);
                await File.WriteAllTextAsync(Path.Combine(output!, export.FileName), export.Markdown, utf8, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(output!, ImportSources.PapersFileName), export.PapersYaml, utf8, cancellationToken).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(output!, ImportSources.PrerequisitesFileName), export.PrerequisitesYaml, utf8, cancellationToken).ConfigureAwait(false);
                stdout.WriteLine($"wrote {Path.Combine(output!, export.FileName)}, {ImportSources.PapersFileName} and {ImportSources.PrerequisitesFileName} " +
                                 $"({snapshot.Papers.Count} papers, {snapshot.Sections.Count} sections, {snapshot.Prerequisites.Count} prerequisites)");
                return Ok;
            }
            var text = request.Format switch
            {
                "json" => GraphExport.ToJson(snapshot),
                "graphml" => GraphExport.ToGraphMl(snapshot),
                "cypher" => GraphExport.ToCypher(snapshot),
                _ => GraphExport.ToMermaid(snapshot),
            };
            if (output is null) stdout.Write(text);
            else await File.WriteAllTextAsync(output, text, utf8, cancellationToken).ConfigureAwait(false);
            return Ok;
        });
}

/// <summary>A mistake in the command line itself (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The command, its positional arguments and its <c>--name value</c> options.</summary>
internal sealed class ParsedArguments
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "papers", "edges", "param", "format", "out", "role" };
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "password-stdin" };
    private readonly List<(string Name, string Value)> _options = [];

    private ParsedArguments(string command) => Command = command;

    public string Command { get; }
    public List<string> Positional { get; } = [];

    public static ParsedArguments Parse(string command, List<string> args)
    {
        var parsed = new ParsedArguments(command);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                parsed.Positional.AddRange(args.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                var name = eq > 0 ? a[2..eq] : a[2..];
                if (Flags.Contains(name) && eq < 0)
                {
                    parsed._options.Add((name, ""));
                    continue;
                }
                if (!Known.Contains(name)) throw new UsageException($"unknown option '--{name}'");
                string value;
                if (eq > 0) value = a[(eq + 1)..];
                else if (i + 1 < args.Count) value = args[++i];
                else throw new UsageException($"--{name} needs a value");
                parsed._options.Add((name, value));
            }
            else
            {
                parsed.Positional.Add(a);
            }
        }
        return parsed;
    }

    public string? Option(string name)
    {
        var values = Options(name).ToList();
        if (values.Count > 1) throw new UsageException($"--{name} given {values.Count} times");
        return values.FirstOrDefault();
    }

    /// <summary>True when the flag (an option without a value) was given.</summary>
    public bool Flag(string name) => _options.Any(o => o.Name == name);

    public IEnumerable<string> Options(string name) => _options.Where(o => o.Name == name).Select(o => o.Value);

    /// <summary>Refuses options that the command does not take.</summary>
    public void Allow(params string[] names)
    {
        foreach (var (name, _) in _options)
            if (!names.Contains(name)) throw new UsageException($"'{Command}' does not take --{name}");
    }
}
