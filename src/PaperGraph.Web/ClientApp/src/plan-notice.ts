// How a change altered the reader's open plan, in one line: "Your LoRA plan: +1 paper, Adapters at step 4 — by cara".
import type { LearningPlan } from './api';

export function planChangeNotice(before: LearningPlan, after: LearningPlan, label: (key: string) => string, by: string | null): string | null {
  const was = new Map(before.steps.map(s => [s.key, s]));
  const now = new Set(after.steps.map(s => s.key));
  const added = after.steps.filter(s => !was.has(s.key));
  const removed = before.steps.filter(s => !now.has(s.key));
  const moved = after.steps.filter(s => was.has(s.key) && !s.isGoal && was.get(s.key)!.number !== s.number);
  const parts: string[] = [];
  const papers = (n: number) => `${n} paper${n === 1 ? '' : 's'}`;
  if (added.length) parts.push(`+${papers(added.length)}`, ...added.slice(0, 2).map(s => `${label(s.key)} at step ${s.number}`));
  if (added.length > 2) parts.push(`and ${added.length - 2} more`);
  if (removed.length) parts.push(`−${papers(removed.length)}`, ...removed.slice(0, 2).map(s => `${label(s.key)} dropped`));
  if (!added.length && !removed.length) {
    if (moved.length) parts.push(`new order (${label(moved[0].key)} now step ${moved[0].number})`);
    else {
      const reworded = after.steps.find(s => JSON.stringify(s.reasons) !== JSON.stringify(was.get(s.key)?.reasons ?? s.reasons));
      if (!reworded) return null;
      parts.push(`new reason at step ${reworded.number} (${label(reworded.key)})`);
    }
  }
  return `Your ${label(after.goal.key)} plan: ${parts.join(', ')}${by ? ` — by ${by}` : ''}`;
}
