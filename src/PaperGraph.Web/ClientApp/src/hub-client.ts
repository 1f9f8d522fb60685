// The live connection to /hubs/graph: GraphChanged messages arrive once per committed transaction, in sequence
// order; on the first connect and after every reconnect the client sends the last sequence it holds and gets what it
// missed, or a signal to reload.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';

export interface GraphChangeMessage {
  sequence: number;
  committedAt: string;
  /** The store's raw change, sent only when there is no `delta` (the page then reads the graph). */
  nodes?: { elementId: string; labels: string[]; properties: Record<string, unknown> }[];
  relationships?: { elementId: string; startNodeElementId: string; endNodeElementId: string; type: string; properties: Record<string, unknown> }[];
  deletedNodeIds?: string[];
  deletedRelationshipIds?: string[];
  /** Who changed what and why (curation changes recorded by the same transaction). */
  curator?: string | null; action?: string | null; reason?: string | null;
  curation?: import('./curation-live').CurationNote[];
  /** False when the change does not say what it changed: the page reads the graph. */
  itemised?: boolean;
  /** What the change meant for the explorer, for a page that holds the graph at `sequence - 1`; null if unknown. */
  delta?: import('./graph-model').GraphDelta | null;
}
interface CatchUp { lastSequence: number; reload: boolean; changes: GraphChangeMessage[] }

export interface HubClientConfig {
  url?: string;
  lastSequence: () => number;
  onChanges: (changes: GraphChangeMessage[]) => void;
  onReload: () => void;
  onState?: (state: 'connected' | 'reconnecting' | 'offline') => void;
}

export function createHubClient(config: HubClientConfig) {
  let seen = config.lastSequence();
  const connection = new HubConnectionBuilder()
    .withUrl(config.url ?? '/hubs/graph')
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 20000, 30000])
    .configureLogging(LogLevel.Warning)
    .build();

  connection.on('GraphChanged', (change: GraphChangeMessage) => {
    if (change.sequence <= seen) return; // already applied (e.g. replayed by Resume)
    seen = change.sequence;
    config.onChanges([change]);
  });

  async function resume() {
    seen = Math.max(seen, config.lastSequence());
    const answer = await connection.invoke<CatchUp>('Resume', seen);
    if (answer.reload) {
      seen = answer.lastSequence;
      config.onReload();
      return;
    }
    const fresh = answer.changes.filter(c => c.sequence > seen);
    if (fresh.length) {
      seen = fresh[fresh.length - 1].sequence;
      config.onChanges(fresh);
    }
  }

  connection.onreconnecting(() => config.onState?.('reconnecting'));
  // 'connected' is said once the page holds what it missed, not at the handshake.
  connection.onreconnected(async () => { await resume(); config.onState?.('connected'); });
  connection.onclose(() => config.onState?.('offline'));

  async function start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        // Connected but not yet caught up (the catch-up failed): only the catch-up is asked again.
        if (connection.state === HubConnectionState.Disconnected) await connection.start();
        await resume();
        config.onState?.('connected');
        return;
      } catch {
        config.onState?.('offline');
        await new Promise(r => setTimeout(r, Math.min(30000, 1000 * 2 ** attempt)));
      }
      if (connection.state === HubConnectionState.Connecting || connection.state === HubConnectionState.Reconnecting) return;
    }
  }

  return {
    start,
    /** Sets the sequence the page's data was read at, so replays skip what it already has. */
    markSeen(sequence: number) { seen = Math.max(seen, sequence); },
    get lastSeen() { return seen; },
    stop: () => connection.stop(),
  };
}
