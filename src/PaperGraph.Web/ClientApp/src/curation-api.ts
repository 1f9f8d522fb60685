// Typed calls to the curation endpoints (/api/curation, /api/history), through session.sendJson so every
// cookie-authenticated write carries the antiforgery token. Failures are ApiErrors with the server's words.
import { readJson } from './api';
import { sendJson, writeHeaders } from './session';

export interface CuratedEdge { from: string; to: string; reason: string; curator: string | null; version: string; seq?: number }
export interface PlanChange { key: string; title: string; added: number }
export interface EdgePreview {
  from: string; to: string; exists: boolean; cycle: string[] | null; redundantVia: string[] | null;
  makesRedundant: { from: string; to: string }[]; plansChanged: number; largestPlanChanges: PlanChange[]; summary: string;
}
export interface HistoryEntry {
  seq: number; at: string | null; curator: string; action: string; from: string | null; to: string | null;
  paper: string | null; reason: string | null; previous: string | null; proposer: string | null; undoes: number | null;
}
export interface Proposal {
  id: string; kind: string; proposer: string; at: string; from: string | null; to: string | null; reason: string | null;
  paper: { key: string; title: string } | null; status: string; reviewer: string | null; note: string | null; seq: number | null;
}

const enc = encodeURIComponent;
const get = <T>(url: string, signal?: AbortSignal) =>
  readJson<T>(fetch(url, { headers: { Accept: 'application/json' }, signal, credentials: 'same-origin' }));

/** A write whose refusal reaches the form in words (the ProblemDetails detail). */
async function write<T>(method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  return (await sendJson<T>(method, url, body, headers)) as T;
}

export const curationApi = {
  preview: (from: string, to: string, signal?: AbortSignal) =>
    readJson<EdgePreview>(fetch('/api/curation/preview', {
      method: 'POST', signal, headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...writeHeaders() },
      body: JSON.stringify({ from, to }),
    })),
  addEdge: (from: string, to: string, reason: string, version?: string) =>
    write<CuratedEdge>('POST', '/api/curation/edges', { from, to, reason }, version ? { 'If-Match': version } : undefined),
  edge: (from: string, to: string) => get<CuratedEdge>(`/api/curation/edges/${enc(from)}/${enc(to)}`),
  removeEdge: (from: string, to: string, version?: string) =>
    write<CuratedEdge>('DELETE', `/api/curation/edges/${enc(from)}/${enc(to)}`, undefined, version ? { 'If-Match': version } : undefined),
  propose: (from: string, to: string, reason: string) => write<Proposal>('POST', '/api/curation/proposals', { from, to, reason }),
  proposals: (status?: string) => get<Proposal[]>(`/api/curation/proposals${status ? `?status=${enc(status)}` : ''}`),
  accept: (id: string) => write<Proposal>('POST', `/api/curation/proposals/${enc(id)}/accept`),
  reject: (id: string, note: string) => write<Proposal>('POST', `/api/curation/proposals/${enc(id)}/reject`, { note }),
  history: (filter: { paper?: string | null; curator?: string | null; since?: number; limit?: number }) => {
    const q = new URLSearchParams();
    if (filter.paper) q.set('paper', filter.paper);
    if (filter.curator) q.set('curator', filter.curator);
    if (filter.since !== undefined) q.set('since', String(filter.since));
    q.set('limit', String(filter.limit ?? 50));
    return get<HistoryEntry[]>(`/api/history?${q}`);
  },
  undo: (seq: number) => write<{ seq: number; undoes: number }>('POST', `/api/history/${seq}/undo`),
};

/** A change in words, with papers by their short names: "added word2vec → GloVe". */
export function describeChange(e: { action: string; from: string | null; to: string | null; paper: string | null }, label: (key: string) => string): string {
  const edge = `${label(e.from ?? '?')} → ${label(e.to ?? '?')}`;
  switch (e.action) {
    case 'add-edge': return `added ${edge}`;
    case 'remove-edge': return `removed ${edge}`;
    case 'reword-edge': return `re-worded ${edge}`;
    case 'add-paper': return `added the paper ${label(e.paper ?? '?')}`;
    case 'edit-paper': return `edited ${label(e.paper ?? '?')}`;
    case 'remove-paper': return `removed the paper ${label(e.paper ?? '?')}`;
    case 'import': return 'imported reading lists';
    default: return 'changed the graph with Cypher';
  }
}
