// The search combobox ("Search papers"): answers as you type (forgiving match on titles, keys and aliases), from the
// graph the page holds when it holds all of it (paper-search.ts, no wait), else from /api/search after a pause in
// typing; arrow keys move through the answers, Enter or a click opens one.
import { api, type SearchHit } from './api';
import { h } from './dom';

export interface SearchBoxConfig {
  input: HTMLInputElement;
  list: HTMLUListElement;
  onOpen: (key: string) => void;
  describe?: (hit: SearchHit) => string;
  /** A search over the page's own copy of the graph, or null while the server must be asked. */
  local?: () => ((text: string) => SearchHit[]) | null;
}

export function createSearchBox(config: SearchBoxConfig) {
  const { input, list } = config;
  let hits: SearchHit[] = [];
  let active = -1;
  let controller: AbortController | null = null;
  let timer = 0;
  let lastQuery = '';

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function render() {
    list.replaceChildren();
    if (hits.length === 0) {
      if (input.value.trim()) {
        list.append(h('li', { class: 'search-empty', role: 'option', 'aria-disabled': 'true' }, `No paper matches “${input.value.trim()}”`));
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
      } else close();
      return;
    }
    hits.forEach((hit, i) => {
      const li = h('li', {
        id: `search-option-${i}`, role: 'option', class: 'search-option', 'aria-selected': String(i === active), 'data-key': hit.key,
      }, h('span', { class: 'search-title' }, hit.title),
        h('span', { class: 'search-meta' }, [hit.year, config.describe?.(hit)].filter(Boolean).join(' · ')));
      li.addEventListener('mousedown', e => { e.preventDefault(); open(i); });
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    if (active >= 0) input.setAttribute('aria-activedescendant', `search-option-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }

  async function query(text: string): Promise<SearchHit[]> {
    controller?.abort();
    controller = new AbortController();
    try {
      return await api.search(text, controller.signal);
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      return [];
    }
  }

  async function update() {
    const text = input.value.trim();
    lastQuery = text;
    if (!text) { hits = []; close(); return; }
    const find = config.local?.();
    if (find) {
      controller?.abort();
      hits = find(text);
      active = hits.length > 0 ? 0 : -1;
      render();
      return;
    }
    try {
      const result = await query(text);
      if (text !== lastQuery) return;
      hits = result;
      active = hits.length > 0 ? 0 : -1;
      render();
    } catch { /* superseded */ }
  }

  function open(i: number) {
    const hit = hits[i];
    if (!hit) return;
    close();
    input.value = '';
    hits = [];
    config.onOpen(hit.key);
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    // The page's own answer costs milliseconds: no need to wait for a pause in typing.
    if (config.local?.()) void update();
    else timer = window.setTimeout(update, 120);
  });
  input.addEventListener('keydown', async e => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (hits.length === 0) return;
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length;
      render();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      if (text !== lastQuery || hits.length === 0) {
        window.clearTimeout(timer);
        await update();
      }
      open(active >= 0 ? active : 0);
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 150));
  input.addEventListener('focus', () => { if (hits.length) render(); });
  return { focus: () => input.focus() };
}
