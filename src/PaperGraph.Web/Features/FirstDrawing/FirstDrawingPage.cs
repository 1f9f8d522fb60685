using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PaperGraph.Web.Features.Papers;
using PaperGraph.Web.Infrastructure;

namespace PaperGraph.Web.Features.FirstDrawing;

/// <summary>
/// The home page with the graph already drawn in it: an inline SVG of the layered map (boxes, labels, arrows,
/// section colours from the stylesheet, so the dark theme has its own) that the browser paints with the page's
/// first bytes, a few lines of inline script that give it the start zoom the explorer would choose for this
/// window, and the positions as JSON, which the explorer's Cytoscape drawing takes over (no layout of its own, so
/// nothing moves when it replaces the picture). Rendered once per graph version (and page template) and cached;
/// the CSP nonce is stamped per response by <see cref="SecurityHeaders"/>.
/// </summary>
/// <remarks>No drawing for big graphs (drawn by WebGL or Cytoscape's fast mode), for lists drawn as section
/// blocks, for any query string (<c>?cap=N</c>, <c>?webgl=1</c>), or when the graph cannot be read within a
/// second: then the page is as built and the client draws as before. Deep links (<c>#/paper/x</c>) and portrait
/// windows, which the server cannot see, are handled by the inline script, which removes the drawing.</remarks>
public sealed partial class FirstDrawingPage(PaperGraphReader reader, ILogger<FirstDrawingPage> logger) : IIndexPageContent
{
    /// <summary>Where the drawing goes in index.html (inside <c>#graph</c>).</summary>
    internal const string DrawingSlot = "<!--first-drawing-->";
    /// <summary>Where its script and positions go (after the explorer's panels, so the graph's box has its size).</summary>
    internal const string ScriptSlot = "<!--first-drawing-script-->";

    private static readonly TimeSpan ReadBudget = TimeSpan.FromSeconds(1);
    private volatile Rendered? _last;

    public async ValueTask<string> RenderAsync(string template, HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.QueryString.HasValue || !template.Contains(DrawingSlot, StringComparison.Ordinal)) return template;
        PaperGraphModel graph;
        try
        {
            graph = await reader.ReadAsync(cancellationToken).WaitAsync(ReadBudget, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogNoDrawing(logger, e.GetType().Name);
            return template;
        }
        if (_last is { } last && ReferenceEquals(last.Graph, graph) && ReferenceEquals(last.Template, template))
            return last.Page;
        var page = Render(template, graph);
        _last = new Rendered(graph, template, page);
        return page;
    }

    /// <summary>The page with the drawing and its script in their slots, or as it is when the client would not
    /// draw this graph as layered boxes.</summary>
    internal static string Render(string template, PaperGraphModel graph)
    {
        var n = graph.Papers.Count;
        if (n == 0 || n > FirstDrawingLayout.SmallLimit || graph.Sections.Count > 0 && FirstDrawingLayout.FewEdges(n, graph.Edges))
            return template;
        var placed = FirstDrawingLayout.Place(graph);
        // The app's script is fetched at once (a plain preload: a modulepreload is also compiled, on the main
        // thread) but run only after the drawing is painted: as the page's module script, its parsing (Cytoscape's
        // half megabyte) held the first frame back.
        var app = AppScript().Match(template);
        var page = app.Success
            ? template.Replace(app.Value, $"<link rel=\"preload\" as=\"script\" crossorigin href=\"{app.Groups[1].Value}\">", StringComparison.Ordinal)
            : template;
        return page
            .Replace(DrawingSlot, Svg(placed, graph.Edges), StringComparison.Ordinal)
            .Replace(ScriptSlot, Script(placed, graph.Sequence, app.Success ? app.Groups[1].Value : null), StringComparison.Ordinal);
    }

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"(/assets/[^\"]+\\.js)\"></script>")]
    private static partial Regex AppScript();

    private static string F(double v) => Math.Round(v, 2).ToString(CultureInfo.InvariantCulture);

    internal static string Svg(IReadOnlyList<PlacedPaper> placed, IReadOnlyList<PrerequisiteEdge> edges)
    {
        double x1 = placed.Min(p => p.X - p.W / 2), x2 = placed.Max(p => p.X + p.W / 2);
        double y1 = placed.Min(p => p.Y - p.H / 2), y2 = placed.Max(p => p.Y + p.H / 2);
        var byKey = placed.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var svg = new StringBuilder(placed.Count * 300 + edges.Count * 60);
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"first-drawing\" class=\"graph-layer first-drawing\" xmlns=\"http://www.w3.org/2000/svg\" aria-hidden=\"true\" data-papers=\"{placed.Count}\" data-extent=\"{F(x1)} {F(y1)} {F(x2)} {F(y2)}\">");
        svg.Append("<defs><marker id=\"fd-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\"/></marker></defs><g class=\"fd-edges\">");
        foreach (var e in edges)
        {
            if (!byKey.TryGetValue(e.From, out var a) || !byKey.TryGetValue(e.To, out var b) || a == b) continue;
            var (sx, sy) = Border(a, b.X, b.Y);
            var (tx, ty) = Border(b, a.X, a.Y);
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(sx)} {F(sy)}L{F(tx)} {F(ty)}\"/>");
        }
        svg.Append("</g><g class=\"fd-nodes\">");
        foreach (var p in placed)
        {
            var color = p.ColorIndex < 0 ? "x" : (p.ColorIndex % 12).ToString(CultureInfo.InvariantCulture);
            var r = Math.Min(8, Math.Min(p.W, p.H) / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"fd-s{color}\" data-key=\"{WebUtility.HtmlEncode(p.Key)}\"><title>{WebUtility.HtmlEncode(p.Title)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(p.X - p.W / 2)}\" y=\"{F(p.Y - p.H / 2)}\" width=\"{F(p.W)}\" height=\"{F(p.H)}\" rx=\"{F(r)}\"/>");
            for (var i = 0; i < p.Lines.Count; i++)
            {
                var y = p.Y + (i - (p.Lines.Count - 1) / 2.0) * 14.3;
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(p.X)}\" y=\"{F(y)}\">{WebUtility.HtmlEncode(p.Lines[i])}</text>");
            }
            svg.Append("</g>");
        }
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    /// <summary>Where the line from <paramref name="p"/>'s centre towards (tx, ty) leaves its box.</summary>
    private static (double X, double Y) Border(PlacedPaper p, double tx, double ty)
    {
        double dx = tx - p.X, dy = ty - p.Y;
        if (dx == 0 && dy == 0) return (p.X, p.Y);
        var t = Math.Min(dx == 0 ? double.PositiveInfinity : p.W / 2 / Math.Abs(dx), dy == 0 ? double.PositiveInfinity : p.H / 2 / Math.Abs(dy));
        return (p.X + dx * t, p.Y + dy * t);
    }

    /// <summary>The inline script: the start zoom of graph-view.ts <c>openingView</c> for this window (everything
    /// when labels stay at least 11 px, else 11 px labels from where reading starts), or no drawing at all for a
    /// deep link or a portrait window (drawn top to bottom by the client); then the "painted" mark. And the
    /// positions for the client.</summary>
    internal static string Script(IReadOnlyList<PlacedPaper> placed, long sequence, string? app)
    {
        var positions = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var p in placed)
            positions[p.Key] = [Math.Round(p.X, 2), Math.Round(p.Y, 2), Math.Round(p.W, 2), Math.Round(p.H, 2), p.TextWidth];
        var json = JsonSerializer.Serialize(new { sequence, positions });
        return "<script type=\"application/json\" id=\"first-drawing-data\">" + json + "</script>"
            + (app is null ? InlineScript : InlineScript.Replace("<script>", $"<script data-app=\"{WebUtility.HtmlEncode(app)}\">", StringComparison.Ordinal));
    }

    private const string InlineScript = """
        <script>
        (function () {
          var app = document.currentScript.getAttribute('data-app'), svg = document.getElementById('first-drawing');
          var started = false;
          function start() {
            if (started || !app) return;
            started = true;
            var script = document.createElement('script');
            script.type = 'module';
            script.crossOrigin = '';
            script.src = app;
            document.body.appendChild(script);
          }
          // A tab opened in the background paints nothing (and runs no animation frames) until shown: start now.
          if (document.visibilityState === 'hidden') start();
          try {
            var box = svg.parentNode, w = box.clientWidth, h = box.clientHeight, hash = location.hash;
            if ((hash && hash !== '#' && hash !== '#/') || w < 600 || w < h * 0.9) { svg.remove(); start(); return; }
            var e = svg.getAttribute('data-extent').split(' ').map(Number), bw = e[2] - e[0], bh = e[3] - e[1], pad = 24, legible = 11 / 13;
            var z = Math.max(0.03, Math.min(1.3, (w - 2 * pad) / bw, (h - 2 * pad) / bh));
            var x = (w - z * (e[0] + e[2])) / 2, y = (h - z * (e[1] + e[3])) / 2;
            if (z < legible) {
              z = legible;
              x = bw * z <= w - 2 * pad ? (w - z * (e[0] + e[2])) / 2 : pad - z * e[0];
              y = bh * z <= h - 2 * pad ? (h - z * (e[1] + e[3])) / 2 : pad - z * e[1];
            }
            svg.setAttribute('width', w);
            svg.setAttribute('height', h);
            svg.setAttribute('viewBox', [-x / z, -y / z, w / z, h / z].join(' '));
            requestAnimationFrame(function () {
              requestAnimationFrame(function () {
                window.__firstPaintMs = performance.now();
                document.body.setAttribute('data-graph-painted', 'true');
                start();
              });
            });
          } catch (error) {
            if (svg) svg.remove();
            start();
            throw error;
          }
        })();
        </script>
        """;

    private sealed record Rendered(PaperGraphModel Graph, string Template, string Page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Home page served without its first drawing: the graph was not read in time ({Reason})")]
    private static partial void LogNoDrawing(ILogger logger, string reason);
}
