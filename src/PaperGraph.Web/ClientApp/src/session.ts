// Who is signed in, and the antiforgery token every write must carry. The browser signs in with the real form
// (POST /api/session); the server answers with an HttpOnly cookie the page cannot read, so no password or
// token is ever kept in browser storage. Writes send the token in the X-XSRF-TOKEN header.
import { ApiError, readJson } from './api';

export type Role = 'reader' | 'contributor' | 'curator' | 'admin';
export interface Session { name: string | null; role: Role; antiforgeryToken: string | null; identityProvider?: boolean }

const RANK: Record<Role, number> = { reader: 0, contributor: 1, curator: 2, admin: 3 };
const ANONYMOUS: Session = { name: null, role: 'reader', antiforgeryToken: null };

let current: Session = ANONYMOUS;
const listeners = new Set<(s: Session) => void>();

function set(next: Session) {
  current = next;
  for (const listener of listeners) listener(next);
}

/** The session as last known. */
export function session(): Session { return current; }

/** True when the signed-in role is at least <paramref name="role"/>. */
export function can(role: Role): boolean { return RANK[current.role] >= RANK[role]; }

/** Calls <paramref name="listener"/> now and at every sign-in or sign-out; returns the unsubscribe. */
export function onSessionChange(listener: (s: Session) => void): () => void {
  listeners.add(listener);
  listener(current);
  return () => listeners.delete(listener);
}

/** Asks the server who this page is signed in as. */
export async function loadSession(): Promise<Session> {
  try {
    set(await readJson<Session>(fetch('/api/session', { headers: { Accept: 'application/json' } })));
  } catch { set(ANONYMOUS); }
  return current;
}

/** Signs in; a wrong password throws an ApiError whose detail says so (and nobody is signed in). */
export async function signIn(name: string, password: string): Promise<Session> {
  try {
    set(await readJson<Session>(fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ name, password }),
    })));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) set({ ...ANONYMOUS, identityProvider: current.identityProvider });
    throw e;
  }
  return current;
}

export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE', headers: writeHeaders() });
  set({ ...ANONYMOUS, identityProvider: current.identityProvider });
}

/** The headers a cookie-authenticated write needs. */
export function writeHeaders(): Record<string, string> {
  return current.antiforgeryToken ? { 'X-XSRF-TOKEN': current.antiforgeryToken } : {};
}

/** A JSON write to the API with the antiforgery token; failures become ApiErrors with the server's words. */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T | null> {
  const headers: Record<string, string> = { Accept: 'application/json', ...writeHeaders(), ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const r = await response;
  if (r.status === 204) return null;
  return readJson<T>(Promise.resolve(r));
}
