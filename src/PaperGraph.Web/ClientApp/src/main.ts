// Wires the explorer together: the graph, search, panels, the console, the live hub and the router.
import './styles.css';
import { api, type Chain, type GraphData, type LearningPlan, readJson } from './api';
import type { createCypherConsole } from './cypher-console';
import { byId, h, sectionLabel, shortTitle } from './dom';
import { applyDelta, colorOf, createGraphModel, describeDiff, edgeId, type GraphModel, sectionTitle, toViewData } from './graph-model';
import { createExplorerView, webglAvailable, WEBGL_FROM } from './explorer-view';
import type { createHubClient, GraphChangeMessage } from './hub-client';
import { createLastVisit } from './last-visit';
import { planChangeNotice } from './plan-notice';
import { copyLinkButton } from './copy-link';
import { createKeyboardWalk } from './keyboard-walk';
import { createKeysHelp } from './keys-help';
import { createKnownStore } from './known-store';
import { createListView } from './list-view';
import { createNotices } from './notices';
import { sectionColor } from './palette';
import { createPaperPanel } from './paper-panel';
import { searchOver } from './paper-search';
import { createPathView } from './path-view';
import { createPlanView } from './plan-view';
import { createRouter, type Route } from './router';
import { createSearchBox } from './search-box';
import { createAccountMenu } from './account-menu';
import { createAccountsView } from './accounts-view';
import { loadSession, onSessionChange } from './session';
import { createCurationTools } from './curation-panel';
import { createEdgeDrawing } from './edge-drawing';
import { createHistoryView } from './curation-history';
import { curationNotice } from './curation-live';
import { createTheme } from './theme';
import { replaceFirstDrawing, serverLayout } from './first-drawing';

/** Without WebGL, big graphs are drawn by Cytoscape's fast mode: at most this many papers. */
const CANVAS_CAP = 3000;
/** ?cap=N draws only the first N papers (reading order); by default every paper is drawn. */
const cap = (() => {
  const v = Number(new URLSearchParams(location.search).get('cap'));
  return Number.isInteger(v) && v > 0 ? v : undefined;
})();

/** The first papers (reading order) and the edges among them, when the browser cannot draw them all. */
function drawable(data: GraphData): GraphData {
  if (data.papers.length <= CANVAS_CAP || data.papers.length < WEBGL_FROM || webglAvailable()) return data;
  const papers = data.papers.slice(0, CANVAS_CAP);
  const shown = new Set(papers.map(p => p.key));
  return { ...data, papers, edges: data.edges.filter(e => shown.has(e.from) && shown.has(e.to)) };
}

let model: GraphModel | null = null;
let current: string | null = null;
let route: Route = { view: 'graph' };
let consoleOpened = false;
let listDirty = true;
let loadedAsOf: number | undefined;

/** A paper's short name for notices and curation forms: its first short alias, else its title before a colon. */
function label(key: string): string {
  const p = model?.papers.get(key);
  return p ? (p.aliases?.find(a => a.length <= 24) ?? shortTitle(p.title, 30)) : key;
}

/** The list view is built when first shown (and after a change), not with every graph load. */
function renderList() {
  if (model && listDirty) { listView.render(model); listDirty = false; }
}

const side = byId('side-panel');
const announcer = byId('announcer');
const notices = createNotices({ container: byId('notices') });
const graphStatus = byId('graph-status');
const dark = () => document.documentElement.dataset.theme === 'dark';

const graphView = createExplorerView({
  container: byId('graph'),
  tooltip: byId('tooltip'),
  onSelect: key => router.go({ view: 'paper', key }),
});

const known = createKnownStore({
  onChange: keys => {
    graphView.setKnown(keys);
    if (route.view === 'plan') void planView.refresh();
    if (route.view === 'graph') renderWelcome();
  },
});

const router = createRouter({ onRoute: r => { route = r; void show(r); } });

const paperPanel = createPaperPanel({
  container: side,
  known,
  onOpenPaper: key => router.go({ view: 'paper', key }),
  onPlan: key => router.go({ view: 'plan', key }),
  onChain: (from, to) => router.go({ view: 'path', from, to }),
  search: () => localSearch(),
  extras: paper => curationTools.render(paper),
});

const curationTools = createCurationTools({ label, onChanged: () => paperPanel.refresh() });
const edgeDrawing = createEdgeDrawing({
  cy: () => graphView.cy,
  toolbar: document.querySelector<HTMLElement>('.graph-toolbar')!,
  host: document.querySelector<HTMLElement>('.graph-area')!,
  label,
  onSaved: () => { if (route.view === 'paper') paperPanel.refresh(); },
});
const historyView = createHistoryView({
  container: side,
  label,
  onFilter: (paper, curator) => router.go({ view: 'history', paper, curator }),
});
onSessionChange(() => { if (route.view === 'paper') paperPanel.refresh(); });

const lastVisit = createLastVisit({ container: byId('since-visit'), label });

const planView = createPlanView({
  container: side,
  known,
  onShowPlan: (plan: LearningPlan, inPlace: boolean) => {
    const keys = plan.steps.map(s => s.key);
    graphView.highlight(keys);
    setCurrent(plan.goal.key, false);
    if (!inPlace) graphView.fit(keys); // a plan brought up to date leaves the view where the reader had it
    lastVisit.rememberPlan(plan.goal.key, keys);
  },
});

const pathView = createPathView({
  container: side,
  onShowChain: (chain: Chain | null, inPlace: boolean) => {
    if (!chain) { graphView.clearHighlight(); return; }
    const keys = chain.papers.map(p => p.key);
    graphView.highlight(keys, chain.edges.map(edgeId));
    if (!inPlace) graphView.fit(keys);
  },
});

const listView = createListView({ container: byId('list-content') });
const accountsView = createAccountsView(byId('accounts-content'));
createAccountMenu(byId('account-menu'), admin => { byId('accounts-link').hidden = !admin; });
onSessionChange(() => { if (route.view === 'accounts') void accountsView.refresh(); });

// The console (CodeMirror) loads on first use, so the graph page ships less JavaScript.
let cypherConsole: ReturnType<typeof createCypherConsole> | null = null;
async function consoleView() {
  if (!cypherConsole) {
    const { createCypherConsole } = await import('./cypher-console');
    cypherConsole = createCypherConsole({
      container: byId('cypher-console'),
      dark,
      onQueryChange: (query, params) => router.replace({ view: 'cypher', query, params }),
    });
  }
  return cypherConsole;
}

/** The page's own search when it holds every paper (answers in milliseconds), else null: ask the server. */
function localSearch() {
  const m = model;
  return m && m.data.total <= m.data.papers.length ? (text: string) => searchOver(m.data.papers).find(text) : null;
}

createSearchBox({
  local: localSearch,
  input: byId<HTMLInputElement>('search-input'),
  list: byId<HTMLUListElement>('search-results'),
  onOpen: key => router.go({ view: 'paper', key }),
  describe: hit => (hit.section && model ? sectionTitle(model, hit.section) : ''),
});

createKeysHelp({ search: byId<HTMLInputElement>('search-input') });
byId('cypher-heading').after(h('div', { class: 'actions cypher-link' }, copyLinkButton()));

createKeyboardWalk({
  target: byId('graph'),
  announcer,
  model: () => model,
  current: () => current,
  onStep: key => router.go({ view: 'paper', key }),
});

createTheme({
  button: byId<HTMLButtonElement>('theme-toggle'),
  onChange: () => {
    graphView.restyle();
    if (model) {
      const m = model;
      graphView.recolor(key => { const p = m.papers.get(key); return p ? colorOf(m, p, dark()) : undefined; });
      renderLegend(m);
    }
    cypherConsole?.restyle();
  },
});

// On a phone the legend starts folded, so the paper panel is closer to the top.
if (window.matchMedia('(max-width: 860px)').matches) byId('legend-box').removeAttribute('open');

byId('fit-button').addEventListener('click', () => graphView.fit());
byId('zoom-in-button').addEventListener('click', () => graphView.zoomBy(1.25));
byId('zoom-out-button').addEventListener('click', () => graphView.zoomBy(0.8));
window.addEventListener('resize', () => graphView.resize());

// The live connection (SignalR) loads after the graph is drawn, so the first paint waits for less JavaScript.
let hub: ReturnType<typeof createHubClient> | null = null;
async function connectLive() {
  const { createHubClient } = await import('./hub-client');
  hub = createHubClient({
    lastSequence: () => model?.data.sequence ?? 0,
    onChanges: changes => {
      // Who did what is known from the message itself: say it at once, then apply.
      const curated = curationNotice(changes, label);
      if (curated) notices.show(curated, 'live');
      for (const note of changes.flatMap(c => c.curation ?? [])) lastVisit.markSeen(note.seq);
      pending.push(...changes);
      void drainLive(!!curated);
    },
    onReload: () => void fetchLive(),
    onState: state => {
      document.body.dataset.live = state;
      if (state === 'reconnecting') notices.show('Live updates paused: reconnecting…', 'info');
    },
  });
  await hub.start();
}

// Live changes: applied in sequence order to the graph the page holds, without asking for the graph again. A gap,
// an unknown sequence or a change without a delta costs one read of the graph; reads asked for while one is
// running are coalesced into one more, after it.
const pending: GraphChangeMessage[] = [];
let fetching: Promise<void> | null = null;
let fetchAgain = false;

async function drainLive(announced = false) {
  if (fetching || !model) return;
  pending.sort((a, b) => a.sequence - b.sequence);
  const before = model;
  let data = model.data;
  let by: string | null = null;
  let unapplied = false;
  while (pending.length) {
    const next = pending[0];
    if (next.sequence <= data.sequence) { pending.shift(); continue; }
    if (next.sequence !== data.sequence + 1 || next.itemised === false || !next.delta) { unapplied = true; break; }
    const d = next.delta;
    if (d.papers.length + d.removedPapers.length + d.edges.length + d.removedEdges.length > 0) {
      data = applyDelta(data, d, next.sequence);
      by = next.curator ?? by;
    } else {
      // Nothing the explorer shows changed (a proposal, an account): only the sequence moves on.
      data = { ...data, sequence: next.sequence };
      before.data.sequence = next.sequence;
    }
    pending.shift();
  }
  if (loadedAsOf !== undefined) { // the page shows the past: it stays as it was, the next "now" reads afresh
    pending.length = 0;
    return;
  }
  if (data === before.data || data.papers === before.data.papers && data.edges === before.data.edges) {
    hub?.markSeen(data.sequence);
  } else {
    model = createGraphModel(data);
    await graphView.patch(toViewData(model, dark()));
    edgeDrawing.refresh();
    afterGraphChange(model);
    hub?.markSeen(data.sequence);
    const diff = describeDiff(before, model);
    if (!announced && diff.length) notices.show(`Live: ${diff.slice(0, 3).join('; ')}${diff.length > 3 ? ` and ${diff.length - 3} more` : ''}`, 'live');
    await refreshOpenViews(by);
  }
  if (unapplied) await fetchLive(announced);
}

/** One read of the graph for live updates; asked again while it runs, it reads once more afterwards. */
function fetchLive(announced = false): Promise<void> {
  if (fetching) { fetchAgain = true; return fetching; }
  fetching = (async () => {
    try {
      do {
        fetchAgain = false;
        await loadGraph({ live: true, announced });
      } while (fetchAgain);
    } finally {
      fetching = null;
    }
    // Messages that came during the read: those it already has are dropped, the rest applied.
    await drainLive(true);
  })();
  return fetching;
}

/** What depends on the graph, brought up to date after it changed (legend, list, status line, marks). */
function afterGraphChange(m: GraphModel) {
  graphView.setKnown(new Set(known.all()));
  if (current) graphView.setCurrent(current);
  renderLegend(m);
  listDirty = true;
  if (route.view === 'list') renderList();
  graphStatus.textContent = m.data.total > m.data.papers.length
    ? `Showing ${m.data.papers.length.toLocaleString('en')} of ${m.data.total.toLocaleString('en')} papers (reading order)`
    : `${m.data.papers.length.toLocaleString('en')} papers · ${m.data.edges.length.toLocaleString('en')} prerequisites`;
}

/** The open plan, chain or paper, asked for again and redrawn where it is (the graph's view does not move); a
 * plan that changed says how, and who changed it. */
async function refreshOpenViews(by: string | null) {
  switch (route.view) {
    case 'plan': {
      const result = await planView.refresh();
      if (result?.before) {
        const note = planChangeNotice(result.before, result.after, label, by);
        if (note) notices.show(note, 'live');
      }
      return;
    }
    case 'path':
      await pathView.refresh();
      return;
    case 'paper':
      if (model?.papers.has(route.key)) {
        const key = route.key;
        graphView.highlight([key, ...(model.prerequisites.get(key) ?? []).map(e => e.from), ...(model.unlocks.get(key) ?? []).map(e => e.to)]);
      }
      paperPanel.refresh();
      return;
    case 'graph':
      if (loadedAsOf === undefined) await renderWelcome();
      return;
    default:
      return;
  }
}

function setCurrent(key: string | null, center = true) {
  current = key;
  graphView.setCurrent(key, { center });
}

function renderLegend(m: GraphModel) {
  const counts = new Map<string, number>();
  for (const p of m.data.papers) counts.set(p.section ?? '', (counts.get(p.section ?? '') ?? 0) + 1);
  byId('legend').replaceChildren(...m.data.sections.filter(s => counts.has(s.key)).map((s, i) => h('li', {},
    h('span', { class: 'swatch', style: `background:${sectionColor(m.sectionIndex.get(s.key) ?? i, dark())}`, 'aria-hidden': 'true' }),
    sectionLabel(s))),
  ...(counts.has('') ? [h('li', {}, h('span', { class: 'swatch', style: `background:${sectionColor(-1, dark())}`, 'aria-hidden': 'true' }), 'Curated additions')] : []));
}

async function renderWelcome() {
  if (!model) return;
  const m = model;
  const ready = h('ul', { class: 'ready-list', 'aria-label': 'Ready to read next' }, h('li', { class: 'muted' }, 'Loading…'));
  const across = graphView.direction() === 'LR';
  const [first, then, reads] = across ? ['left', 'right', 'left to right'] : ['above', 'below', 'top to bottom'];
  const noEdges = m.data.edges.length === 0;
  side.replaceChildren(h('article', { class: 'welcome', 'aria-labelledby': 'welcome-title' },
    h('p', { class: 'eyebrow' }, 'Reading map'),
    h('h2', { id: 'welcome-title' }, 'What to read, in what order'),
    h('p', {}, `${m.data.total} papers in ${m.data.sections.length} sections, linked by ${m.data.edges.length} curated prerequisites. `,
      noEdges
        ? 'Each box holds a section’s papers, oldest first.'
        : graphView.isBig()
          ? `Each line joins a prerequisite (${first}) to what it unlocks (${then}), so the graph reads ${reads}.`
          : `Arrows point from a prerequisite to what it unlocks, so the graph reads ${reads}.`),
    noEdges
      ? h('div', { class: 'start-here' },
        h('p', {}, h('strong', {}, 'No prerequisites yet. '),
          'Until a curator links the papers, the map can only show them by section and year. '),
        h('p', {}, 'Curators: begin with the oldest papers below, the foundations the rest build on. Add an edge with its reason in ',
          h('code', {}, 'prerequisites.yaml'), ' beside the reading list (', h('code', {}, 'from'), ', ', h('code', {}, 'to'), ', ',
          h('code', {}, 'reason'), ') and import again, or sign in and write it in the ',
          h('a', { href: '#/cypher' }, 'Cypher console'), '.'))
      : h('p', {}, 'Search or click a paper to see why it matters, then press “Learning plan” for everything to read first.'),
    h('h3', {}, known.all().length ? 'Ready to read next' : 'Good places to start'),
    ready));
  try {
    const list = await api.ready(known.all());
    const withEdges = list.filter(p => (m.unlocks.get(p.key)?.length ?? 0) + (m.prerequisites.get(p.key)?.length ?? 0) > 0);
    const shown = withEdges.length ? withEdges : foundations(m, list);
    ready.replaceChildren(...(shown.length ? shown.slice(0, 12).map(p => h('li', {},
      h('a', { href: `#/paper/${encodeURIComponent(p.key)}`, class: 'paper-link' }, p.title), p.year ? h('span', { class: 'muted' }, ` (${p.year})`) : null))
      : [h('li', { class: 'muted' }, 'You know every paper on the map.')]));
  } catch {
    ready.replaceChildren(h('li', { class: 'muted' }, 'Could not load suggestions.'));
  }
}

/** Where to start when no paper on offer is linked yet: the oldest paper of each section, in section order. */
function foundations(m: GraphModel, ready: { key: string; title: string; year: number | null }[]) {
  const open = new Set(ready.map(p => p.key));
  const oldest = new Map<string, { key: string; title: string; year: number | null }>();
  for (const p of m.data.papers) {
    if (!open.has(p.key)) continue;
    const s = p.section ?? '';
    const best = oldest.get(s);
    if (!best || (p.year ?? 9999) < (best.year ?? 9999)) oldest.set(s, p);
  }
  const out = [...oldest.values()];
  return out.length ? out : ready;
}

/** Runs a step of the load and records its duration on the page's performance timeline (for anyone profiling). */
function measured<T>(name: string, step: () => T): T {
  const start = performance.now();
  try { return step(); } finally { performance.measure(name, { start, end: performance.now() }); }
}

/** The last duration of each named step, in ms (steps that did not run are left out). */
function lastMeasures(names: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const entries = performance.getEntriesByName(name, 'measure');
    if (entries.length) out[name] = entries[entries.length - 1].duration;
  }
  return out;
}

/** The request index.html started before this script ran (used once: later loads ask again). */
function firstGraphRequest(): Promise<GraphData> | null {
  const holder = window as unknown as { __graphRequest?: Promise<Response> };
  const request = holder.__graphRequest;
  holder.__graphRequest = undefined;
  return request ? readJson<GraphData>(request) : null;
}

async function loadGraph(options: { live?: boolean; sequence?: number; announced?: boolean; asOf?: number } = {}) {
  const started = performance.now();
  try {
    const asOf = 'asOf' in options ? options.asOf : loadedAsOf;
    const first = firstGraphRequest();
    const data = drawable(asOf === undefined ? await first ?? await api.graph(cap) : await api.graph(cap, undefined, asOf));
    loadedAsOf = asOf;
    const fetched = performance.now();
    const before = model;
    model = measured('graph model', () => createGraphModel(data));
    // A live read of the graph at "now" keeps what is drawn where it is (only what changed moves in or out).
    const viewData = measured('view data', () => toViewData(model!, dark()));
    if (options.live && before && asOf === undefined) await graphView.patch(viewData);
    else await graphView.setData(viewData, { fit: !options.live, placed: options.live || asOf !== undefined ? undefined : serverLayout(data.sequence) });
    edgeDrawing.refresh();
    const built = performance.now();
    afterGraphChange(model);
    hub?.markSeen(data.sequence);
    // Ready once the canvas has really been painted (the renderer draws on its next animation frame).
    await graphView.painted();
    const painted = performance.now();
    const firstPainted = replaceFirstDrawing(painted);
    document.body.dataset.graphReady = 'true';
    const held = model.data.papers; // names for search normalized in idle time, not on the first keystroke
    (window.requestIdleCallback ?? setTimeout)(() => searchOver(held).warm());
    (window as unknown as { paperGraph: unknown }).paperGraph = {
      drawnMs: painted - started,
      /** When the graph was drawn by Cytoscape (interactive), in ms since navigation started. */
      readyMs: painted,
      /** When the graph was first painted (the server's picture in the HTML, else Cytoscape's). */
      paintedMs: firstPainted,
      timings: { loadStartMs: started, fetchMs: fetched - started, buildMs: built - fetched, layoutMs: graphView.layoutMs(), paintMs: painted - built, steps: lastMeasures(['graph model', 'view data', 'renderer loaded', 'layout', 'graph filled', 'graph indexed']) },
      cy: graphView.cy,
      renderer: () => graphView.renderer(),
      nodeCount: () => graphView.nodeCount(),
      has: (key: string) => graphView.has(key),
      current: () => current,
      sequence: () => model?.data.sequence ?? 0,
    };
    if (options.live && before) {
      const diff = describeDiff(before, model);
      if (!options.announced && diff.length) notices.show(`Live: ${diff.slice(0, 3).join('; ')}${diff.length > 3 ? ` and ${diff.length - 3} more` : ''}`, 'live');
      await refreshOpenViews(null);
    }
  } catch (e) {
    graphStatus.textContent = 'The graph could not be loaded.';
    notices.show(`Could not load the graph: ${(e as Error).message}`, 'error');
  }
}

function showView(which: 'explorer' | 'list' | 'cypher' | 'accounts') {
  byId('explorer-view').hidden = which !== 'explorer';
  byId('list-view').hidden = which !== 'list';
  byId('cypher-view').hidden = which !== 'cypher';
  byId('accounts-view').hidden = which !== 'accounts';
  const active = which === 'explorer' ? 'graph' : which;
  document.querySelectorAll<HTMLAnchorElement>('nav.views a').forEach(a => {
    if (a.dataset.view === active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  if (which === 'explorer') graphView.resize();
}

async function show(r: Route, refresh = false) {
  const panel = r.view === 'graph' ? 'closed' : 'open';
  if (byId('explorer-view').dataset.panel !== panel) {
    byId('explorer-view').dataset.panel = panel;
    graphView.resize(); // the graph's height depends on it on a phone: measure before fitting
  }
  if (r.view !== 'plan') planView.hide();
  if (r.view !== 'path') pathView.hide();
  switch (r.view) {
    case 'graph':
      showView('explorer');
      if (r.asOf !== loadedAsOf) await loadGraph({ asOf: r.asOf });
      document.title = r.asOf !== undefined ? `As of change ${r.asOf} — PaperGraph` : 'PaperGraph';
      setCurrent(null);
      graphView.clearHighlight();
      await renderWelcome();
      if (r.asOf !== undefined)
        side.prepend(h('p', { class: 'as-of-banner', role: 'status' }, `The graph as it stood right after change ${r.asOf}. `,
          h('a', { href: '#/' }, 'Back to now'), ' · ', h('a', { href: '#/history' }, 'History')));
      return;
    case 'history':
      showView('explorer');
      document.title = 'History — PaperGraph';
      await historyView.render(r.paper, r.curator);
      return;
    case 'paper': {
      showView('explorer');
      setCurrent(r.key);
      // An unknown key dims nothing: the panel says "Paper not found" with suggestions.
      if (model && !model.papers.has(r.key)) graphView.clearHighlight();
      else if (model) {
        const near = [r.key, ...(model.prerequisites.get(r.key) ?? []).map(e => e.from), ...(model.unlocks.get(r.key) ?? []).map(e => e.to)];
        graphView.highlight(near);
        graphView.fit(near, 1.2);
      }
      const paper = await paperPanel.show(r.key);
      if (paper) document.title = `${shortTitle(paper.title, 40)} — PaperGraph`;
      return;
    }
    case 'plan':
      showView('explorer');
      if (!refresh || planView.goal !== r.key) await planView.show(r.key); else await planView.refresh();
      document.title = `Learning plan: ${shortTitle(model?.papers.get(r.key)?.title ?? r.key, 40)} — PaperGraph`;
      return;
    case 'path':
      showView('explorer');
      await pathView.show(r.from, r.to);
      document.title = `Chain ${r.from} → ${r.to} — PaperGraph`;
      return;
    case 'list':
      showView('list');
      renderList();
      document.title = 'All papers — PaperGraph';
      return;
    case 'accounts':
      showView('accounts');
      document.title = 'Accounts — PaperGraph';
      await accountsView.refresh();
      return;
    case 'cypher':
      showView('cypher');
      document.title = 'Cypher — PaperGraph';
      if (!refresh) (await consoleView()).open(r.query, r.params, !consoleOpened || r.query !== null);
      consoleOpened = true;
      return;
  }
}

void (async () => {
  await Promise.all([loadGraph(), loadSession()]);
  router.start();
  void connectLive();
  void lastVisit.start().catch(() => { /* history unavailable: nothing to list */ });
})();
