// The paper panel: title (linked to the paper), kind, year, authors, sections, its prerequisites and what it
// unlocks with the curator's reasons; neighbours open on click. Buttons lead to its learning plan and to the
// shortest chain from another paper.
import { api, type Neighbour, type PaperDetail, type SearchHit } from './api';
import { copyLinkButton } from './copy-link';
import { errorBox, h, safeUrl, sectionLabel } from './dom';
import type { KnownStore } from './known-store';
import { createSearchBox } from './search-box';

export interface PaperPanelConfig {
  container: HTMLElement;
  known: KnownStore;
  onOpenPaper: (key: string) => void;
  onPlan: (key: string) => void;
  onChain: (from: string, to: string) => void;
  /** The page's own search, for the chain form's paper picker (else it asks the server). */
  search?: () => ((text: string) => SearchHit[]) | null;
  /** More to show under the paper (the curation tools for curators and contributors). */
  extras?: (paper: PaperDetail) => HTMLElement | null;
}

export function createPaperPanel(config: PaperPanelConfig) {
  let controller: AbortController | null = null;
  let shown: string | null = null;

  function neighbourList(items: Neighbour[], empty: string, label: string) {
    if (items.length === 0) return h('p', { class: 'muted' }, empty);
    return h('ul', { class: 'neighbours', 'aria-label': label }, ...items.map(n => h('li', {},
      h('a', { href: `#/paper/${encodeURIComponent(n.key)}`, class: 'paper-link' }, n.title),
      n.year ? h('span', { class: 'muted' }, ` (${n.year})`) : null,
      n.reason ? h('p', { class: 'reason' }, n.reason) : null)));
  }

  /** "Shortest chain from" a paper picked with a search box: a list of every paper would be 50,000 options. */
  function chainForm(paper: PaperDetail) {
    const input = h('input', { id: 'chain-from', type: 'search', autocomplete: 'off', role: 'combobox', 'aria-expanded': 'false',
      'aria-controls': 'chain-from-hits', 'aria-label': 'Chain from paper', placeholder: 'Search papers…' }) as HTMLInputElement;
    const hits = h('ul', { id: 'chain-from-hits', role: 'listbox', 'aria-label': 'Papers to start the chain from', hidden: true }) as HTMLUListElement;
    let picked: string | null = null;
    const form = h('form', { class: 'chain-form' },
      h('label', { for: 'chain-from' }, 'Shortest chain from'), h('div', { class: 'picker' }, input, hits),
      h('button', { type: 'submit' }, 'Show chain'));
    createSearchBox({
      input, list: hits, local: config.search,
      onOpen: key => { picked = key; input.value = key; hits.hidden = true; if (key !== paper.key) config.onChain(key, paper.key); },
    });
    input.addEventListener('input', () => { picked = null; });
    form.addEventListener('submit', e => {
      e.preventDefault();
      if (picked && picked !== paper.key) config.onChain(picked, paper.key);
    });
    return form;
  }

  function render(paper: PaperDetail) {
    const knownBox = h('input', { type: 'checkbox', id: 'paper-known' }) as HTMLInputElement;
    knownBox.checked = config.known.has(paper.key);
    knownBox.addEventListener('change', () => config.known.set(paper.key, knownBox.checked));
    const planButton = h('button', { type: 'button', class: 'primary' }, 'Learning plan');
    planButton.addEventListener('click', () => config.onPlan(paper.key));
    const title = paper.url && safeUrl(paper.url)
      ? h('a', { href: paper.url, target: '_blank', rel: 'noopener noreferrer' }, paper.title)
      : paper.title;
    const facts = h('dl', { class: 'facts' },
      h('dt', {}, 'Kind'), h('dd', {}, paper.kind ?? 'unknown'),
      h('dt', {}, 'Year'), h('dd', {}, paper.year ?? 'unknown'),
      h('dt', {}, 'Authors'), h('dd', {}, paper.authors.length ? paper.authors.join(', ') : 'not recorded'),
      h('dt', {}, paper.sections.length > 1 ? 'Sections' : 'Section'),
      h('dd', {}, paper.sections.length ? paper.sections.map(sectionLabel).join('; ') : 'curated addition (not in the list)'),
      paper.aliases.length ? h('dt', {}, 'Also called') : null,
      paper.aliases.length ? h('dd', {}, paper.aliases.join(', ')) : null,
      h('dt', {}, 'Key'), h('dd', {}, h('code', {}, paper.key)));
    config.container.replaceChildren(h('article', { class: 'paper-panel', 'aria-labelledby': 'paper-title' },
      h('p', { class: 'eyebrow' }, paper.curatedAddition ? 'Paper · curated addition' : 'Paper'),
      h('h2', { id: 'paper-title' }, title),
      facts,
      h('div', { class: 'actions' }, planButton, copyLinkButton(),
        h('label', { class: 'check' }, knownBox, ' I know this paper')),
      h('h3', {}, `Prerequisites (${paper.prerequisites.length})`),
      neighbourList(paper.prerequisites, 'None: a good place to start.', `Prerequisites of ${paper.title}`),
      h('h3', {}, `Unlocks (${paper.unlocks.length})`),
      neighbourList(paper.unlocks, 'Nothing yet.', `What ${paper.title} unlocks`),
      chainForm(paper),
      config.extras?.(paper) ?? null));
  }

  return {
    get shown() { return shown; },
    async show(key: string): Promise<PaperDetail | null> {
      controller?.abort();
      controller = new AbortController();
      shown = key;
      config.container.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
      try {
        const paper = await api.paper(key, controller.signal);
        render(paper);
        return paper;
      } catch (e) {
        if ((e as Error).name === 'AbortError') return null;
        config.container.replaceChildren(errorBox(e, 'Could not load the paper'));
        return null;
      }
    },
    /** Asks for the shown paper again and redraws it in place (no "Loading…"), keeping any form the reader is in
     * the middle of: a live change made by someone else must not wipe a half-typed reason. */
    refresh() {
      if (!shown) return;
      const key = shown;
      const keep = formsInProgress(config.container);
      controller?.abort();
      controller = new AbortController();
      api.paper(key, controller.signal).then(paper => {
        render(paper);
        restoreForms(config.container, keep);
      }, e => {
        if ((e as Error).name !== 'AbortError') config.container.replaceChildren(errorBox(e, 'Could not load the paper'));
      });
    },
  };
}

/** Where a form sits in the panel, so its redrawn counterpart can be found: its label, else its class. */
function formKey(form: HTMLFormElement): string {
  return form.getAttribute('aria-label') ?? form.dataset.after ?? form.className;
}

/** True when the reader has typed, picked or is focused in the form. */
function inProgress(form: HTMLFormElement): boolean {
  if (form.contains(document.activeElement)) return true;
  for (const field of Array.from(form.elements)) {
    if (field instanceof HTMLTextAreaElement && field.value !== field.defaultValue) return true;
    if (field instanceof HTMLInputElement && field.type !== 'checkbox' && field.value !== field.defaultValue) return true;
    if (field instanceof HTMLSelectElement && Array.from(field.options).some(o => o.selected !== o.defaultSelected)) return true;
  }
  return false;
}

interface KeptForms { forms: Map<string, HTMLFormElement>; focus: HTMLElement | null; selection: [number, number] | null }

function formsInProgress(root: HTMLElement): KeptForms {
  const forms = new Map<string, HTMLFormElement>();
  for (const form of Array.from(root.querySelectorAll('form'))) if (inProgress(form)) forms.set(formKey(form), form);
  const focus = document.activeElement instanceof HTMLElement && root.contains(document.activeElement) ? document.activeElement : null;
  const selection = focus instanceof HTMLTextAreaElement || (focus instanceof HTMLInputElement && focus.type === 'search')
    ? [focus.selectionStart ?? 0, focus.selectionEnd ?? 0] as [number, number] : null;
  return { forms, focus, selection };
}

/** Puts the kept forms in place of their redrawn counterparts (or after the row they belong to), focus included. */
function restoreForms(root: HTMLElement, kept: KeptForms) {
  for (const [key, form] of kept.forms) {
    const counterpart = Array.from(root.querySelectorAll('form')).find(f => formKey(f) === key);
    if (counterpart) { counterpart.replaceWith(form); continue; }
    const row = form.dataset.after ? root.querySelector(`[data-edit="${CSS.escape(form.dataset.after)}"]`)?.closest('.edge-tools') : null;
    row?.after(form);
  }
  if (kept.focus && root.contains(kept.focus)) {
    kept.focus.focus({ preventScroll: true });
    if (kept.selection && (kept.focus instanceof HTMLTextAreaElement || kept.focus instanceof HTMLInputElement))
      kept.focus.setSelectionRange(kept.selection[0], kept.selection[1]);
  }
}
