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

export interface SizedNode { id: string; order: number; w: number; h: number }

/**
 * The layered layout for ordinary graphs (up to a few hundred papers), in a few milliseconds where dagre took
 * most of a second: rank = longest chain of prerequisites (a paper that needs nothing sits just before the first
 * paper it unlocks); inside each rank, papers ordered by the average place of their neighbours in the rank
 * before and after (a few sweeps each way, which removes most crossings); each rank stacked with the papers'
 * own heights. 'LR' puts ranks left to right, 'TB' top to bottom (phones). Papers with no edges at all sit in
 * their own block before the first rank.
 */
export function layeredSmall(nodes: SizedNode[], edges: { source: string; target: string }[], direction: 'LR' | 'TB' = 'LR',
  gap = { rank: 64, node: 12 }, sweeps = 6): Map<string, Point> {
  const ids = new Set(nodes.map(n => n.id));
  const preds = new Map<string, string[]>(nodes.map(n => [n.id, []]));
  const succs = new Map<string, string[]>(nodes.map(n => [n.id, []]));
  for (const e of edges) {
    if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) continue;
    succs.get(e.source)!.push(e.target);
    preds.get(e.target)!.push(e.source);
  }
  // Ranks: longest path from the sources (Kahn's order), then sources pulled right next to what they unlock.
  const indegree = new Map(nodes.map(n => [n.id, preds.get(n.id)!.length]));
  const rank = new Map<string, number>();
  const queue = nodes.filter(n => indegree.get(n.id) === 0).map(n => n.id);
  for (const id of queue) rank.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const t of succs.get(id)!) {
      rank.set(t, Math.max(rank.get(t) ?? 0, rank.get(id)! + 1));
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) queue.push(t);
    }
  }
  const isolated: SizedNode[] = [];
  for (const n of nodes) {
    if (!rank.has(n.id)) rank.set(n.id, 0); // on a cycle (never in valid data)
    if (preds.get(n.id)!.length > 0) continue;
    const next = succs.get(n.id)!;
    if (next.length === 0) { isolated.push(n); continue; }
    rank.set(n.id, Math.min(...next.map(t => rank.get(t)!)) - 1);
  }
  const alone = new Set(isolated.map(n => n.id));
  const layers: SizedNode[][] = [];
  for (const n of [...nodes].sort((a, b) => a.order - b.order)) {
    if (alone.has(n.id)) continue;
    const r = rank.get(n.id)!;
    (layers[r] ??= []).push(n);
  }
  const ranks = layers.filter(Boolean);
  // Crossing reduction: barycentres against the previous rank going down, the next rank going up.
  const place = new Map<string, number>();
  const renumber = () => ranks.forEach(layer => layer.forEach((n, i) => place.set(n.id, i)));
  renumber();
  const bary = (n: SizedNode, side: Map<string, string[]>) => {
    const others = side.get(n.id)!.filter(x => place.has(x) && !alone.has(x));
    return others.length ? others.reduce((s, x) => s + place.get(x)!, 0) / others.length : place.get(n.id)!;
  };
  for (let s = 0; s < sweeps; s++) {
    const down = s % 2 === 0;
    const order = down ? ranks.slice(1) : ranks.slice(0, -1).reverse();
    for (const layer of order) {
      const key = new Map(layer.map(n => [n.id, bary(n, down ? preds : succs)]));
      layer.sort((a, b) => key.get(a.id)! - key.get(b.id)! || a.order - b.order);
      layer.forEach((n, i) => place.set(n.id, i));
    }
  }
  // Coordinates: ranks along the main axis, each rank stacked and centred across it.
  const blocks = isolated.length ? [isolated, ...ranks] : ranks;
  const positions = new Map<string, Point>();
  const along = (n: SizedNode) => (direction === 'LR' ? n.w : n.h);
  const across = (n: SizedNode) => (direction === 'LR' ? n.h : n.w);
  let main = 0;
  for (const layer of blocks) {
    const thickness = Math.max(...layer.map(along));
    const total = layer.reduce((s, n) => s + across(n), 0) + gap.node * (layer.length - 1);
    let cross = -total / 2;
    for (const n of layer) {
      const a = main + thickness / 2;
      const c = cross + across(n) / 2;
      positions.set(n.id, direction === 'LR' ? { x: a, y: c } : { x: c, y: a });
      cross += across(n) + gap.node;
    }
    main += thickness + gap.rank;
  }
  return positions;
}
