// A fast layered layout for big graphs (thousands to tens of thousands of papers), where crossing minimisation
// would take seconds. Linear in papers and edges, over integer indexes and typed arrays (a Map lookup per edge
// was most of the time at 50,000 papers):
// 1. rank = longest chain of prerequisites, so every edge points right;
// 2. a paper that needs nothing moves right to just before the first paper it unlocks (edges get shorter and
//    the first column stops collecting every starting point);
// 3. each rank is stacked in reading order, and a rank taller than `maxRows` wraps into several columns, so
//    the picture keeps a readable shape (edges never join papers of the same rank, so wrapping keeps them
//    pointing right). Papers with no edges at all go in their own block at the far left.

export interface LayoutInput { id: string; order: number }
export interface Point { x: number; y: number }

/** Papers 0..count-1 in reading order, edges as index pairs; positions as two arrays. */
export function layeredIndexed(count: number, source: Int32Array, target: Int32Array,
  spacing = { x: 240, y: 40 }, maxRows = Math.max(40, Math.round(Math.sqrt(count) * 1.5))): { x: Float64Array; y: Float64Array } {
  const m = source.length;
  const indegree = new Int32Array(count);
  const outdegree = new Int32Array(count);
  for (let e = 0; e < m; e++) {
    if (source[e] === target[e]) continue;
    outdegree[source[e]]++;
    indegree[target[e]]++;
  }
  // Successors in one flat array (compressed rows).
  const start = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) start[i + 1] = start[i] + outdegree[i];
  const fill = start.slice(0, count);
  const next = new Int32Array(start[count]);
  for (let e = 0; e < m; e++) if (source[e] !== target[e]) next[fill[source[e]]++] = target[e];
  const isSource = new Uint8Array(count);
  const rank = new Int32Array(count).fill(-1);
  const left = indegree.slice();
  const queue = new Int32Array(count);
  let tail = 0;
  for (let i = 0; i < count; i++) if (indegree[i] === 0) { queue[tail++] = i; rank[i] = 0; isSource[i] = 1; }
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    const r = rank[v] + 1;
    for (let k = start[v]; k < start[v + 1]; k++) {
      const t = next[k];
      if (rank[t] < r) rank[t] = r;
      if (--left[t] === 0) queue[tail++] = t;
    }
  }
  // Papers on a cycle (never in valid data) stay in the first column. Starting points move right (step 2).
  const isolated: number[] = [];
  for (let v = 0; v < count; v++) {
    if (rank[v] < 0) { rank[v] = 0; continue; }
    if (!isSource[v]) continue;
    if (start[v] === start[v + 1]) { isolated.push(v); rank[v] = -1; continue; }
    let first = Infinity;
    for (let k = start[v]; k < start[v + 1]; k++) first = Math.min(first, rank[next[k]]);
    rank[v] = first - 1;
  }
  // Papers per rank, in reading order (index order), by counting sort.
  let maxRank = 0;
  for (let v = 0; v < count; v++) if (rank[v] > maxRank) maxRank = rank[v];
  const perRank = new Int32Array(maxRank + 2);
  for (let v = 0; v < count; v++) if (rank[v] >= 0) perRank[rank[v] + 1]++;
  for (let r = 0; r <= maxRank; r++) perRank[r + 1] += perRank[r];
  const byRank = new Int32Array(perRank[maxRank + 1]);
  const cursor = perRank.slice(0, maxRank + 1);
  for (let v = 0; v < count; v++) if (rank[v] >= 0) byRank[cursor[rank[v]]++] = v;
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  let column = 0;
  const place = (group: ArrayLike<number>, from: number, to: number) => {
    const size = to - from;
    if (size === 0) return;
    const columns = Math.ceil(size / maxRows);
    const rows = Math.ceil(size / columns);
    for (let i = 0; i < size; i++) {
      const c = Math.floor(i / rows);
      const height = Math.min(rows, size - c * rows);
      const v = group[from + i];
      x[v] = (column + c) * spacing.x;
      y[v] = (i % rows - (height - 1) / 2) * spacing.y;
    }
    column += columns;
  };
  if (isolated.length) { place(isolated, 0, isolated.length); column += 1; }
  for (let r = 0; r <= maxRank; r++) place(byRank, perRank[r], perRank[r + 1]);
  return { x, y };
}

/** The same layout for papers and edges named by id; `order` is the reading order. */
export function layeredPositions(nodes: LayoutInput[], edges: { source: string; target: string }[],
  spacing = { x: 240, y: 40 }, maxRows?: number): Map<string, Point> {
  const sorted = [...nodes].sort((a, b) => a.order - b.order);
  const index = new Map<string, number>();
  sorted.forEach((n, i) => index.set(n.id, i));
  const source = new Int32Array(edges.length);
  const target = new Int32Array(edges.length);
  let m = 0;
  for (const e of edges) {
    const a = index.get(e.source), b = index.get(e.target);
    if (a === undefined || b === undefined) continue;
    source[m] = a; target[m++] = b;
  }
  const placed = layeredIndexed(sorted.length, source.subarray(0, m), target.subarray(0, m), spacing, maxRows);
  const positions = new Map<string, Point>();
  sorted.forEach((n, i) => positions.set(n.id, { x: placed.x[i], y: placed.y[i] }));
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
