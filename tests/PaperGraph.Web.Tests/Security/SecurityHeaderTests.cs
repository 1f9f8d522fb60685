using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperGraph.Web.Tests.Security;

/// <summary>Every response carries the security headers: pages, static files, API answers, errors.</summary>
public sealed partial class SecurityHeaderTests : IDisposable
{
    private readonly PaperGraphServer _server = new();

    public void Dispose() => _server.Dispose();

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceSource();

    public static TheoryData<string, string> Requests => new()
    {
        { "GET", "/" },
        { "GET", "/index.html" },
        { "GET", "/favicon.svg" },
        { "GET", "/api/graph" },
        { "GET", "/api/papers/no-such-paper" },
        { "GET", "/health" },
        { "GET", "/no/such/file.js" },
        { "POST", "/db/neo4j/query/v2" },
        { "POST", "/api/cypher/lint" },
        { "POST", "/hubs/graph/negotiate?negotiateVersion=1" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_response_carries_the_security_headers(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{\"statement\": \"RETURN 1\"}", Encoding.UTF8, "application/json");
        using var response = await _server.Anonymous().SendAsync(request);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_page_carries_a_fresh_nonce_on_each_script_and_in_its_policy()
    {
        async Task<(string Csp, string Html)> LoadAsync()
        {
            using var response = await _server.Anonymous().GetAsync("/");
            return (response.Headers.GetValues("Content-Security-Policy").Single(), await response.Content.ReadAsStringAsync());
        }

        var (firstCsp, firstHtml) = await LoadAsync();
        var (secondCsp, _) = await LoadAsync();
        var nonce = NonceSource().Match(firstCsp).Groups[1].Value;

        Assert.NotEmpty(nonce);
        Assert.NotEqual(nonce, NonceSource().Match(secondCsp).Groups[1].Value);
        var scripts = Regex.Matches(firstHtml, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        Assert.DoesNotContain(" style=\"", firstHtml);
    }

    [Fact]
    public async Task A_refusal_written_by_middleware_carries_the_headers_too()
    {
        // The hub refuses a cross-origin page: a response written by middleware, not an endpoint.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/graph/negotiate?negotiateVersion=1");
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        using var response = await _server.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
