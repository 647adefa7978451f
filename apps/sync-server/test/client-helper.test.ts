import { newId } from '@muster/core';
import {
  connectRoom,
  describeStatus,
  type RoomConnection,
  type SyncStatus,
} from '@muster/core/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  connect,
  removeDir,
  rooms,
  startRelay,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function relay(options: Parameters<typeof startRelay>[0] = {}): Promise<RelayProcess> {
  const r = await startRelay(options);
  cleanups.push(async () => {
    if (r.child.exitCode === null && r.child.signalCode === null) await r.stop();
  });
  return r;
}

describe('connectRoom (client helper)', () => {
  it('reports connecting → synced, counts local changes while offline, and merges them after a relay restart', async () => {
    const ws = newId();
    const room = rooms.doc(ws);
    const first = await relay();
    cleanups.push(() => removeDir(first.dataDir));
    const seen: SyncStatus[] = [];
    const doc = new Y.Doc();
    const conn: RoomConnection = await connectRoom({
      url: first.url,
      room,
      doc,
      getToken: () => token({ ws, role: 'editor' }),
      WebSocketPolyfill: WebSocket as never,
      backoff: { baseMs: 50, maxMs: 500 },
    });
    cleanups.push(() => conn.destroy());
    conn.onStatus((s) => seen.push(s));
    await waitFor('synced', () => conn.status().state === 'synced');
    doc.getText('t').insert(0, 'online ');

    await first.kill9();
    await waitFor(
      'offline',
      () => conn.status().state === 'offline' || conn.status().state === 'connecting',
    );
    doc.getText('t').insert(7, 'a');
    doc.getText('t').insert(8, 'b');
    await waitFor('pending counted', () => {
      const s = conn.status();
      return s.state === 'offline' && s.pending >= 2;
    });
    expect(describeStatus(conn.status())).toMatch(/^offline — \d+ local changes waiting$/);

    const second = await relay({ port: first.port, dataDir: first.dataDir });
    await waitFor('back in sync', () => conn.status().state === 'synced', 30_000);
    const other = connect(second.url, room, await token({ ws, role: 'viewer' }), {
      connect: false,
    });
    other.messageHandlers[2] = () => undefined;
    other.connect();
    cleanups.push(() => other.destroy());
    await synced(other);
    await waitFor('offline edits arrived', () => other.doc.getText('t').toString() === 'online ab');
    expect(seen.some((s) => s.state === 'offline')).toBe(true);
  });

  it('refreshes the token before it expires and reconnects when the relay closes an expired one', async () => {
    const ws = newId();
    const room = rooms.doc(ws);
    const r = await relay();
    cleanups.push(() => removeDir(r.dataDir));
    let issued = 0;
    const doc = new Y.Doc();
    const conn = await connectRoom({
      url: r.url,
      room,
      doc,
      getToken: () => {
        issued++;
        return token({ ws, role: 'editor' }, 3);
      },
      WebSocketPolyfill: WebSocket as never,
      refreshMarginMs: 1000,
      backoff: { baseMs: 50, maxMs: 200 },
    });
    cleanups.push(() => conn.destroy());
    await waitFor('synced', () => conn.status().state === 'synced');
    // The first token lives 3 s: the helper fetches a new one ~1 s before, and the relay closes
    // the old connection at expiry (4401); the helper reconnects with the fresh token.
    await waitFor(
      'refresh and reconnect',
      () => issued >= 3 && conn.status().state === 'synced',
      30_000,
    );
    doc.getMap('m').set('after', 'refresh');
    const other = connect(r.url, room, await token({ ws, role: 'editor' }));
    cleanups.push(() => other.destroy());
    await waitFor(
      'edit after refresh arrives',
      () => other.doc.getMap('m').get('after') === 'refresh',
    );
  });
});
