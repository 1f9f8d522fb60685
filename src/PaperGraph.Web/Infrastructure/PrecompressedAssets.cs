using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Serves the client's scripts and stylesheets compressed at build time (the Vite build writes <c>x.js.br</c> and
/// <c>x.js.gz</c> beside <c>x.js</c>): a request for <c>/assets/x.js</c> that accepts brotli (or gzip) gets the
/// stored file with <c>Content-Encoding</c> set, so no response is compressed on the fly (which took most of a
/// second for the 0.5 MB main script on the loaded machine) and brotli gets its best quality. Response compression
/// leaves a response that already has a <c>Content-Encoding</c> alone.
/// </summary>
public static class PrecompressedAssets
{
    private const string Prefix = "/assets";

    /// <summary>Rewrites the request to the stored compressed file when there is one the client accepts; put it
    /// before <c>UseStaticFiles</c> with <see cref="ContentTypes"/> as its content type provider.</summary>
    public static IApplicationBuilder UsePrecompressedAssets(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider;
        return app.Use((http, next) =>
        {
            var path = http.Request.Path;
            if ((HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                && path.StartsWithSegments(Prefix, StringComparison.Ordinal)
                && (path.Value!.EndsWith(".js", StringComparison.Ordinal) || path.Value.EndsWith(".css", StringComparison.Ordinal)))
            {
                http.Response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
                if (Pick(http.Request.Headers.AcceptEncoding.ToString(), files, path.Value) is { } encoding)
                {
                    http.Request.Path = path.Value + Extension(encoding);
                    http.Response.Headers.ContentEncoding = encoding;
                }
            }
            return next(http);
        });
    }

    /// <summary>Content types of stored compressed files are those of the files they hold.</summary>
    public static IContentTypeProvider ContentTypes { get; } = new UnwrappingContentTypeProvider();

    private static string? Pick(string accept, IFileProvider files, string path)
    {
        foreach (var encoding in new[] { "br", "gzip" })
        {
            if (Accepts(accept, encoding) && files.GetFileInfo(path + Extension(encoding)).Exists)
                return encoding;
        }
        return null;
    }

    private static string Extension(string encoding) => encoding == "br" ? ".br" : ".gz";

    /// <summary>True when the Accept-Encoding header lists the coding without refusing it (<c>;q=0</c>).</summary>
    internal static bool Accepts(string header, string coding)
    {
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (!string.Equals(pieces[0], coding, StringComparison.OrdinalIgnoreCase))
                continue;
            var refused = pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
            return !refused;
        }
        return false;
    }

    private sealed class UnwrappingContentTypeProvider : IContentTypeProvider
    {
        private readonly FileExtensionContentTypeProvider _inner = new();

        public bool TryGetContentType(string subpath, out string contentType)
        {
            if (subpath.EndsWith(".br", StringComparison.Ordinal) || subpath.EndsWith(".gz", StringComparison.Ordinal))
                subpath = subpath[..^3];
            return _inner.TryGetContentType(subpath, out contentType!);
        }
    }
}
