import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import { newId } from '@muster/core';
import { FanoutKind, type Fanout, type FanoutHandler, type FanoutMessage } from './fanout';

/** Options of {@link createRedisFanout}. */
export interface RedisFanoutOptions {
  /** `redis://host:port/db`. */
  url: string;
  /** Channel prefix, so several deployments (or test runs) can share one Redis. */
  prefix?: string;
  /** Defaults to a random id. */
  processId?: string;
}

const KINDS = new Set<number>(Object.values(FanoutKind));

/** Frame: kind (byte), seq (varuint), origin (varstring), data (rest). Channel carries the room. */
export function encodeFanoutFrame(
  kind: FanoutKind,
  seq: number,
  origin: string,
  data: Uint8Array,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8(e, kind);
  encoding.writeVarUint(e, seq);
  encoding.writeVarString(e, origin);
  encoding.writeUint8Array(e, data);
  return encoding.toUint8Array(e);
}

/** Decode a frame; null for anything malformed (a broker shared with others may carry junk). */
export function decodeFanoutFrame(room: string, frame: Uint8Array): FanoutMessage | null {
  try {
    const d = decoding.createDecoder(frame);
    const kind = decoding.readUint8(d);
    if (!KINDS.has(kind)) return null;
    const seq = decoding.readVarUint(d);
    const origin = decoding.readVarString(d);
    const data = decoding.readTailAsUint8Array(d);
    return { room, kind: kind as FanoutKind, seq, origin, data };
  } catch {
    return null;
  }
}

/**
 * Fan-out over Redis pub/sub: one channel per room (`{prefix}room:{name}`), binary frames, one
 * subscriber connection and one publisher connection per process. ioredis re-subscribes by itself
 * after a reconnect; we then tell the relay to catch up from the database.
 */
export async function createRedisFanout(options: RedisFanoutOptions): Promise<Fanout> {
  const prefix = options.prefix ?? 'muster:';
  const processId = options.processId ?? newId();
  const connect = (role: 'pub' | 'sub') =>
    new Redis(options.url, {
      lazyConnect: true,
      // Named so operators (and tests) can find a process's connections in CLIENT LIST.
      connectionName: `muster-fanout-${role}:${processId}`,
      // Keep retrying with a capped delay: a Redis restart must not take the relay down.
      retryStrategy: (times) => Math.min(50 * times, 1000),
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
    });
  const pub = connect('pub');
  const sub = connect('sub');
  // Errors are followed by reconnects; without a listener ioredis would log them as unhandled.
  const lastError: { value: unknown } = { value: null };
  pub.on('error', (e) => (lastError.value = e));
  sub.on('error', (e) => (lastError.value = e));
  await Promise.all([pub.connect(), sub.connect()]);

  const handlers = new Map<string, FanoutHandler>();
  const resubscribed = new Set<() => void>();
  const channel = (room: string) => `${prefix}room:${room}`;

  sub.on('messageBuffer', (ch: Buffer, message: Buffer) => {
    const name = ch.toString('utf8');
    if (!name.startsWith(`${prefix}room:`)) return;
    const room = name.slice(prefix.length + 5);
    const handler = handlers.get(room);
    if (!handler) return;
    const msg = decodeFanoutFrame(
      room,
      new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
    );
    if (msg && msg.origin !== processId) handler(msg);
  });

  let connectedOnce = false;
  sub.on('ready', () => {
    // The first 'ready' is the initial connection; later ones follow a reconnect, after which
    // ioredis has restored our subscriptions.
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    for (const listener of resubscribed) listener();
  });
  if (sub.status === 'ready') connectedOnce = true;

  return {
    processId,
    async subscribe(room, handler) {
      handlers.set(room, handler);
      await sub.subscribe(channel(room));
    },
    async unsubscribe(room) {
      handlers.delete(room);
      await sub.unsubscribe(channel(room));
    },
    publish(room, kind, data, seq = 0) {
      const frame = encodeFanoutFrame(kind, seq, processId, data);
      pub
        .publish(channel(room), Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength))
        .catch(() => {
          // Best effort by design; receivers catch up from the database after a reconnect.
        });
    },
    onResubscribed(listener) {
      resubscribed.add(listener);
      return () => resubscribed.delete(listener);
    },
    async close() {
      handlers.clear();
      resubscribed.clear();
      await Promise.all([
        pub.quit().catch(() => pub.disconnect()),
        sub.quit().catch(() => sub.disconnect()),
      ]);
    },
  };
}
