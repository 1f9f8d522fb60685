using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PaperGraph.Web.Tests.Papers;
using Xunit.Abstractions;

namespace PaperGraph.Web.Tests.Client;

/// <summary>
/// What the browser downloads: the home page's HTML, JavaScript and CSS (raw, gzip and brotli as served), and the
/// Cypher console's chunk, which loads only when the console opens, and the live connection's, which loads once the
/// graph is drawn. Re-run by hand with
/// <c>dotnet test tests/PaperGraph.Web.Tests --filter PageWeightTests --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed partial class PageWeightTests(ExplorerServer server, ITestOutputHelper output) : IClassFixture<ExplorerServer>
{
    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+\\.(?:js|css))\"")]
    private static partial Regex AssetReference();

    private async Task<long> SizeAsync(string path, string? encoding)
    {
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (encoding is not null)
            request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).LongLength;
    }

    private async Task<(long Raw, long Gzip, long Brotli)> WeighAsync(IEnumerable<string> paths)
    {
        long raw = 0, gzip = 0, br = 0;
        foreach (var path in paths)
        {
            raw += await SizeAsync(path, null);
            gzip += await SizeAsync(path, "gzip");
            br += await SizeAsync(path, "br");
        }
        return (raw, gzip, br);
    }

    [Fact]
    public async Task The_home_page_weighs_under_300_KB_compressed_and_the_console_loads_apart()
    {
        using var client = server.Client();
        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var initial = AssetReference().Matches(html).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains(initial, p => p.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(initial, p => p.EndsWith(".css", StringComparison.Ordinal));

        var webRoot = server.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath;
        var lazy = Directory.EnumerateFiles(Path.Combine(webRoot, "assets"), "*.js")
            .Select(f => "/assets/" + Path.GetFileName(f)).Where(p => !initial.Contains(p)).ToList();
        Assert.Contains(lazy, p => p.Contains("cypher-console", StringComparison.Ordinal));

        var js = await WeighAsync(initial.Where(p => p.EndsWith(".js", StringComparison.Ordinal)));
        var css = await WeighAsync(initial.Where(p => p.EndsWith(".css", StringComparison.Ordinal)));
        var page = await WeighAsync(["/"]);
        var console = await WeighAsync(lazy.Where(p => p.Contains("cypher-console", StringComparison.Ordinal)));
        var later = await WeighAsync(lazy.Where(p => !p.Contains("cypher-console", StringComparison.Ordinal)));
        static string Kb((long Raw, long Gzip, long Brotli) w) => $"{w.Raw / 1024.0:N0} KB raw, {w.Gzip / 1024.0:N0} KB gzip, {w.Brotli / 1024.0:N0} KB br";
        output.WriteLine($"home page HTML: {Kb(page)}");
        output.WriteLine($"home page JS ({string.Join(", ", initial.Where(p => p.EndsWith(".js", StringComparison.Ordinal)))}): {Kb(js)}");
        output.WriteLine($"home page CSS: {Kb(css)}");
        output.WriteLine($"Cypher console chunk, loaded on first use: {Kb(console)}");
        output.WriteLine($"loaded after the first paint ({string.Join(", ", lazy.Where(p => !p.Contains("cypher-console", StringComparison.Ordinal)))}): {Kb(later)}");
        var total = js.Gzip + css.Gzip + page.Gzip;
        output.WriteLine($"home page total: {(js.Raw + css.Raw + page.Raw) / 1024.0:N0} KB raw, {total / 1024.0:N0} KB gzip, {(js.Brotli + css.Brotli + page.Brotli) / 1024.0:N0} KB br");
        Assert.True(total < 300 * 1024, $"the home page is {total / 1024.0:N0} KB gzip");
        Assert.True(js.Gzip * 2 < js.Raw, "the JavaScript is served compressed");
    }
}
