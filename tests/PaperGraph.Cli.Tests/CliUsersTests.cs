using PaperGraph.Hosting;
using PaperGraph.Hosting.Accounts;

namespace PaperGraph.Cli.Tests;

/// <summary><c>papergraph users …</c> against a fresh store folder, and the store's default place.</summary>
public sealed class CliUsersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-cli-users-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => $"--Storage:Path={Path.Combine(_dir, "data")}";

    private async Task<(int Exit, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, Store], new StringReader(stdin), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Users_add_reads_the_password_from_stdin_then_list_and_remove()
    {
        var (exit, output, error) = await Run("orchid-lantern-42\n", "users", "add", "cara", "--role", "curator", "--password-stdin");
        Assert.True(exit == 0, error);
        Assert.Contains("added cara (curator)", output, StringComparison.Ordinal);

        var (_, list, _) = await Run("", "users", "list");
        Assert.Contains("cara\tcurator", list, StringComparison.Ordinal);
        Assert.Contains("neo4j\tadmin", list, StringComparison.Ordinal);
        Assert.DoesNotContain("orchid", list, StringComparison.Ordinal);

        using (var store = new AccountStore(Path.Combine(_dir, "data"), "neo4j"))
            Assert.Equal("curator", store.Verify("cara", "orchid-lantern-42")?.Role); // the web app reads the same file

        var (removed, removedOut, _) = await Run("", "users", "remove", "cara");
        Assert.Equal(0, removed);
        Assert.Contains("removed cara", removedOut, StringComparison.Ordinal);
        var (again, _, againError) = await Run("", "users", "remove", "cara");
        Assert.Equal(CliApp.BadInput, again);
        Assert.Contains("no account 'cara'", againError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_add_refuses_a_weak_password_a_taken_name_and_a_password_on_the_command_line()
    {
        var (weak, _, weakError) = await Run("short\n", "users", "add", "cara", "--role", "curator", "--password-stdin");
        Assert.Equal(CliApp.BadInput, weak);
        Assert.Contains("too short", weakError, StringComparison.Ordinal);

        await Run("orchid-lantern-42\n", "users", "add", "cara", "--role", "curator", "--password-stdin");
        var (taken, _, takenError) = await Run("velvet-harbor-913\n", "users", "add", "Cara", "--role", "admin", "--password-stdin");
        Assert.Equal(CliApp.BadInput, taken);
        Assert.Contains("taken", takenError, StringComparison.Ordinal);

        var (usage, _, usageError) = await Run("", "users", "add", "dan", "--role", "curator");
        Assert.Equal(CliApp.Usage, usage);
        Assert.Contains("--password-stdin", usageError, StringComparison.Ordinal);

        var (role, _, roleError) = await Run("velvet-harbor-913\n", "users", "add", "dan", "--role", "owner", "--password-stdin");
        Assert.Equal(CliApp.BadInput, role);
        Assert.Contains("contributor, curator, admin", roleError, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_store_is_one_absolute_folder_so_the_current_directory_does_not_matter()
    {
        // An absolute path: Path.GetFullPath (what the web app and the CLI open) ignores the current directory.
        Assert.True(Path.IsPathRooted(StorageOptions.DefaultPath), StorageOptions.DefaultPath);
        Assert.Equal(Path.GetFullPath(StorageOptions.DefaultPath), new StorageOptions().FullPath);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "papergraph"), StorageOptions.DefaultPath);
    }
}
