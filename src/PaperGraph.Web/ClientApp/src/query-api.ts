// The Neo4j Query API client used by the Cypher console: POST /db/{db}/query/v2 asking for Typed JSON, so
// nodes, relationships and paths are told apart from maps and lists.

import { writeHeaders } from './session';

export interface CNode { $kind: 'node'; elementId: string; labels: string[]; properties: Record<string, CypherValue> }
export interface CRelationship {
  $kind: 'relationship'; elementId: string; startNodeElementId: string; endNodeElementId: string; type: string;
  properties: Record<string, CypherValue>;
}
export interface CPath { $kind: 'path'; items: (CNode | CRelationship)[] }
export interface CTyped { $kind: 'typed'; type: string; text: string }
export type CypherValue = null | boolean | number | string | CypherValue[] | { [key: string]: CypherValue } | CNode | CRelationship | CPath | CTyped;

export interface QueryAnswer {
  fields: string[];
  values: CypherValue[][];
  counters: Record<string, number | boolean> | null;
  notifications: { code: string; title: string; description: string }[];
}

export class QueryError extends Error {
  constructor(readonly code: string, message: string, readonly status: number,
    readonly position: { offset: number; line: number; column: number } | null) {
    super(message);
  }
}

export function isEntity(v: unknown): v is CNode | CRelationship | CPath {
  return typeof v === 'object' && v !== null && '$kind' in v && ['node', 'relationship', 'path'].includes((v as { $kind: string }).$kind);
}

/** Typed JSON ({"$type": T, "_value": V}) to console values; plain JSON passes through. */
export function fromTyped(v: unknown): CypherValue {
  if (v === null || typeof v !== 'object') return v as CypherValue;
  if (Array.isArray(v)) return v.map(fromTyped);
  const o = v as Record<string, unknown>;
  if (typeof o.$type !== 'string' || !('_value' in o)) {
    const out: Record<string, CypherValue> = {};
    for (const [k, x] of Object.entries(o)) out[k] = fromTyped(x);
    return out;
  }
  const value = o._value;
  const props = (p: unknown) => {
    const out: Record<string, CypherValue> = {};
    for (const [k, x] of Object.entries((p ?? {}) as Record<string, unknown>)) out[k] = fromTyped(x);
    return out;
  };
  switch (o.$type) {
    case 'Null': return null;
    case 'Boolean': return Boolean(value);
    case 'String': return String(value);
    case 'Integer': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : { $kind: 'typed', type: 'Integer', text: String(value) };
    }
    case 'Float': return Number(value);
    case 'List': return (value as unknown[]).map(fromTyped);
    case 'Map': return props(value);
    case 'Node': {
      const n = value as Record<string, unknown>;
      return { $kind: 'node', elementId: String(n._element_id), labels: (n._labels as string[]) ?? [], properties: props(n._properties) };
    }
    case 'Relationship': {
      const r = value as Record<string, unknown>;
      return {
        $kind: 'relationship', elementId: String(r._element_id), startNodeElementId: String(r._start_node_element_id),
        endNodeElementId: String(r._end_node_element_id), type: String(r._type), properties: props(r._properties),
      };
    }
    case 'Path': return { $kind: 'path', items: (value as unknown[]).map(fromTyped) as (CNode | CRelationship)[] };
    default: return { $kind: 'typed', type: String(o.$type), text: typeof value === 'string' ? value : JSON.stringify(value) };
  }
}

/** Plain-JSON parameters to Typed JSON, so 2020 stays an INTEGER and 0.5 a FLOAT. */
export function toTyped(v: unknown): unknown {
  if (v === null || v === undefined) return { $type: 'Null', _value: null };
  if (typeof v === 'boolean') return { $type: 'Boolean', _value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { $type: 'Integer', _value: String(v) } : { $type: 'Float', _value: String(v) };
  if (typeof v === 'string') return { $type: 'String', _value: v };
  if (Array.isArray(v)) return { $type: 'List', _value: v.map(toTyped) };
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toTyped(x);
  return { $type: 'Map', _value: out };
}

const POSITION = /line (\d+), column (\d+) \(offset: (\d+)\)/;

/** Runs one statement as the signed-in user (the sign-in cookie goes along; no password is ever sent from
 * here). <c>write: false</c> asks for a read-only run: a statement that writes is refused by the server with
 * Neo.ClientError.Statement.AccessMode before it changes anything. */
export async function runQuery(statement: string, parameters: Record<string, unknown>, options: {
  database?: string; signal?: AbortSignal; write?: boolean;
} = {}): Promise<QueryAnswer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/vnd.neo4j.query', Accept: 'application/vnd.neo4j.query', ...writeHeaders() };
  const typedParams: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(parameters)) typedParams[k] = toTyped(x);
  const response = await fetch(`/db/${encodeURIComponent(options.database ?? 'neo4j')}/query/v2`, {
    method: 'POST',
    headers,
    signal: options.signal,
    body: JSON.stringify({
      statement, parameters: typedParams, includeCounters: true,
      accessMode: options.write ? 'Write' : 'Read',
    }),
  });
  let body: Record<string, unknown> = {};
  try { body = await response.json(); } catch { /* empty or not JSON */ }
  const errors = body.errors as { code: string; message: string; position?: { offset: number; line: number; column: number } }[] | undefined;
  if (!response.ok || (errors && errors.length)) {
    const err = errors?.[errors.length - 1];
    const code = err?.code ?? `HTTP ${response.status}`;
    const message = err?.message ?? (typeof body.detail === 'string' ? body.detail : response.statusText || 'The query failed.');
    const m = POSITION.exec(message);
    const position = err?.position ?? (m ? { line: Number(m[1]), column: Number(m[2]), offset: Number(m[3]) } : null);
    throw new QueryError(code, message, response.status, position);
  }
  const data = (body.data ?? { fields: [], values: [] }) as { fields: string[]; values: unknown[][] };
  return {
    fields: data.fields ?? [],
    values: (data.values ?? []).map(row => row.map(fromTyped)),
    counters: (body.counters as Record<string, number | boolean>) ?? null,
    notifications: (body.notifications as QueryAnswer['notifications']) ?? [],
  };
}
