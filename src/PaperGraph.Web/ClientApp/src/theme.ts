// Light or dark: follows prefers-color-scheme until the reader chooses with the toggle (remembered).

const STORAGE_KEY = 'papergraph.theme';
export type Theme = 'light' | 'dark';

export function createTheme(config: { button: HTMLButtonElement; onChange?: (theme: Theme) => void }) {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const stored = (): Theme | null => {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'dark' || v === 'light' ? v : null;
  };
  const current = (): Theme => stored() ?? (media.matches ? 'dark' : 'light');
  function apply() {
    const theme = current();
    document.documentElement.dataset.theme = theme;
    config.button.setAttribute('aria-pressed', String(theme === 'dark'));
    config.button.title = theme === 'dark' ? 'Dark theme is on' : 'Dark theme is off';
    config.onChange?.(theme);
  }
  config.button.addEventListener('click', () => {
    localStorage.setItem(STORAGE_KEY, current() === 'dark' ? 'light' : 'dark');
    apply();
  });
  media.addEventListener('change', apply);
  apply();
  return { current };
}
