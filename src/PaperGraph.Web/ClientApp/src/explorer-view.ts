// The explorer's drawing, behind one small interface whatever draws it: Cytoscape (canvas) for ordinary graphs,
// where papers are labelled boxes with arrows, and sigma.js (WebGL, webgl-view.ts, loaded on first need) past
// `webglFrom` papers, where Cytoscape's per-element work would stall the page. Each renderer has its own layer in
// the container; the other one is hidden. Without WebGL, big graphs stay on Cytoscape's fast mode.
//
// Besides whole-graph updates (setData), the interface has element-level ones (add, update or remove a paper or
// an edge, read a paper's position) for live changes and curation.
import { createGraphView, type PlacedBox, type ViewData, type ViewEdge, type ViewNode } from './graph-view';
import type { Point } from './layered-layout';

export interface ExplorerViewConfig {
  container: HTMLElement;
  tooltip?: HTMLElement;
  onSelect?: (id: string) => void;
}

/** What each renderer implements. */
export interface ViewImplementation {
  readonly kind: 'canvas' | 'webgl';
  setData(data: ViewData, options?: { fit?: boolean }): void;
  /** Brings the drawing to `data` in place: unchanged papers keep their positions, new ones go next to their
   * neighbours, the view does not move. */
  patch(data: ViewData): void;
  /** Emphasises these papers (and the edges among them, or the given edges). */
  highlight(nodeIds: Iterable<string>, edgeIds?: Iterable<string>): void;
  clearHighlight(): void;
  /** Marks the current paper and, with center, brings it into view. */
  setCurrent(id: string | null, options?: { center?: boolean }): void;
  setKnown(keys: Set<string>): void;
  /** Fits everything, or just these papers (never zooming in past maxZoom). */
  fit(ids?: Iterable<string>, maxZoom?: number): void;
  zoomBy(factor: number): void;
  /** Takes the page's colours again (after a theme change). */
  restyle(): void;
  /** New section colours for the papers (after a theme change). */
  recolor(color: (id: string) => string | undefined): void;
  resize(): void;
  has(id: string): boolean;
  layoutMs(): number;
  nodeCount(): number;
  /** Where a paper is drawn, in the layout's coordinates (x grows left to right), or null. */
  positionOf(id: string): Point | null;
  /** Adds a paper at this position, or updates it (label, title, colour, position) if it is drawn. */
  addNode(node: ViewNode, at: Point): void;
  removeNode(id: string): void;
  addEdge(edge: ViewEdge): void;
  removeEdge(id: string): void;
  destroy(): void;
}

/** Papers from which the explorer draws with WebGL (when the browser has it). */
export const WEBGL_FROM = 2_000;

/** True when this browser can draw with WebGL (checked once). */
export const webglAvailable = (() => {
  let known: boolean | undefined;
  return () => {
    if (known === undefined) {
      try {
        const canvas = document.createElement('canvas');
        known = !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
      } catch {
        known = false;
      }
    }
    return known;
  };
})();

export function createExplorerView(config: ExplorerViewConfig & { webglFrom?: number }) {
  const webglFrom = config.webglFrom ?? WEBGL_FROM;
  const layer = () => {
    const div = document.createElement('div');
    div.className = 'graph-layer';
    config.container.append(div);
    return div;
  };
  const canvasLayer = layer();
  const canvas = createGraphView({ container: canvasLayer, tooltip: config.tooltip, onSelect: config.onSelect });
  let webglLayer: HTMLElement | null = null;
  let webgl: ViewImplementation | null = null;
  let active: ViewImplementation = canvas;

  const kindFor = (data: ViewData) => (data.nodes.length >= webglFrom && webglAvailable() ? 'webgl' : 'canvas');

  async function use(kind: 'canvas' | 'webgl') {
    if (kind === 'webgl' && !webgl) {
      const start = performance.now();
      const { createWebglView } = await import('./webgl-view');
      performance.measure('renderer loaded', { start, end: performance.now() });
      webglLayer = layer();
      webgl = createWebglView({ container: webglLayer, tooltip: config.tooltip, onSelect: config.onSelect });
    }
    const next = kind === 'webgl' ? webgl! : canvas;
    if (next === active) return;
    active.clearHighlight();
    active.setCurrent(null);
    active = next;
    canvasLayer.hidden = kind !== 'canvas';
    if (webglLayer) webglLayer.hidden = kind !== 'webgl';
    active.resize();
  }

  return {
    /** Cytoscape's instance (the canvas renderer), for the page's own probes. */
    get cy() { return canvas.cy; },
    /** Which renderer draws the graph now. */
    renderer: () => active.kind,
    /** Draws this graph, with WebGL when it is big and the browser has it. */
    async setData(data: ViewData, options: { fit?: boolean; placed?: ReadonlyMap<string, PlacedBox> } = {}) {
      await use(kindFor(data));
      active.setData(data, options);
    },
    /** Brings the drawing to `data` in place (a change of renderer draws anew, keeping the view's zoom aside). */
    async patch(data: ViewData) {
      const kind = kindFor(data);
      if (kind !== active.kind) { await use(kind); active.setData(data, { fit: true }); return; }
      active.patch(data);
    },
    highlight: (nodeIds: Iterable<string>, edgeIds?: Iterable<string>) => active.highlight(nodeIds, edgeIds),
    clearHighlight: () => active.clearHighlight(),
    setCurrent: (id: string | null, options?: { center?: boolean }) => active.setCurrent(id, options),
    setKnown: (keys: Set<string>) => active.setKnown(keys),
    fit: (ids?: Iterable<string>, maxZoom?: number) => active.fit(ids, maxZoom),
    zoomBy: (factor: number) => active.zoomBy(factor),
    restyle: () => active.restyle(),
    recolor: (color: (id: string) => string | undefined) => active.recolor(color),
    resize: () => active.resize(),
    has: (id: string) => active.has(id),
    layoutMs: () => active.layoutMs(),
    nodeCount: () => active.nodeCount(),
    positionOf: (id: string) => active.positionOf(id),
    addNode: (node: ViewNode, at: Point) => active.addNode(node, at),
    removeNode: (id: string) => active.removeNode(id),
    addEdge: (edge: ViewEdge) => active.addEdge(edge),
    removeEdge: (id: string) => active.removeEdge(id),
    /** Which way the drawing reads: 'LR' (left to right) or 'TB' (top to bottom, on portrait screens). */
    direction: (): 'LR' | 'TB' => (active.kind === 'webgl' ? 'LR' : canvas.direction()),
    /** True while the graph is drawn in a mode for big graphs (Cytoscape's fast mode or WebGL). */
    isBig: () => active.kind === 'webgl' || canvas.isBig(),
    /** Resolves once the renderer has painted what was set (both draw on their next animation frame). */
    painted: () => new Promise<void>(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  };
}
export type ExplorerView = ReturnType<typeof createExplorerView>;
