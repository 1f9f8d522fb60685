// The shortest chain of prerequisite edges between two papers, following edge direction.
import { api, type Chain } from './api';
import { copyLinkButton } from './copy-link';
import { distinctNames, errorBox, h } from './dom';

export function createPathView(config: { container: HTMLElement; onShowChain: (chain: Chain | null, inPlace: boolean) => void }) {
  let controller: AbortController | null = null;
  let shown: { from: string; to: string } | null = null;
  async function load(from: string, to: string, inPlace = false) {
    controller?.abort();
    controller = new AbortController();
    shown = { from, to };
    try {
      const chain = await api.chain(from, to, controller.signal);
      const names = distinctNames(chain.papers);
      config.container.replaceChildren(h('article', { class: 'path-view', 'aria-labelledby': 'path-title' },
        h('p', { class: 'eyebrow' }, 'Shortest prerequisite chain'),
        h('h2', { id: 'path-title' }, `${names[0]} → ${names[names.length - 1]}`),
        h('p', {}, `${chain.edges.length} step${chain.edges.length === 1 ? '' : 's'}, following each edge from prerequisite to what it unlocks.`),
        h('div', { class: 'actions' }, copyLinkButton()),
        h('ol', { class: 'chain-list' }, ...chain.papers.map((p, i) => h('li', {},
          h('a', { href: `#/paper/${encodeURIComponent(p.key)}`, class: 'paper-link' }, p.title),
          i < chain.edges.length ? h('p', { class: 'reason' }, '↓ ', chain.edges[i].reason ?? 'no reason given') : null)))));
      config.onShowChain(chain, inPlace);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      config.container.replaceChildren(errorBox(e, 'Could not find a chain'));
      config.onShowChain(null, inPlace);
    }
  }
  return {
    show: (from: string, to: string) => load(from, to),
    /** Asks for the open chain again and redraws it without moving the graph's view. */
    refresh() { return shown ? load(shown.from, shown.to, true) : Promise.resolve(); },
    hide() { shown = null; controller?.abort(); },
  };
}
