// Search over the graph the page holds, so a keystroke is answered without a round trip (50,000 papers in a few
// milliseconds): the same forgiving match and order as the server's /api/search (Features/Search/PaperSearch.cs),
// over names normalized once per version of the graph. The page asks the server when it does not hold every paper.
import type { GraphPaper, SearchHit } from './api';

interface Prepared {
  paper: GraphPaper;
  /** Key and aliases, normalized without spaces. */
  names: { compact: string; isKey: boolean }[];
  title: string;
  titleCompact: string;
  words: string[];
}

/** Lower case, accents removed, every run of characters other than letters and digits one space (as the server). */
export function normalizeForSearch(text: string): string {
  let decomposed: string;
  try { decomposed = text.normalize('NFD'); } catch { decomposed = text; }
  return decomposed.replace(/\p{Mn}/gu, '').toLowerCase().replace(/[^\p{L}\p{Nd}]+/gu, ' ').trim();
}

const maxTypos = (length: number) => (length >= 8 ? 2 : length >= 3 ? 1 : 0);

let row0 = new Int32Array(64), row1 = new Int32Array(64), row2 = new Int32Array(64);

/** Levenshtein distance with adjacent transpositions; 3 as soon as the lengths differ by more than 2. */
export function typos(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const n = b.length + 1;
  if (row0.length < n) { row0 = new Int32Array(n); row1 = new Int32Array(n); row2 = new Int32Array(n); }
  // row2 = i-2, row1 = i-1, row0 = i (rotated each step)
  let prev2 = row2, prev = row1, cur = row0;
  for (let j = 0; j < n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j < n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return prev[n - 1];
}

function prepare(paper: GraphPaper): Prepared {
  const names = [{ text: paper.key, isKey: true }, ...(paper.aliases ?? []).map(a => ({ text: a, isKey: false }))]
    .map(n => ({ compact: normalizeForSearch(n.text).replaceAll(' ', ''), isKey: n.isKey }))
    .filter(n => n.compact.length > 0);
  const title = normalizeForSearch(paper.title);
  return { paper, names, title, titleCompact: title.replaceAll(' ', ''), words: title.split(' ').filter(w => w.length > 0) };
}

function score(p: Prepared, q: string, qCompact: string, qWords: string[]): [number, string] {
  let best = 0, match = '';
  const consider = (s: number, m: string) => { if (s > best) { best = s; match = m; } };
  for (const { compact, isKey } of p.names) {
    if (compact === qCompact) consider(isKey ? 100 : 95, isKey ? 'key' : 'alias');
    else if (compact.startsWith(qCompact)) consider(isKey ? 85 : 80, isKey ? 'key' : 'alias');
    else if (qCompact.length >= 3 && typos(compact, qCompact) <= maxTypos(qCompact.length)) consider(isKey ? 55 : 50, 'fuzzy');
  }
  if (p.title === q) consider(98, 'title');
  else if (p.title.startsWith(q)) consider(75, 'title');
  else if (qCompact.length >= 2 && p.titleCompact.includes(qCompact) && p.words.some(w => w.startsWith(qWords[0]))) consider(70, 'title');
  else if (qCompact.length >= 3 && p.titleCompact.includes(qCompact)) consider(45, 'title');
  // Every query word matches a title word: exactly, as a prefix, or with a typo.
  if (qWords.length > 0) {
    let total = 0;
    for (const qw of qWords) {
      let wordBest = 0;
      for (const w of p.words) {
        if (w === qw) { wordBest = 1; break; }
        if (wordBest < 0.8 && qw.length >= 2 && w.startsWith(qw)) wordBest = 0.8;
        else if (wordBest < 0.6 && qw.length >= 4 && typos(w, qw) <= maxTypos(qw.length)) wordBest = 0.6;
      }
      if (wordBest === 0) { total = 0; break; }
      total += wordBest;
    }
    if (total > 0) consider(30 + 30 * total / qWords.length, total === qWords.length ? 'title' : 'fuzzy');
  }
  return [best, match];
}

/** Ordinal comparison of UTF-16 code units, as the server's StringComparer.Ordinal. */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A search over these papers; their names are normalized on the first search (or by warm()), once. */
export function createPaperSearch(papers: GraphPaper[]) {
  let prepared: Prepared[] | null = null;
  const ready = () => (prepared ??= papers.map(prepare));
  return {
    /** Normalizes the names now (e.g. in idle time), so the first keystroke does not pay for it. */
    warm: () => { ready(); },
    find(query: string, limit = 10): SearchHit[] {
      const q = normalizeForSearch(query);
      if (q.length === 0) return [];
      const qCompact = q.replaceAll(' ', '');
      const qWords = q.split(' ').filter(w => w.length > 0);
      const hits: SearchHit[] = [];
      for (const p of ready()) {
        const [s, m] = score(p, q, qCompact, qWords);
        if (s > 0) hits.push({ key: p.paper.key, title: p.paper.title, year: p.paper.year, section: p.paper.section, match: m, score: s });
      }
      hits.sort((a, b) => b.score - a.score || a.title.length - b.title.length || ordinal(a.key, b.key));
      return hits.slice(0, limit);
    },
  };
}
export type PaperSearch = ReturnType<typeof createPaperSearch>;

const byPapers = new WeakMap<GraphPaper[], PaperSearch>();

/** The search over this list of papers (one per version of the graph: a change makes a new list). */
export function searchOver(papers: GraphPaper[]): PaperSearch {
  let search = byPapers.get(papers);
  if (!search) byPapers.set(papers, search = createPaperSearch(papers));
  return search;
}
