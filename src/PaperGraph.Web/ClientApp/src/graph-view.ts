// The drawing: Cytoscape.js with a layered left-to-right layout of our own (layered-layout.ts: with crossing
// reduction for ordinary graphs, linear-time past a few hundred nodes), so prerequisites sit left of what they
// unlock. Sections are colours (and the legend); a list with few prerequisites yet is drawn as section blocks
// (compound nodes with a tinted box, section-layout.ts). Used by the explorer and the console.
//
// Big graphs (thousands of nodes) are drawn for speed: plain rectangles of one size, straight "haystack" edges
// without arrowheads (the layout already reads left to right), labels only once they are legible, edges left
// out of hit-testing, one pixel per CSS pixel, and no edges while the user pans or zooms.
import cytoscape from 'cytoscape';
import { cspNonce, cutAtWord } from './dom';
import { layeredPositions, layeredSmall, type Point } from './layered-layout';
import { fewEdges, sectionGridPositions } from './section-layout';
import { cssVar } from './palette';

export interface ViewNode { id: string; label: string; title: string; group?: string | null; color: string; order?: number; caption?: string; year?: number | null }
export interface ViewEdge { id: string; source: string; target: string; label?: string; title?: string }
export interface ViewGroup { id: string; label: string; color: string }
export interface ViewData { nodes: ViewNode[]; edges: ViewEdge[]; groups?: ViewGroup[] }
/** A paper placed by the server (the home page's first drawing): centre x, y, box width, height, label width. */
export type PlacedBox = readonly [number, number, number, number, number];

export interface GraphViewConfig {
  container: HTMLElement;
  tooltip?: HTMLElement;
  /** Draw section blocks as boxes (compound nodes) while the graph has at most this many nodes. */
  compoundLimit?: number;
  /** Lay out with crossing reduction while the graph has at most this many nodes; the linear layout past that. */
  smallLimit?: number;
  onSelect?: (id: string) => void;
}

export function createGraphView(config: GraphViewConfig) {
  const compoundLimit = config.compoundLimit ?? 400;
  const smallLimit = config.smallLimit ?? 400;
  let big = false;

  mountCytoscapeStylesheet();
  /** A Cytoscape instance for the mode: big graphs get Cytoscape's own options for size (edges hidden while
   * panning or zooming, one pixel per CSS pixel, and the WebGL renderer when the page asks for it with ?webgl=1);
   * a change of mode builds a new instance (these options are fixed when it is created). */
  function create(bigMode: boolean): cytoscape.Core {
    const instance = cytoscape({
      container: config.container,
      style: buildStyle(),
      minZoom: 0.03,
      maxZoom: 3,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      autoungrabify: true,
      motionBlur: false,
      hideEdgesOnViewport: bigMode,
      pixelRatio: bigMode ? 1 : 'auto',
      ...(bigMode && WEBGL ? { renderer: { name: 'canvas', webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions);
    bind(instance);
    return instance;
  }

  function bind(instance: cytoscape.Core) {
    instance.on('tap', 'node', evt => {
      const node = evt.target;
      if (node.data('kind') === 'group') return;
      config.onSelect?.(node.id());
    });
    const tooltip = config.tooltip;
    if (!tooltip) return;
    instance.on('mouseover', 'node', evt => {
      const node = evt.target;
      if (node.data('kind') === 'group') return;
      tooltip.textContent = node.data('title');
      const caption = node.data('caption');
      if (caption) {
        const small = document.createElement('small');
        small.textContent = caption;
        tooltip.append(document.createElement('br'), small);
      }
      const rect = config.container.getBoundingClientRect();
      const pos = node.renderedPosition();
      tooltip.style.left = `${Math.min(rect.left + pos.x + 12, window.innerWidth - 320)}px`;
      tooltip.style.top = `${rect.top + pos.y + 18 + window.scrollY}px`;
      tooltip.hidden = false;
    });
    instance.on('mouseout', 'node', () => { tooltip.hidden = true; });
    instance.on('viewport', () => { tooltip.hidden = true; });
  }

  let cy = create(false);

  function buildStyle(): cytoscape.StylesheetJson {
    const text = cssVar('--node-text') || '#fff';
    const edge = cssVar('--edge') || '#94a3b8';
    const accent = cssVar('--accent') || '#2563eb';
    const fg = cssVar('--fg') || '#111';
    const muted = cssVar('--muted') || '#555';
    const bg = cssVar('--bg') || '#fff';
    const marks = [
      { selector: '.faded', style: { opacity: 0.16 } },
      { selector: 'node.hl', style: { 'border-width': 3, 'border-color': fg } },
      { selector: 'edge.hl', style: { width: 3, 'line-color': accent, 'target-arrow-color': accent, opacity: 1 } },
      { selector: 'node.current', style: { 'border-width': 4, 'border-color': accent, 'underlay-color': accent, 'underlay-opacity': 0.35, 'underlay-padding': 7, 'underlay-shape': 'round-rectangle', opacity: 1 } },
      { selector: 'node.known', style: { 'background-opacity': 0.45 } },
    ];
    // Big graphs: as few rules as will do, with plain selectors (every rule is matched against every element).
    if (big) return [
      {
        selector: 'node',
        style: {
          shape: 'rectangle',
          'background-color': 'data(color)',
          label: 'data(label)',
          color: text,
          'font-size': 13,
          'font-family': 'system-ui, sans-serif',
          'text-valign': 'center',
          'text-halign': 'center',
          width: BIG_NODE.w,
          height: BIG_NODE.h,
          'border-color': accent,
          'min-zoomed-font-size': LEGIBLE_ZOOM * 13,
        },
      },
      { selector: 'edge', style: { width: 1, 'line-color': edge, 'curve-style': 'haystack', 'haystack-radius': 0, opacity: 0.6, events: 'no' } },
      ...marks,
    ] as unknown as cytoscape.StylesheetJson;
    return [
      {
        selector: 'node[kind = "paper"]',
        style: {
          shape: 'round-rectangle',
          'background-color': 'data(color)',
          label: 'data(label)',
          color: text,
          'font-size': 13,
          'font-weight': 600,
          'font-family': 'system-ui, sans-serif',
          'text-valign': 'center',
          'text-halign': 'center',
          'text-wrap': 'wrap',
          'text-max-width': 'data(tw)',
          'line-height': 1.1,
          width: 'data(w)',
          height: 'data(h)',
          'border-width': 0,
          'border-color': accent,
          'min-zoomed-font-size': 0,
        },
      },
      {
        selector: 'node[kind = "group"]',
        style: {
          shape: 'round-rectangle',
          'background-color': 'data(color)',
          'background-opacity': 0.07,
          'border-width': 1,
          'border-style': 'dashed',
          'border-color': 'data(color)',
          'border-opacity': 0.6,
          label: 'data(label)',
          color: muted,
          'font-size': 13,
          'text-valign': 'top',
          'text-halign': 'center',
          'text-margin-y': -2,
          padding: '6px',
          'min-zoomed-font-size': 6,
        },
      },
      {
        selector: 'edge',
        style: {
          width: 1.4,
          'line-color': edge,
          'target-arrow-color': edge,
          'target-arrow-shape': 'triangle',
          'arrow-scale': 0.9,
          'curve-style': 'bezier',
          opacity: 0.85,
          events: 'no',
        },
      },
      { selector: 'edge[label]', style: { label: 'data(label)', 'font-size': 9, color: muted, 'text-rotation': 'autorotate', 'text-background-color': bg, 'text-background-opacity': 0.8, 'min-zoomed-font-size': 8 } },
      ...marks,
    ] as unknown as cytoscape.StylesheetJson;
  }

  /** Draws `data`; `placed` (the server's layout of the same graph, as its first drawing shows it) is used instead
   * of a layout of our own when it places every paper and the drawing reads left to right, so Cytoscape's picture
   * is the server's, box for box. */
  function setData(data: ViewData, options: { fit?: boolean; placed?: ReadonlyMap<string, PlacedBox> } = {}) {
    const n = data.nodes.length;
    const wasBig = big;
    big = n > smallLimit;
    if (wasBig !== big) {
      cy.destroy();
      cy = create(big);
      marked = cy.collection();
    }
    const elements: cytoscape.ElementDefinition[] = [];
    // Big graphs: place every node while adding it (the layered layout is linear), so no layout pass runs.
    const layoutStarted = performance.now();
    const placed = big ? layeredPositions(data.nodes.map((x, i) => ({ id: x.id, order: x.order ?? i })),
      data.edges.map(e => ({ source: e.source, target: e.target }))) : null;
    // A reading list with few prerequisites yet: sections as blocks side by side, papers by year inside.
    const grid = !big && (data.groups?.length ?? 0) > 0 && fewEdges(data.nodes, data.edges)
      ? sectionGridPositions(data.nodes.map((x, i) => ({ id: x.id, group: x.group, year: x.year, order: x.order ?? i })), data.edges,
        { width: config.container.clientWidth || 1280, height: config.container.clientHeight || 700 })
      : null;
    preset = grid;
    // Section boxes only where papers are placed by section; in a layered drawing they would overlap.
    const compound = !!grid && n <= compoundLimit;
    layoutMs = placed || grid ? performance.now() - layoutStarted : 0;
    if (compound) {
      const used = new Set(data.nodes.map(x => x.group).filter(Boolean));
      for (const g of data.groups ?? []) {
        if (used.has(g.id)) elements.push({ group: 'nodes', data: { id: `group:${g.id}`, label: g.label, color: g.color, kind: 'group' } });
      }
    }
    compoundNow = compound;
    const given = options.placed;
    serverPlaced = !big && !grid && given && data.nodes.every(x => given.has(x.id)) ? given : null;
    for (const node of data.nodes) {
      const box = serverPlaced?.get(node.id);
      elements.push({ group: 'nodes', data: box ? { ...nodeData(node), w: box[2], h: box[3], tw: box[4] } : nodeData(node), position: placed?.get(node.id) ?? grid?.get(node.id) });
    }
    const ids = new Set(data.nodes.map(x => x.id));
    for (const e of data.edges) {
      if (!ids.has(e.source) || !ids.has(e.target)) continue;
      elements.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label, title: e.title } });
    }
    provisional.clear();
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    extent = placed ? extentOf(placed.values()) : null;
    runLayout(data, options.fit ?? true);
  }

  /** Whether papers sit in section boxes (compound nodes) in the current drawing. */
  let compoundNow = false;

  function nodeData(node: ViewNode): Record<string, unknown> {
    return big ? {
      // Big graphs get one short line per node: measuring thousands of wrapped labels stalls the page.
      id: node.id, label: cutAtWord(node.label, 16), title: node.title, color: node.color, kind: 'paper', caption: node.caption,
    } : {
      // A zero-width space after '-', '_' and '/' lets long keys ("speculative-decoding") wrap there.
      id: node.id, label: node.label.replace(/([-_/])/g, '$1\u200b'), title: node.title, color: node.color, kind: 'paper', caption: node.caption, year: node.year,
      ...boxFor(node.label),
      parent: compoundNow && node.group ? `group:${node.group}` : undefined,
    };
  }

  /**
   * Brings the drawing to `data` without laying it out again: papers and edges that are gone are removed, the
   * others keep their places (their labels, colours and captions updated), new papers are put next to their
   * neighbours (after their prerequisites, before what they unlock; else beside a paper of their section), and
   * the view (zoom and pan) stays where the reader left it. A change of drawing mode (small ↔ big) draws anew.
   */
  function patch(data: ViewData) {
    if ((data.nodes.length > smallLimit) !== big) { setData(data, { fit: false }); return; }
    const wanted = new Map(data.nodes.map(x => [x.id, x]));
    const wantedEdges = new Map(data.edges.filter(e => wanted.has(e.source) && wanted.has(e.target)).map(e => [e.id, e]));
    const fresh: ViewNode[] = [];
    // A paper placed while it had no edge is placed again when its first edge arrives (added, then linked).
    const edgeless = new Set<string>();
    for (const e of wantedEdges.values()) { if (provisional.has(e.source)) edgeless.add(e.source); if (provisional.has(e.target)) edgeless.add(e.target); }
    cy.batch(() => {
      cy.edges().forEach(edge => { if (!wantedEdges.has(edge.id())) edge.remove(); });
      cy.nodes('[kind = "paper"]').forEach(node => { if (!wanted.has(node.id())) node.remove(); });
      for (const node of data.nodes) {
        const el = cy.getElementById(node.id);
        if (el.nonempty() && edgeless.has(node.id)) { el.remove(); provisional.delete(node.id); }
        if (el.empty() || edgeless.has(node.id)) { fresh.push(node); continue; }
        const next = nodeData(node);
        const { parent, ...rest } = next as { parent?: string };
        el.data(rest);
        if (compoundNow && (parent ?? null) !== (el.data('parent') ?? null) && (!parent || cy.getElementById(parent).nonempty()))
          el.move({ parent: parent ?? null });
      }
    });
    // New papers go where their neighbours are, so nothing else moves.
    const edgesOf = (id: string) => [...wantedEdges.values()].filter(e => e.source === id || e.target === id);
    const across = (lastDir || direction()) !== 'TB' || big || !!preset;
    const groupOf = new Map(data.nodes.map(x => [x.id, x.group ?? null]));
    cy.batch(() => {
      for (const node of fresh) {
        const mine = edgesOf(node.id);
        const at = placeNear(node, mine, across, groupOf);
        if (mine.length === 0) provisional.add(node.id);
        const next = nodeData(node);
        if (compoundNow && next.parent && cy.getElementById(next.parent as string).empty()) next.parent = undefined;
        cy.add({ group: 'nodes', data: next, position: at });
        if (extent) extent = extentOf([{ x: extent.x1 + BIG_NODE.w / 2, y: extent.y1 + BIG_NODE.h / 2 }, { x: extent.x2 - BIG_NODE.w / 2, y: extent.y2 - BIG_NODE.h / 2 }, at]);
      }
      for (const e of wantedEdges.values()) {
        const el = cy.getElementById(e.id);
        if (el.empty()) cy.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label, title: e.title } });
        else el.data({ label: e.label, title: e.title });
      }
    });
    lastData = data;
  }

  /** A free spot for a new paper: one step after its prerequisites (right, or below when the drawing reads top
   * to bottom), else one step before what it unlocks, else under the last paper of its section, else past the
   * drawing's end; moved down until it overlaps no paper. */
  function placeNear(node: ViewNode, edges: ViewEdge[], across: boolean, groupOf: Map<string, string | null>): { x: number; y: number } {
    const pos = (id: string) => { const el = cy.getElementById(id); return el.nonempty() && el.isNode() ? { ...(el as cytoscape.NodeSingular).position() } : null; };
    const prereqs = edges.filter(e => e.target === node.id).map(e => pos(e.source)).filter(p => p !== null);
    const unlocks = edges.filter(e => e.source === node.id).map(e => pos(e.target)).filter(p => p !== null);
    const step = across ? { x: 190, y: 0 } : { x: 0, y: 90 };
    const mean = (ps: { x: number; y: number }[]) => ({ x: ps.reduce((a, p) => a + p.x, 0) / ps.length, y: ps.reduce((a, p) => a + p.y, 0) / ps.length });
    let at: { x: number; y: number };
    if (prereqs.length) {
      const m = mean(prereqs);
      at = across ? { x: Math.max(...prereqs.map(p => p.x)) + step.x, y: m.y } : { x: m.x, y: Math.max(...prereqs.map(p => p.y)) + step.y };
    } else if (unlocks.length) {
      const m = mean(unlocks);
      at = across ? { x: Math.min(...unlocks.map(p => p.x)) - step.x, y: m.y } : { x: m.x, y: Math.min(...unlocks.map(p => p.y)) - step.y };
    } else {
      const mates = node.group ? cy.nodes('[kind = "paper"]').filter(n => groupOf.get(n.id()) === node.group) : cy.collection();
      const bb = (mates.nonempty() ? mates : cy.nodes('[kind = "paper"]')).boundingBox({ includeLabels: false, includeOverlays: false });
      at = Number.isFinite(bb.x1) ? (mates.nonempty() ? { x: (bb.x1 + bb.x2) / 2, y: bb.y2 + 50 } : { x: bb.x2 + step.x, y: (bb.y1 + bb.y2) / 2 }) : { x: 0, y: 0 };
    }
    // Not on top of another paper: step aside (down when reading across, right otherwise) until free.
    const { w, h } = big ? BIG_NODE : boxFor(node.label);
    const others = cy.nodes('[kind = "paper"]').toArray() as cytoscape.NodeSingular[];
    const clear = (p: { x: number; y: number }) => others.every(n => {
      const q = n.position();
      return Math.abs(q.x - p.x) > (w + (n.data('w') ?? BIG_NODE.w)) / 2 + 6 || Math.abs(q.y - p.y) > (h + (n.data('h') ?? BIG_NODE.h)) / 2 + 6;
    });
    for (let i = 0; i < 200 && !clear(at); i++) at = across ? { x: at.x, y: at.y + h + 12 } : { x: at.x + w + 12, y: at.y };
    return at;
  }

  /** Papers added live without an edge yet: placed for now, placed again beside their first neighbour. */
  const provisional = new Set<string>();

  let lastData: ViewData | null = null;
  /** The server's positions for the graph being set, used by the next layout only. */
  let serverPlaced: ReadonlyMap<string, PlacedBox> | null = null;
  /** Positions given by the section grid (no layout pass), when the graph has few edges. */
  let preset: Map<string, { x: number; y: number }> | null = null;
  let lastDir = '';
  const direction = () => {
    const box = config.container.getBoundingClientRect();
    // Phones stay top to bottom even when an open panel makes the graph short and wide.
    return box.width >= 600 && box.width >= box.height * 0.9 ? 'LR' : 'TB';
  };
  // A container that turns from landscape to portrait (or back) gets the other layout, refitted (to the papers
  // in view, if some are highlighted).
  new ResizeObserver(() => {
    cy.resize();
    if (lastData && !big && !preset && config.container.clientWidth > 0 && direction() !== lastDir) {
      runLayout(lastData, true);
      const marked = cy.nodes('.hl');
      if (marked.nonempty()) { cy.fit(marked, 40); if (cy.zoom() > 1.2) cy.zoom({ level: 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); cy.center(marked); }
    }
  }).observe(config.container);

  function runLayout(data: ViewData, fit: boolean) {
    cy.resize();
    lastData = data;
    if (!big && !preset) {
      // Left to right on landscape screens, top to bottom on portrait ones (phones): either way prerequisites first.
      const rankDir = direction();
      lastDir = rankDir;
      const given = serverPlaced;
      serverPlaced = null;
      if (given && rankDir === 'LR') {
        cy.batch(() => cy.nodes('[kind = "paper"]').forEach(node => { const p = given.get(node.id())!; node.position({ x: p[0], y: p[1] }); }));
        layoutMs = 0;
        if (fit) openingView();
        return;
      }
      const started = performance.now();
      const placedNow = layeredSmall(cy.nodes('[kind = "paper"]').map((node, i) => ({
        id: node.id(), order: i, w: node.data('w') ?? BIG_NODE.w, h: node.data('h') ?? BIG_NODE.h,
      })), data.edges, rankDir === 'TB' ? 'TB' : 'LR');
      cy.batch(() => cy.nodes('[kind = "paper"]').forEach(node => { const p = placedNow.get(node.id()); if (p) node.position(p); }));
      layoutMs = performance.now() - started;
    }
    if (fit) openingView();
  }

  /** The first view of a graph: all of it when its labels are legible that way (at least 11 px on screen), else
   * a legible zoom showing where reading starts (the left, or top, of the map), the rest one scroll away. */
  function openingView() {
    fitAll();
    if (big || cy.zoom() >= LEGIBLE_LABEL_ZOOM) return;
    const bb = cy.nodes().boundingBox({ includeLabels: false, includeOverlays: false });
    if (!Number.isFinite(bb.w) || bb.w <= 0) return;
    const zoom = LEGIBLE_LABEL_ZOOM;
    const pad = 24;
    const x = bb.w * zoom <= cy.width() - 2 * pad ? (cy.width() - zoom * (bb.x1 + bb.x2)) / 2 : pad - zoom * bb.x1;
    const y = bb.h * zoom <= cy.height() - 2 * pad ? (cy.height() - zoom * (bb.y1 + bb.y2)) / 2 : pad - zoom * bb.y1;
    cy.viewport({ zoom, pan: { x, y } });
  }

  /** How long the last layout took. */
  let layoutMs = 0;

  /** The big graph's extent, known from the layout: asking Cytoscape would measure every node. */
  let extent: { x1: number; y1: number; x2: number; y2: number; w: number; h: number } | null = null;

  /** Fits the nodes' boxes (labels ignored: measuring every label of a big graph is slow), at most 1.3x. */
  function fitAll() {
    const bb = big && extent ? extent : cy.nodes().boundingBox({ includeLabels: false, includeOverlays: false });
    if (!Number.isFinite(bb.w) || bb.w <= 0) { cy.fit(undefined, 24); return; }
    const pad = 24;
    const zoom = Math.max(cy.minZoom(), Math.min(1.3, (cy.width() - 2 * pad) / bb.w, (cy.height() - 2 * pad) / bb.h));
    cy.viewport({ zoom, pan: { x: (cy.width() - zoom * (bb.x1 + bb.x2)) / 2, y: (cy.height() - zoom * (bb.y1 + bb.y2)) / 2 } });
  }

  /** The elements that carry 'hl' or 'faded' now, so clearing touches only them. */
  let marked = cy.collection();
  function clearMarks() {
    marked.removeClass('faded hl');
    marked = cy.collection();
  }

  return {
    kind: 'canvas' as const,
    get cy() { return cy; },
    setData,
    patch,
    recolor(color: (id: string) => string | undefined) {
      cy.batch(() => cy.nodes('[kind = "paper"]').forEach(n => { const c = color(n.id()); if (c) n.data('color', c); }));
    },
    positionOf(id: string): Point | null {
      const node = cy.getElementById(id);
      return node.nonempty() && node.isNode() ? { ...node.position() } : null;
    },
    addNode(node: ViewNode, at: Point) {
      const existing = cy.getElementById(node.id);
      if (existing.nonempty()) {
        const { id: _, parent: __, ...data } = nodeData(node) as { id: string; parent?: string };
        existing.data(data);
        existing.position(at);
      } else {
        cy.add({ group: 'nodes', data: nodeData(node), position: { ...at } });
      }
    },
    removeNode(id: string) { cy.getElementById(id).remove(); },
    addEdge(edge: ViewEdge) {
      if (cy.getElementById(edge.id).nonempty() || cy.getElementById(edge.source).empty() || cy.getElementById(edge.target).empty()) return;
      cy.add({ group: 'edges', data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label, title: edge.title } });
    },
    removeEdge(id: string) { cy.getElementById(id).remove(); },
    /** Emphasises these nodes (and the edges among them, or the given edges); fades the rest, except on a big
     * graph, where restyling thousands of faded elements would stall the page: there only the few are marked. */
    highlight(nodeIds: Iterable<string>, edgeIds?: Iterable<string>) {
      const keep = new Set(nodeIds);
      cy.batch(() => {
        clearMarks();
        if (keep.size === 0) return;
        if (big) {
          let nodes = cy.collection();
          for (const id of keep) nodes = nodes.union(cy.getElementById(id));
          let edges = nodes.edgesWith(nodes);
          if (edgeIds) {
            edges = cy.collection();
            for (const id of edgeIds) edges = edges.union(cy.getElementById(id));
          }
          marked = nodes.union(edges).addClass('hl');
          return;
        }
        marked = cy.elements();
        const edges = edgeIds ? new Set(edgeIds) : null;
        cy.nodes('[kind = "paper"]').forEach(node => { node.addClass(keep.has(node.id()) ? 'hl' : 'faded'); });
        cy.edges().forEach(edge => {
          const on = edges ? edges.has(edge.id()) : keep.has(edge.source().id()) && keep.has(edge.target().id());
          edge.addClass(on ? 'hl' : 'faded');
        });
      });
    },
    clearHighlight: () => cy.batch(clearMarks),
    /** Marks the current paper and brings it into view. */
    setCurrent(id: string | null, options: { center?: boolean } = {}) {
      cy.nodes('.current').removeClass('current');
      if (!id) return;
      const node = cy.getElementById(id);
      if (node.empty()) return;
      node.addClass('current');
      if (options.center) {
        const ext = cy.extent();
        const p = node.position();
        if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) cy.center(node);
      }
    },
    setKnown(keys: Set<string>) {
      cy.batch(() => cy.nodes('[kind = "paper"]').forEach(n => { if (keys.has(n.id())) n.addClass('known'); else n.removeClass('known'); }));
    },
    /** Fits everything, or just these nodes (never zooming in past maxZoom). */
    fit: (ids?: Iterable<string>, maxZoom = 1.4) => {
      if (!ids) { fitAll(); return; }
      const set = new Set(ids);
      const col = cy.nodes().filter(n => set.has(n.id()));
      cy.fit(col.nonempty() ? col : undefined, 40);
      if (cy.zoom() > maxZoom) cy.zoom({ level: maxZoom, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
      if (col.nonempty()) cy.center(col);
    },
    zoomBy(factor: number) {
      const z = cy.zoom() * factor;
      cy.zoom({ level: Math.max(cy.minZoom(), Math.min(cy.maxZoom(), z)), renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    restyle() { cy.style(buildStyle()); },
    resize() { cy.resize(); },
    has: (id: string) => cy.getElementById(id).nonempty(),
    /** Which way the drawing reads: 'LR' (left to right) or 'TB' (top to bottom, on portrait screens). */
    direction: (): 'LR' | 'TB' => (big || preset ? 'LR' : (lastDir || direction()) as 'LR' | 'TB'),
    /** The zoom at which paper labels are at least 11 px high on screen. */
    legibleZoom: () => LEGIBLE_LABEL_ZOOM,
    /** True while the graph is drawn in the fast mode for big graphs. */
    isBig: () => big,
    layoutMs: () => layoutMs,
    /** Resolves once the renderer has painted what was set (it draws on its next animation frame). */
    painted: () => new Promise<void>(resolve => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    nodeCount: () => cy.nodes('[kind = "paper"]').length,
    destroy: () => cy.destroy(),
  };
}
export type GraphView = ReturnType<typeof createGraphView>;

/** Paper labels are 13 px: at this zoom they are 11 px on screen. */
const LEGIBLE_LABEL_ZOOM = 11 / 13;

/** A paper's box: wide enough for its longest word (a label is never cut inside a word), wrapped to at most
 * about 120 px, tall enough for its lines. Measured with the label's own font. */
function boxFor(label: string): { w: number; h: number; tw: number } {
  const width = (text: string) => measure(text);
  const words = label.split(/[\s\u200b]+|(?<=[-_/])/).filter(Boolean);
  const longest = Math.max(0, ...words.map(width));
  const whole = width(label);
  const tw = Math.ceil(Math.max(Math.min(whole, 104), longest)) + 2;
  let lines = 1, line = 0;
  for (const w of label.split(/\s+/).map(width)) {
    const space = line > 0 ? measure(' ') : 0;
    if (line > 0 && line + space + w > tw) { lines += 1; line = w; } else line += space + w;
  }
  return { w: Math.max(44, tw + 16), h: 14 + lines * 14.5, tw };
}

let measurer: CanvasRenderingContext2D | null = null;
function measure(text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 8;
  measurer.font = '600 13px system-ui, sans-serif';
  return measurer.measureText(text).width;
}

/** A big graph's node size (one line of label). */
const BIG_NODE = { w: 130, h: 26 };

/** Big graphs are drawn with Cytoscape's WebGL renderer when the address asks for it (?webgl=1). */
const WEBGL = new URLSearchParams(location.search).get('webgl') === '1';

/** Below this zoom a big graph's labels (13 px, shown from 9 px on screen) are not drawn. */
const LEGIBLE_ZOOM = 9 / 13;

function extentOf(points: Iterable<{ x: number; y: number }>) {
  let x1 = Infinity, y1 = Infinity, x2 = -Infinity, y2 = -Infinity;
  for (const p of points) {
    x1 = Math.min(x1, p.x); x2 = Math.max(x2, p.x); y1 = Math.min(y1, p.y); y2 = Math.max(y2, p.y);
  }
  x1 -= BIG_NODE.w / 2; x2 += BIG_NODE.w / 2; y1 -= BIG_NODE.h / 2; y2 += BIG_NODE.h / 2;
  return { x1, y1, x2, y2, w: x2 - x1, h: y2 - y1 };
}

/** Cytoscape adds a one-rule <style> to the page unless one with its id is there: put it there first, with the
 * page's CSP nonce, so the Content-Security-Policy (no 'unsafe-inline') lets it in. */
function mountCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  style.nonce = cspNonce();
  style.textContent = '.__________cytoscape_container { position: relative; }';
  document.head.prepend(style);
}
