// The learning plan: a numbered reading list where each step says why it is there (the curated edge and the
// chain to the goal); ticking a paper you know drops it and whatever only it needed; "ready to read next"
// lists the steps whose prerequisites are all known. The caller highlights the steps in the graph.
import { api, type LearningPlan, type PaperRef } from './api';
import { copyLinkButton } from './copy-link';
import { distinctNames, errorBox, h } from './dom';
import type { KnownStore } from './known-store';

export interface PlanViewConfig {
  container: HTMLElement;
  known: KnownStore;
  /** Called with each plan shown; `inPlace` when it is the open plan brought up to date (do not move the view). */
  onShowPlan: (plan: LearningPlan, inPlace: boolean) => void;
}

export function createPlanView(config: PlanViewConfig) {
  let controller: AbortController | null = null;
  let goal: string | null = null;
  let shown: LearningPlan | null = null;

  const paperLink = (p: PaperRef) => h('a', { href: `#/paper/${encodeURIComponent(p.key)}`, class: 'paper-link' }, p.title);

  function render(plan: LearningPlan) {
    const steps = h('ol', { class: 'plan-steps', 'aria-label': `Reading order for ${plan.goal.title}` },
      ...plan.steps.map(step => {
        const box = h('input', { type: 'checkbox', 'aria-label': `I know ${step.title}` }) as HTMLInputElement;
        box.checked = config.known.has(step.key);
        box.disabled = step.isGoal;
        box.addEventListener('change', () => config.known.set(step.key, box.checked));
        const why = step.isGoal
          ? h('p', { class: 'why' }, 'Your goal.')
          : h('div', { class: 'why' },
            ...step.reasons.map(r => h('p', {}, h('span', { class: 'why-label' }, `Needed for ${r.unlocksTitle}: `), r.reason ?? 'no reason given')),
            step.chain.length > 2 ? h('p', { class: 'chain' }, 'Chain: ', distinctNames(step.chain).join(' → ')) : null);
        return h('li', { class: step.isGoal ? 'plan-step goal' : 'plan-step', 'data-key': step.key },
          h('div', { class: 'step-head' }, box, paperLink(step),
            h('span', { class: 'muted' }, [step.year, step.sectionTitle].filter(Boolean).join(' · '))),
          why);
      }));
    const knownNote = plan.known.length
      ? h('p', { class: 'muted' }, `Skipping ${plan.known.length} paper${plan.known.length === 1 ? '' : 's'} you know`,
        plan.dropped.length ? ` and ${plan.dropped.length} that only they needed` : '', '. ',
        (() => {
          const b = h('button', { type: 'button', class: 'link-button' }, 'Forget what I know');
          b.addEventListener('click', () => config.known.clear());
          return b;
        })())
      : null;
    config.container.replaceChildren(h('article', { class: 'plan-view', 'aria-labelledby': 'plan-title' },
      h('p', { class: 'eyebrow' }, 'Learning plan'),
      h('h2', { id: 'plan-title' }, 'To read ', paperLink(plan.goal)),
      h('p', {}, `${plan.steps.length} step${plan.steps.length === 1 ? '' : 's'}, each after its prerequisites. Tick what you already know.`),
      h('div', { class: 'actions' }, copyLinkButton()),
      knownNote,
      h('h3', {}, 'Ready to read next'),
      h('ul', { class: 'ready-list', 'aria-label': 'Ready to read next' },
        ...plan.readyNext.map(p => h('li', {}, paperLink(p)))),
      h('h3', {}, 'Reading order'),
      steps));
  }

  async function load(key: string, inPlace = false): Promise<{ before: LearningPlan | null; after: LearningPlan } | null> {
    controller?.abort();
    controller = new AbortController();
    const before = goal === key ? shown : null;
    goal = key;
    try {
      const plan = await api.plan(key, config.known.all(), controller.signal);
      // In place: the reader's scroll position in the steps stays where it was.
      const scroll = inPlace ? config.container.scrollTop : 0;
      render(plan);
      if (inPlace) config.container.scrollTop = scroll;
      shown = plan;
      config.onShowPlan(plan, inPlace);
      return { before, after: plan };
    } catch (e) {
      if ((e as Error).name === 'AbortError') return null;
      config.container.replaceChildren(errorBox(e, 'Could not make the plan'));
      return null;
    }
  }

  return {
    get goal() { return goal; },
    show(key: string) {
      config.container.replaceChildren(h('p', { class: 'muted' }, 'Planning…'));
      return load(key);
    },
    /** Asks for the open plan again and redraws it in place; says what it was before and what it is now. */
    refresh() { if (goal) return load(goal, true); return Promise.resolve(null); },
    hide() { goal = null; shown = null; controller?.abort(); },
  };
}
