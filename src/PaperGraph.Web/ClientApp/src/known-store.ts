// The papers the reader says they know, remembered in this browser (localStorage).

const STORAGE_KEY = 'papergraph.known';

export function createKnownStore(config: { onChange?: (known: Set<string>) => void } = {}) {
  let known = load();
  function load(): Set<string> {
    try {
      const raw = localStorage.getItem(STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return new Set(Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  }
  function save() {
    try { localStorage.setItem(STORAGE_KEY, JSON.stringify([...known].sort())); } catch { /* private mode */ }
    config.onChange?.(new Set(known));
  }
  window.addEventListener('storage', e => { if (e.key === STORAGE_KEY) { known = load(); config.onChange?.(new Set(known)); } });
  return {
    has: (key: string) => known.has(key),
    all: () => [...known].sort(),
    set(key: string, isKnown: boolean) {
      if (isKnown === known.has(key)) return;
      if (isKnown) known.add(key); else known.delete(key);
      save();
    },
    clear() { known.clear(); save(); },
  };
}
export type KnownStore = ReturnType<typeof createKnownStore>;
