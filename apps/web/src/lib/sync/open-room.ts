import {
  connectRoom,
  jitteredDelay,
  type RoomConnection,
  type SyncStatus,
} from '@muster/core/sync';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
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

/**
 * The room's status, plus `denied` when the web app refuses tokens for good. Offline, `onDevice`
 * says whether every change so far is written to this device's IndexedDB, so that a reload or a
 * closed tab keeps them (until then the newest keystrokes exist only in the page's memory).
 */
export type RoomStatus =
  | Exclude<SyncStatus, { state: 'offline' }>
  | (Extract<SyncStatus, { state: 'offline' }> & { onDevice: boolean })
  | { state: 'denied' };

/** A room open in this tab: its doc, kept in IndexedDB and synced through the relay. */
export interface OpenRoom {
  doc: Y.Doc;
  /** Who is here (with `presence: true`), shared with the relay once connected. */
  awareness: Awareness | null;
  /** The role in the last token the web app issued (null before the first); status listeners
   * are told after it changes, e.g. when an owner made this person a viewer. */
  role(): TokenResponse['role'] | null;
  /** Current sync status and changes of it. */
  status(): RoomStatus;
  onStatus(listener: (status: RoomStatus) => void): () => void;
  /**
   * Merge the local store's updates into one. Loading many stored updates costs far more than
   * loading their merge (e.g. after a chunked import of a big table), so call it after bulk writes.
   */
  compactLocal(): Promise<void>;
  /** Disconnect and close the local store; the doc is destroyed too. */
  destroy(): void;
}

/**
 * Replace every stored update of `doc` with their merge, in one IndexedDB transaction (all or
 * nothing), and resolve once it is written. y-indexeddb's own `storeState` does not wait for the
 * write. Updates stored later keep their own entries; y-indexeddb applies the merge again on its
 * next read, which changes nothing.
 */
function compactStore(local: IndexeddbPersistence, doc: Y.Doc): Promise<void> {
  const db = (local as unknown as { db: IDBDatabase | null }).db;
  if (!db) return Promise.resolve();
  const merged = Y.encodeStateAsUpdate(doc);
  return new Promise((done, fail) => {
    const tx = db.transaction('updates', 'readwrite');
    const store = tx.objectStore('updates');
    store.clear();
    store.add(merged);
    tx.oncomplete = () => done();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error);
  });
}

/**
 * Open room `room` of workspace `ws`: resolves once the local copy from IndexedDB is loaded, so
 * the room opens without a network. Meanwhile it connects to the relay with tokens from
 * `/api/sync-token` (refreshed by `connectRoom`), retrying with jittered back-off, and at once when
 * the browser comes back online, until it connects or the web app refuses (401/403/404).
 * With `presence: true` it also keeps an `Awareness` (who is here, their cursors) for the room.
 *
 * @example
 * const room = await openRoom(ws, `ws/${ws}/index`);
 * const index = new WorkspaceIndex(room.doc);
 */
export async function openRoom(
  ws: string,
  room: string,
  options: { presence?: boolean } = {},
): Promise<OpenRoom> {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(`muster:${room}`, doc);
  await local.whenSynced;
  // Made before connecting so an editor can show presence while the relay is still unreachable.
  const awareness = options.presence ? new Awareness(doc) : null;

  let destroyed = false;
  let role: TokenResponse['role'] | null = null;
  let connection: RoomConnection | null = null;
  let unsubscribe: (() => void) | null = null;
  // Before the first connection, count local changes here (connectRoom counts them afterwards).
  let waiting = 0;
  let current: RoomStatus = { state: 'connecting' };
  let latest: SyncStatus | { state: 'denied' } = current;
  const listeners = new Set<(s: RoomStatus) => void>();
  // Changes whose IndexedDB write is not known to be complete.
  let unwritten = 0;
  const publish = (next: SyncStatus | { state: 'denied' }) => {
    latest = next;
    current = next.state === 'offline' ? { ...next, onDevice: unwritten === 0 } : next;
    for (const l of listeners) l(current);
  };
  /**
   * y-indexeddb writes each change in a transaction of its own, started by its own update
   * handler (registered before this one), and says nothing when it completes. A read-write
   * transaction on the same store starts only after every earlier one has finished, so an empty
   * one started here completes once this change, and every one before it, is on the device.
   */
  const confirmWritten = () => {
    const db = (local as unknown as { db: IDBDatabase | null }).db;
    if (!db) return;
    unwritten += 1;
    const tx = db.transaction('updates', 'readwrite');
    // Aborted (the store is closing): the change is not known to be written, so it stays counted.
    tx.oncomplete = () => {
      unwritten -= 1;
      if (latest.state === 'offline') publish(latest);
    };
  };
  const countLocal = (_update: Uint8Array, origin: unknown) => {
    if (origin === local) return;
    confirmWritten();
    if (connection) return;
    waiting += 1;
    publish({ state: 'offline', pending: waiting });
  };
  doc.on('update', countLocal);

  let wake: (() => void) | null = null;
  // When the browser says it is offline, drop the socket at once instead of waiting for the
  // provider's 30 s silence timeout: edits made meanwhile are then counted as waiting (not sent
  // into a dead socket), and coming back online reconnects and exchanges them straight away.
  let droppedOffline = false;
  const onOffline = () => {
    if (!connection?.provider.shouldConnect) return;
    droppedOffline = true;
    connection.provider.disconnect();
  };
  const onOnline = () => {
    wake?.();
    if (droppedOffline) connection?.provider.connect();
    droppedOffline = false;
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  const connect = async () => {
    for (let attempt = 0; !destroyed; attempt++) {
      try {
        const first = await fetchToken(ws);
        role = first.role;
        let firstToken: string | null = first.token;
        const opened = await connectRoom({
          url: first.url,
          room,
          doc,
          ...(awareness ? { awareness } : {}),
          getToken: async () => {
            // The first call reuses the token fetched for the URL; later calls refresh it.
            if (firstToken !== null) {
              const token = firstToken;
              firstToken = null;
              return token;
            }
            const fresh = await fetchToken(ws);
            role = fresh.role;
            return fresh.token;
          },
        });
        if (destroyed) return opened.destroy();
        connection = opened;
        // 4403 after connecting: the relay closed us for good (e.g. removed from the workspace).
        const relay = (s: SyncStatus): SyncStatus | { state: 'denied' } =>
          s.state === 'offline' && s.code === 4403 ? { state: 'denied' } : s;
        unsubscribe = opened.onStatus((s) => publish(relay(s)));
        publish(relay(opened.status()));
        return;
      } catch (e) {
        if (e instanceof SyncTokenError && [401, 403, 404].includes(e.status)) {
          return publish({ state: 'denied' });
        }
        publish({ state: 'offline', pending: waiting });
      }
      await new Promise<void>((done) => {
        const timer = setTimeout(done, 500 + jitteredDelay(attempt, { maxMs: 15_000 }));
        wake = () => {
          clearTimeout(timer);
          done();
        };
      });
      wake = null;
    }
  };
  void connect();

  return {
    doc,
    awareness,
    role: () => role,
    status: () => current,
    compactLocal: () => compactStore(local, doc),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      destroyed = true;
      wake?.();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      doc.off('update', countLocal);
      unsubscribe?.();
      connection?.destroy();
      awareness?.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
