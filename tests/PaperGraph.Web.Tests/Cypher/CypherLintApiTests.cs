using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PaperGraph.Web.Tests.Papers;

namespace PaperGraph.Web.Tests.Cypher;

public sealed class CypherLintApiTests(ExplorerServer server) : IClassFixture<ExplorerServer>
{
    private sealed record Problem(int Line, int Column, int Offset, int Length, string Message, string Code, string Severity);
    private sealed record Answer(List<Problem> Problems);

    private async Task<List<Problem>> LintAsync(string statement)
    {
        using var client = server.Client();
        using var response = await client.PostAsJsonAsync(new Uri("/api/cypher/lint", UriKind.Relative), new { statement });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<Answer>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return answer!.Problems;
    }

    [Fact]
    public async Task A_statement_that_parses_has_no_problems()
    {
        Assert.Empty(await LintAsync("MATCH (p:Paper)-[:PREREQUISITE_OF]->(q:Paper {key: 'bert'}) RETURN p.title ORDER BY p.year"));
        Assert.Empty(await LintAsync("   "));
    }

    [Fact]
    public async Task A_misspelt_keyword_is_underlined_exactly_with_its_line_and_column()
    {
        const string text = "MATCH (p:Paper)\nRETRUN p.title";
        var problem = Assert.Single(await LintAsync(text));
        Assert.Equal(2, problem.Line);
        Assert.Equal(1, problem.Column);
        Assert.Equal(text.IndexOf("RETRUN", StringComparison.Ordinal), problem.Offset);
        Assert.Equal("RETRUN".Length, problem.Length);
        Assert.Contains("RETRUN", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", problem.Message, StringComparison.Ordinal);
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", problem.Code);
        Assert.Equal("error", problem.Severity);
    }

    [Fact]
    public async Task Problems_in_two_clauses_are_both_reported_in_order()
    {
        var problems = await LintAsync("MATCH (p:Paper)) WHERE p.year > 2018\nWITH p RETURN p.title +");
        Assert.True(problems.Count >= 2, string.Join(" | ", problems));
        Assert.Equal(1, problems[0].Line);
        Assert.Equal(2, problems[^1].Line);
        Assert.True(problems[0].Offset < problems[^1].Offset);
    }

    [Fact]
    public async Task An_unclosed_bracket_at_the_end_points_at_the_end_of_the_text()
    {
        const string text = "MATCH (p:Paper";
        var problem = Assert.Single(await LintAsync(text));
        Assert.InRange(problem.Offset + problem.Length, 0, text.Length);
        Assert.Equal(1, problem.Line);
    }

    [Fact]
    public async Task Lint_without_a_statement_is_a_400_problem_saying_what_to_send()
    {
        using var client = server.Client();
        using var response = await client.PostAsJsonAsync(new Uri("/api/cypher/lint", UriKind.Relative), new { query = "MATCH (n) RETURN n" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("statement", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_refuses_a_statement_over_100_000_characters_and_says_how_long_it_was()
    {
        using var client = server.Client();
        var text = "RETURN 1 " + new string(' ', 100_000);
        using var response = await client.PostAsJsonAsync(new Uri("/api/cypher/lint", UriKind.Relative), new { statement = text });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{text.Length:N0}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lint_endpoint_is_described_in_the_OpenAPI_document()
    {
        using var client = server.Client();
        var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative))).RootElement;
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/cypher/lint", out var lint), "POST /api/cypher/lint is in the document");
        Assert.True(lint.TryGetProperty("post", out _));
    }

    [Fact]
    public async Task Lint_does_not_run_the_statement()
    {
        Assert.Empty(await LintAsync("CREATE (:Paper {key: 'lint-must-not-create'})"));
        using var client = server.Client();
        var search = await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative));
        Assert.DoesNotContain("lint-must-not-create", search, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undefined_variable_is_underlined_where_it_is_used()
    {
        const string statement = "MATCH (p:Paper)\nRETURN q.title";
        var problem = Assert.Single(await LintAsync(statement));
        // Neo4j (and the engine, after it) files an undefined variable under SyntaxError, found by the compile.
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", problem.Code);
        Assert.Equal("error", problem.Severity);
        Assert.Contains("`q` not defined", problem.Message, StringComparison.Ordinal);
        Assert.Equal((2, 8, statement.IndexOf("q.title", StringComparison.Ordinal)), (problem.Line, problem.Column, problem.Offset));
        Assert.Equal("q", statement.Substring(problem.Offset, problem.Length));
    }

    [Fact]
    public async Task An_aggregate_inside_WHERE_is_reported_where_it_is()
    {
        const string statement = "MATCH (p:Paper) WHERE count(p) > 1 RETURN p";
        var problem = Assert.Single(await LintAsync(statement));
        Assert.Contains("aggregat", problem.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(problem.Offset >= statement.IndexOf("count", StringComparison.Ordinal), $"underlined at {problem.Offset}: {problem.Message}");
    }

    [Fact]
    public async Task A_type_error_known_before_running_is_reported()
    {
        var problem = Assert.Single(await LintAsync("RETURN 'a' + true AND 1"));
        Assert.StartsWith("Neo.ClientError.Statement.", problem.Code, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Syntax_errors_are_reported_without_a_compile_so_only_they_are_listed()
    {
        var problems = await LintAsync("MATCH (p:Paper) RETRUN q");
        Assert.All(problems, x => Assert.Equal("Neo.ClientError.Statement.SyntaxError", x.Code));
    }

    [Fact]
    public async Task A_write_statement_is_compiled_but_never_run()
    {
        Assert.Empty(await LintAsync("MERGE (p:Paper {key: 'lint-merge-must-not-run'}) RETURN p"));
        var problem = Assert.Single(await LintAsync("CREATE (p:Paper {key: 'lint-write-must-not-run'}) RETURN x"));
        Assert.Equal("x", "CREATE (p:Paper {key: 'lint-write-must-not-run'}) RETURN x".Substring(problem.Offset, problem.Length));
        using var client = server.Client();
        var graph = await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative));
        Assert.DoesNotContain("must-not-run", graph, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PROFILE_statement_is_only_explained_and_keeps_its_positions()
    {
        const string statement = "PROFILE CREATE (:Paper {key: 'lint-profile-must-not-run'}) RETURN nope";
        var problem = Assert.Single(await LintAsync(statement));
        Assert.Equal(statement.IndexOf("nope", StringComparison.Ordinal), problem.Offset);
        Assert.Empty(await LintAsync("EXPLAIN MATCH (p:Paper) RETURN p"));
        using var client = server.Client();
        var graph = await client.GetStringAsync(new Uri("/api/graph", UriKind.Relative));
        Assert.DoesNotContain("must-not-run", graph, StringComparison.Ordinal);
    }
}
