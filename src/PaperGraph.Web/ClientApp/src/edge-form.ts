// The reason form shared by every way a curator adds an edge in the browser (the paper panel's picker and the
// edge drawn on the graph): a reason, a live preview of what the edge would do (the cycle it would close, whether
// it is implied, the learning plans it changes), then the same API call. Contributors get it as a proposal.
// Refusals are shown in words next to the form.
import { ApiError } from './api';
import { curationApi, type EdgePreview } from './curation-api';
import { h } from './dom';

export interface EdgeFormConfig {
  /** Accessible name of the form ("Add an edge", "Propose an edge", "Draw an edge"). */
  name: string;
  /** Fields shown before the reason (the panel's direction and paper picker; a drawn edge's ends in words). */
  fields: HTMLElement[];
  /** The edge as chosen so far, or null while the other paper is not picked. */
  ends: () => [string, string] | null;
  proposing: boolean;
  /** The edge was saved (or proposed). */
  onSaved: (from: string, to: string) => void;
  /** Buttons after the submit button (Cancel for a drawn edge). */
  actions?: HTMLElement[];
}

/** A refusal or failure in the server's words. */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? `${e.title}: ${e.detail || e.message}` : (e as Error).message;
}

let formCount = 0;

export function createEdgeForm(config: EdgeFormConfig) {
  const id = `edge-form-${++formCount}`;
  const reason = h('textarea', { id: `${id}-reason`, name: 'reason', placeholder: 'Why read one before the other (one line for the learner)' }) as HTMLTextAreaElement;
  const preview = h('p', { class: 'preview', role: 'status', hidden: true, 'data-preview': '' });
  const error = h('p', { class: 'form-error', role: 'alert', 'data-refusal': '' });
  const submit = h('button', { type: 'submit', class: 'primary' }, config.proposing ? 'Propose' : 'Add edge');
  let controller: AbortController | null = null;
  let timer = 0;

  async function refreshPreview() {
    const e = config.ends();
    if (!e) { preview.hidden = true; return; }
    controller?.abort();
    controller = new AbortController();
    try {
      const p: EdgePreview = await curationApi.preview(e[0], e[1], controller.signal);
      preview.textContent = p.summary;
      preview.classList.toggle('refused', !!p.cycle);
      preview.hidden = false;
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      preview.textContent = errorText(err);
      preview.classList.add('refused');
      preview.hidden = false;
    }
  }
  /** Asks for the preview again shortly (the curator is still typing or picking). */
  const schedule = () => { window.clearTimeout(timer); timer = window.setTimeout(() => void refreshPreview(), 150); };
  reason.addEventListener('input', schedule);

  const form = h('form', { class: 'curate-form', 'aria-label': config.name },
    ...config.fields,
    h('label', { for: reason.id }, 'Reason'), reason,
    preview, h('div', { class: 'form-actions' }, submit, ...(config.actions ?? [])), error) as HTMLFormElement;
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    error.textContent = '';
    const e = config.ends();
    if (!e) { error.textContent = 'Pick the other paper from the search results.'; return; }
    submit.disabled = true;
    try {
      if (config.proposing) {
        await curationApi.propose(e[0], e[1], reason.value);
        error.textContent = 'Proposed: a curator will review it.';
      } else {
        await curationApi.addEdge(e[0], e[1], reason.value);
      }
      config.onSaved(e[0], e[1]);
    } catch (err) {
      error.textContent = errorText(err);
    } finally {
      submit.disabled = false;
    }
  });
  return {
    form, reason, schedule,
    /** Shows a line in the form's status (where refusals go). */
    say: (text: string) => { error.textContent = text; },
    /** Hides the preview (the other paper was un-picked). */
    clearPreview: () => { controller?.abort(); preview.hidden = true; },
  };
}
