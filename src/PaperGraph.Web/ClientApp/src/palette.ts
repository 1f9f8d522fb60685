// Section colours: distinct hues that keep white text readable in light mode and dark text in dark mode. styles.css
// repeats them for the server's first drawing (.fd-s0 to .fd-s11, .fd-sx; an E2E test compares the two).

const LIGHT = ['#1d4ed8', '#b45309', '#047857', '#be123c', '#6d28d9', '#0e7490', '#a16207', '#4d7c0f', '#c2410c', '#7e22ce', '#0f766e', '#9f1239'];
const DARK = ['#93c5fd', '#fcd34d', '#6ee7b7', '#fda4af', '#c4b5fd', '#67e8f9', '#fde047', '#bef264', '#fdba74', '#e9d5ff', '#5eead4', '#fecdd3'];

export function sectionColor(index: number, dark: boolean): string {
  const list = dark ? DARK : LIGHT;
  return index < 0 ? (dark ? '#9ca3af' : '#6b7280') : list[index % list.length];
}

export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
