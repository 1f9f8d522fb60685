// A layout for reading lists with few prerequisites yet (a curator's first import): each section is a block of
// its papers, oldest first, with the prerequisites inside a section layered left to right where there are any;
// the blocks sit side by side, wrapped into rows so the whole reads like a page (not one column of hundreds of
// boxes). Linear in papers and edges.

export interface SectionLayoutNode { id: string; group?: string | null; year?: number | null; order: number }
export interface Point { x: number; y: number }

/** True when too few papers are linked for a layered drawing to say anything: most papers would sit in one
 * column of "needs nothing". */
export function fewEdges(nodes: { id: string }[], edges: { source: string; target: string }[]): boolean {
  const touched = new Set<string>();
  for (const e of edges) { touched.add(e.source); touched.add(e.target); }
  return nodes.length >= 12 && touched.size < nodes.length * 0.3;
}

export function sectionGridPositions(nodes: SectionLayoutNode[], edges: { source: string; target: string }[],
  viewport: { width: number; height: number },
  cell = { w: 136, h: 62 }, maxRows = 8, gap = { x: 48, y: 56 }): Map<string, Point> {
  const groupOf = new Map(nodes.map(n => [n.id, n.group ?? '']));
  const groups = new Map<string, SectionLayoutNode[]>();
  for (const n of nodes) {
    const g = n.group ?? '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(n);
  }
  // Rank inside a section: the longest chain of prerequisites within it (edges across sections are drawn but
  // do not move papers, so each section stays one block).
  const rank = new Map<string, number>();
  const inner = edges.filter(e => groupOf.has(e.source) && groupOf.get(e.source) === groupOf.get(e.target) && e.source !== e.target);
  const incoming = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const e of inner) {
    incoming.set(e.target, (incoming.get(e.target) ?? 0) + 1);
    if (!out.has(e.source)) out.set(e.source, []);
    out.get(e.source)!.push(e.target);
  }
  const queue = nodes.filter(n => !incoming.get(n.id)).map(n => n.id);
  for (const id of queue) rank.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const t of out.get(id) ?? []) {
      rank.set(t, Math.max(rank.get(t) ?? 0, rank.get(id)! + 1));
      const left = incoming.get(t)! - 1;
      incoming.set(t, left);
      if (left === 0) queue.push(t);
    }
  }
  // Blocks: within a section, one column per rank, oldest first; a tall column wraps into several.
  const blocks = [...groups.values()].map(members => {
    const byRank = new Map<number, SectionLayoutNode[]>();
    for (const n of members) {
      const r = rank.get(n.id) ?? 0;
      if (!byRank.has(r)) byRank.set(r, []);
      byRank.get(r)!.push(n);
    }
    const rows = Math.min(maxRows, Math.max(...[...byRank.values()].map(c => c.length)));
    const local = new Map<string, Point>();
    let column = 0;
    for (const r of [...byRank.keys()].sort((a, b) => a - b)) {
      const col = byRank.get(r)!.sort((a, b) => (a.year ?? 9999) - (b.year ?? 9999) || a.order - b.order);
      col.forEach((n, i) => local.set(n.id, { x: (column + Math.floor(i / rows)) * cell.w, y: (i % rows) * cell.h }));
      column += Math.ceil(col.length / rows);
    }
    return { local, w: column * cell.w, h: rows * cell.h };
  });
  // Rows of blocks about as wide as the screen's shape asks for.
  const area = blocks.reduce((sum, b) => sum + (b.w + gap.x) * (b.h + gap.y), 0);
  const aspect = Math.max(0.5, viewport.width / Math.max(1, viewport.height));
  const rowWidth = Math.max(Math.sqrt(area * aspect), ...blocks.map(b => b.w));
  const positions = new Map<string, Point>();
  let x = 0, y = 0, rowHeight = 0;
  for (const b of blocks) {
    if (x > 0 && x + b.w > rowWidth) { x = 0; y += rowHeight + gap.y; rowHeight = 0; }
    for (const [id, p] of b.local) positions.set(id, { x: x + p.x, y: y + p.y });
    x += b.w + gap.x;
    rowHeight = Math.max(rowHeight, b.h);
  }
  return positions;
}
