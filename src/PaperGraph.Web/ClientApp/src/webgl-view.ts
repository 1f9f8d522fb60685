// Big graphs (thousands to tens of thousands of papers) drawn with WebGL: sigma.js over a graphology graph.
// Loaded only when a graph is big (its own chunk), so the seed's first script does not carry it.
//
// Papers are discs coloured by section, placed by the linear layered layout (prerequisites left of what they
// unlock); edges are one-pixel lines. Labels appear once a paper is drawn large enough, thinned by sigma's label
// grid. Marks (highlight, current, known) change the few papers concerned only.
//
// Panning and zooming with the mouse do not draw the graph at every step: a drawing of 250,000 edges costs far more
// than a frame where WebGL runs in software (no GPU). While the mouse drags or the wheel turns, the last drawing is
// moved and scaled as a picture (a CSS transform of sigma's canvases, done by the compositor), and the graph is drawn
// once, at the camera that picture shows, when the gesture pauses (GESTURE_PAUSE_MS). Touch keeps sigma's own
// gestures.
//
// While papers are marked (an open paper, a plan, a chain), only the edges among them are drawn, in the accent colour
// on a 2D canvas of their own; the other edges are left out of the drawing until the marks are cleared (as Gephi
// Lite and sigma's own examples do on a selection). At the zoom of a paper's neighbourhood, 250,000 edges are a mesh
// of long lines crossing the screen that hides the few the reader opened the paper for, and rasterizing them costs
// seconds where WebGL runs in software; the papers' discs and labels stay.
import Graph from 'graphology';
import Sigma from 'sigma';
import { EdgeLineProgram, NodePointProgram } from 'sigma/rendering';
import type { RenderParams } from 'sigma/types';
import { cssVar } from './palette';
import { layeredIndexed, type Point } from './layered-layout';
import type { ExplorerViewConfig, ViewImplementation } from './explorer-view';
import type { ViewData, ViewEdge, ViewNode } from './graph-view';

interface NodeAttributes {
  x: number; y: number; size: number; color: string; label: string;
  title: string; caption?: string; base: string; highlighted?: boolean; forceLabel?: boolean;
}
interface EdgeAttributes { size: number; color: string }

/** A paper's radius in screen pixels at the whole-graph view (sigma grows it as the square root of the zoom). */
const NODE_SIZE = 3;
/** A marked paper's radius. */
const MARKED_SIZE = 7;
/** How long the mouse rests (button up, wheel still) before the moved picture is replaced by a drawing. */
const GESTURE_PAUSE_MS = 400;
/** Sigma's zoom step for one wheel notch (its default zoomingRatio). */
const WHEEL_STEP = 1.7;
const MIN_RATIO = 0.002;
const MAX_RATIO = 2;

export function createWebglView(config: ExplorerViewConfig): ViewImplementation {
  const newGraph = () => new Graph<NodeAttributes, EdgeAttributes>({ type: 'directed', multi: false, allowSelfLoops: false });
  let graph = newGraph();
  let layoutMs = 0;
  const colors = () => ({
    edge: withAlpha(cssVar('--edge') || '#94a3b8', 0.45),
    accent: cssVar('--accent') || '#2563eb',
    fg: cssVar('--fg') || '#111',
    label: cssVar('--fg') || '#111',
  });
  let palette = colors();
  /** Papers and edges a mark emphasises; the marks are applied by sigma's reducers, not written into the graph. */
  let highlighted = new Set<string>();
  let highlightedEdges = new Set<string>();
  let current: string | null = null;
  let known = new Set<string>();
  /** True while papers are marked: the other edges are left out of the drawing. */
  let focused = false;
  /** Every edge of the graph, one-pixel lines; not drawn while papers are marked. */
  class BackgroundEdgeProgram extends EdgeLineProgram<NodeAttributes, EdgeAttributes> {
    override render(params: RenderParams) { if (!focused) super.render(params); }
  }
  const renderer = new Sigma<NodeAttributes, EdgeAttributes>(graph, config.container, {
    nodeReducer: (node, a) => {
      const isCurrent = node === current, isMarked = highlighted.has(node), isKnown = known.has(node);
      if (!isCurrent && !isMarked && !isKnown) return a;
      return {
        ...a,
        size: isCurrent || isMarked ? MARKED_SIZE : a.size,
        color: isCurrent ? palette.accent : isKnown ? withAlpha(a.base, 0.45) : a.base,
        highlighted: isCurrent || isMarked,
        forceLabel: isCurrent || isMarked,
      };
    },
    // Papers as points (one vertex each): sigma's default discs are instanced triangles, and software WebGL
    // (SwiftShader) draws an instanced call one instance at a time: 1.7 s for 50,000 papers, nodes and picking.
    defaultNodeType: 'point',
    nodeProgramClasses: { point: NodePointProgram },
    defaultEdgeType: 'line',
    edgeProgramClasses: { line: BackgroundEdgeProgram },
    hideEdgesOnMove: true,
    hideLabelsOnMove: true,
    renderEdgeLabels: false,
    enableEdgeEvents: false,
    labelFont: 'system-ui, sans-serif',
    labelSize: 13,
    labelWeight: '600',
    labelColor: { color: palette.label },
    labelRenderedSizeThreshold: 6,
    labelDensity: 0.6,
    zIndex: false,
    minCameraRatio: MIN_RATIO,
    maxCameraRatio: MAX_RATIO,
    stagePadding: 24,
  });

  // Hover shows the full title (the label is a short name), as on small graphs.
  const tooltip = config.tooltip;
  renderer.on('enterNode', ({ node }) => {
    if (!tooltip) return;
    const a = graph.getNodeAttributes(node);
    tooltip.textContent = a.title;
    if (a.caption) {
      const small = document.createElement('small');
      small.textContent = a.caption;
      tooltip.append(document.createElement('br'), small);
    }
    const rect = config.container.getBoundingClientRect();
    const at = renderer.graphToViewport({ x: a.x, y: a.y });
    tooltip.style.left = `${Math.min(rect.left + at.x + 12, window.innerWidth - 320)}px`;
    tooltip.style.top = `${rect.top + at.y + 18 + window.scrollY}px`;
    tooltip.hidden = false;
  });
  renderer.on('leaveNode', () => { if (tooltip) tooltip.hidden = true; });
  renderer.getCamera().on('updated', () => { if (tooltip) tooltip.hidden = true; });
  renderer.on('clickNode', ({ node }) => { if (!dragged) config.onSelect?.(node); });

  // The page's performance timeline gets each drawing's duration ('graph drawn'), for anyone profiling the page.
  let renderStart = 0;
  let drawings = 0;
  renderer.on('beforeRender', () => { renderStart = performance.now(); });
  renderer.on('afterRender', () => {
    performance.measure('graph drawn', { start: renderStart, end: performance.now() });
    if (++drawings % 500 === 0) performance.clearMeasures('graph drawn');
  });

  // The marked edges, drawn after each drawing on a 2D canvas between sigma's edges and its papers: a few lines with
  // an arrowhead at what they unlock, in the accent colour.
  const marks = renderer.createCanvas('marks', { afterLayer: 'edges' });
  function drawMarks() {
    const { width, height } = renderer.getDimensions();
    const scale = window.devicePixelRatio || 1;
    if (marks.width !== Math.round(width * scale) || marks.height !== Math.round(height * scale)) {
      marks.width = Math.round(width * scale);
      marks.height = Math.round(height * scale);
      marks.style.width = `${width}px`;
      marks.style.height = `${height}px`;
    }
    const context = marks.getContext('2d');
    if (!context) return;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    context.clearRect(0, 0, width, height);
    if (!highlightedEdges.size) return;
    context.strokeStyle = context.fillStyle = palette.accent;
    context.lineWidth = 2;
    const heads: number[] = [];
    context.beginPath();
    for (const edge of highlightedEdges) {
      if (!graph.hasEdge(edge)) continue;
      const s = renderer.getNodeDisplayData(graph.source(edge)), t = renderer.getNodeDisplayData(graph.target(edge));
      if (!s || !t) continue;
      const a = renderer.framedGraphToViewport(s), b = renderer.framedGraphToViewport(t);
      const dx = b.x - a.x, dy = b.y - a.y, length = Math.hypot(dx, dy);
      if (length < 1) continue;
      // The line stops at the edge of what it unlocks, where the arrowhead's tip goes.
      const end = Math.max(0, length - renderer.scaleSize(t.size));
      const ux = dx / length, uy = dy / length;
      context.moveTo(a.x, a.y);
      context.lineTo(a.x + ux * end, a.y + uy * end);
      heads.push(a.x + ux * end, a.y + uy * end, ux, uy);
    }
    context.stroke();
    context.beginPath();
    for (let i = 0; i < heads.length; i += 4) {
      const [x, y, ux, uy] = [heads[i], heads[i + 1], heads[i + 2], heads[i + 3]];
      context.moveTo(x, y);
      context.lineTo(x - ux * 9 - uy * 4, y - uy * 9 + ux * 4);
      context.lineTo(x - ux * 9 + uy * 4, y - uy * 9 - ux * 4);
      context.closePath();
    }
    context.fill();
  }
  renderer.on('afterRender', drawMarks);
  /** Papers or edges were marked or unmarked: the other edges go or come back with the next drawing. */
  function markChanged() {
    focused = highlighted.size > 0 || highlightedEdges.size > 0;
    renderer.scheduleRender();
  }

  // Mouse gestures move a picture of the last drawing; the graph is drawn again once they pause.
  const camera = renderer.getCamera();
  /** The picture's transform: a viewport point p of the last drawing shows at k * p + (tx, ty). */
  let view = { k: 1, tx: 0, ty: 0 };
  let moved = false;
  let settling = false;
  let drag: { x: number; y: number; tx: number; ty: number } | null = null;
  let dragged = false;
  let pause = 0;
  const pictures = () => Object.entries(renderer.getCanvases()).filter(([layer]) => layer !== 'mouse');
  /** Layers with nothing drawn on them: hidden while the picture moves, since each moved layer is composited at every
   * frame (in software here, as a whole canvas whether empty or not; one such layer fewer shows in the frame times). */
  const emptyLayer = (layer: string) =>
    layer === 'edgeLabels' || (layer === 'marks' && !highlightedEdges.size) ||
    ((layer === 'hovers' || layer === 'hoverNodes') && !current && !highlighted.size);
  function showPicture() {
    const transform = moved ? `matrix(${view.k}, 0, 0, ${view.k}, ${view.tx}, ${view.ty})` : '';
    for (const [layer, c] of pictures()) {
      c.style.transformOrigin = '0 0';
      c.style.transform = transform;
      c.style.visibility = moved && emptyLayer(layer) ? 'hidden' : '';
    }
    if (moved && tooltip) tooltip.hidden = true;
  }
  function dropPicture() {
    moved = false;
    view = { k: 1, tx: 0, ty: 0 };
    showPicture();
  }
  /** Sets the camera the moved picture shows; the picture goes when that drawing is made (afterRender). */
  function settle() {
    window.clearTimeout(pause);
    if (drag || !moved) return;
    const { width, height } = renderer.getDimensions();
    const centre = renderer.viewportToFramedGraph({ x: (width / 2 - view.tx) / view.k, y: (height / 2 - view.ty) / view.k });
    settling = true;
    camera.setState({ x: centre.x, y: centre.y, ratio: camera.getBoundedRatio(camera.getState().ratio / view.k) });
  }
  const settleSoon = () => { window.clearTimeout(pause); pause = window.setTimeout(settle, GESTURE_PAUSE_MS); };
  renderer.on('afterRender', () => { if (settling) { settling = false; dropPicture(); } });
  // Any other move of the camera (fit, zoom buttons, opening a paper) starts from what is drawn, not the picture.
  camera.on('updated', () => { if (moved && !settling) { drag = null; dropPicture(); } });
  // The drag is followed by our own listeners, which take the mouse moves before sigma sees them (capturing, on the
  // window; sigma listens on the document while bubbling): sigma looks up the paper under the mouse at every move by
  // reading a pixel back from its picking buffer, a synchronous read that waits for any drawing still in flight (in
  // software WebGL, hundreds of ms after a drawing of 50,000 papers), and the papers under a moved picture are not
  // where its buffer has them anyway. The button's down and up still reach sigma (a click on a paper opens it).
  const listening = new AbortController();
  const position = (e: MouseEvent) => {
    const rect = config.container.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };
  config.container.addEventListener('mousedown', e => {
    if (e.button !== 0) return;
    window.clearTimeout(pause);
    const at = position(e);
    drag = { x: at.x, y: at.y, tx: view.tx, ty: view.ty };
    dragged = false;
  }, { capture: true, signal: listening.signal });
  window.addEventListener('mousemove', e => {
    if (!drag) {
      // Over a moved picture, sigma's picking buffer shows papers where they were: no hover until it is drawn.
      if (moved && e.target instanceof Node && config.container.contains(e.target)) e.stopPropagation();
      return;
    }
    if (!(e.buttons & 1)) { drag = null; if (moved) settleSoon(); return; }
    e.stopPropagation();
    e.preventDefault();
    const at = position(e);
    const dx = at.x - drag.x, dy = at.y - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) dragged = true;
    if (!dragged) return;
    view = { k: view.k, tx: drag.tx + dx, ty: drag.ty + dy };
    moved = true;
    showPicture();
  }, { capture: true, signal: listening.signal });
  window.addEventListener('mouseup', () => { if (!drag) return; drag = null; if (moved) settleSoon(); }, { capture: true, signal: listening.signal });
  // The wheel is taken before sigma sees it (a capturing listener on the container; sigma listens on the same
  // container while bubbling): in sigma 3.0.3, preventSigmaDefault() on a wheel event does not stop its zoom
  // animation, which drew the whole graph at every frame.
  config.container.addEventListener('wheel', e => {
    e.preventDefault();
    e.stopPropagation();
    if (!e.deltaY) return;
    const rect = config.container.getBoundingClientRect();
    const x = e.clientX - rect.left, y = e.clientY - rect.top;
    const ratio = camera.getState().ratio;
    const k = Math.min(ratio / MIN_RATIO, Math.max(ratio / MAX_RATIO, view.k * (e.deltaY < 0 ? WHEEL_STEP : 1 / WHEEL_STEP)));
    const f = k / view.k;
    view = { k, tx: x - f * (x - view.tx), ty: y - f * (y - view.ty) };
    moved = true;
    showPicture();
    settleSoon();
  }, { capture: true, passive: false, signal: listening.signal });

  // A mark changes the look of a few papers: sigma is told about those only (a partial refresh through the
  // reducers). Writing marks into the graph's attributes made sigma index all 300,000 elements again (seconds).
  const dirtyNodes = new Set<string>();
  let flushQueued = false;
  /** Papers or edges were added since the last drawing: sigma indexes everything on its next drawing anyway. */
  let structureChanged = true;
  renderer.on('afterRender', () => { structureChanged = false; });
  function flush() {
    flushQueued = false;
    const nodes = [...dirtyNodes].filter(n => graph.hasNode(n));
    dirtyNodes.clear();
    if (nodes.length) renderer.refresh({ partialGraph: { nodes }, skipIndexation: !structureChanged, schedule: true });
  }
  const queueFlush = () => { if (!flushQueued) { flushQueued = true; queueMicrotask(flush); } };
  const restyleNode = (node: string) => { dirtyNodes.add(node); queueFlush(); };

  function setData(data: ViewData, options: { fit?: boolean } = {}) {
    const started = performance.now();
    const count = data.nodes.length;
    const index = new Map<string, number>();
    data.nodes.forEach((n, i) => index.set(n.id, i));
    const source = new Int32Array(data.edges.length);
    const target = new Int32Array(data.edges.length);
    let m = 0;
    for (const e of data.edges) {
      const a = index.get(e.source), b = index.get(e.target);
      if (a === undefined || b === undefined || a === b) continue;
      source[m] = a; target[m++] = b;
    }
    // Reading order is the order the server sent (section, then year).
    const placed = layeredIndexed(count, source.subarray(0, m), target.subarray(0, m));
    layoutMs = performance.now() - started;
    performance.measure('layout', { start: started, end: performance.now() });
    const filling = performance.now();
    // A new graph filled before sigma sees it: one full indexation instead of an update per paper and edge.
    const next = newGraph();
    highlighted = new Set();
    highlightedEdges = new Set();
    focused = false;
    structureChanged = true;
    data.nodes.forEach((n, i) => next.addNode(n.id, nodeAttributes(n, placed.x[i], -placed.y[i])));
    for (let e = 0; e < m; e++) {
      const s = data.nodes[source[e]].id, t = data.nodes[target[e]].id;
      next.addDirectedEdgeWithKey(`${s}->${t}`, s, t, { size: 1, color: palette.edge });
    }
    if (current && !next.hasNode(current)) current = null;
    graph = next;
    performance.measure('graph filled', { start: filling, end: performance.now() });
    const indexing = performance.now();
    renderer.setGraph(graph);
    performance.measure('graph indexed', { start: indexing, end: performance.now() });
    if (options.fit ?? true) renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  }

  function nodeAttributes(n: ViewNode, x: number, y: number): NodeAttributes {
    const base = n.color;
    return { x, y, size: NODE_SIZE, color: base, base, label: n.label, title: n.title, caption: n.caption };
  }

  /** Centres the camera on these papers, zoomed so they all show (never closer than labels need). */
  function frame(ids: string[]) {
    let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
    for (const id of ids) {
      const d = renderer.getNodeDisplayData(id);
      if (!d) continue;
      x1 = Math.min(x1, d.x); x2 = Math.max(x2, d.x); y1 = Math.min(y1, d.y); y2 = Math.max(y2, d.y);
    }
    if (!Number.isFinite(x1)) return;
    const { width, height } = renderer.getDimensions();
    const aspect = width / Math.max(1, height);
    const span = Math.max((x2 - x1) / Math.max(1, aspect), y2 - y1) * 1.3;
    // Close enough that the papers' labels show (a paper of NODE_SIZE grows with 1/sqrt(ratio)).
    const legible = (NODE_SIZE / 6) ** 2;
    renderer.getCamera().setState({ x: (x1 + x2) / 2, y: (y1 + y2) / 2, ratio: Math.min(legible, Math.max(0.002, span)) });
  }

  /** Removes what is gone, updates what stays (in place), and puts new papers one rank after their
   * prerequisites (else one before what they unlock, else past the right end), so nothing else moves. */
  function patch(data: ViewData) {
    structureChanged = true;
    const wanted = new Map(data.nodes.map(n => [n.id, n]));
    const wantedEdges = new Map(data.edges.filter(e => wanted.has(e.source) && wanted.has(e.target) && e.source !== e.target).map(e => [e.id, e]));
    graph.forEachEdge(e => { if (!wantedEdges.has(e)) { graph.dropEdge(e); highlightedEdges.delete(e); } });
    graph.forEachNode(id => { if (!wanted.has(id)) { graph.dropNode(id); highlighted.delete(id); if (current === id) current = null; } });
    const fresh: ViewNode[] = [];
    for (const n of data.nodes) {
      if (!graph.hasNode(n.id)) { fresh.push(n); continue; }
      const a = graph.getNodeAttributes(n.id);
      if (a.label !== n.label || a.title !== n.title || a.caption !== n.caption || a.base !== n.color)
        graph.mergeNodeAttributes(n.id, { label: n.label, title: n.title, caption: n.caption, base: n.color, color: n.color });
    }
    let right = -Infinity;
    graph.forEachNode((_, a) => { right = Math.max(right, a.x); });
    for (const n of fresh) {
      const mine = [...wantedEdges.values()].filter(e => e.source === n.id || e.target === n.id);
      const at = (ids: string[]) => ids.filter(id => graph.hasNode(id)).map(id => graph.getNodeAttributes(id));
      const before = at(mine.filter(e => e.target === n.id).map(e => e.source));
      const after = at(mine.filter(e => e.source === n.id).map(e => e.target));
      const meanY = (ps: { y: number }[]) => ps.reduce((s, p) => s + p.y, 0) / ps.length;
      const x = before.length ? Math.max(...before.map(p => p.x)) + 240 : after.length ? Math.min(...after.map(p => p.x)) - 240 : (Number.isFinite(right) ? right : 0) + 240;
      const y = before.length ? meanY(before) : after.length ? meanY(after) : 0;
      graph.addNode(n.id, nodeAttributes(n, x, y));
    }
    for (const e of wantedEdges.values())
      if (!graph.hasEdge(e.id) && !graph.hasDirectedEdge(e.source, e.target)) graph.addDirectedEdgeWithKey(e.id, e.source, e.target, { size: 1, color: palette.edge });
  }

  return {
    kind: 'webgl',
    setData,
    patch,
    highlight(nodeIds: Iterable<string>, edgeIds?: Iterable<string>) {
      this.clearHighlight();
      highlighted = new Set([...nodeIds].filter(id => graph.hasNode(id)));
      for (const id of highlighted) restyleNode(id);
      const edges = edgeIds ? [...edgeIds] : [...highlighted].flatMap(id => graph.outEdges(id).filter(e => highlighted.has(graph.target(e))));
      highlightedEdges = new Set(edges.filter(e => graph.hasEdge(e)));
      markChanged();
    },
    clearHighlight() {
      const was = highlighted;
      highlighted = new Set();
      for (const id of was) restyleNode(id);
      highlightedEdges = new Set();
      markChanged();
    },
    setCurrent(id: string | null, options: { center?: boolean } = {}) {
      const was = current;
      current = id && graph.hasNode(id) ? id : null;
      if (was) restyleNode(was);
      if (!current) return;
      restyleNode(current);
      if (options.center) {
        const d = renderer.getNodeDisplayData(current);
        const at = d ? renderer.framedGraphToViewport(d) : null;
        const { width, height } = renderer.getDimensions();
        if (d && at && (at.x < 0 || at.y < 0 || at.x > width || at.y > height)) renderer.getCamera().setState({ x: d.x, y: d.y });
      }
    },
    setKnown(keys: Set<string>) {
      const changed = [...keys].filter(k => !known.has(k)).concat([...known].filter(k => !keys.has(k)));
      known = new Set(keys);
      for (const id of changed) restyleNode(id);
    },
    fit(ids?: Iterable<string>) {
      if (!ids) { renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }); return; }
      frame([...ids]);
    },
    zoomBy(factor: number) {
      const camera = renderer.getCamera();
      camera.setState({ ratio: Math.max(0.002, Math.min(2, camera.getState().ratio / factor)) });
    },
    restyle() {
      palette = colors();
      renderer.setSetting('labelColor', { color: palette.label });
      graph.updateEachEdgeAttributes((_, a) => ({ ...a, color: palette.edge }));
      if (current) restyleNode(current);
    },
    recolor(color: (id: string) => string | undefined) {
      graph.updateEachNodeAttributes((id, a) => {
        const base = color(id) ?? a.base;
        return { ...a, base, color: base };
      });
    },
    // Only a change of size needs a drawing (sigma sizes its canvases as it draws). A refresh would index all
    // 300,000 papers and edges again: opening a paper (the side panel appears) took seconds.
    resize() {
      const { width, height } = renderer.getDimensions();
      if (config.container.offsetWidth !== width || config.container.offsetHeight !== height) renderer.scheduleRender();
    },
    has: (id: string) => graph.hasNode(id),
    layoutMs: () => layoutMs,
    nodeCount: () => graph.order,
    positionOf(id: string): Point | null {
      if (!graph.hasNode(id)) return null;
      const a = graph.getNodeAttributes(id);
      return { x: a.x, y: -a.y };
    },
    addNode(node: ViewNode, at: Point) {
      structureChanged = true;
      if (graph.hasNode(node.id)) graph.mergeNodeAttributes(node.id, { label: node.label, title: node.title, caption: node.caption, base: node.color, color: node.color, x: at.x, y: -at.y });
      else graph.addNode(node.id, nodeAttributes(node, at.x, -at.y));
    },
    removeNode(id: string) {
      structureChanged = true; if (graph.hasNode(id)) graph.dropNode(id); highlighted.delete(id); if (current === id) current = null; },
    addEdge(edge: ViewEdge) {
      structureChanged = true;
      if (graph.hasNode(edge.source) && graph.hasNode(edge.target) && !graph.hasEdge(edge.id))
        graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, { size: 1, color: palette.edge });
    },
    removeEdge(id: string) {
      structureChanged = true; if (graph.hasEdge(id)) graph.dropEdge(id); highlightedEdges.delete(id); },
    destroy() { listening.abort(); renderer.kill(); graph.clear(); },
  };
}

/** #rrggbb (or #rgb) with an alpha channel; other colour forms are returned as they are. */
function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c)?.[1];
  if (!hex) return c;
  const full = hex.length === 3 ? [...hex].map(d => d + d).join('') : hex;
  return `#${full}${Math.round(alpha * 255).toString(16).padStart(2, '0')}`;
}
