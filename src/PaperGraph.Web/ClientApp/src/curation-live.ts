// The live notice for a curator's change: "cara added word2vec → GloVe: GloVe argues against…". The hub's
// GraphChanged message carries who, what and why (the (:Change) nodes the same transaction recorded).
import { describeChange } from './curation-api';
import './curation.css';

export interface CurationNote { seq: number; curator: string; action: string; from: string | null; to: string | null; paper: string | null; reason: string | null; proposer: string | null }
export interface CuratedMessage { curator?: string | null; action?: string | null; reason?: string | null; curation?: CurationNote[] }

/** One line for the notices, or null when the messages carry no curation change. */
export function curationNotice(messages: CuratedMessage[], label: (key: string) => string): string | null {
  const notes = messages.flatMap(m => m.curation ?? []);
  if (notes.length === 0) return null;
  const first = notes[0];
  const reason = first.reason && first.action.endsWith('edge') ? `: ${first.reason}` : '';
  const by = first.proposer ? ` (proposed by ${first.proposer})` : '';
  const more = notes.length > 1 ? ` and ${notes.length - 1} more change${notes.length > 2 ? 's' : ''}` : '';
  return `${first.curator} ${describeChange(first, label)}${reason}${by}${more}`;
}
