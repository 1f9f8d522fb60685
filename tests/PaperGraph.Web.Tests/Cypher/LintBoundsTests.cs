using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PaperGraph.Web.Tests.Cypher;

/// <summary>The lint endpoint and every error message stay linear in the statement and bounded in size
/// (issue 8, item 4): a window of the statement around the problem, a capped number of problems, no echo.</summary>
public sealed class LintBoundsTests(LintBoundsTests.Server fixture) : IClassFixture<LintBoundsTests.Server>
{
    /// <summary>One server for the class, with the harness's defaults.</summary>
    public sealed class Server : IDisposable
    {
        public PaperGraphServer Instance { get; } = new();

        public void Dispose() => Instance.Dispose();
    }

    private PaperGraphServer server => fixture.Instance;

    private sealed record Problem(int Line, int Column, int Offset, int Length, string Message, string Code, string Severity);
    private sealed record Answer(List<Problem> Problems);

    [Fact]
    public async Task Eleven_thousand_broken_clauses_lint_fast_with_a_capped_answer()
    {
        var statement = string.Concat(Enumerable.Repeat("MATCH (( ", 11_000));
        using var client = server.Anonymous();
        await client.PostAsJsonAsync(new Uri("/api/cypher/lint", UriKind.Relative), new { statement = "MATCH (( " }); // warm up

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync(new Uri("/api/cypher/lint", UriKind.Relative), new { statement });
        var text = await response.Content.ReadAsStringAsync();
        watch.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonSerializer.Deserialize<Answer>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.InRange(answer.Problems.Count, 1, 100);
        Assert.All(answer.Problems, p => Assert.True(p.Message.Length < 300, p.Message));
        Assert.True(text.Length < 64 * 1024, $"the answer has {text.Length} characters");
        // Was 3-17 s and ~2.8 GB before the bounds; generous limits for a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"lint took {watch.Elapsed}");
        Assert.True(allocated < 200L * 1024 * 1024, $"lint allocated {allocated / 1048576} MiB");
    }

    [Fact]
    public async Task A_syntax_error_in_a_huge_one_line_statement_is_answered_without_echoing_it()
    {
        // 10 MB on one line with the error in the middle; the administrator may send bodies this large.
        var half = new string('x', 5_000_000);
        var statement = "RETURN '" + half + "' AS a, ] '" + half + "'";
        using var admin = server.Admin();
        var (status, body, _) = await admin.PostJsonAsync(QueryApiClient.QueryPath, JsonSerializer.Serialize(new { statement }));
        Assert.Equal(400, status);
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", body.ErrorCode());
        var message = body.ErrorMessage();
        Assert.Contains("Invalid input ']'", message, StringComparison.Ordinal);
        Assert.True(message.Length < 1_000, $"the message has {message.Length} characters");
        Assert.True(body.GetRawText().Length < 2_000, $"the answer has {body.GetRawText().Length} characters");
    }

    [Fact]
    public async Task A_type_error_about_a_huge_value_quotes_only_its_start()
    {
        using var client = server.Anonymous();
        var (status, body, _) = await client.QueryAsync(new { statement = "RETURN toUpper(range(1, 1000000)) AS x" });
        Assert.Equal(400, status);
        Assert.True(body.ErrorMessage().Length < 1_000, body.ErrorMessage());
    }

    [Fact]
    public async Task A_lint_error_shows_a_window_of_a_long_line_around_the_problem()
    {
        var statement = "RETURN " + string.Join(", ", Enumerable.Range(1, 5_000).Select(i => $"{i} AS c{i}")) + ", ]";
        using var client = server.Anonymous();
        using var response = await client.PostAsJsonAsync(new Uri("/api/cypher/lint", UriKind.Relative), new { statement });
        var answer = (await response.Content.ReadFromJsonAsync<Answer>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        var problem = Assert.Single(answer.Problems);
        Assert.Equal(statement.Length - 1, problem.Offset);
        Assert.True(problem.Message.Length < 300, problem.Message);
        Assert.Equal(1, problem.Line);
    }
}
