import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { jitteredDelay, type BackoffOptions } from './backoff';
import { tokenExpiresAt } from './token-expiry';

/** What the person sees about one room's connection. */
export type SyncStatus =
  | { state: 'connecting' }
  /** Connected; the initial exchange with the relay is still running. */
  | { state: 'online' }
  /** Connected and in sync: every local change has been sent. */
  | { state: 'synced' }
  /** Not connected; `pending` local changes wait to be sent. `code`/`reason` of the last close. */
  | { state: 'offline'; pending: number; code?: number; reason?: string };

/** Options of {@link connectRoom}. */
export interface ConnectRoomOptions {
  /** Relay URL, e.g. `wss://sync.example.org`. */
  url: string;
  /** Room name, e.g. `ws/{ws}/doc/{id}`. */
  room: string;
  doc: Y.Doc;
  /** Fetch a fresh sync token (called at start, before expiry, and after a 4401). */
  getToken: () => Promise<string>;
  /** For Node: `WebSocket` from the `ws` package. Browsers use the global WebSocket. */
  WebSocketPolyfill?: ConstructorParameters<typeof WebsocketProvider>[3] extends infer O
    ? O extends { WebSocketPolyfill?: infer W }
      ? W
      : never
    : never;
  /** Presence channel to share (e.g. one an editor already uses); the provider makes one otherwise. */
  awareness?: NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>['awareness'];
  backoff?: BackoffOptions;
  /** Refresh the token this long before it expires (default 60 s, at most half its lifetime). */
  refreshMarginMs?: number;
  /** Random source for the jitter (tests). */
  random?: () => number;
}

/** A live room connection. */
export interface RoomConnection {
  /** The stock provider (awareness: `provider.awareness`). */
  readonly provider: WebsocketProvider;
  /** Current status. */
  status(): SyncStatus;
  /** Listen to status changes; returns the unsubscribe function. */
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** Disconnect and release timers and listeners. */
  destroy(): void;
}

// Node's and the browser's timer handles differ; take whichever this compilation sees.
type Timer = ReturnType<typeof setTimeout>;

/** The close codes after which reconnecting cannot help (the relay's 44xx range). */
function isPermanent(code: number): boolean {
  return code >= 4400 && code < 4500 && code !== 4401;
}

/**
 * Connect a doc to the relay with the stock `y-websocket` provider, adding what it lacks:
 * jittered reconnect back-off, token refresh before expiry (and once more after a 4401), and a
 * status that counts local changes waiting while offline.
 *
 * @example
 * const conn = await connectRoom({ url, room, doc, getToken: () => api.syncToken(room) });
 * conn.onStatus((s) => (badge.textContent = describeStatus(s)));
 */
export async function connectRoom(options: ConnectRoomOptions): Promise<RoomConnection> {
  const random = options.random ?? Math.random;
  let token = await options.getToken();
  const provider = new WebsocketProvider(options.url, options.room, options.doc, {
    connect: false,
    params: { token },
    disableBc: true,
    ...(options.awareness ? { awareness: options.awareness } : {}),
    ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
    // Never let the stock provider schedule its own (lockstep) reconnect after a server close;
    // we schedule a jittered one.
    shouldReconnect: () => false,
  });
  let destroyed = false;
  let attempt = 0;
  let pending = 0;
  let lastClose: { code: number; reason: string } | null = null;
  let reconnectTimer: Timer | null = null;
  let refreshTimer: Timer | null = null;
  let current: SyncStatus = { state: 'connecting' };
  const listeners = new Set<(s: SyncStatus) => void>();

  const compute = (): SyncStatus => {
    if (provider.wsconnected) return provider.synced ? { state: 'synced' } : { state: 'online' };
    if (provider.wsconnecting) return { state: 'connecting' };
    return lastClose
      ? { state: 'offline', pending, code: lastClose.code, reason: lastClose.reason }
      : { state: 'offline', pending };
  };
  const publish = () => {
    const next = compute();
    if (JSON.stringify(next) === JSON.stringify(current)) return;
    current = next;
    for (const l of listeners) l(next);
  };

  const scheduleRefresh = () => {
    if (refreshTimer !== null) clearTimeout(refreshTimer);
    refreshTimer = null;
    const exp = tokenExpiresAt(token);
    if (exp === null || destroyed) return;
    const lifetime = exp - Date.now();
    const margin = Math.min(options.refreshMarginMs ?? 60_000, lifetime / 2);
    const delay = Math.max(0, lifetime - margin);
    // setTimeout cannot wait longer than ~24.8 days; such tokens are refreshed on reconnect.
    if (delay > 2 ** 31 - 1) return;
    refreshTimer = setTimeout(() => void refresh(), delay);
  };
  const refresh = async (): Promise<boolean> => {
    try {
      token = await options.getToken();
      provider.params = { ...provider.params, token };
      scheduleRefresh();
      return true;
    } catch {
      if (!destroyed)
        refreshTimer = setTimeout(
          () => void refresh(),
          jitteredDelay(attempt++, options.backoff, random),
        );
      return false;
    }
  };

  const reconnectLater = () => {
    if (destroyed || reconnectTimer !== null) return;
    reconnectTimer = setTimeout(
      () => {
        reconnectTimer = null;
        if (!destroyed) provider.connect();
      },
      jitteredDelay(attempt++, options.backoff, random),
    );
  };

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    if (!(provider.wsconnected && provider.synced)) {
      pending++;
      publish();
    }
  };
  options.doc.on('update', onUpdate);
  provider.on('status', publish);
  provider.on('sync', (isSynced: boolean) => {
    if (isSynced) {
      // Sync step 2 carried every local change made while offline.
      pending = 0;
      attempt = 0;
      lastClose = null;
    }
    publish();
  });
  provider.on('connection-close', () => publish());
  provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
    lastClose = { code, reason };
    publish();
    if (isPermanent(code)) return;
    if (code === 4401) {
      // Expired or rejected token: fetch a new one first.
      void refresh().then((ok) => ok && reconnectLater());
      return;
    }
    reconnectLater();
  });

  scheduleRefresh();
  provider.connect();
  publish();

  return {
    provider,
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      destroyed = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      if (refreshTimer !== null) clearTimeout(refreshTimer);
      options.doc.off('update', onUpdate);
      listeners.clear();
      provider.destroy();
    },
  };
}

/** The status as one line for people: `offline — 3 local changes waiting`. */
export function describeStatus(status: SyncStatus): string {
  if (status.state !== 'offline') return status.state;
  if (status.pending === 0) return 'offline';
  return `offline — ${status.pending} local change${status.pending === 1 ? '' : 's'} waiting`;
}
