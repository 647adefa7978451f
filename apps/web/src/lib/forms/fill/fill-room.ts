import {
  connectRoom,
  jitteredDelay,
  type RoomConnection,
  type SyncStatus,
} from '@muster/core/sync';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** What a token endpoint answers. */
export interface FillToken {
  token: string;
  url: string;
}

/** Thrown when the web app refuses a token for good (signed out, form not public any more). */
export class FillTokenError extends Error {
  override name = 'FillTokenError';
  constructor(readonly status: number) {
    super(`The web app refused a token (HTTP ${status}).`);
  }
}

/** The room's status, plus `denied` when tokens are refused for good. */
export type FillRoomStatus = SyncStatus | { state: 'denied' };

/** A room the fill page keeps in IndexedDB and syncs through the relay when it can. */
export interface FillRoom {
  doc: Y.Doc;
  status(): FillRoomStatus;
  onStatus(listener: (s: FillRoomStatus) => void): () => void;
  destroy(): void;
}

/** POST `body` to `path` and read a token, throwing {@link FillTokenError} on a refusal. */
export async function postForToken(path: string, body: unknown): Promise<FillToken> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new FillTokenError(response.status);
  return (await response.json()) as FillToken;
}

/**
 * Open room `room`: resolves once the copy in IndexedDB is loaded (so a visited form opens
 * offline), then connects with tokens from `getToken` in the background. While the browser says
 * it is offline the socket is closed on purpose, so what is typed meanwhile waits in IndexedDB and
 * is sent in one step when the connection returns.
 */
export async function openFillRoom(
  room: string,
  getToken: () => Promise<FillToken>,
): Promise<FillRoom> {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(`muster:${room}`, doc);
  await local.whenSynced;
  let destroyed = false;
  let connection: RoomConnection | null = null;
  let current: FillRoomStatus = {
    state: navigator.onLine ? 'connecting' : 'offline',
    pending: 0,
  } as FillRoomStatus;
  const listeners = new Set<(s: FillRoomStatus) => void>();
  const publish = (s: FillRoomStatus) => {
    current = s;
    for (const l of listeners) l(s);
  };
  let wake: (() => void) | null = null;
  const onOnline = () => {
    connection?.provider.connect();
    wake?.();
  };
  const onOffline = () => connection?.provider.disconnect();
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  const connect = async () => {
    for (let attempt = 0; !destroyed; attempt++) {
      if (navigator.onLine) {
        try {
          const first = await getToken();
          let firstToken: string | null = first.token;
          const opened = await connectRoom({
            url: first.url,
            room,
            doc,
            getToken: async () => {
              const token = firstToken ?? (await getToken()).token;
              firstToken = null;
              return token;
            },
          });
          if (destroyed) return opened.destroy();
          connection = opened;
          opened.onStatus(publish);
          publish(opened.status());
          if (!navigator.onLine) opened.provider.disconnect();
          return;
        } catch (e) {
          if (e instanceof FillTokenError && [401, 403, 404].includes(e.status)) {
            return publish({ state: 'denied' });
          }
        }
      }
      publish({ state: 'offline', pending: 0 });
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
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      destroyed = true;
      wake?.();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      connection?.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
