using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperGraph.Web.Tests.Papers;

namespace PaperGraph.Web.Tests.Client;

public sealed partial class CompressionTests(ExplorerServer server) : IClassFixture<ExplorerServer>
{
    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+\\.js)\"")]
    private static partial Regex MainScript();

    private async Task<string> MainScriptPathAsync()
    {
        using var client = server.Client();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var path = MainScript().Match(html).Groups[1].Value;
        Assert.NotEmpty(path);
        return path;
    }

    /// <summary>A raw GET (no automatic decompression) with the given Accept-Encoding.</summary>
    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (acceptEncoding is not null)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    public async Task Main_script_is_served_compressed_when_the_browser_asks(string accept, string expected)
    {
        var path = await MainScriptPathAsync();
        using var plain = await GetAsync(path, null);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        Assert.Empty(plain.Content.Headers.ContentEncoding);

        using var response = await GetAsync(path, accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([expected], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "");
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length * 2 < plainBytes.Length, $"{compressed.Length:N0} compressed bytes vs {plainBytes.Length:N0}");
        Assert.Equal(plainBytes, Decompress(compressed, expected));
    }

    [Fact]
    public async Task Graph_json_is_served_gzip_when_asked()
    {
        using var response = await GetAsync("/api/graph", "gzip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        var json = JsonDocument.Parse(Decompress(await response.Content.ReadAsByteArrayAsync(), "gzip")).RootElement;
        Assert.Equal(8, json.GetProperty("total").GetInt32());
    }

    private static byte[] Decompress(byte[] data, string encoding)
    {
        using var input = new MemoryStream(data);
        using Stream stream = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }
}
