// Curation on a paper's panel: add a prerequisite or an unlock (the other paper picked with the search box, a
// reason, a live preview of what it would do), re-word or remove each edge, undo your last change. Contributors get
// the same form as a proposal. Readers see none of it. Refusals are shown in words next to the form.
import { type Neighbour, type PaperDetail } from './api';
import { curationApi, describeChange } from './curation-api';
import { h } from './dom';
import { createEdgeForm, errorText } from './edge-form';
import { createSearchBox } from './search-box';
import { can, session } from './session';
import './curation.css';

export interface CurationToolsConfig {
  label: (key: string) => string;
  onChanged: (key: string) => void;
}

export function createCurationTools(config: CurationToolsConfig) {
  let formCount = 0;
  // A proposal is itself a committed write, so the live update that follows redraws this panel: the contributor's
  // "Proposed" line is kept here and shown again on the redrawn form for a while.
  let proposed: { paper: string; until: number } | null = null;
  const PROPOSED = 'Proposed: a curator will review it.';

  function edgeTools(paper: PaperDetail, n: Neighbour, incoming: boolean): HTMLElement {
    const [from, to] = incoming ? [n.key, paper.key] : [paper.key, n.key];
    const status = h('span', { class: 'form-error', role: 'alert' });
    const reword = h('button', { type: 'button', 'data-edit': `${from}>${to}` }, 'Edit reason');
    const remove = h('button', { type: 'button', 'data-remove': `${from}>${to}` }, 'Remove');
    const row = h('div', { class: 'edge-tools' }, h('span', { class: 'muted' }, `${config.label(from)} → ${config.label(to)}`), reword, remove, status);
    reword.addEventListener('click', async () => {
      const edge = await curationApi.edge(from, to).catch(() => null);
      const box = h('textarea', { 'aria-label': `Reason for ${from} → ${to}` }, edge?.reason ?? n.reason ?? '') as HTMLTextAreaElement;
      const save = h('button', { type: 'submit', class: 'primary' }, 'Save reason');
      // data-after: the panel's live redraw puts a half-edited reason back after this edge's row.
      const form = h('form', { 'data-after': `${from}>${to}` }, box, save);
      form.addEventListener('submit', async ev => {
        ev.preventDefault();
        try {
          await curationApi.addEdge(from, to, box.value, edge?.version);
          config.onChanged(paper.key);
        } catch (e) { status.textContent = errorText(e); }
      });
      row.after(form);
      box.focus();
    });
    remove.addEventListener('click', async () => {
      try {
        const edge = await curationApi.edge(from, to);
        await curationApi.removeEdge(from, to, edge.version);
        config.onChanged(paper.key);
      } catch (e) { status.textContent = errorText(e); }
    });
    return row;
  }

  function addForm(paper: PaperDetail, proposing: boolean): HTMLElement {
    const id = `curate-${++formCount}`;
    const direction = h('select', { id: `${id}-dir`, name: 'direction' },
      h('option', { value: 'prerequisite' }, `a prerequisite of ${config.label(paper.key)}`),
      h('option', { value: 'unlock' }, `something ${config.label(paper.key)} unlocks`)) as HTMLSelectElement;
    const other = h('input', { id: `${id}-other`, type: 'search', autocomplete: 'off', role: 'combobox', 'aria-expanded': 'false',
      'aria-controls': `${id}-hits`, placeholder: 'Search papers…', name: 'other' }) as HTMLInputElement;
    const hits = h('ul', { id: `${id}-hits`, role: 'listbox', hidden: true }) as HTMLUListElement;
    let picked: string | null = null;

    const edgeForm = createEdgeForm({
      name: proposing ? 'Propose an edge' : 'Add an edge',
      fields: [
        h('label', { for: direction.id }, proposing ? 'Propose' : 'Add'), direction,
        h('label', { for: other.id }, 'Other paper'), h('div', { class: 'picker' }, other, hits),
      ],
      ends: () => !picked ? null : direction.value === 'prerequisite' ? [picked, paper.key] : [paper.key, picked],
      proposing,
      onSaved: () => {
        if (proposing) proposed = { paper: paper.key, until: Date.now() + 15_000 };
        else config.onChanged(paper.key);
      },
    });
    if (proposing && proposed?.paper === paper.key && Date.now() < proposed.until) edgeForm.say(PROPOSED);
    createSearchBox({
      input: other, list: hits,
      onOpen: key => { picked = key; other.value = config.label(key); hits.hidden = true; edgeForm.schedule(); },
    });
    other.addEventListener('input', () => { picked = null; edgeForm.clearPreview(); });
    direction.addEventListener('change', edgeForm.schedule);
    return edgeForm.form;
  }

  function undoButton(paper: PaperDetail): HTMLElement {
    const status = h('span', { class: 'form-error', role: 'alert' });
    const button = h('button', { type: 'button', id: 'undo-last' }, 'Undo my last change');
    button.addEventListener('click', async () => {
      const name = session().name;
      try {
        const [last] = await curationApi.history({ curator: name, limit: 1 });
        if (!last) { status.textContent = 'You have no change to undo.'; return; }
        await curationApi.undo(last.seq);
        status.textContent = `Undone: ${describeChange(last, config.label)}.`;
        config.onChanged(paper.key);
      } catch (e) { status.textContent = errorText(e); }
    });
    return h('div', { class: 'edge-tools' }, button, status);
  }

  return {
    /** The curation section for the panel, or null for readers. */
    render(paper: PaperDetail): HTMLElement | null {
      if (!can('contributor')) return null;
      if (!can('curator')) {
        return h('section', { class: 'curation', 'aria-label': 'Propose' }, h('h3', {}, 'Propose an edge'), addForm(paper, true),
          h('p', { class: 'muted' }, h('a', { href: '#/history?proposals=1' }, 'Your proposals and their outcome')));
      }
      return h('section', { class: 'curation', 'aria-label': 'Curate' },
        h('h3', {}, 'Curate'),
        addForm(paper, false),
        ...paper.prerequisites.map(n => edgeTools(paper, n, true)),
        ...paper.unlocks.map(n => edgeTools(paper, n, false)),
        undoButton(paper),
        h('p', { class: 'muted' }, h('a', { href: `#/history?paper=${encodeURIComponent(paper.key)}` }, 'History of this paper')));
    },
  };
}
