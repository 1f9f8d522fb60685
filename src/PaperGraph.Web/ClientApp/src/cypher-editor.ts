// The CodeMirror 6 editor for Cypher: highlighting (the legacy cypher mode), completion of keywords,
// functions, labels, relationship types, property keys and parameters, Ctrl/Cmd+Enter to run, a mark
// under the exact span an error points at, and lint while typing: a short pause after the last keystroke,
// POST /api/cypher/lint parses the text on the server and every syntax problem is underlined.
import { autocompletion, closeBrackets, closeCompletion, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import { EditorState, Prec, StateEffect, StateField, type Text } from '@codemirror/state';
import { Decoration, type DecorationSet, drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { cspNonce } from './dom';

export interface CypherSchema { labels: string[]; relationshipTypes: string[]; propertyKeys: string[]; parameters: string[] }

const KEYWORDS = ['MATCH', 'OPTIONAL MATCH', 'WHERE', 'RETURN', 'WITH', 'ORDER BY', 'SKIP', 'LIMIT', 'DISTINCT', 'AS', 'UNWIND',
  'CREATE', 'MERGE', 'ON CREATE SET', 'ON MATCH SET', 'SET', 'REMOVE', 'DELETE', 'DETACH DELETE', 'CALL', 'YIELD', 'UNION', 'UNION ALL',
  'AND', 'OR', 'XOR', 'NOT', 'IN', 'STARTS WITH', 'ENDS WITH', 'CONTAINS', 'IS NULL', 'IS NOT NULL', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END',
  'EXISTS', 'ASC', 'DESC', 'EXPLAIN', 'PROFILE', 'true', 'false', 'null'];
const FUNCTIONS = ['count', 'collect', 'sum', 'avg', 'min', 'max', 'size', 'length', 'nodes', 'relationships', 'labels', 'type', 'keys',
  'properties', 'id', 'elementId', 'startNode', 'endNode', 'shortestPath', 'allShortestPaths', 'coalesce', 'head', 'last', 'tail',
  'range', 'reverse', 'toLower', 'toUpper', 'toString', 'toInteger', 'toFloat', 'trim', 'split', 'substring', 'replace', 'exists',
  'any', 'all', 'none', 'single', 'reduce', 'abs', 'round', 'floor', 'ceil', 'rand', 'timestamp', 'date', 'datetime'];

const setError = StateEffect.define<{ from: number; to: number } | null>();
const errorMark = Decoration.mark({ class: 'cm-error-mark' });
const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const e of tr.effects) {
      if (e.is(setError)) return e.value ? Decoration.set([errorMark.range(e.value.from, e.value.to)]) : Decoration.none;
    }
    return tr.docChanged ? Decoration.none : marks;
  },
  provide: f => EditorView.decorations.from(f),
});

interface LintProblem { line: number; column: number; offset: number; length: number; message: string; code: string; severity: 'error' | 'warning' }

/** How long the editor waits after the last keystroke before asking the server to lint. */
export const LINT_DELAY_MS = 350;

/** The server's problems as CodeMirror diagnostics: at least one character underlined, inside the text. */
export function toDiagnostics(problems: LintProblem[], doc: Text): Diagnostic[] {
  return problems.map(p => {
    let from = Math.max(0, Math.min(p.offset, doc.length));
    let to = Math.min(doc.length, from + Math.max(1, p.length));
    if (from === to && from > 0) from -= 1; // a problem at the very end (a missing bracket): mark the last character
    return { from, to, severity: p.severity, message: `${p.message} (line ${p.line}, column ${p.column})`, source: p.code };
  });
}

/** Lints the editor's text on the server; a newer keystroke aborts the request in flight. */
function serverLint() {
  let inFlight: AbortController | null = null;
  return linter(async view => {
    inFlight?.abort();
    const controller = inFlight = new AbortController();
    const doc = view.state.doc;
    const text = doc.toString();
    if (!text.trim()) return [];
    try {
      const response = await fetch('/api/cypher/lint', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ statement: text }),
        signal: controller.signal,
      });
      if (!response.ok) return [];
      const { problems } = await response.json() as { problems: LintProblem[] };
      return toDiagnostics(problems, doc);
    } catch {
      return []; // aborted or offline: the next pause lints again
    }
  }, { delay: LINT_DELAY_MS });
}

const highlight = HighlightStyle.define([
  { tag: tags.keyword, class: 'tok-keyword' },
  { tag: [tags.string, tags.special(tags.string)], class: 'tok-string' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], class: 'tok-number' },
  { tag: [tags.variableName, tags.name], class: 'tok-variable' },
  { tag: [tags.typeName, tags.className, tags.labelName, tags.propertyName], class: 'tok-type' },
  { tag: tags.comment, class: 'tok-comment' },
  { tag: tags.operator, class: 'tok-operator' },
]);

export function createCypherEditor(config: {
  parent: HTMLElement; doc?: string; label: string; onRun: () => void; schema: () => CypherSchema;
}) {
  function complete(ctx: CompletionContext): CompletionResult | null {
    const schema = config.schema();
    const before = ctx.matchBefore(/[:.$]?[\w`]*$/);
    if (!before || (before.from === before.to && !ctx.explicit)) return null;
    const text = before.text;
    if (text.startsWith(':')) {
      // After "(n:" a label; after "[r:" a relationship type. Look back for the opening bracket.
      const line = ctx.state.sliceDoc(Math.max(0, before.from - 80), before.from);
      const inRel = line.lastIndexOf('[') > line.lastIndexOf('(');
      const names = inRel ? schema.relationshipTypes : [...schema.labels, ...schema.relationshipTypes];
      return {
        from: before.from + 1,
        options: names.map(n => ({ label: n, type: schema.labels.includes(n) && !inRel ? 'class' : 'type', detail: schema.labels.includes(n) && !inRel ? 'label' : 'relationship type' })),
        validFor: /^[\w`]*$/,
      };
    }
    if (text.startsWith('.')) {
      return { from: before.from + 1, options: schema.propertyKeys.map(k => ({ label: k, type: 'property', detail: 'property key' })), validFor: /^\w*$/ };
    }
    if (text.startsWith('$')) {
      return { from: before.from + 1, options: schema.parameters.map(k => ({ label: k, type: 'variable', detail: 'parameter' })), validFor: /^\w*$/ };
    }
    return {
      from: before.from,
      options: [
        ...KEYWORDS.map(k => ({ label: k, type: 'keyword' })),
        ...FUNCTIONS.map(f => ({ label: f, type: 'function', apply: `${f}(` })),
      ],
      validFor: /^\w*$/,
    };
  }

  const view = new EditorView({
    parent: config.parent,
    state: EditorState.create({
      doc: config.doc ?? '',
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: v => { closeCompletion(v); config.onRun(); return true; } }])),
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        closeBrackets(),
        StreamLanguage.define(cypher),
        syntaxHighlighting(highlight),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        autocompletion({ override: [complete], activateOnTyping: true }),
        placeholder('MATCH (p:Paper) RETURN p.title LIMIT 10'),
        keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap]),
        errorField,
        serverLint(),
        lintGutter(),
        EditorView.lineWrapping,
        // CodeMirror mounts its styles in a <style> element: the page's CSP nonce lets it in (no 'unsafe-inline').
        EditorView.cspNonce.of(cspNonce()),
        EditorView.contentAttributes.of({ 'aria-label': config.label }),
      ],
    }),
  });

  return {
    view,
    get value() { return view.state.doc.toString(); },
    set(text: string) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: text.length } });
    },
    /** Underlines the token at the error's offset (or clears the mark). */
    markError(offset: number | null) {
      if (offset === null) { view.dispatch({ effects: setError.of(null) }); return; }
      const doc = view.state.doc;
      const from = Math.max(0, Math.min(offset, doc.length));
      const rest = doc.sliceString(from, Math.min(doc.length, from + 60));
      const len = Math.max(1, /^[\w`$]+|^\S/.exec(rest)?.[0].length ?? 1);
      const to = Math.min(doc.length, from + len);
      view.dispatch({ effects: setError.of(from < to ? { from, to } : null), selection: { anchor: from } });
    },
    focus: () => view.focus(),
  };
}
