// Short visible notices (e.g. "Live: new prerequisite word2vec → LoRA"), also read by screen readers.
import { h } from './dom';

export function createNotices(config: { container: HTMLElement; timeoutMs?: number }) {
  return {
    show(text: string, kind: 'info' | 'live' | 'error' = 'info') {
      const note = h('div', { class: `notice notice-${kind}` }, text);
      config.container.append(note);
      while (config.container.childElementCount > 4) config.container.firstElementChild?.remove();
      window.setTimeout(() => note.remove(), config.timeoutMs ?? 8000);
    },
  };
}
export type Notices = ReturnType<typeof createNotices>;
