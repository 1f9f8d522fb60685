// A fast layered layout for big graphs (thousands of papers), where dagre's crossing minimisation would take
// seconds. O(V + E log V):
// 1. rank = longest chain of prerequisites, so every edge points right;
// 2. a paper that needs nothing moves right to just before the first paper it unlocks (edges get shorter and
//    the first column stops collecting every starting point);
// 3. each rank is stacked in reading order, and a rank taller than `maxRows` wraps into several columns, so
//    the picture keeps a readable shape (edges never join papers of the same rank, so wrapping keeps them
//    pointing right). Papers with no edges at all go in their own block at the far left.

export interface LayoutInput { id: string; order: number }
export interface Point { x: number; y: number }

export function layeredPositions(nodes: LayoutInput[], edges: { source: string; target: string }[],
  spacing = { x: 240, y: 40 }, maxRows = Math.max(40, Math.round(Math.sqrt(nodes.length) * 1.5))): Map<string, Point> {
  const incoming = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const n of nodes) { incoming.set(n.id, 0); out.set(n.id, []); }
  for (const e of edges) {
    if (!incoming.has(e.source) || !incoming.has(e.target) || e.source === e.target) continue;
    out.get(e.source)!.push(e.target);
    incoming.set(e.target, incoming.get(e.target)! + 1);
  }
  const sources = new Set<string>();
  const rank = new Map<string, number>();
  const queue: string[] = [];
  for (const [id, count] of incoming) if (count === 0) { queue.push(id); rank.set(id, 0); sources.add(id); }
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
  // Nodes on a cycle (should not happen) stay in the first column. Starting points move right (step 2).
  const isolated: LayoutInput[] = [];
  for (const n of nodes) {
    if (!rank.has(n.id)) { rank.set(n.id, 0); continue; }
    if (!sources.has(n.id)) continue;
    const next = out.get(n.id)!;
    if (next.length === 0) { isolated.push(n); continue; }
    let first = Infinity;
    for (const t of next) first = Math.min(first, rank.get(t)!);
    rank.set(n.id, first - 1);
  }
  const ranks = new Map<number, LayoutInput[]>();
  const alone = new Set(isolated.map(n => n.id));
  for (const n of nodes) {
    if (alone.has(n.id)) continue;
    const r = rank.get(n.id)!;
    if (!ranks.has(r)) ranks.set(r, []);
    ranks.get(r)!.push(n);
  }
  const positions = new Map<string, Point>();
  let column = 0;
  const place = (group: LayoutInput[]) => {
    group.sort((a, b) => a.order - b.order);
    const columns = Math.ceil(group.length / maxRows);
    const rows = Math.ceil(group.length / columns);
    group.forEach((n, i) => {
      const c = Math.floor(i / rows);
      const row = i % rows;
      const height = Math.min(rows, group.length - c * rows);
      positions.set(n.id, { x: (column + c) * spacing.x, y: (row - (height - 1) / 2) * spacing.y });
    });
    column += columns;
  };
  if (isolated.length) { place(isolated); column += 1; }
  for (const r of [...ranks.keys()].sort((a, b) => a - b)) place(ranks.get(r)!);
  return positions;
}
