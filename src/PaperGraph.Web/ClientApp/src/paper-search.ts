// Search over the graph the page holds, so a keystroke is answered without a round trip (50,000 papers in a few
// milliseconds): the same forgiving match and order as the server's /api/search (Features/Search/PaperSearch.cs),
// over names normalized once per version of the graph. The page asks the server when it does not hold every paper.
import type { GraphPaper, SearchHit } from './api';

/** A paper's names, normalized once per version of the graph. */
interface Prepared {
  paper: GraphPaper;
  /** Key and aliases, normalized without spaces. */
  names: { compact: string; isKey: boolean }[];
  title: string;
  titleCompact: string;
  /** The title's words, as indexes into the search's list of distinct words. */
  words: Int32Array;
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

let band0 = new Int32Array(64), band1 = new Int32Array(64), band2 = new Int32Array(64);

/** typos(a, b) <= most, computed only near the diagonal (a cell further than `most` from it is over the bound
 * anyway) and given up as soon as two rows in a row are all over it (no later cell can come back under). */
export function withinTypos(a: string, b: string, most: number): boolean {
  if (Math.abs(a.length - b.length) > most) return false;
  const over = most + 1, n = b.length + 1;
  if (band0.length < n) { band0 = new Int32Array(n); band1 = new Int32Array(n); band2 = new Int32Array(n); }
  let prev2 = band2, prev = band1, cur = band0;
  for (let j = 0; j < n; j++) prev[j] = j <= most ? j : over;
  let prevOver = false;
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const from = Math.max(1, i - most), to = Math.min(n - 1, i + most);
    cur[0] = i <= most ? i : over;
    if (from > 1) cur[from - 1] = over;
    let rowMin = cur[0];
    for (let j = from; j <= to; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v > over ? over : v;
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (to + 1 < n) cur[to + 1] = over;
    if (rowMin > most && prevOver) return false;
    prevOver = rowMin > most;
    const t = prev2; prev2 = prev; prev = cur; cur = t;
  }
  return prev[n - 1] <= most;
}

/** How a title word answers a query word: 1 the same, 0.8 a prefix (2 letters or more), 0.6 a typo or two away. */
function wordScore(w: string, qw: string): number {
  if (w === qw) return 1;
  if (qw.length >= 2 && w.startsWith(qw)) return 0.8;
  if (qw.length >= 4 && withinTypos(w, qw, maxTypos(qw.length))) return 0.6;
  return 0;
}

/** Answers a query word for every distinct title word, computed once per query word (titles share their words:
 * 50,000 titles have far fewer distinct words than words). */
type WordScores = Float64Array;

const KEY = 1, ALIAS = 2, TITLE = 3, FUZZY = 4;
const MATCHES = ['', 'key', 'alias', 'title', 'fuzzy'];
let matched = 0;

/** The server's score of one paper (Features/Search/PaperSearch.cs); what matched is left in `matched`. */
function score(p: Prepared, q: string, qCompact: string, qWords: string[], perWord: WordScores[], distinct: string[]): number {
  let best = 0;
  matched = 0;
  for (const { compact, isKey } of p.names) {
    let s = 0, m = 0;
    if (compact === qCompact) { s = isKey ? 100 : 95; m = isKey ? KEY : ALIAS; }
    else if (compact.startsWith(qCompact)) { s = isKey ? 85 : 80; m = isKey ? KEY : ALIAS; }
    else if (qCompact.length >= 3 && withinTypos(compact, qCompact, maxTypos(qCompact.length))) { s = isKey ? 55 : 50; m = FUZZY; }
    if (s > best) { best = s; matched = m; }
  }
  const words = p.words;
  let s = 0;
  if (p.title === q) s = 98;
  else if (p.title.startsWith(q)) s = 75;
  else if (qCompact.length >= 2 && p.titleCompact.includes(qCompact) && words.some(w => distinct[w].startsWith(qWords[0]))) s = 70;
  else if (qCompact.length >= 3 && p.titleCompact.includes(qCompact)) s = 45;
  if (s > best) { best = s; matched = TITLE; }
  // Every query word matches a title word: exactly, as a prefix, or with a typo.
  if (qWords.length > 0) {
    let total = 0;
    for (let i = 0; i < perWord.length; i++) {
      const answers = perWord[i];
      let wordBest = 0;
      for (let j = 0; j < words.length && wordBest < 1; j++) { const v = answers[words[j]]; if (v > wordBest) wordBest = v; }
      if (wordBest === 0) { total = 0; break; }
      total += wordBest;
    }
    if (total > 0) {
      const t = 30 + 30 * total / qWords.length;
      if (t > best) { best = t; matched = total === qWords.length ? TITLE : FUZZY; }
    }
  }
  return best;
}

/** Ordinal comparison of UTF-16 code units, as the server's StringComparer.Ordinal. */
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A search over these papers; their names are normalized on the first search (or by warm()), once. */
export function createPaperSearch(papers: GraphPaper[]) {
  let prepared: Prepared[] | null = null;
  /** The distinct title words, and each one's index. */
  const distinct: string[] = [];
  const indexOf = new Map<string, number>();
  /** The last query words' answers over the distinct words (typing "paper 42" asks "paper" again at each key). */
  const recent = new Map<string, WordScores>();

  function prepare(paper: GraphPaper): Prepared {
    const names = [{ text: paper.key, isKey: true }, ...(paper.aliases ?? []).map(a => ({ text: a, isKey: false }))]
      .map(n => ({ compact: normalizeForSearch(n.text).replaceAll(' ', ''), isKey: n.isKey }))
      .filter(n => n.compact.length > 0);
    const title = normalizeForSearch(paper.title);
    const words = title.split(' ').filter(w => w.length > 0).map(w => {
      let i = indexOf.get(w);
      if (i === undefined) { i = distinct.length; distinct.push(w); indexOf.set(w, i); }
      return i;
    });
    return { paper, names, title, titleCompact: title.replaceAll(' ', ''), words: Int32Array.from(words) };
  }
  const ready = () => (prepared ??= papers.map(prepare));

  function answers(qw: string): WordScores {
    let a = recent.get(qw);
    if (a) { recent.delete(qw); recent.set(qw, a); return a; }
    a = new Float64Array(distinct.length);
    for (let i = 0; i < distinct.length; i++) a[i] = wordScore(distinct[i], qw);
    recent.set(qw, a);
    if (recent.size > 16) recent.delete(recent.keys().next().value!);
    return a;
  }

  return {
    /** Normalizes the names now (e.g. in idle time), so the first keystroke does not pay for it. */
    warm: () => { ready(); },
    find(query: string, limit = 10): SearchHit[] {
      const q = normalizeForSearch(query);
      if (q.length === 0) return [];
      const qCompact = q.replaceAll(' ', '');
      const qWords = q.split(' ').filter(w => w.length > 0);
      const all = ready();
      const perWord = qWords.map(answers);
      // The best `limit` hits in the server's order (score, then shorter title, then key), kept sorted as they come.
      const top: { p: Prepared; score: number; match: number }[] = [];
      const before = (score: number, p: Prepared, o: { p: Prepared; score: number }) =>
        score !== o.score ? score > o.score : p.paper.title.length !== o.p.paper.title.length
          ? p.paper.title.length < o.p.paper.title.length : ordinal(p.paper.key, o.p.paper.key) < 0;
      for (const p of all) {
        const s = score(p, q, qCompact, qWords, perWord, distinct);
        if (s <= 0 || (top.length === limit && !before(s, p, top[limit - 1]))) continue;
        let at = top.length;
        while (at > 0 && before(s, p, top[at - 1])) at--;
        top.splice(at, 0, { p, score: s, match: matched });
        if (top.length > limit) top.pop();
      }
      return top.map(({ p, score: s, match }) => ({ key: p.paper.key, title: p.paper.title, year: p.paper.year, section: p.paper.section, match: MATCHES[match], score: s }));
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
