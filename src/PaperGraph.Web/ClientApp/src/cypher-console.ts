// The Cypher console: an editor, example learning-path queries, parameters, history, the real sign-in
// (anonymous and non-admin roles are read-only; no password is kept in the page), and the answer as a real HTML
// table and, when it holds nodes, relationships or paths, as a graph. Errors show their code, message and
// position. A query that arrives in a link (#/cypher?q=…) runs read-only: a statement that writes is refused by
// the server before it changes anything, and waits in the editor for the user to press Run.
import { createCypherEditor, type CypherSchema } from './cypher-editor';
import { append, h } from './dom';
import { createGraphView, type GraphView, type ViewData } from './graph-view';
import { sectionColor } from './palette';
import { ApiError } from './api';
import { type CNode, type CRelationship, type CypherValue, isEntity, type QueryAnswer, QueryError, runQuery } from './query-api';
import { can, onSessionChange, type Session, signIn, signOut } from './session';

export interface CypherConsoleConfig {
  container: HTMLElement;
  dark: () => boolean;
  onQueryChange: (query: string, params: string | null) => void;
}

const HISTORY_KEY = 'papergraph.history';
const MAX_ROWS = 1000;
const MAX_GRAPH_NODES = 500;

export const EXAMPLES: { title: string; query: string; params?: string }[] = [
  { title: 'Prerequisites of BERT', query: "MATCH (p:Paper)-[r:PREREQUISITE_OF]->(b:Paper {key: 'bert'})\nRETURN p.title AS paper, p.year AS year, r.reason AS reason\nORDER BY year" },
  { title: 'Everything before LoRA', query: "MATCH path = (start:Paper)-[:PREREQUISITE_OF*]->(goal:Paper {key: 'lora'})\nWHERE NOT ()-[:PREREQUISITE_OF]->(start)\nRETURN path" },
  { title: 'Chain word2vec → GPT-2', query: "MATCH path = shortestPath((a:Paper {key: 'word2vec'})-[:PREREQUISITE_OF*]->(b:Paper {key: 'gpt-2'}))\nRETURN path" },
  { title: 'Where to start', query: "MATCH (p:Paper)-[:PREREQUISITE_OF]->()\nWHERE NOT ()-[:PREREQUISITE_OF]->(p)\nRETURN DISTINCT p.title AS paper, p.year AS year\nORDER BY year" },
  { title: 'Around GPT-2', query: "MATCH (g:Paper {key: 'gpt-2'})-[r:PREREQUISITE_OF]-(n:Paper)\nRETURN g, r, n" },
  { title: 'Papers per section', query: "MATCH (p:Paper)-[:IN_SECTION]->(s:Section)\nRETURN s.key AS section, s.title AS title, count(p) AS papers\nORDER BY s.order" },
  { title: 'Since a year ($since)', query: 'MATCH (p:Paper)\nWHERE p.year >= $since\nRETURN p.title AS title, p.year AS year\nORDER BY year, title', params: '{"since": 2020}' },
];

export function createCypherConsole(config: CypherConsoleConfig) {
  const schema: CypherSchema = { labels: [], relationshipTypes: [], propertyKeys: [], parameters: [] };
  let schemaLoaded = false;
  let controller: AbortController | null = null;
  let resultGraph: GraphView | null = null;

  const runButton = h('button', { type: 'button', class: 'primary', title: 'Run (Ctrl+Enter)' }, 'Run');
  const editorHost = h('div', { class: 'cypher-editor' });
  const paramsInput = h('textarea', { id: 'cypher-params', rows: 2, spellcheck: 'false', placeholder: '{"key": "bert"}' }) as HTMLTextAreaElement;
  const status = h('p', { class: 'cypher-status', role: 'status' });
  const errorBox = h('div', { class: 'cypher-error', role: 'alert', hidden: true });
  const tableTab = h('button', { type: 'button', role: 'tab', id: 'tab-table', 'aria-controls': 'result-table', 'aria-selected': 'true' }, 'Table');
  const graphTab = h('button', { type: 'button', role: 'tab', id: 'tab-graph', 'aria-controls': 'result-graph', 'aria-selected': 'false', disabled: true, 'aria-describedby': 'graph-tab-why' }, 'Graph');
  // Why the Graph tab is disabled, said next to it (a disabled button shows no tooltip on most browsers).
  const graphWhy = h('span', { id: 'graph-tab-why', class: 'muted tab-why' }, 'Graph: run a query that returns nodes, relationships or paths.');
  const tablePanel = h('div', { id: 'result-table', role: 'tabpanel', 'aria-labelledby': 'tab-table', class: 'result-table' });
  const graphPanel = h('div', { id: 'result-graph', role: 'tabpanel', 'aria-labelledby': 'tab-graph', class: 'result-graph', hidden: true });
  const historyList = h('ol', { class: 'history-list' });
  const authState = h('p', { class: 'auth-state' });
  const userInput = h('input', { id: 'cypher-user', autocomplete: 'username', value: 'neo4j' }) as HTMLInputElement;
  const passwordInput = h('input', { id: 'cypher-password', type: 'password', autocomplete: 'current-password' }) as HTMLInputElement;

  const editor = createCypherEditor({ parent: editorHost, label: 'Cypher query', onRun: () => void run(), schema: () => ({ ...schema, parameters: paramNames() }) });

  const examples = h('div', { class: 'examples', role: 'group', 'aria-label': 'Example queries' },
    h('span', { class: 'muted' }, 'Try: '),
    ...EXAMPLES.map(ex => {
      const b = h('button', { type: 'button', class: 'chip' }, ex.title);
      b.addEventListener('click', () => { editor.set(ex.query); paramsInput.value = ex.params ?? ''; void run(); });
      return b;
    }));

  const signInError = h('p', { class: 'form-error', role: 'alert' });
  const signInForm = h('form', { class: 'sign-in' },
    h('label', { for: 'cypher-user' }, 'User'), userInput,
    h('label', { for: 'cypher-password' }, 'Password'), passwordInput,
    h('button', { type: 'submit' }, 'Sign in'), signInError);
  signInForm.addEventListener('submit', async e => {
    e.preventDefault();
    signInError.textContent = '';
    try {
      await signIn(userInput.value.trim(), passwordInput.value);
    } catch (err) {
      signInError.textContent = err instanceof ApiError ? (err.detail || err.title) : `Could not sign in: ${(err as Error).message}`;
    } finally {
      passwordInput.value = '';
    }
  });

  runButton.addEventListener('click', () => void run(false));
  tableTab.addEventListener('click', () => selectTab('table'));
  graphTab.addEventListener('click', () => selectTab('graph'));
  for (const tab of [tableTab, graphTab]) {
    tab.addEventListener('keydown', e => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = tab === tableTab ? graphTab : tableTab;
      if (next.hasAttribute('disabled')) return;
      next.focus();
      selectTab(next === tableTab ? 'table' : 'graph');
    });
  }

  config.container.replaceChildren(
    examples,
    h('div', { class: 'cypher-input' },
      h('label', { class: 'visually-hidden', id: 'cypher-editor-label' }, 'Cypher query'),
      editorHost,
      h('div', { class: 'cypher-actions' }, runButton, h('span', { class: 'muted kbd-hint' }, 'Ctrl+Enter runs')),
      h('details', { class: 'params' }, h('summary', {}, 'Parameters'),
        h('label', { for: 'cypher-params' }, 'Parameters as JSON, used as $name'), paramsInput),
      h('details', { class: 'auth' }, h('summary', {}, 'Access'), authState, signInForm),
      h('details', { class: 'history' }, h('summary', {}, 'History'), historyList)),
    errorBox,
    status,
    h('div', { class: 'result-tabs-row' },
      h('div', { class: 'result-tabs', role: 'tablist', 'aria-label': 'Result views' }, tableTab, graphTab), graphWhy),
    tablePanel,
    graphPanel);
  renderHistory();
  onSessionChange(renderAuth);

  function renderAuth(s: Session) {
    authState.replaceChildren();
    if (s.name !== null) {
      const out = h('button', { type: 'button', class: 'link-button' }, 'Sign out');
      out.addEventListener('click', () => void signOut());
      authState.append(s.role === 'admin'
        ? `Signed in as ${s.name} (admin): queries may write. `
        : `Signed in as ${s.name} (${s.role}): read-only here; only an administrator writes with Cypher. `, out);
      signInForm.hidden = true;
    } else {
      authState.append('Anonymous: read-only. An administrator can sign in to write.');
      signInForm.hidden = false;
    }
  }

  function paramNames(): string[] {
    try { return Object.keys(JSON.parse(paramsInput.value || '{}')); } catch { return []; }
  }

  function selectTab(which: 'table' | 'graph') {
    tableTab.setAttribute('aria-selected', String(which === 'table'));
    graphTab.setAttribute('aria-selected', String(which === 'graph'));
    tablePanel.hidden = which !== 'table';
    graphPanel.hidden = which !== 'graph';
    if (which === 'graph') { resultGraph?.resize(); resultGraph?.fit(); }
  }

  function history(): string[] {
    try { return JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]'); } catch { return []; }
  }
  function remember(query: string) {
    const list = [query, ...history().filter(q => q !== query)].slice(0, 30);
    localStorage.setItem(HISTORY_KEY, JSON.stringify(list));
    renderHistory();
  }
  function renderHistory() {
    const list = history();
    historyList.replaceChildren(...(list.length ? list.map(q => {
      const b = h('button', { type: 'button', class: 'history-item' }, q);
      b.addEventListener('click', () => { editor.set(q); editor.focus(); });
      return h('li', {}, b);
    }) : [h('li', { class: 'muted' }, 'Queries you run appear here.')]));
  }

  async function loadSchema() {
    if (schemaLoaded) return;
    schemaLoaded = true;
    const tryList = async (queries: string[]) => {
      for (const q of queries) {
        try {
          const answer = await runQuery(q, {});
          return answer.values.map(r => String(r[0])).filter(Boolean).sort();
        } catch { /* next form */ }
      }
      return [];
    };
    [schema.labels, schema.relationshipTypes, schema.propertyKeys] = await Promise.all([
      tryList(['CALL db.labels() YIELD label RETURN label', 'MATCH (n) UNWIND labels(n) AS label RETURN DISTINCT label']),
      tryList(['CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType', 'MATCH ()-[r]->() RETURN DISTINCT type(r)']),
      tryList(['CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey', 'MATCH (n) UNWIND keys(n) AS k RETURN DISTINCT k']),
    ]);
  }

  function cell(v: CypherValue): Node {
    if (v === null) return h('span', { class: 'null' }, 'null');
    if (typeof v === 'string') return document.createTextNode(v);
    if (typeof v === 'number' || typeof v === 'boolean') return h('span', { class: 'number' }, String(v));
    if (isEntity(v)) {
      if (v.$kind === 'node') return h('span', { class: 'entity node-entity' }, `(${v.labels.map(l => `:${l}`).join('')} ${JSON.stringify(v.properties.key ?? v.properties.title ?? v.elementId)})`);
      if (v.$kind === 'relationship') return h('span', { class: 'entity rel-entity' }, `[:${v.type}${v.properties.reason ? ` ${JSON.stringify(v.properties.reason)}` : ''}]`);
      const nodes = v.items.filter((x): x is CNode => x.$kind === 'node');
      return h('span', { class: 'entity path-entity' }, `path of ${v.items.length >> 1}: ${nodes.map(n => String(n.properties.key ?? n.properties.title ?? n.elementId)).join(' → ')}`);
    }
    if (typeof v === 'object' && '$kind' in v && v.$kind === 'typed') return document.createTextNode(String(v.text));
    return h('code', {}, JSON.stringify(plain(v)));
  }

  function plain(v: CypherValue): unknown {
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') {
      if (isEntity(v)) return v.$kind === 'node' ? v.properties : v.$kind === 'relationship' ? { type: v.type, ...v.properties } : '(path)';
      if ('$kind' in v && v.$kind === 'typed') return (v as { text: string }).text;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = plain(x as CypherValue);
      return out;
    }
    return v;
  }

  function collectEntities(answer: QueryAnswer) {
    const nodes = new Map<string, CNode>();
    const rels = new Map<string, CRelationship>();
    const visit = (v: CypherValue) => {
      if (Array.isArray(v)) { v.forEach(visit); return; }
      if (!v || typeof v !== 'object') return;
      if (isEntity(v)) {
        if (v.$kind === 'node') nodes.set(v.elementId, v);
        else if (v.$kind === 'relationship') rels.set(v.elementId, v);
        else v.items.forEach(visit);
        return;
      }
      if ('$kind' in v) return;
      Object.values(v).forEach(x => visit(x as CypherValue));
    };
    answer.values.forEach(row => row.forEach(visit));
    return { nodes: [...nodes.values()], rels: [...rels.values()] };
  }

  function renderGraph(answer: QueryAnswer): boolean {
    const { nodes, rels } = collectEntities(answer);
    if (nodes.length === 0 && rels.length === 0) return false;
    const labels = [...new Set(nodes.map(n => n.labels[0] ?? ''))];
    const shown = nodes.slice(0, MAX_GRAPH_NODES);
    const data: ViewData = {
      nodes: shown.map(n => {
        const title = String(n.properties.title ?? n.properties.key ?? n.properties.name ?? n.elementId);
        const short = String(n.properties.key ?? title);
        return {
          id: n.elementId, label: short.length > 28 ? `${short.slice(0, 27)}…` : short, title,
          caption: n.labels.join(', '), color: sectionColor(labels.indexOf(n.labels[0] ?? ''), config.dark()),
        };
      }),
      edges: rels.map(r => ({ id: r.elementId, source: r.startNodeElementId, target: r.endNodeElementId, label: r.type, title: String(r.properties.reason ?? r.type) })),
    };
    graphPanel.replaceChildren();
    const host = h('div', { class: 'result-graph-canvas' });
    const note = nodes.length > shown.length ? h('p', { role: 'status' }, `Showing ${shown.length} of ${nodes.length} nodes.`) : null;
    append(graphPanel, note, host);
    resultGraph?.destroy();
    const wasHidden = graphPanel.hidden;
    graphPanel.hidden = false;
    resultGraph = createGraphView({ container: host, tooltip: document.getElementById('tooltip') ?? undefined });
    resultGraph.setData(data);
    graphPanel.hidden = wasHidden;
    return true;
  }

  function renderTable(answer: QueryAnswer) {
    if (answer.fields.length === 0) {
      tablePanel.replaceChildren(h('p', { class: 'muted' }, 'The statement returned no columns.'));
      return;
    }
    const rows = answer.values.slice(0, MAX_ROWS);
    const table = h('table', { class: 'results' },
      h('caption', { class: 'visually-hidden' }, 'Query results'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'row-number' }, '#'), ...answer.fields.map(f => h('th', { scope: 'col' }, f)))),
      h('tbody', {}, ...rows.map((row, i) => h('tr', {}, h('td', { class: 'row-number' }, i + 1), ...row.map(v => h('td', {}, cell(v)))))));
    const note = answer.values.length > rows.length ? h('p', { role: 'status' }, `Showing ${rows.length} of ${answer.values.length} rows.`) : null;
    tablePanel.replaceChildren();
    append(tablePanel, note, h('div', { class: 'table-scroll' }, table));
  }

  function counterText(c: QueryAnswer['counters']): string {
    if (!c || !c.containsUpdates) return '';
    const parts = Object.entries(c).filter(([k, v]) => typeof v === 'number' && v > 0 && k !== 'systemUpdates')
      .map(([k, v]) => `${v} ${k.replace(/([A-Z])/g, ' $1').toLowerCase()}`);
    return parts.length ? ` Changed: ${parts.join(', ')}.` : '';
  }

  /** Runs the editor's statement; <paramref name="fromLink"/>: it came in a link, so it may only read. */
  async function run(fromLink = false) {
    const query = editor.value.trim();
    if (!query) { editor.focus(); return; }
    let params: Record<string, unknown> = {};
    errorBox.hidden = true;
    editor.markError(null);
    if (paramsInput.value.trim()) {
      try {
        const parsed: unknown = JSON.parse(paramsInput.value);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('Parameters must be a JSON object, like {"key": "bert"}.');
        params = parsed as Record<string, unknown>;
      } catch (e) {
        showError('Parameters', `The parameters are not valid JSON: ${(e as Error).message}`);
        return;
      }
    }
    config.onQueryChange(query, paramsInput.value.trim() || null);
    remember(query);
    controller?.abort();
    controller = new AbortController();
    status.textContent = 'Running…';
    runButton.setAttribute('aria-busy', 'true');
    const started = performance.now();
    try {
      const answer = await runQuery(query, params, { signal: controller.signal, write: !fromLink && can('admin') });
      const ms = Math.round(performance.now() - started);
      renderTable(answer);
      const hasGraph = renderGraph(answer);
      if (hasGraph) graphTab.removeAttribute('disabled'); else graphTab.setAttribute('disabled', '');
      graphWhy.textContent = hasGraph ? '' : 'No graph: this result holds no nodes, relationships or paths to draw.';
      selectTab(hasGraph && answer.fields.length <= 3 && answer.values.every(r => r.every(v => isEntity(v) || Array.isArray(v))) ? 'graph' : 'table');
      status.textContent = `${answer.values.length} row${answer.values.length === 1 ? '' : 's'} in ${ms} ms.${counterText(answer.counters)}`
        + (answer.notifications.length ? ` ${answer.notifications.map(n => n.title || n.description).join(' ')}` : '');
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      status.textContent = '';
      if (e instanceof QueryError && fromLink && e.code === 'Neo.ClientError.Statement.AccessMode') {
        showError('Not run', 'This link holds a statement that writes. It was not run: read it, and press Run if you mean it.');
      } else if (e instanceof QueryError && !can('admin') && /AccessMode|Forbidden/.test(e.code)) {
        // The engine's own text ("Writing in read access mode not allowed…") says nothing about what to do.
        showError(e.code, 'This statement writes to the graph, and only a signed-in administrator may write: sign in to write.');
      } else if (e instanceof QueryError) {
        showError(e.code, e.message, e.position);
        editor.markError(e.position?.offset ?? null);
      } else showError('Network', (e as Error).message);
    } finally {
      runButton.removeAttribute('aria-busy');
    }
  }

  function showError(code: string, message: string, position?: { line: number; column: number } | null) {
    errorBox.replaceChildren(
      h('p', { class: 'error-code' }, code, position ? ` at line ${position.line}, column ${position.column}` : ''),
      h('pre', {}, message));
    errorBox.hidden = false;
  }

  return {
    /** Shows a query (from the URL); runs it when asked. */
    open(query: string | null, params: string | null, runNow: boolean) {
      void loadSchema();
      if (query !== null && query !== editor.value) {
        editor.set(query);
        paramsInput.value = params ?? '';
        if (runNow) void run(true);
      }
      editor.focus();
    },
    run,
    restyle() { resultGraph?.restyle(); },
  };
}
