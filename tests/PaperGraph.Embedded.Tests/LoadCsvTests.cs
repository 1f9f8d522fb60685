using PaperGraph.Graph;

namespace PaperGraph.Embedded.Tests;

/// <summary>LOAD CSV reads only the import folder, and only for callers who may write.</summary>
public sealed class LoadCsvTests : IDisposable
{
    private readonly string _import = Directory.CreateTempSubdirectory("pg-import-").FullName;

    public void Dispose() => Directory.Delete(_import, recursive: true);

    private EmbeddedGraphDatabase Open() => Db.Open(new EmbeddedDatabaseOptions { ImportPath = _import });

    [Fact]
    public async Task Load_csv_with_headers_creates_nodes_from_the_import_folder()
    {
        await File.WriteAllTextAsync(Path.Combine(_import, "papers.csv"), "key,title,year\nbert,\"BERT: Pre-training, deep\",2018\ngpt,\"Say \"\"hi\"\"\",\n");
        await using var db = Open();
        var result = db.Run("LOAD CSV WITH HEADERS FROM 'file:///papers.csv' AS row CREATE (p:Paper {key: row.key, title: row.title, year: toInteger(row.year)}) RETURN p.key AS key, p.title AS title, p.year AS year");
        Assert.Equal(2, result.Counters.NodesCreated);
        Assert.Equal(["bert", "BERT: Pre-training, deep", 2018L], result.Values[0]);
        Assert.Equal(["gpt", "Say \"hi\"", null], result.Values[1]);
    }

    [Fact]
    public async Task Load_csv_without_headers_gives_lists_and_honours_the_field_terminator()
    {
        Directory.CreateDirectory(Path.Combine(_import, "sub"));
        await File.WriteAllTextAsync(Path.Combine(_import, "sub", "edges.tsv"), "a;b\r\nb;c\r\n");
        await using var db = Open();
        var rows = db.Run("LOAD CSV FROM 'file:///sub/edges.tsv' AS line FIELDTERMINATOR ';' RETURN line");
        Assert.Equal(2, rows.Values.Count);
        Assert.Equal(["a", "b"], (IReadOnlyList<object?>)rows.Values[0][0]!);
    }

    [Fact]
    public async Task Load_csv_is_refused_to_a_read_only_caller()
    {
        await File.WriteAllTextAsync(Path.Combine(_import, "x.csv"), "a\n");
        await using var db = Open();
        var error = await Assert.ThrowsAsync<GraphException>(() =>
            db.ExecuteAsync(CypherQuery.Read("LOAD CSV FROM 'file:///x.csv' AS row RETURN row")));
        Assert.Equal(GraphErrorCodes.AccessMode, error.Code);
    }

    [Theory]
    [InlineData("file:///../outside.csv", "outside the import folder")]
    [InlineData("file:///sub/../../outside.csv", "outside the import folder")]
    [InlineData("http://127.0.0.1/x.csv", "only file:///")]
    [InlineData("https://example.org/x.csv", "only file:///")]
    [InlineData("file:///missing.csv", "no such file")]
    public async Task Load_csv_outside_the_import_folder_is_refused_with_a_clear_error(string url, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(_import)!, "outside.csv"), "secret\n");
        await using var db = Open();
        var error = db.Fails($"LOAD CSV FROM '{url}' AS row RETURN row");
        Assert.Equal(GraphErrorCodes.ExternalResourceFailed, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_csv_without_an_import_folder_is_refused()
    {
        await using var db = Db.Open();
        var error = db.Fails("LOAD CSV FROM 'file:///x.csv' AS row RETURN row");
        Assert.Contains("Storage:ImportPath", error.Message, StringComparison.Ordinal);
    }
}
