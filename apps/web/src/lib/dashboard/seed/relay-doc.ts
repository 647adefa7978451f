import { connectRoom, type RoomConnection } from '@muster/core/sync';
import WebSocket from 'ws';
import * as Y from 'yjs';

/** A doc connected to the relay from Node (seeding, end-to-end tests). */
export interface RelayDoc {
  doc: Y.Doc;
  connection: RoomConnection;
  /** Resolves once the relay has stored everything this doc holds (read back on a second connection). */
  stored(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

function waitFor(
  connection: RoomConnection,
  state: 'synced',
  timeoutMs: number,
  room: string,
): Promise<void> {
  return new Promise((done, fail) => {
    if (connection.status().state === state) return done();
    const timer = setTimeout(() => {
      stop();
      fail(
        new Error(
          `Room ${room} did not sync within ${timeoutMs} ms (status ${JSON.stringify(connection.status())}).`,
        ),
      );
    }, timeoutMs);
    const stop = connection.onStatus((s) => {
      if (
        s.state === 'offline' &&
        s.code !== undefined &&
        s.code >= 4400 &&
        s.code < 4500 &&
        s.code !== 4401
      ) {
        clearTimeout(timer);
        stop();
        fail(new Error(`The relay refused room ${room}: ${s.code} ${s.reason ?? ''}`));
      }
      if (s.state !== state) return;
      clearTimeout(timer);
      stop();
      done();
    });
  });
}

/**
 * Connect `doc` (a fresh one by default) to room `room` through the stock y-websocket client
 * (`connectRoom`), waiting until it is in sync. A refused room rejects with the close code.
 */
export async function openRelayDoc(input: {
  url: string;
  room: string;
  token: () => Promise<string>;
  doc?: Y.Doc;
  timeoutMs?: number;
}): Promise<RelayDoc> {
  const doc = input.doc ?? new Y.Doc();
  const timeoutMs = input.timeoutMs ?? 30_000;
  const connection = await connectRoom({
    url: input.url,
    room: input.room,
    doc,
    getToken: input.token,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  try {
    await waitFor(connection, 'synced', timeoutMs, input.room);
  } catch (e) {
    connection.destroy();
    throw e;
  }
  return {
    doc,
    connection,
    async stored(limitMs = timeoutMs) {
      const want = Y.encodeStateVector(doc);
      const deadline = Date.now() + limitMs;
      for (;;) {
        const probe = await openRelayDoc({
          url: input.url,
          room: input.room,
          token: input.token,
          timeoutMs,
        });
        const have = Y.encodeStateVector(probe.doc);
        const missing = Y.diffUpdate(Y.encodeStateAsUpdate(doc), have);
        probe.destroy();
        // An update that is only the empty header means the relay has everything.
        if (Y.decodeUpdate(missing).structs.length === 0 && sameOrAhead(have, want)) return;
        if (Date.now() > deadline)
          throw new Error(`Room ${input.room} was not stored within ${limitMs} ms.`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    destroy() {
      connection.destroy();
      doc.destroy();
    },
  };
}

function sameOrAhead(have: Uint8Array, want: Uint8Array): boolean {
  const h = Y.decodeStateVector(have);
  for (const [client, clock] of Y.decodeStateVector(want))
    if ((h.get(client) ?? 0) < clock) return false;
  return true;
}
