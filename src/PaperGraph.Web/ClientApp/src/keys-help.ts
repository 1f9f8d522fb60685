// The keyboard: "?" shows the keys, "/" focuses search (both ignored while typing in a field), Escape closes.
import { h } from './dom';

export const KEYS: [string, string][] = [
  ['/', 'Search papers'],
  ['?', 'Show these keys'],
  ['← (graph focused)', 'Step to a prerequisite'],
  ['→ (graph focused)', 'Step to what it unlocks'],
  ['↑ ↓ (graph focused)', 'The other choices of the last step, else the next paper in list order'],
  ['Home / End (graph focused)', 'The first / the last paper in reading order'],
  ['Enter (graph focused)', 'Open the current paper'],
  ['Ctrl+Enter (console)', 'Run the query'],
  ['Escape', 'Close this help or the search results'],
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('.cm-editor');
}

export function createKeysHelp(config: { search: HTMLInputElement }) {
  const dialog = h('dialog', { id: 'keys-help', class: 'keys-help', 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title' }, 'Keyboard'),
    h('dl', {}, ...KEYS.flatMap(([k, what]) => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, what)])),
    h('form', { method: 'dialog' }, h('button', { type: 'submit' }, 'Close')));
  document.body.append(dialog);
  document.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === '?') {
      e.preventDefault();
      if (!dialog.open) dialog.showModal();
    } else if (e.key === '/' && !dialog.open) {
      e.preventDefault();
      config.search.focus();
      config.search.select();
    }
  });
  return { show: () => dialog.showModal() };
}
