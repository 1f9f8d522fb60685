// Drawing an edge on the graph, in a curation mode: press "Draw edges", drag from one paper to another, and the
// same reason form as the paper panel's (edge-form.ts: live preview, then the same API call) opens over the graph
// with the two papers named. Contributors draw a proposal. Readers never see the mode.
//
// The gesture is cytoscape-edgehandles (loaded on first use), started on paper nodes only through its public
// start(node), so section boxes keep panning. The module speaks to the graph view through Cytoscape's public API
// alone and asks for the current instance each time (the view may build a new one, e.g. for a big graph).
import cytoscape from 'cytoscape';
import type { EdgeHandlesInstance } from 'cytoscape-edgehandles';
import { h } from './dom';
import { createEdgeForm } from './edge-form';
import { can, onSessionChange } from './session';
import './curation.css';

export interface EdgeDrawingConfig {
  /** The graph view's Cytoscape instance as it is now. */
  cy: () => cytoscape.Core;
  /** Where the "Draw edges" toggle goes (the graph toolbar). */
  toolbar: HTMLElement;
  /** Where the form floats (the graph area). */
  host: HTMLElement;
  /** A paper's short name. */
  label: (key: string) => string;
  /** An edge was saved or proposed. */
  onSaved?: (from: string, to: string) => void;
}

/** The gesture's own elements (edgehandles' classes), styled once per stylesheet. */
const GESTURE_STYLE: { selector: string; style: Record<string, unknown> }[] = [
  { selector: '.eh-ghost-node', style: { opacity: 0, width: 1, height: 1, label: '', events: 'no' } },
  { selector: 'node.eh-source, node.eh-target', style: { 'border-width': 3, 'border-color': '#d97706' } },
  { selector: 'edge.eh-preview, edge.eh-ghost-edge, edge.drawn-edge', style: {
    width: 3, 'line-color': '#d97706', 'target-arrow-color': '#d97706', 'target-arrow-shape': 'triangle',
    'curve-style': 'bezier', 'line-style': 'dashed', opacity: 1 } },
];

let extensionLoad: Promise<void> | null = null;
function loadExtension(): Promise<void> {
  extensionLoad ??= import('cytoscape-edgehandles').then(m => { cytoscape.use(m.default); });
  return extensionLoad;
}

const isPaper = (node: cytoscape.NodeSingular) => node.data('kind') !== 'group' && !node.hasClass('eh-ghost-node');

export function createEdgeDrawing(config: EdgeDrawingConfig) {
  const toggle = h('button', { type: 'button', id: 'draw-edges', 'aria-pressed': 'false', hidden: true,
    title: 'Drag from one paper to another to add a prerequisite edge' }, 'Draw edges') as HTMLButtonElement;
  config.toolbar.append(toggle);
  const panel = h('div', { class: 'draw-panel', hidden: true });
  config.host.append(panel);

  let on = false;
  let bound: { cy: cytoscape.Core; eh: EdgeHandlesInstance; off: () => void } | null = null;
  let draft: cytoscape.EdgeCollection | null = null;

  function styleGesture(cy: cytoscape.Core) {
    // The view may have replaced its stylesheet since (a theme change): add the gesture's rules when missing.
    const style = cy.style() as unknown as { json(): { selector: string }[]; appendFromJson(json: object): unknown; update(): void };
    if (style.json().some(rule => rule.selector === GESTURE_STYLE[0].selector)) return;
    style.appendFromJson(GESTURE_STYLE);
    style.update();
  }

  function attach(cy: cytoscape.Core) {
    if (bound?.cy === cy) return;
    bound?.off();
    const eh = cy.edgehandles({
      // A paper to another paper, once: a cycle is left to the server, which refuses it in words.
      canConnect: (source, target) => !source.same(target) && isPaper(source) && isPaper(target)
        && source.edgesTo(target).filter(e => !e.hasClass('eh-preview')).empty(),
      edgeParams: () => ({ data: {}, classes: 'drawn-edge' }),
      hoverDelay: 100,
      snap: true,
      snapThreshold: 20,
    });
    const start = (e: cytoscape.EventObject) => {
      if (!on || !isPaper(e.target)) return;
      styleGesture(cy);
      eh.start(e.target);
    };
    const complete = (_e: cytoscape.EventObject, source: cytoscape.NodeSingular, target: cytoscape.NodeSingular, added: cytoscape.EdgeCollection) => {
      openForm(source.id(), target.id(), added);
    };
    cy.on('tapstart', 'node', start);
    cy.on('ehcomplete', complete as unknown as cytoscape.EventHandler);
    bound = {
      cy, eh,
      off: () => {
        cy.off('tapstart', 'node', start);
        cy.off('ehcomplete', complete as unknown as cytoscape.EventHandler);
        if (!cy.destroyed()) eh.destroy();
      },
    };
  }

  function closeForm() {
    draft?.remove();
    draft = null;
    panel.hidden = true;
    panel.replaceChildren();
  }

  function openForm(from: string, to: string, added: cytoscape.EdgeCollection) {
    closeForm();
    draft = added;
    const proposing = !can('curator');
    const cancel = h('button', { type: 'button', 'data-cancel': '' }, 'Cancel');
    cancel.addEventListener('click', closeForm);
    const edgeForm = createEdgeForm({
      name: proposing ? 'Propose the drawn edge' : 'Add the drawn edge',
      fields: [h('p', { class: 'drawn-ends' }, h('strong', {}, config.label(from)), ' → ', h('strong', {}, config.label(to)),
        h('span', { class: 'muted' }, ` (${config.label(from)} is read first)`))],
      ends: () => [from, to],
      proposing,
      actions: [cancel],
      onSaved: () => {
        config.onSaved?.(from, to);
        // A proposal keeps its words on screen; a saved edge arrives with the live update, drawn for real.
        if (!proposing) closeForm();
        else { draft?.remove(); draft = null; }
      },
    });
    panel.replaceChildren(h('h3', {}, proposing ? 'Propose the drawn edge' : 'New edge'), edgeForm.form);
    panel.hidden = false;
    edgeForm.schedule();
    edgeForm.reason.focus();
  }

  async function setOn(next: boolean) {
    on = next && can('contributor');
    toggle.setAttribute('aria-pressed', String(on));
    document.body.classList.toggle('drawing-edges', on);
    if (!on) { closeForm(); return; }
    await loadExtension();
    attach(config.cy());
  }

  toggle.addEventListener('click', () => void setOn(!on));
  onSessionChange(() => {
    toggle.hidden = !can('contributor');
    if (on && !can('contributor')) void setOn(false);
  });

  return {
    /** After the view drew new data: keep the mode on the instance it draws with now. */
    refresh() {
      if (on) attach(config.cy());
    },
    isOn: () => on,
  };
}
