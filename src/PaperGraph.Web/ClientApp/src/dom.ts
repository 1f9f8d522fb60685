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

/** A short label for a paper: the name before a colon when it is short ("BERT"), else the title cut. */
export function shortTitle(title: string, max = 40): string {
  const colon = title.indexOf(':');
  if (colon > 0 && colon <= 24) return title.slice(0, colon);
  return title.length > max ? `${title.slice(0, max - 1).trimEnd()}…` : title;
}
