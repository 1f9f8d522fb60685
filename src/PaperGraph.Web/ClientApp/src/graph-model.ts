// The explorer's copy of the graph with indexes both ways, and its conversion into drawable data.
import type { Edge, GraphData, GraphPaper } from './api';
import { cutAtWord, sectionLabel, shortTitle } from './dom';
import { sectionColor } from './palette';
import type { ViewData } from './graph-view';

export interface GraphModel {
  data: GraphData;
  papers: Map<string, GraphPaper>;
  prerequisites: Map<string, Edge[]>;
  unlocks: Map<string, Edge[]>;
  sectionIndex: Map<string, number>;
}

export function edgeId(e: { from: string; to: string }): string {
  return `${e.from}->${e.to}`;
}

export function createGraphModel(data: GraphData): GraphModel {
  const papers = new Map(data.papers.map(p => [p.key, p]));
  const prerequisites = new Map<string, Edge[]>();
  const unlocks = new Map<string, Edge[]>();
  for (const e of data.edges) {
    if (!prerequisites.has(e.to)) prerequisites.set(e.to, []);
    prerequisites.get(e.to)!.push(e);
    if (!unlocks.has(e.from)) unlocks.set(e.from, []);
    unlocks.get(e.from)!.push(e);
  }
  const sectionIndex = new Map(data.sections.map((s, i) => [s.key, i]));
  return { data, papers, prerequisites, unlocks, sectionIndex };
}

export function colorOf(model: GraphModel, paper: GraphPaper, dark: boolean): string {
  return sectionColor(paper.section ? model.sectionIndex.get(paper.section) ?? -1 : -1, dark);
}

export function toViewData(model: GraphModel, dark: boolean): ViewData {
  // Two papers never share a label: where short names collide ("CS224N Notes" twice), each says more.
  const labels = model.data.papers.map(nodeLabel);
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  model.data.papers.forEach((p, i) => { if (seen.get(labels[i])! > 1) labels[i] = longerLabel(p); });
  return {
    groups: model.data.sections.map((s, i) => ({ id: s.key, label: sectionLabel(s), color: sectionColor(i, dark) })),
    nodes: model.data.papers.map((p, i) => ({
      id: p.key,
      label: labels[i],
      title: p.title,
      caption: [p.year, p.section ? sectionTitle(model, p.section) : null].filter(Boolean).join(' · '),
      group: p.section,
      color: colorOf(model, p, dark),
      order: i,
      year: p.year,
    })),
    edges: model.data.edges.map(e => ({ id: edgeId(e), source: e.from, target: e.to, title: e.reason ?? undefined })),
  };
}

export function sectionTitle(model: GraphModel, key: string): string {
  const s = model.data.sections.find(x => x.key === key);
  return s ? sectionLabel(s) : key;
}

/** What changed between two versions of the graph, in words ("new prerequisite word2vec → LoRA"). */
export function describeDiff(before: GraphModel, after: GraphModel): string[] {
  const out: string[] = [];
  const name = (m: GraphModel, key: string) => shortTitle(m.papers.get(key)?.title ?? key, 40);
  for (const p of after.data.papers) if (!before.papers.has(p.key)) out.push(`new paper ${shortTitle(p.title, 40)}`);
  for (const p of before.data.papers) if (!after.papers.has(p.key)) out.push(`removed paper ${shortTitle(p.title, 40)}`);
  for (const p of after.data.papers) {
    const old = before.papers.get(p.key);
    if (old && (old.title !== p.title || old.year !== p.year || old.section !== p.section || old.kind !== p.kind)) out.push(`updated ${name(after, p.key)}`);
  }
  const beforeEdges = new Map(before.data.edges.map(e => [edgeId(e), e]));
  const afterEdges = new Map(after.data.edges.map(e => [edgeId(e), e]));
  for (const [id, e] of afterEdges) {
    const old = beforeEdges.get(id);
    if (!old) out.push(`new prerequisite ${name(after, e.from)} → ${name(after, e.to)}`);
    else if (old.reason !== e.reason) out.push(`new reason for ${name(after, e.from)} → ${name(after, e.to)}`);
  }
  for (const [id, e] of beforeEdges) if (!afterEdges.has(id)) out.push(`removed prerequisite ${name(before, e.from)} → ${name(before, e.to)}`);
  return out;
}

/** The name a node shows: a short alias people use ("GPT-2", "Transformer"), else the title's short form. */
export function nodeLabel(p: GraphPaper): string {
  const fromTitle = shortTitle(p.title, 34);
  if (fromTitle.length <= 16) return fromTitle;
  const alias = (p.aliases ?? []).find(a => a.length >= 2 && a.length <= 16);
  return alias ?? fromTitle;
}

/** A label that says more than the short name: the name and the start of what follows its colon. */
function longerLabel(p: GraphPaper): string {
  const colon = p.title.indexOf(':');
  return colon > 0 ? `${p.title.slice(0, colon)}: ${cutAtWord(p.title.slice(colon + 1).trim(), 24)}` : cutAtWord(p.title, 40);
}

/** What one committed change meant for the explorer, as the hub's GraphChanged message carries it. */
export interface GraphDelta {
  papers: GraphPaper[];
  removedPapers: string[];
  edges: Edge[];
  removedEdges: { from: string; to: string }[];
}

/** The graph after one change: papers and edges as the delta has them now, those gone removed, the rest (and
 * their order) kept. Edges to papers this page does not hold (a capped graph) are left out, as the server does. */
export function applyDelta(data: GraphData, delta: GraphDelta, sequence: number): GraphData {
  const removed = new Set(delta.removedPapers);
  const updated = new Map(delta.papers.map(p => [p.key, p]));
  const papers: GraphPaper[] = [];
  for (const p of data.papers) {
    if (removed.has(p.key) && !updated.has(p.key)) continue;
    papers.push(updated.get(p.key) ?? p);
    updated.delete(p.key);
  }
  // New papers (a capped page still takes them: they were just added, so the reader wants to see them).
  papers.push(...updated.values());
  const shown = new Set(papers.map(p => p.key));
  const goneEdges = new Set(delta.removedEdges.map(edgeId));
  const changedEdges = new Map(delta.edges.map(e => [edgeId(e), e]));
  const edges: Edge[] = [];
  for (const e of data.edges) {
    const id = edgeId(e);
    if (goneEdges.has(id) && !changedEdges.has(id)) continue;
    const now = changedEdges.get(id) ?? e;
    changedEdges.delete(id);
    if (shown.has(now.from) && shown.has(now.to)) edges.push(now);
  }
  for (const e of changedEdges.values()) if (shown.has(e.from) && shown.has(e.to)) edges.push(e);
  const added = papers.length - data.papers.length;
  return { sections: data.sections, papers, edges, total: Math.max(papers.length, data.total + added), sequence };
}
