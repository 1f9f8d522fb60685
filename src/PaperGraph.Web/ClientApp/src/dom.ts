// A tiny element builder. Text always goes in as text nodes (textContent), never as HTML, so a title or a
// reason can never inject markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (name === 'class') el.className = String(value);
    // Through the CSSOM: the Content-Security-Policy (no 'unsafe-inline') blocks a style attribute set as markup.
    else if (name === 'style') el.style.cssText = String(value);
    else if (value === true) el.setAttribute(name, '');
    else if (name === 'href' || name === 'src') {
      // Only http(s) and same-page links: a stored `javascript:` or `data:` URL never becomes a link.
      const url = safeUrl(String(value));
      if (url !== null) el.setAttribute(name, url);
    }
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

/** The URL when it is http(s) or a link within this page (`#…`, `/…`), else null. */
export function safeUrl(url: string): string | null {
  const text = url.trim();
  if (text.startsWith('#') || (text.startsWith('/') && !text.startsWith('//'))) return text;
  try {
    const parsed = new URL(text);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The page's Content-Security-Policy nonce (the server stamps it on index.html's scripts), for the elements
 * the client must create itself: CodeMirror's and Cytoscape's stylesheets. Empty when there is none. */
export function cspNonce(): string {
  return document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
}

export function append(el: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

/** A short label for a paper: the name before a colon when it is short ("BERT"), else the title cut at a word
 * boundary (never mid-word, unless one word is longer than the whole budget). */
export function shortTitle(title: string, max = 40): string {
  const colon = title.indexOf(':');
  if (colon > 0 && colon <= 24) return title.slice(0, colon);
  return cutAtWord(title, max);
}

/** The text cut to at most `max` characters at a space (with "…"), or as it is when it fits. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const space = head.search(/\s\S*$/);
  const cut = space > max / 3 ? head.slice(0, space) : head;
  return `${cut.trimEnd().replace(/[\s,;:.\-–—(]+$/, '')}…`;
}

/** A section's name for people: its title, after its key only when the key is a number like "1.1" (a slug
 * such as "trending-llm-projects" just repeats the title). */
export function sectionLabel(s: { key: string; title: string }): string {
  return /^\d+(\.\d+)*$/.test(s.key) && s.key !== s.title ? `${s.key} ${s.title}` : s.title;
}

/** Names that tell these papers apart: the short form of each title, or more of it (and then the year) where
 * two short forms are the same ("CS224n Lecture Notes" twice becomes their full titles). */
export function distinctNames(papers: { key: string; title: string; year?: number | null }[], max = 40): string[] {
  const short = papers.map(p => shortTitle(p.title, max));
  const count = (list: string[], x: string) => list.filter(y => y === x).length;
  const longer = short.map((s, i) => (count(short, s) > 1 ? cutAtWord(papers[i].title, 90) : s));
  return longer.map((s, i) => (count(longer, s) > 1 ? `${s} (${papers[i].year ?? papers[i].key})` : s));
}

/** An error box for a failed request; a paper that is not there lists the papers the server suggests instead. */
export function errorBox(e: unknown, fallbackTitle: string): HTMLElement {
  const err = e as { title?: string; message: string; suggestions?: { key: string; title: string; year: number | null }[]; status?: number };
  const title = typeof err.status === 'number' && err.title ? err.title : fallbackTitle;
  const suggestions = err.suggestions ?? [];
  return h('div', { class: 'error', role: 'alert' },
    h('h2', {}, title),
    h('p', {}, suggestions.length ? err.message.replace(/ Did you mean .*$/, '') : err.message),
    suggestions.length ? h('p', {}, 'Did you mean:') : null,
    suggestions.length ? h('ul', { class: 'suggestions' }, ...suggestions.map(p => h('li', {},
      h('a', { href: `#/paper/${encodeURIComponent(p.key)}`, class: 'paper-link' }, p.title),
      p.year ? h('span', { class: 'muted' }, ` (${p.year})`) : null))) : null,
    h('p', {}, h('a', { href: '#/' }, 'Back to the whole map')));
}
