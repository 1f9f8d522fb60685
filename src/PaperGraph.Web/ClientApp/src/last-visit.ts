// "Since your last visit": the page remembers the newest change it has shown and the plans opened here
// (localStorage: change numbers and paper keys, nothing secret). On return it lists what changed since, the
// changes touching a paper of one of those plans first, each linking to the graph as it stood right after it.
import { curationApi, describeChange, type HistoryEntry } from './curation-api';
import { h } from './dom';

const SEEN_KEY = 'papergraph.lastSeenChange';
const PLANS_KEY = 'papergraph.myPlans';
const MAX_PLANS = 12;
/** The most changes listed; past that the list says how to see the rest (the History view). */
const MAX_LISTED = 50;

export interface MyPlan { goal: string; steps: string[] }

export interface LastVisitConfig {
  container: HTMLElement;
  label: (key: string) => string;
}

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : JSON.parse(raw) as T;
  } catch { return fallback; }
}

function write(key: string, value: unknown) {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: nothing remembered */ }
}

export function createLastVisit(config: LastVisitConfig) {
  const seen = () => { const v = read<unknown>(SEEN_KEY, null); return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null; };
  const plans = () => { const v = read<unknown>(PLANS_KEY, []); return Array.isArray(v) ? v.filter((p): p is MyPlan => typeof p?.goal === 'string' && Array.isArray(p?.steps)) : []; };

  /** Marks change `seq` as seen (the page showed it, live or in this list). */
  function markSeen(seq: number) {
    const now = seen();
    if (now === null || seq > now) write(SEEN_KEY, seq);
  }

  /** Remembers a plan opened here: its goal and steps (newest first, a few kept). */
  function rememberPlan(goal: string, steps: string[]) {
    write(PLANS_KEY, [{ goal, steps }, ...plans().filter(p => p.goal !== goal)].slice(0, MAX_PLANS));
  }

  /** The plan (goal) an entry touches, if any of mine. */
  function planOf(e: HistoryEntry, mine: MyPlan[]): MyPlan | undefined {
    const keys = [e.from, e.to, e.paper].filter((k): k is string => !!k);
    return mine.find(p => keys.some(k => k === p.goal || p.steps.includes(k)));
  }

  function render(entries: HistoryEntry[], more: boolean) {
    const mine = plans();
    const tagged = entries.map(e => ({ e, plan: planOf(e, mine) }));
    // Papers in my plans first; newest first within each group.
    const ordered = [...tagged.filter(t => t.plan), ...tagged.filter(t => !t.plan)];
    const close = h('button', { type: 'button', class: 'link-button', 'aria-label': 'Dismiss what changed since your last visit' }, 'Dismiss');
    const card = h('section', { class: 'since-visit', 'aria-labelledby': 'since-visit-title' },
      h('div', { class: 'since-visit-head' },
        h('h2', { id: 'since-visit-title' }, 'Since your last visit'), close),
      h('p', { class: 'muted' }, `${entries.length}${more ? '+' : ''} change${entries.length === 1 ? '' : 's'}; each opens the graph as it stood right after it.`),
      h('ul', { class: 'since-visit-list' }, ...ordered.map(({ e, plan }) => h('li', { 'data-seq': String(e.seq), class: plan ? 'in-plan' : '' },
        h('a', { href: `#/?asOf=${e.seq}` }, `${e.curator} ${describeChange(e, config.label)}`),
        plan ? h('span', { class: 'plan-tag' }, ` · your ${config.label(plan.goal)} plan`) : null,
        e.at ? h('span', { class: 'muted' }, ` · ${new Date(e.at).toLocaleString()}`) : null))),
      more ? h('p', {}, h('a', { href: '#/history' }, 'All changes in History')) : null);
    close.addEventListener('click', () => card.remove());
    config.container.replaceChildren(card);
  }

  return {
    markSeen,
    rememberPlan,
    plans,
    /** On page load: lists the changes since the remembered one (the first visit remembers the newest only). */
    async start() {
      const since = seen();
      const newest = (await curationApi.history({ limit: 1 }))[0]?.seq ?? 0;
      if (since !== null && since < newest) {
        const entries = await curationApi.history({ since, limit: MAX_LISTED + 1 });
        if (entries.length) render(entries.slice(0, MAX_LISTED), entries.length > MAX_LISTED);
      }
      markSeen(newest);
    },
  };
}
export type LastVisit = ReturnType<typeof createLastVisit>;
