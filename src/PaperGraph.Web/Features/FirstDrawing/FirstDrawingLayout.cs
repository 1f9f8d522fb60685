using System.Text.RegularExpressions;
using PaperGraph.Web.Features.Papers;

namespace PaperGraph.Web.Features.FirstDrawing;

/// <summary>A paper as the first drawing places it: centre, box and the width its label wraps at (as Cytoscape's
/// <c>text-max-width</c>), with the label's lines and its section's colour index (-1: curated additions).</summary>
public sealed record PlacedPaper(string Key, string Title, double X, double Y, double W, double H, double TextWidth,
    IReadOnlyList<string> Lines, int ColorIndex);

/// <summary>The layered drawing of an ordinary graph, left to right, as the client computes it
/// (ClientApp/src/layered-layout.ts <c>layeredSmall</c> with graph-view.ts's box sizes and graph-model.ts's labels),
/// so the page can paint it before any script has run and the client can take its positions over.</summary>
/// <remarks>Box sizes come from a table of advance widths (DejaVu Sans Bold, the widest of the usual system
/// fonts, so a label fits its box whatever font the browser picks); the client draws with these same boxes.</remarks>
public static partial class FirstDrawingLayout
{
    /// <summary>The client draws graphs with more papers than this in its mode for big graphs (graph-view.ts
    /// <c>smallLimit</c>), without the layered boxes.</summary>
    public const int SmallLimit = 400;

    private const double RankGap = 64, NodeGap = 12;
    private const int Sweeps = 6;

    /// <summary>True when the client would draw this graph as section blocks (section-layout.ts <c>fewEdges</c>).</summary>
    public static bool FewEdges(int papers, IEnumerable<PrerequisiteEdge> edges)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in edges) { touched.Add(e.From); touched.Add(e.To); }
        return papers >= 12 && touched.Count < papers * 0.3;
    }

    /// <summary>Every paper of <paramref name="graph"/> placed left to right, prerequisites first.</summary>
    public static IReadOnlyList<PlacedPaper> Place(PaperGraphModel graph)
    {
        var papers = graph.Papers;
        var labels = Labels(papers);
        var sectionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Sections.Count; i++) sectionIndex[graph.Sections[i].Key] = i;
        var boxes = labels.Select(Box).ToList();
        var nodes = papers.Select((p, i) => new Node(p.Key, i, boxes[i].W, boxes[i].H)).ToList();
        var positions = LayeredSmall(nodes, graph.Edges.Select(e => (e.From, e.To)));
        return papers.Select((p, i) =>
        {
            var (x, y) = positions[p.Key];
            var color = p.Section is { } s && sectionIndex.TryGetValue(s, out var index) ? index : -1;
            return new PlacedPaper(p.Key, p.Title, x, y, boxes[i].W, boxes[i].H, boxes[i].TextWidth, boxes[i].Lines, color);
        }).ToList();
    }

    internal sealed record Node(string Id, int Order, double W, double H);

    /// <summary>layered-layout.ts <c>layeredSmall</c> for direction 'LR': ranks by longest chain of prerequisites
    /// (a paper that needs nothing just before the first paper it unlocks), barycentre sweeps, ranks stacked with
    /// the boxes' own sizes and centred; papers with no edges in a block before the first rank.</summary>
    internal static Dictionary<string, (double X, double Y)> LayeredSmall(IReadOnlyList<Node> nodes, IEnumerable<(string From, string To)> edges)
    {
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var preds = nodes.ToDictionary(n => n.Id, _ => new List<string>(), StringComparer.Ordinal);
        var succs = nodes.ToDictionary(n => n.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (from, to) in edges)
        {
            if (!ids.Contains(from) || !ids.Contains(to) || from == to) continue;
            succs[from].Add(to);
            preds[to].Add(from);
        }
        var indegree = nodes.ToDictionary(n => n.Id, n => preds[n.Id].Count, StringComparer.Ordinal);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = nodes.Where(n => indegree[n.Id] == 0).Select(n => n.Id).ToList();
        foreach (var id in queue) rank[id] = 0;
        for (var i = 0; i < queue.Count; i++)
        {
            var id = queue[i];
            foreach (var t in succs[id])
            {
                rank[t] = Math.Max(rank.GetValueOrDefault(t), rank[id] + 1);
                if (--indegree[t] == 0) queue.Add(t);
            }
        }
        var isolated = new List<Node>();
        foreach (var n in nodes)
        {
            rank.TryAdd(n.Id, 0); // on a cycle (never in valid data)
            if (preds[n.Id].Count > 0) continue;
            var next = succs[n.Id];
            if (next.Count == 0) { isolated.Add(n); continue; }
            rank[n.Id] = next.Min(t => rank[t]) - 1;
        }
        var alone = isolated.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var layers = new SortedDictionary<int, List<Node>>();
        foreach (var n in nodes.OrderBy(n => n.Order))
        {
            if (alone.Contains(n.Id)) continue;
            var r = rank[n.Id];
            if (!layers.TryGetValue(r, out var layer)) layers[r] = layer = [];
            layer.Add(n);
        }
        var ranks = layers.Values.ToList();
        var place = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in ranks)
            for (var i = 0; i < layer.Count; i++) place[layer[i].Id] = i;
        double Bary(Node n, Dictionary<string, List<string>> side)
        {
            var others = side[n.Id].Where(x => place.ContainsKey(x) && !alone.Contains(x)).ToList();
            return others.Count > 0 ? others.Sum(x => (double)place[x]) / others.Count : place[n.Id];
        }
        for (var s = 0; s < Sweeps; s++)
        {
            var down = s % 2 == 0;
            var order = down ? ranks.Skip(1) : ranks.Take(ranks.Count - 1).Reverse();
            foreach (var layer in order)
            {
                var key = layer.ToDictionary(n => n.Id, n => Bary(n, down ? preds : succs), StringComparer.Ordinal);
                var sorted = layer.OrderBy(n => key[n.Id]).ThenBy(n => n.Order).ToList();
                layer.Clear();
                layer.AddRange(sorted);
                for (var i = 0; i < layer.Count; i++) place[layer[i].Id] = i;
            }
        }
        var blocks = isolated.Count > 0 ? [isolated, .. ranks] : ranks;
        var positions = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        double main = 0;
        foreach (var layer in blocks)
        {
            var thickness = layer.Max(n => n.W);
            var total = layer.Sum(n => n.H) + NodeGap * (layer.Count - 1);
            var cross = -total / 2;
            foreach (var n in layer)
            {
                positions[n.Id] = (main + thickness / 2, cross + n.H / 2);
                cross += n.H + NodeGap;
            }
            main += thickness + RankGap;
        }
        return positions;
    }

    /// <summary>graph-model.ts <c>toViewData</c>'s labels: each paper's short name, and where two are the same,
    /// a longer one.</summary>
    internal static List<string> Labels(IReadOnlyList<PaperInfo> papers)
    {
        var labels = papers.Select(NodeLabel).ToList();
        var seen = labels.CountBy(l => l, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
            if (seen[labels[i]] > 1) labels[i] = LongerLabel(papers[i]);
        return labels;
    }

    /// <summary>graph-model.ts <c>nodeLabel</c>.</summary>
    internal static string NodeLabel(PaperInfo p)
    {
        var fromTitle = ShortTitle(p.Title, 34);
        if (fromTitle.Length <= 16) return fromTitle;
        return p.Aliases.FirstOrDefault(a => a.Length is >= 2 and <= 16) ?? fromTitle;
    }

    private static string LongerLabel(PaperInfo p)
    {
        var colon = p.Title.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? $"{p.Title[..colon]}: {CutAtWord(p.Title[(colon + 1)..].Trim(), 24)}" : CutAtWord(p.Title, 40);
    }

    /// <summary>dom.ts <c>shortTitle</c>.</summary>
    internal static string ShortTitle(string title, int max)
    {
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        return colon is > 0 and <= 24 ? title[..colon] : CutAtWord(title, max);
    }

    /// <summary>dom.ts <c>cutAtWord</c>: at most <paramref name="max"/> characters, cut at a space, with "…".</summary>
    internal static string CutAtWord(string text, int max)
    {
        if (text.Length <= max) return text;
        var head = text[..(max - 1)];
        var space = LastWordStart().Match(head) is { Success: true } m ? m.Index : -1;
        var cut = space > max / 3.0 ? head[..space] : head;
        return TrailingPunctuation().Replace(cut.TrimEnd(), "") + "…";
    }

    [GeneratedRegex(@"\s\S*$")]
    private static partial Regex LastWordStart();

    [GeneratedRegex(@"[\s,;:.\-–—(]+$")]
    private static partial Regex TrailingPunctuation();

    [GeneratedRegex(@"(?<=[-_/])")]
    private static partial Regex BreakAfter();

    internal sealed record LabelBox(double W, double H, double TextWidth, IReadOnlyList<string> Lines);

    /// <summary>graph-view.ts <c>boxFor</c>: wide enough for the longest word, wrapped at about 104 px, tall enough
    /// for its lines (13 px labels, 14.5 px a line).</summary>
    internal static LabelBox Box(string label)
    {
        var words = label.Split([' ', '\t', '\n', '\r', '\u200b'], StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => BreakAfter().Split(w)).Where(w => w.Length > 0);
        var longest = words.Select(Measure).DefaultIfEmpty(0).Max();
        var whole = Measure(label);
        var tw = Math.Ceiling(Math.Max(Math.Min(whole, 104), longest)) + 2;
        var lines = new List<string>();
        var current = "";
        double line = 0;
        foreach (var word in label.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var w = Measure(word);
            var space = line > 0 ? Measure(" ") : 0;
            if (line > 0 && line + space + w > tw) { lines.Add(current); current = word; line = w; }
            else { current = line > 0 ? current + " " + word : word; line += space + w; }
        }
        lines.Add(current);
        return new LabelBox(Math.Max(44, tw + 16), 14 + lines.Count * 14.5, tw, lines);
    }

    /// <summary>Width in px of <paramref name="text"/> in a 13 px bold sans-serif (DejaVu Sans Bold's advances).</summary>
    internal static double Measure(string text)
    {
        double units = 0;
        foreach (var c in text)
            units += c is >= ' ' and <= '~' ? Advances[c - ' '] : c switch { '…' or '—' => 1000, '–' => 500, '\u200b' => 0, _ => 720 };
        return units * 13 / 1000;
    }

    /// <summary>DejaVu Sans Bold advance widths (per 1,000 em) of ' ' to '~'.</summary>
    private static readonly int[] Advances =
    [
        348, 456, 520, 837, 695, 1001, 872, 306, 457, 457, 522, 837, 379, 415, 379, 365, 695, 695, 695, 695, 695, 695,
        695, 695, 695, 695, 399, 399, 837, 837, 837, 580, 1000, 773, 762, 733, 830, 683, 683, 820, 836, 372, 372, 774,
        637, 995, 836, 850, 732, 850, 770, 720, 682, 812, 773, 1103, 770, 724, 725, 457, 365, 457, 837, 500, 500, 674,
        715, 592, 715, 678, 435, 715, 711, 342, 342, 665, 342, 1041, 711, 687, 715, 715, 493, 595, 478, 711, 651, 923,
        645, 651, 582, 711, 365, 711, 837,
    ];
}
