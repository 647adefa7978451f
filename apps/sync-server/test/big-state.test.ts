/**
 * A room whose state is several times the frame limit: every frame the relay sends stays below the
 * limit, and the stock y-websocket client still syncs it exactly (fresh, with a partial copy, and
 * many joining at once).
 */
import { newId, roomName } from '@muster/core';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { LiveRoom } from '../src/live-room';
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

const LIMIT = 16 * 1024;
let relay: RelayProcess;
const ws = newId();
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  relay = await startRelay({ env: { MUSTER_SYNC_MAX_FRAME_BYTES: String(LIMIT) } });
}, 60_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

function track(p: WebsocketProvider): WebsocketProvider {
  providers.push(p);
  return p;
}

function snapshot(doc: Y.Doc): unknown {
  return { t: doc.getText('t').toString(), m: doc.getMap('m').toJSON() };
}

/** Fill a room through a real client with edits each below the limit; returns the writer. */
async function bigRoom(room: string, tok: string): Promise<WebsocketProvider> {
  const writer = track(connect(relay.url, room, tok));
  await synced(writer);
  const t = writer.doc.getText('t');
  for (let i = 0; i < 14; i++) {
    // One typed run per edit: Yjs keeps it as one long struct, the hard case to cut.
    t.insert(t.length, `${i}:` + '长文本😀 text '.repeat(500));
    writer.doc.getMap('m').set(`k${i}`, { i, note: 'x'.repeat(2000) });
    if (i % 3 === 2) t.delete(10 * i, 50);
  }
  expect(Y.encodeStateAsUpdate(writer.doc).length).toBeGreaterThan(5 * LIMIT);
  return writer;
}

describe('big initial state', () => {
  it('goes out in frames below the limit, and the stock client syncs it exactly', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const writer = await bigRoom(room, tok);
    const expected = snapshot(writer.doc);
    // Everything the writer sent is stored (a watcher got it all through the relay).
    const watcher = track(connect(relay.url, room, tok));
    await waitFor('watcher has the whole room', () => {
      return JSON.stringify(snapshot(watcher.doc)) === JSON.stringify(expected);
    });

    // A raw client records every frame of the initial sync.
    const sock = new WebSocket(`${relay.url}/${room}?token=${tok}`);
    const frames: Uint8Array[] = [];
    const rebuilt = new Y.Doc();
    const done = new Promise<void>((resolve) => {
      sock.on('message', (data: Buffer) => {
        const frame = new Uint8Array(data);
        frames.push(frame);
        const d = decoding.createDecoder(frame);
        if (decoding.readVarUint(d) !== 0) return;
        const step = decoding.readVarUint(d);
        if (step === 0) return;
        Y.applyUpdate(rebuilt, decoding.readVarUint8Array(d));
        if (step === 1) resolve();
      });
    });
    await new Promise((r) => sock.once('open', r));
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
    sock.send(encoding.toUint8Array(e));
    await done;
    sock.close();
    expect(frames.length).toBeGreaterThan(5);
    for (const f of frames) expect(f.length).toBeLessThanOrEqual(LIMIT);
    expect(snapshot(rebuilt)).toEqual(expected);

    // The stock client, fresh.
    const fresh = track(connect(relay.url, room, tok));
    await synced(fresh);
    expect(snapshot(fresh.doc)).toEqual(expected);

    // The stock client with a partial copy (half the edits): gets the rest, split as well.
    const partial = new Y.Doc();
    const half = new Y.Doc();
    half.getText('t').insert(0, 'local edit ');
    Y.applyUpdate(partial, Y.encodeStateAsUpdate(half));
    const behind = track(connect(relay.url, room, tok, { doc: partial }));
    await synced(behind);
    await waitFor('writer sees the local edit', () =>
      writer.doc.getText('t').toString().includes('local edit '),
    );
    expect(snapshot(behind.doc)).toEqual(snapshot(writer.doc));
  });

  it('a join storm of 30 stock clients all sync the big room', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const writer = await bigRoom(room, tok);
    const expected = JSON.stringify(snapshot(writer.doc));
    const watcher = track(connect(relay.url, room, tok));
    await waitFor('stored', () => JSON.stringify(snapshot(watcher.doc)) === expected);
    const storm = Array.from({ length: 30 }, () => track(connect(relay.url, room, tok)));
    await Promise.all(storm.map((p) => synced(p)));
    for (const p of storm) expect(JSON.stringify(snapshot(p.doc))).toBe(expected);
  });

  it('builds the full-state reply once per doc version and shares it among fresh joiners', () => {
    const name = rooms.doc(ws);
    const live = new LiveRoom(name, roomName.parse(name), LIMIT);
    live.doc.getText('t').insert(0, 'x'.repeat(5 * LIMIT));
    const empty = Y.encodeStateVector(new Y.Doc());
    const first = live.syncStep2(empty);
    expect(first.length).toBeGreaterThan(4);
    expect(live.syncStep2(empty)).toBe(first);
    live.doc.getText('t').insert(0, 'y');
    const next = live.syncStep2(empty);
    expect(next).not.toBe(first);
    const rebuilt = new Y.Doc();
    for (const f of next) {
      const d = decoding.createDecoder(f);
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      Y.applyUpdate(rebuilt, decoding.readVarUint8Array(d));
    }
    expect(rebuilt.getText('t').toString()).toBe(live.doc.getText('t').toString());
    live.destroy();
  });
});
