// A fast layered layout for big graphs (thousands of papers), where dagre's crossing minimisation would take
// seconds: rank = longest chain of prerequisites (so every edge points right), then each rank is stacked in
// reading order. O(V + E).

export interface LayoutInput { id: string; order: number }
export interface Point { x: number; y: number }

export function layeredPositions(nodes: LayoutInput[], edges: { source: string; target: string }[],
  spacing = { x: 240, y: 40 }): Map<string, Point> {
  const incoming = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const n of nodes) { incoming.set(n.id, 0); out.set(n.id, []); }
  for (const e of edges) {
    if (!incoming.has(e.source) || !incoming.has(e.target)) continue;
    out.get(e.source)!.push(e.target);
    incoming.set(e.target, incoming.get(e.target)! + 1);
  }
  const rank = new Map<string, number>();
  const queue: string[] = [];
  for (const [id, count] of incoming) if (count === 0) { queue.push(id); rank.set(id, 0); }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    const r = rank.get(id)!;
    for (const t of out.get(id)!) {
      rank.set(t, Math.max(rank.get(t) ?? 0, r + 1));
      const left = incoming.get(t)! - 1;
      incoming.set(t, left);
      if (left === 0) queue.push(t);
    }
  }
  const columns = new Map<number, LayoutInput[]>();
  for (const n of nodes) {
    const r = rank.get(n.id) ?? 0; // nodes on a cycle (should not happen) stay in the first column
    if (!columns.has(r)) columns.set(r, []);
    columns.get(r)!.push(n);
  }
  const positions = new Map<string, Point>();
  for (const [r, column] of columns) {
    column.sort((a, b) => a.order - b.order);
    const offset = (column.length - 1) * spacing.y / 2;
    column.forEach((n, i) => positions.set(n.id, { x: r * spacing.x, y: i * spacing.y - offset }));
  }
  return positions;
}
