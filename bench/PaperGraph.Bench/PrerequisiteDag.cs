namespace PaperGraph.Bench;

/// <summary>
/// A deterministic DAG of papers layered by year: every edge goes from an older layer to a newer one, mostly to
/// recent layers, so the longest path is (layers - 1) and the newest paper has tens of thousands of ancestors.
/// </summary>
internal sealed class PrerequisiteDag
{
    public const int Layers = 30;
    public const int FirstYear = 1996;

    public int PaperCount { get; }
    public int[] Year { get; }
    /// <summary>Edges as (prerequisite, paper): "From is a prerequisite of To".</summary>
    public (int From, int To)[] Edges { get; }

    public PrerequisiteDag(int papers, int edgesPerPaper, int seed = 20261126)
    {
        PaperCount = papers;
        Year = new int[papers];
        var perLayer = papers / Layers;
        for (var i = 0; i < papers; i++) Year[i] = FirstYear + Math.Min(i / Math.Max(perLayer, 1), Layers - 1);

        var random = new Random(seed);
        var edges = new List<(int, int)>(papers * edgesPerPaper);
        var seen = new HashSet<long>();
        for (var to = 0; to < papers; to++)
        {
            var layer = Year[to] - FirstYear;
            if (layer == 0) continue;
            // The first paper of each layer continues the one long chain through all layers.
            if (to == layer * perLayer) Add(to - perLayer, to);
            for (var k = 0; k < edgesPerPaper; k++)
            {
                // Prerequisites come mostly from the last few years, sometimes from long ago.
                var back = random.NextDouble() < 0.8 ? 1 + random.Next(Math.Min(3, layer)) : 1 + random.Next(layer);
                var fromLayer = layer - back;
                var from = fromLayer * perLayer + random.Next(perLayer);
                Add(from, to);
            }
        }
        Edges = [.. edges];

        void Add(int from, int to)
        {
            if (seen.Add(((long)from << 32) | (uint)to)) edges.Add((from, to));
        }
    }

    public static string Key(int paper) => "p" + paper.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int Newest => PaperCount - 1;
    public int Oldest => 0;

    /// <summary>The baseline: breadth-first search over plain arrays (CSR of incoming edges).</summary>
    public sealed class Arrays
    {
        private readonly int[] _start;
        private readonly int[] _from;
        private readonly int[] _outStart;
        private readonly int[] _to;

        public Arrays(PrerequisiteDag dag)
        {
            (_start, _from) = Csr(dag.PaperCount, dag.Edges, e => e.To, e => e.From);
            (_outStart, _to) = Csr(dag.PaperCount, dag.Edges, e => e.From, e => e.To);
        }

        private static (int[], int[]) Csr(int n, (int From, int To)[] edges, Func<(int From, int To), int> key, Func<(int From, int To), int> value)
        {
            var start = new int[n + 1];
            foreach (var e in edges) start[key(e) + 1]++;
            for (var i = 0; i < n; i++) start[i + 1] += start[i];
            var fill = (int[])start.Clone();
            var target = new int[edges.Length];
            foreach (var e in edges) target[fill[key(e)]++] = value(e);
            return (start, target);
        }

        public int CountAncestors(int paper)
        {
            var seen = new bool[_start.Length - 1];
            var queue = new Queue<int>();
            queue.Enqueue(paper);
            seen[paper] = true;
            var count = 0;
            while (queue.TryDequeue(out var p))
                for (var i = _start[p]; i < _start[p + 1]; i++)
                    if (!seen[_from[i]]) { seen[_from[i]] = true; count++; queue.Enqueue(_from[i]); }
            return count;
        }

        /// <summary>Papers from which some prerequisite chain of exactly one of <paramref name="hops"/> edges leads
        /// to <paramref name="paper"/> (layer by layer; in a DAG every walk is a trail).</summary>
        public int CountAncestorsAtHops(int paper, params int[] hops)
        {
            var found = new HashSet<int>();
            var layer = new HashSet<int> { paper };
            for (var depth = 1; depth <= hops.Max(); depth++)
            {
                var next = new HashSet<int>();
                foreach (var p in layer)
                    for (var i = _start[p]; i < _start[p + 1]; i++)
                        next.Add(_from[i]);
                layer = next;
                if (hops.Contains(depth)) found.UnionWith(layer);
            }
            return found.Count;
        }

        public int ShortestChain(int from, int to)
        {
            var depth = new int[_outStart.Length - 1];
            Array.Fill(depth, -1);
            var queue = new Queue<int>();
            queue.Enqueue(from);
            depth[from] = 0;
            while (queue.TryDequeue(out var p))
            {
                if (p == to) return depth[p];
                for (var i = _outStart[p]; i < _outStart[p + 1]; i++)
                    if (depth[_to[i]] < 0) { depth[_to[i]] = depth[p] + 1; queue.Enqueue(_to[i]); }
            }
            return -1;
        }

        public int CountRoots()
        {
            var count = 0;
            for (var p = 0; p < _start.Length - 1; p++) if (_start[p] == _start[p + 1]) count++;
            return count;
        }
    }
}
