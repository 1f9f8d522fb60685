// The home page's first drawing: an SVG of the map that the server puts in the HTML (FirstDrawingPage.cs), painted
// before any of our JavaScript has loaded. The Cytoscape drawing takes the server's positions and boxes over (so
// nothing moves) and replaces the picture once it has painted itself.
import type { PlacedBox } from './graph-view';

let taken = false;

/** The server's layout of the graph at `sequence` (once: later draws lay out for themselves), or undefined. */
export function serverLayout(sequence: number): ReadonlyMap<string, PlacedBox> | undefined {
  if (taken) return undefined;
  taken = true;
  const text = document.getElementById('first-drawing-data')?.textContent;
  if (!text) return undefined;
  try {
    const data = JSON.parse(text) as { sequence: number; positions: Record<string, PlacedBox> };
    return data.sequence === sequence ? new Map(Object.entries(data.positions)) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the server's picture (Cytoscape has painted the same one) and marks the graph as painted; returns
 * when it was first painted, in ms since navigation (the server's picture, else `now`). */
export function replaceFirstDrawing(now: number): number {
  document.getElementById('first-drawing')?.remove();
  document.body.dataset.graphPainted = 'true';
  return (window as unknown as { __firstPaintMs?: number }).__firstPaintMs ?? now;
}
