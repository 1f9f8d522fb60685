// The accessible list view: the same content as the drawing, as headings and lists (sections, papers, each
// paper's prerequisites and what it unlocks, with reasons).
import { h, sectionLabel } from './dom';
import type { GraphModel } from './graph-model';

export function createListView(config: { container: HTMLElement }) {
  function render(model: GraphModel) {
    const name = (key: string) => model.papers.get(key)?.title ?? key;
    const bySection = new Map<string, typeof model.data.papers>();
    for (const p of model.data.papers) {
      const s = p.section ?? '';
      if (!bySection.has(s)) bySection.set(s, []);
      bySection.get(s)!.push(p);
    }
    const blocks = [...model.data.sections.map(s => ({ key: s.key, title: sectionLabel(s), part: s.part })),
      { key: '', title: 'Curated additions (not in the list)', part: null }]
      .filter(s => bySection.has(s.key))
      .map(s => h('section', { class: 'list-section', 'aria-labelledby': `list-${s.key || 'extra'}` },
        h('h2', { id: `list-${s.key || 'extra'}` }, s.title, s.part ? h('small', { class: 'muted' }, ` — ${s.part}`) : null),
        h('ul', {}, ...bySection.get(s.key)!.map(p => {
          const pre = model.prerequisites.get(p.key) ?? [];
          const next = model.unlocks.get(p.key) ?? [];
          return h('li', { class: 'list-paper' },
            h('a', { href: `#/paper/${encodeURIComponent(p.key)}`, class: 'paper-link' }, p.title),
            p.year ? h('span', { class: 'muted' }, ` (${p.year})`) : null,
            // One line per prerequisite, so a reason's own full stop never meets a separator (no ".;").
            pre.length ? h('div', { class: 'needs' }, h('strong', {}, 'Needs:'), h('ul', {}, ...pre.map(e => h('li', {},
              name(e.from), e.reason ? ` — ${e.reason}` : null)))) : null,
            next.length ? h('p', {}, h('strong', {}, 'Unlocks: '), next.map(e => name(e.to)).join(', ')) : null);
        }))));
    const shownNote = model.data.total > model.data.papers.length
      ? h('p', { role: 'status' }, `Showing ${model.data.papers.length} of ${model.data.total} papers.`) : null;
    config.container.replaceChildren(...[shownNote, ...blocks].filter((x): x is HTMLElement => x !== null));
  }
  return { render };
}
