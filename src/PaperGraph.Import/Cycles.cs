namespace PaperGraph.Import;

/// <summary>Finds a cycle in a directed graph of keys.</summary>
public static class Cycles
{
    /// <summary>A cycle as the path a → b → c → a, and the line of the edge that closes it; null for a DAG.</summary>
    public static (IReadOnlyList<string> Path, int Line)? Find(IEnumerable<(string From, string To, int Line)> edges)
    {
        var adjacency = new Dictionary<string, List<(string To, int Line)>>(StringComparer.Ordinal);
        foreach (var (from, to, line) in edges)
        {
            if (!adjacency.TryGetValue(from, out var list)) adjacency[from] = list = [];
            list.Add((to, line));
            adjacency.TryAdd(to, []);
        }
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        foreach (var start in adjacency.Keys.Order(StringComparer.Ordinal))
        {
            if (state.ContainsKey(start)) continue;
            // Iterative depth-first search, so a long chain cannot overflow the stack.
            var path = new List<string> { start };
            var cursors = new List<int> { 0 };
            state[start] = 1;
            while (path.Count > 0)
            {
                var node = path[^1];
                var next = adjacency[node];
                if (cursors[^1] >= next.Count)
                {
                    state[node] = 2;
                    path.RemoveAt(path.Count - 1);
                    cursors.RemoveAt(cursors.Count - 1);
                    continue;
                }
                var (to, line) = next[cursors[^1]++];
                switch (state.GetValueOrDefault(to))
                {
                    case 1:
                        var cycle = path.Skip(path.IndexOf(to)).Append(to).ToList();
                        return (cycle, line);
                    case 0:
                        state[to] = 1;
                        path.Add(to);
                        cursors.Add(0);
                        break;
                }
            }
        }
        return null;
    }
}
