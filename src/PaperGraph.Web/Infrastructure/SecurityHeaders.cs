using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace PaperGraph.Web.Infrastructure;

/// <summary>
/// Security headers on every response (static files, API answers, errors, the hub's negotiation): a
/// Content-Security-Policy without <c>'unsafe-inline'</c> or <c>'unsafe-eval'</c>, <c>X-Content-Type-Options:
/// nosniff</c>, <c>frame-ancestors 'none'</c> with <c>X-Frame-Options: DENY</c>, and <c>Referrer-Policy:
/// no-referrer</c>. Each response gets a fresh nonce; <c>index.html</c> is served with it stamped on its
/// <c>&lt;script&gt;</c> tags, and the client hands it to the two libraries that must create <c>&lt;style&gt;</c>
/// elements (CodeMirror through <c>EditorView.cspNonce</c>, and Cytoscape's one-rule stylesheet).
/// </summary>
/// <remarks>Element styles set from script (Cytoscape's canvas, CodeMirror's layout) go through the CSSOM,
/// which CSP allows; no markup carries a <c>style</c> attribute.</remarks>
public static class SecurityHeaders
{
    private const string NonceKey = "PaperGraph.CspNonce";

    /// <summary>The policy for a response whose nonce is <paramref name="nonce"/>.</summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        $"style-src 'self' 'nonce-{nonce}'; " +
        "img-src 'self' data:; " +
        "font-src 'self'; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'none'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>Adds the headers to every response, whatever produces it (set when the response starts, so an
    /// error page that clears the headers still gets them).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>This response's CSP nonce.</summary>
    public static string Nonce(HttpContext http) =>
        http.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders must run first.");

    /// <summary>Serves <c>index.html</c> (at <c>/</c> and <c>/index.html</c>), filled in by the
    /// <see cref="IIndexPageContent"/> service when there is one, with this response's nonce on each
    /// <c>&lt;script&gt;</c> tag, never cached (the next response has another nonce).</summary>
    public static IApplicationBuilder UseNoncedIndexPage(this IApplicationBuilder app)
    {
        var environment = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>();
        var page = new IndexPage(environment.WebRootFileProvider);
        var content = app.ApplicationServices.GetService<IIndexPageContent>();
        return app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if ((HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                && (path == "/" || path == "/index.html")
                && page.Template() is { } template)
            {
                if (content is not null)
                    template = await content.RenderAsync(template, http.Request, http.RequestAborted);
                var html = template.Replace("<script", $"<script nonce=\"{Nonce(http)}\"", StringComparison.Ordinal);
                http.Response.ContentType = "text/html; charset=utf-8";
                http.Response.Headers.CacheControl = "no-cache";
                if (HttpMethods.IsGet(http.Request.Method))
                    await http.Response.WriteAsync(html, Encoding.UTF8, http.RequestAborted);
                return;
            }
            await next(http);
        });
    }

    /// <summary>index.html as built, read again only when the file changes.</summary>
    private sealed class IndexPage(IFileProvider files)
    {
        private Cached? _cached;

        public string? Template()
        {
            var file = files.GetFileInfo("index.html");
            if (!file.Exists) return null;
            if (_cached is { } c && c.Modified == file.LastModified) return c.Text; // a reference read: atomic
            using var stream = file.CreateReadStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            _cached = new Cached(file.LastModified, text);
            return text;
        }

        private sealed record Cached(DateTimeOffset Modified, string Text);
    }
}
