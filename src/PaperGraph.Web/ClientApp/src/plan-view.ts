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
  onShowPlan: (plan: LearningPlan) => void;
}

export function createPlanView(config: PlanViewConfig) {
  let controller: AbortController | null = null;
  let goal: string | null = null;

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

  async function load(key: string) {
    controller?.abort();
    controller = new AbortController();
    goal = key;
    try {
      const plan = await api.plan(key, config.known.all(), controller.signal);
      render(plan);
      config.onShowPlan(plan);
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      config.container.replaceChildren(errorBox(e, 'Could not make the plan'));
    }
  }

  return {
    get goal() { return goal; },
    show(key: string) {
      config.container.replaceChildren(h('p', { class: 'muted' }, 'Planning…'));
      return load(key);
    },
    refresh() { if (goal) return load(goal); return Promise.resolve(); },
    hide() { goal = null; controller?.abort(); },
  };
}
