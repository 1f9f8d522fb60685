// Typed calls to the explorer's endpoints under /api. Every failure becomes an ApiError carrying the
// ProblemDetails text, so views can show the server's own explanation.

export interface Section { key: string; title: string; part: string | null; order: number }
export interface GraphPaper {
  key: string; title: string; year: number | null; kind: string | null;
  section: string | null; sections: string[]; curatedAddition: boolean; aliases?: string[];
}
export interface Edge { from: string; to: string; reason: string | null; curator: string | null }
export interface GraphData { sections: Section[]; papers: GraphPaper[]; edges: Edge[]; total: number; sequence: number }
export interface Neighbour { key: string; title: string; year: number | null; section: string | null; reason: string | null; curator: string | null }
export interface PaperDetail {
  key: string; title: string; url: string | null; kind: string | null; year: number | null;
  authors: string[]; aliases: string[]; curatedAddition: boolean; sections: Section[];
  prerequisites: Neighbour[]; unlocks: Neighbour[];
}
export interface PaperRef { key: string; title: string; year: number | null }
export interface PlanReason { unlocks: string; unlocksTitle: string; reason: string | null }
export interface PlanStep {
  number: number; key: string; title: string; year: number | null; section: string | null; sectionTitle: string | null;
  isGoal: boolean; reasons: PlanReason[]; chain: PaperRef[]; prerequisites: string[];
}
export interface LearningPlan { goal: PaperRef; steps: PlanStep[]; known: PaperRef[]; dropped: PaperRef[]; readyNext: PaperRef[] }
export interface Chain { papers: PaperRef[]; edges: Edge[] }
export interface SearchHit { key: string; title: string; year: number | null; section: string | null; match: string; score: number }

export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string,
    /** The papers a 404 for an unknown key suggests instead. */
    readonly suggestions: PaperRef[] = []) {
    super(detail || title);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return readJson<T>(fetch(url, { headers: { Accept: 'application/json' }, signal }));
}

/** Reads a response that was requested elsewhere (index.html starts the graph request before the app loads). */
export async function readJson<T>(request: Promise<Response>): Promise<T> {
  const response = await request;
  if (!response.ok) {
    let title = `HTTP ${response.status}`;
    let detail = '';
    let suggestions: PaperRef[] = [];
    try {
      const problem = await response.json();
      title = problem.title ?? title;
      detail = problem.detail ?? '';
      if (Array.isArray(problem.suggestions)) suggestions = problem.suggestions;
    } catch { /* not JSON */ }
    throw new ApiError(response.status, title, detail, suggestions);
  }
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

export const api = {
  graph: (limit?: number, signal?: AbortSignal, asOf?: number) => {
    const q = new URLSearchParams();
    if (limit) q.set('limit', String(limit));
    if (asOf !== undefined) q.set('asOf', String(asOf));
    const s = q.toString();
    return getJson<GraphData>(s ? `/api/graph?${s}` : '/api/graph', signal);
  },
  paper: (key: string, signal?: AbortSignal) => getJson<PaperDetail>(`/api/papers/${enc(key)}`, signal),
  plan: (key: string, known: string[], signal?: AbortSignal) =>
    getJson<LearningPlan>(`/api/plans/${enc(key)}${known.length ? `?known=${known.map(enc).join(',')}` : ''}`, signal),
  ready: (known: string[], signal?: AbortSignal) =>
    getJson<PaperRef[]>(`/api/plans/ready?known=${known.map(enc).join(',')}`, signal),
  chain: (from: string, to: string, signal?: AbortSignal) =>
    getJson<Chain>(`/api/paths/shortest?from=${enc(from)}&to=${enc(to)}`, signal),
  search: (q: string, signal?: AbortSignal) => getJson<SearchHit[]>(`/api/search?q=${enc(q)}`, signal),
};
