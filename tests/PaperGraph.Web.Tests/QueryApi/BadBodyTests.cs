using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PaperGraph.Web.Tests.QueryApi;

/// <summary>Bodies an attacker (or a broken client) sends to the Query API: each gets a 4xx with Neo4j's
/// <c>{"errors": [{code, message}]}</c> body, never a 500.</summary>
public sealed class BadBodyTests : IDisposable
{
    private readonly PaperGraphServer _server = new(new FakeGraphDatabase());

    public void Dispose() => _server.Dispose();

    private async Task<(int Status, JsonElement Body)> PostBytesAsync(byte[] body, string? contentType = "application/json",
        string path = QueryApiClient.QueryPath, HttpClient? client = null)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        // Expect: 100-continue lets a refused body go unsent, so the client reads the 413 instead of a reset.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await (client ?? _server.Anonymous()).SendAsync(request);
        var (status, json, _) = await QueryApiClient.ReadAsync(response);
        return (status, json);
    }

    public static TheoryData<string, byte[]> Broken => new()
    {
        { "invalid UTF-8 in the statement", [.. "{\"statement\": \"RETURN '"u8, 0xC3, 0x28, 0xFF, .. "' AS x\"}"u8] },
        { "invalid UTF-8 in a parameter name", [.. "{\"statement\": \"RETURN 1\", \"parameters\": {\""u8, 0xFE, .. "\": 1}}"u8] },
        { "a lone surrogate in the statement", "{\"statement\": \"RETURN '\\ud800' AS x\"}"u8.ToArray() },
        { "a lone surrogate in a parameter", "{\"statement\": \"RETURN $a AS a\", \"parameters\": {\"a\": \"\\udc00x\"}}"u8.ToArray() },
        { "truncated JSON", "{\"statement\": \"RETURN 1\", \"parameters\": {\"a\": [1, 2"u8.ToArray() },
        { "JSON deeper than the limit", Encoding.UTF8.GetBytes("{\"statement\": \"RETURN $a\", \"parameters\": {\"a\": " + new string('[', 5000) + new string(']', 5000) + "}}") },
        { "a statement that is a number", "{\"statement\": 42}"u8.ToArray() },
        { "parameters that are a list", "{\"statement\": \"RETURN 1\", \"parameters\": [1]}"u8.ToArray() },
        { "a body that is a string", "\"RETURN 1\""u8.ToArray() },
        { "accessMode that is an object", "{\"statement\": \"RETURN 1\", \"accessMode\": {}}"u8.ToArray() },
        { "bookmarks that are numbers", "{\"statement\": \"RETURN 1\", \"bookmarks\": [1]}"u8.ToArray() },
        { "a byte-order mark then garbage", [0xEF, 0xBB, 0xBF, 0x00, 0x01] },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Broken_body_gets_400_with_neo4j_error_shape(string what, byte[] body)
    {
        var (status, json) = await PostBytesAsync(body);

        Assert.True(status == 400, $"{what}: {status} {json}");
        Assert.StartsWith("Neo.ClientError.Request.", json.ErrorCode());
        Assert.False(string.IsNullOrWhiteSpace(json.ErrorMessage()));
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task Broken_body_opening_a_transaction_gets_400(string what, byte[] body)
    {
        var (status, json) = await PostBytesAsync(body, path: QueryApiClient.QueryPath + "/tx");

        Assert.True(status == 400, $"{what}: {status} {json}");
        Assert.StartsWith("Neo.ClientError.Request.", json.ErrorCode());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Query_api_refuses_a_body_that_is_not_json_with_415(string? contentType)
    {
        // What a cross-site HTML form can send without a CORS preflight: text/plain, urlencoded, multipart.
        var (status, json) = await PostBytesAsync("{\"statement\": \"RETURN 1\"}"u8.ToArray(), contentType);

        Assert.Equal(415, status);
        Assert.Equal("Neo.ClientError.Request.Invalid", json.ErrorCode());
        Assert.Contains("application/json", json.ErrorMessage());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.neo4j.query")]
    [InlineData("application/vnd.neo4j.query.v1.1")]
    public async Task Query_api_takes_json_content_types(string contentType)
    {
        var (status, json) = await PostBytesAsync(
            "{\"statement\": \"RETURN $a AS a\", \"parameters\": {\"a\": {\"$type\": \"Integer\", \"_value\": \"1\"}}}"u8.ToArray(), contentType);

        Assert.True(status == 202, json.ToString());
    }

    [Fact]
    public async Task A_number_beyond_a_float_is_read_as_infinity_not_a_server_error()
    {
        var (status, json) = await PostBytesAsync("{\"statement\": \"RETURN $a AS a\", \"parameters\": {\"a\": 1e999}}"u8.ToArray());

        Assert.True(status == 202, json.ToString());
    }

    [Fact]
    public async Task Opening_a_transaction_without_a_body_needs_no_content_type()
    {
        using var response = await _server.Anonymous().PostAsync(QueryApiClient.QueryPath + "/tx", content: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_body_over_the_limit_gets_413_before_it_is_read()
    {
        var body = Encoding.UTF8.GetBytes("{\"statement\": \"RETURN 1\", \"parameters\": {\"pad\": \"" + new string('x', 2_000_000) + "\"}}");

        var (status, json) = await PostBytesAsync(body);

        Assert.Equal(413, status);
        Assert.Equal("Neo.ClientError.Request.Invalid", json.ErrorCode());
        Assert.Contains("bytes", json.ErrorMessage());
    }

    [Fact]
    public async Task Anonymous_chunked_body_over_the_limit_gets_413()
    {
        // No Content-Length: the limit is enforced while reading.
        var body = Encoding.UTF8.GetBytes("{\"statement\": \"RETURN 1\", \"parameters\": {\"pad\": \"" + new string('x', 2_000_000) + "\"}}");
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryApiClient.QueryPath) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _server.Anonymous().SendAsync(request);
        var (status, json, _) = await QueryApiClient.ReadAsync(response);

        Assert.Equal(413, status);
        Assert.Equal("Neo.ClientError.Request.Invalid", json.ErrorCode());
    }

    [Fact]
    public async Task Administrator_may_send_a_bigger_body_but_not_over_the_server_limit()
    {
        var big = Encoding.UTF8.GetBytes("{\"statement\": \"RETURN $a AS a\", \"parameters\": {\"a\": \"" + new string('x', 2_000_000) + "\"}}");
        var huge = new byte[31_000_000];
        Array.Fill(huge, (byte)' ');

        var (bigStatus, _) = await PostBytesAsync(big, client: _server.Admin());
        var (hugeStatus, hugeJson) = await PostBytesAsync(huge, client: _server.Admin());

        Assert.Equal(202, bigStatus);
        Assert.Equal(413, hugeStatus);
        Assert.Equal("Neo.ClientError.Request.Invalid", hugeJson.ErrorCode());
    }
}
