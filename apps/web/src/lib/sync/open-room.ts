import { connectRoom, type RoomConnection, type SyncStatus } from '@muster/core/sync';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** What `/api/sync-token` answers. */
interface TokenResponse {
  token: string;
  exp: number;
  role: 'owner' | 'editor' | 'viewer';
  url: string;
}

/** Thrown when the web app refuses a relay token (signed out, removed from the workspace). */
export class SyncTokenError extends Error {
  override name = 'SyncTokenError';
  constructor(readonly status: number) {
    super(`The web app refused a sync token (HTTP ${status}): sign in again or reload.`);
  }
}

async function fetchToken(ws: string): Promise<TokenResponse> {
  const response = await fetch('/api/sync-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ws }),
  });
  if (!response.ok) throw new SyncTokenError(response.status);
  return (await response.json()) as TokenResponse;
}

/** A room open in this tab: its doc, kept in IndexedDB and synced through the relay. */
export interface OpenRoom {
  doc: Y.Doc;
  /** Resolves once the copy in IndexedDB has been loaded into `doc`. */
  loadedLocally: Promise<void>;
  /** Current sync status and changes of it. */
  status(): SyncStatus;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** Disconnect and close the local store; the doc is destroyed too. */
  destroy(): void;
}

/**
 * Open room `room` of workspace `ws`: load the local copy from IndexedDB, then connect to the
 * relay with tokens from `/api/sync-token` (refreshed by `connectRoom` before they expire).
 *
 * @example
 * const room = await openRoom(ws, `ws/${ws}/index`);
 * const index = new WorkspaceIndex(room.doc);
 */
export async function openRoom(ws: string, room: string): Promise<OpenRoom> {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(`muster:${room}`, doc);
  const loadedLocally = local.whenSynced.then(() => undefined);
  let connection: RoomConnection;
  try {
    const first = await fetchToken(ws);
    let firstToken: string | null = first.token;
    connection = await connectRoom({
      url: first.url,
      room,
      doc,
      getToken: async () => {
        // The first call reuses the token fetched for the URL; later calls refresh it.
        const token = firstToken ?? (await fetchToken(ws)).token;
        firstToken = null;
        return token;
      },
    });
  } catch (e) {
    await local.destroy();
    doc.destroy();
    throw e;
  }
  return {
    doc,
    loadedLocally,
    status: () => connection.status(),
    onStatus: (listener) => connection.onStatus(listener),
    destroy() {
      connection.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
