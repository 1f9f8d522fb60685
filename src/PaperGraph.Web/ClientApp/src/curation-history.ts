// The history view (#/history?paper=…&curator=…): changes newest first, filterable by paper and curator, each
// linking to the graph as it stood right after it (#/?asOf=SEQ), with undo for curators; and the proposals queue
// (curators accept or reject with a note; contributors see their own proposals and the outcome).
import { ApiError } from './api';
import { curationApi, describeChange, type Proposal } from './curation-api';
import { h } from './dom';
import { can } from './session';
import './curation.css';

export interface HistoryViewConfig {
  container: HTMLElement;
  label: (key: string) => string;
  onFilter: (paper: string | null, curator: string | null) => void;
}

export function createHistoryView(config: HistoryViewConfig) {
  const errorText = (e: unknown) => e instanceof ApiError ? `${e.title}: ${e.detail || e.message}` : (e as Error).message;

  async function proposalsSection(): Promise<HTMLElement | null> {
    if (!can('contributor')) return null;
    const curator = can('curator');
    let list: Proposal[];
    try { list = await curationApi.proposals(); } catch (e) { return h('p', { class: 'form-error' }, errorText(e)); }
    const items = list.map(p => {
      const what = p.kind === 'paper' ? `the paper ${p.paper?.title ?? p.paper?.key}` : `${config.label(p.from ?? '?')} → ${config.label(p.to ?? '?')}`;
      const status = h('span', { class: 'form-error', role: 'alert' });
      const li = h('li', { 'data-proposal': p.id },
        h('strong', {}, `${p.proposer} proposes ${what}`), p.reason ? h('p', { class: 'reason' }, p.reason) : null,
        h('p', { class: 'muted' }, p.status === 'open' ? 'Open' : `${p.status} by ${p.reviewer}${p.note ? `: ${p.note}` : ''}`));
      if (curator && p.status === 'open') {
        const accept = h('button', { type: 'button', class: 'primary' }, 'Accept');
        const note = h('input', { type: 'text', placeholder: 'Note for the proposer', 'aria-label': 'Rejection note' }) as HTMLInputElement;
        const reject = h('button', { type: 'button' }, 'Reject');
        accept.addEventListener('click', async () => { try { await curationApi.accept(p.id); await render(null, null); } catch (e) { status.textContent = errorText(e); } });
        reject.addEventListener('click', async () => { try { await curationApi.reject(p.id, note.value); await render(null, null); } catch (e) { status.textContent = errorText(e); } });
        li.append(h('div', { class: 'edge-tools' }, accept, note, reject));
      }
      li.append(status);
      return li;
    });
    return h('section', { 'aria-label': 'Proposals' }, h('h3', {}, curator ? 'Proposals to review' : 'Your proposals'),
      items.length ? h('ol', {}, ...items) : h('p', { class: 'muted' }, 'None.'));
  }

  // Renders can overlap (a click's refresh and a live change's); only the newest one may fill the view.
  let generation = 0;

  async function render(paper: string | null, curator: string | null) {
    const mine = ++generation;
    const paperBox = h('input', { type: 'text', id: 'history-paper', value: paper ?? '', placeholder: 'paper key' }) as HTMLInputElement;
    const curatorBox = h('input', { type: 'text', id: 'history-curator', value: curator ?? '', placeholder: 'curator' }) as HTMLInputElement;
    const filters = h('form', { class: 'filters', 'aria-label': 'Filter history' },
      h('label', {}, 'Paper ', paperBox), h('label', {}, 'Curator ', curatorBox), h('button', { type: 'submit' }, 'Filter'));
    filters.addEventListener('submit', e => { e.preventDefault(); config.onFilter(paperBox.value.trim() || null, curatorBox.value.trim() || null); });
    const list = h('ol', { 'aria-label': 'Changes' }, h('li', { class: 'muted' }, 'Loading…'));
    const article = h('article', { class: 'history-view', 'aria-labelledby': 'history-title' },
      h('p', { class: 'eyebrow' }, 'History'), h('h2', { id: 'history-title' }, 'Changes, newest first'), filters, list);
    config.container.replaceChildren(article);
    try {
      const entries = await curationApi.history({ paper, curator, limit: 100 });
      list.replaceChildren(...entries.map(e => {
        const status = h('span', { class: 'form-error', role: 'alert' });
        const undo = can('curator') ? h('button', { type: 'button', 'data-undo': String(e.seq) }, 'Undo') : null;
        undo?.addEventListener('click', async () => { try { await curationApi.undo(e.seq); await render(paper, curator); } catch (err) { status.textContent = errorText(err); } });
        return h('li', { 'data-seq': String(e.seq) },
          h('a', { href: `#/?asOf=${e.seq}`, title: 'The graph as it stood right after this change' }, `#${e.seq}`), ' ',
          h('strong', {}, e.curator), ` ${describeChange(e, config.label)}`,
          e.reason && e.action.endsWith('edge') ? h('p', { class: 'reason' }, e.reason) : null,
          h('p', { class: 'muted' }, `${e.at ?? ''}${e.proposer ? ` · proposed by ${e.proposer}` : ''}${e.undoes ? ` · undoes #${e.undoes}` : ''}`),
          undo, status);
      }));
      if (entries.length === 0) list.replaceChildren(h('li', { class: 'muted' }, 'No changes recorded yet.'));
    } catch (e) {
      list.replaceChildren(h('li', { class: 'form-error' }, errorText(e)));
    }
    const proposals = await proposalsSection();
    if (proposals && mine === generation) article.append(proposals);
  }

  return { render };
}
