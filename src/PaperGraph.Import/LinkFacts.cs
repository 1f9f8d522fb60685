using System.Text.RegularExpressions;

namespace PaperGraph.Import;

/// <summary>What a link's URL tells about the resource: whether it is one, its identity, arXiv id, year and kind.</summary>
public static partial class LinkFacts
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_hsenc", "_hsmi", "ref_src", "ref_url",
        "si", "yclid", "_ga", "_gl", "spm", "share_token",
    };

    /// <summary>The URL as an absolute web address, or null when the link is not a resource (an in-page
    /// anchor, mailto, a relative path, another scheme). <c>www.example.com/x</c> counts as https.</summary>
    public static Uri? AsWebAddress(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (url.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) url = "https://" + url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        if (string.IsNullOrEmpty(uri.Host) || !uri.Host.Contains('.', StringComparison.Ordinal) && uri.Host != "localhost") return null;
        return uri;
    }

    /// <summary>
    /// The identity of the work a link points at: <c>arxiv:ID</c> (version dropped) for arXiv links, else the
    /// address without scheme, <c>www.</c>, fragment, tracking parameters and trailing slash.
    /// </summary>
    public static string Identity(Uri uri)
    {
        var arxiv = ArxivId(uri);
        if (arxiv is not null) return "arxiv:" + arxiv;
        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        if (host == "m.youtube.com" || host == "youtu.be") host = "youtube.com";
        if (!uri.IsDefaultPort) host += ":" + uri.Port;
        var path = uri.AbsolutePath;
        if (uri.Host.Equals("youtu.be", StringComparison.OrdinalIgnoreCase) && path.Length > 1)
            return "youtube.com/watch?v=" + path[1..].TrimEnd('/');
        path = path.TrimEnd('/');
        if (path.EndsWith("/index.html", StringComparison.OrdinalIgnoreCase)) path = path[..^"/index.html".Length];
        var query = string.Join('&', uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !IsTracking(p[..(p.IndexOf('=') is var eq && eq >= 0 ? eq : p.Length)])));
        return query.Length > 0 ? $"{host}{path}?{query}" : host + path;
    }

    /// <summary>The identity of a URL string, or null when it is not a web address.</summary>
    public static string? Identity(string url) => AsWebAddress(url) is { } uri ? Identity(uri) : null;

    private static bool IsTracking(string name) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name);

    [GeneratedRegex(@"^/(?:abs|pdf|html|format)/(?<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ArxivPath();

    [GeneratedRegex(@"^(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})$", RegexOptions.CultureInvariant)]
    private static partial Regex ArxivIdShape();

    /// <summary>The arXiv identifier of an arxiv.org link (abs, pdf or html; any version; with or without
    /// <c>.pdf</c>), without its version; null for other links.</summary>
    public static string? ArxivId(Uri uri)
    {
        var host = uri.Host.ToLowerInvariant();
        var path = uri.AbsolutePath;
        // Mirrors and paper pages that are keyed by the arXiv id: ar5iv, alphaxiv, Hugging Face papers.
        if (host is "huggingface.co" or "www.huggingface.co" && path.StartsWith("/papers/", StringComparison.Ordinal))
            path = "/abs/" + path["/papers/".Length..];
        else if (host is not ("arxiv.org" or "www.arxiv.org" or "export.arxiv.org" or "ar5iv.labs.arxiv.org" or "ar5iv.org" or "www.alphaxiv.org" or "alphaxiv.org"))
            return null;
        var match = ArxivPath().Match(path);
        return match.Success ? match.Groups["id"].Value : null;
    }

    /// <summary>True when the text has the shape of an arXiv identifier (<c>1706.03762</c>, <c>hep-th/9901001</c>).</summary>
    public static bool IsArxivId(string id) => ArxivIdShape().IsMatch(id);

    /// <summary>The year an arXiv identifier was issued in (from its YYMM prefix).</summary>
    public static int? ArxivYear(string id)
    {
        var digits = id.Contains('/', StringComparison.Ordinal) ? id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..] : id;
        if (digits.Length < 4 || !int.TryParse(digits.AsSpan(0, 2), out var yy) || !int.TryParse(digits.AsSpan(2, 2), out var mm) || mm is < 1 or > 12)
            return null;
        return yy >= 91 ? 1900 + yy : 2000 + yy;
    }

    /// <summary>
    /// A kind guessed from the address: <c>paper</c> (arXiv, proceedings, PDFs), <c>notes</c>, <c>video</c>,
    /// <c>code</c>, <c>tutorial</c> (documentation, courses), <c>book</c>, else <c>article</c>.
    /// </summary>
    public static string Kind(Uri uri)
    {
        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        var path = uri.AbsolutePath.ToLowerInvariant();
        if (ArxivId(uri) is not null || host is "openreview.net" or "aclanthology.org" or "papers.nips.cc" or "proceedings.neurips.cc"
            or "proceedings.mlr.press" or "dl.acm.org" or "ieeexplore.ieee.org" or "jmlr.org" or "semanticscholar.org")
            return "paper";
        if (host is "youtube.com" or "m.youtube.com" or "youtu.be" or "vimeo.com" or "bilibili.com" or "videolectures.net")
            return "video";
        if (host is "github.com" or "gitlab.com" or "bitbucket.org" or "colab.research.google.com" or "kaggle.com" || host.EndsWith(".gitlab.io", StringComparison.Ordinal) && path.Contains("/code", StringComparison.Ordinal))
            return "code";
        if (path.Contains("notes", StringComparison.Ordinal) || path.Contains("lecture", StringComparison.Ordinal) || path.Contains("slides", StringComparison.Ordinal))
            return "notes";
        if (host.Contains("book", StringComparison.Ordinal) || path.Contains("/book", StringComparison.Ordinal) || path.Contains("chapter", StringComparison.Ordinal))
            return "book";
        if (host.StartsWith("docs.", StringComparison.Ordinal) || host.EndsWith("readthedocs.io", StringComparison.Ordinal) || path.Contains("/docs/", StringComparison.Ordinal)
            || path.Contains("tutorial", StringComparison.Ordinal) || path.Contains("course", StringComparison.Ordinal))
            return "tutorial";
        if (path.EndsWith(".pdf", StringComparison.Ordinal))
            return "paper";
        return "article";
    }

    /// <summary>The kinds PaperGraph knows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["paper", "article", "notes", "tutorial", "video", "book", "code"];
}
