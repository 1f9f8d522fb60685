// Walking the graph by keyboard alone: ArrowLeft steps to a prerequisite, ArrowRight to something it unlocks,
// ArrowUp/ArrowDown to the other choices of the last step, Home/End to the first/last paper in reading order,
// Enter opens the paper.
// Each step is announced in a live region: "BERT — needs word2vec: reason …; unlocks GPT-2".
import { shortTitle } from './dom';
import type { GraphModel } from './graph-model';

export interface KeyboardWalkConfig {
  target: HTMLElement;
  announcer: HTMLElement;
  model: () => GraphModel | null;
  current: () => string | null;
  onStep: (key: string) => void;
}

export function describePaper(model: GraphModel, key: string): string {
  const title = (k: string) => shortTitle(model.papers.get(k)?.title ?? k, 60);
  const pre = model.prerequisites.get(key) ?? [];
  const next = model.unlocks.get(key) ?? [];
  const needs = pre.length
    ? `needs ${pre.map(e => `${title(e.from)}${e.reason ? `: ${e.reason}` : ''}`).join('; ')}`
    : 'needs nothing';
  const unlocks = next.length ? `unlocks ${next.map(e => title(e.to)).join(', ')}` : 'unlocks nothing yet';
  return `${title(key)} — ${needs}; ${unlocks}`;
}

export function createKeyboardWalk(config: KeyboardWalkConfig) {
  let choices: string[] = [];
  let choiceIndex = 0;

  function step(key: string, announce = true) {
    config.onStep(key);
    const model = config.model();
    if (announce && model) config.announcer.textContent = describePaper(model, key);
  }

  config.target.addEventListener('keydown', e => {
    const model = config.model();
    if (!model || model.data.papers.length === 0) return;
    const here = config.current();
    const go = (list: string[], what: string) => {
      e.preventDefault();
      if (list.length === 0) {
        config.announcer.textContent = `${shortTitle(model.papers.get(here!)?.title ?? '', 60)} has no ${what}.`;
        return;
      }
      choices = list;
      choiceIndex = 0;
      step(list[0]);
    };
    switch (e.key) {
      case 'ArrowLeft':
        if (!here) return step(model.data.papers[0].key);
        return go((model.prerequisites.get(here) ?? []).map(x => x.from), 'prerequisites');
      case 'ArrowRight':
        if (!here) return step(model.data.papers[0].key);
        return go((model.unlocks.get(here) ?? []).map(x => x.to), 'unlocks');
      case 'ArrowUp':
      case 'ArrowDown': {
        e.preventDefault();
        if (!here) return step(model.data.papers[0].key);
        if (choices.length <= 1 || !choices.includes(here)) {
          // No choice list yet: walk the papers in list order.
          const keys = model.data.papers.map(p => p.key);
          const i = keys.indexOf(here);
          return step(keys[(i + (e.key === 'ArrowDown' ? 1 : keys.length - 1)) % keys.length]);
        }
        choiceIndex = (choices.indexOf(here) + (e.key === 'ArrowDown' ? 1 : choices.length - 1)) % choices.length;
        return step(choices[choiceIndex]);
      }
      case 'Home':
        e.preventDefault();
        return step(model.data.papers[0].key);
      case 'End':
        e.preventDefault();
        return step(model.data.papers[model.data.papers.length - 1].key);
      case 'Enter':
      case ' ':
        if (here) { e.preventDefault(); step(here); }
        return;
    }
  });
  return { announce: (key: string) => { const m = config.model(); if (m) config.announcer.textContent = describePaper(m, key); } };
}
