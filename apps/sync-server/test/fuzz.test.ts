/**
 * Fuzz: many connections send ≥ 10,000 random and mutated frames. Afterwards the relay still
 * serves a well-behaved client, every stored room decodes, and the rooms the well-behaved
 * clients wrote hold exactly what they wrote.
 */
import { newId } from '@muster/core';
import * as encoding from 'lib0/encoding';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  connect,
  prng,
  removeDir,
  rooms,
  startRelay,
  storedDoc,
  storedRooms,
  synced,
  testSeed,
  token,
  waitFor,
  type RelayProcess,
} from './harness';

const MAX_FRAME = 64 * 1024;
let relay: RelayProcess | null = null;
const providers: WebsocketProvider[] = [];
afterAll(async () => {
  for (const p of providers) p.destroy();
  if (relay) {
    await relay.stop();
    removeDir(relay.dataDir);
  }
});

/** Valid frames of every kind, taken from a real doc, to mutate. */
function validFrames(rnd: ReturnType<typeof prng>): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 20; i++) {
    doc.getText('t').insert(rnd.int(doc.getText('t').length + 1), 'abc'.slice(0, 1 + rnd.int(3)));
    doc.getMap('m').set(`k${rnd.int(5)}`, { n: rnd.int(100), s: 'x'.repeat(rnd.int(20)) });
    if (i % 5 === 4) doc.getText('t').delete(0, 1);
  }
  const frames: Uint8Array[] = [];
  for (const u of updates) {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    syncProtocol.writeUpdate(e, u);
    frames.push(encoding.toUint8Array(e));
  }
  const s1 = encoding.createEncoder();
  encoding.writeVarUint(s1, 0);
  syncProtocol.writeSyncStep1(s1, doc);
  frames.push(encoding.toUint8Array(s1));
  const s2 = encoding.createEncoder();
  encoding.writeVarUint(s2, 0);
  syncProtocol.writeSyncStep2(s2, doc);
  frames.push(encoding.toUint8Array(s2));
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'fuzz' } });
  const a = encoding.createEncoder();
  encoding.writeVarUint(a, 1);
  encoding.writeVarUint8Array(
    a,
    awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
  );
  frames.push(encoding.toUint8Array(a));
  frames.push(new Uint8Array([3]));
  awareness.destroy();
  return frames;
}

function mutate(frame: Uint8Array, rnd: ReturnType<typeof prng>): Uint8Array {
  const out = Array.from(frame);
  const edits = 1 + rnd.int(4);
  for (let i = 0; i < edits; i++) {
    const op = rnd.int(5);
    const at = rnd.int(out.length + 1);
    if (op === 0 && out.length > 0) out[at % out.length] = rnd.int(256);
    else if (op === 1) out.splice(at, 1 + rnd.int(4));
    else if (op === 2)
      out.splice(at, 0, ...Array.from({ length: 1 + rnd.int(6) }, () => rnd.int(256)));
    else if (op === 3) out.length = rnd.int(out.length + 1);
    else out.splice(at, 0, 0xff, 0xff, 0xff, 0xff, 0x0f); // huge varuint
  }
  return new Uint8Array(out);
}

function randomFrame(rnd: ReturnType<typeof prng>, valid: Uint8Array[]): Uint8Array | string {
  const kind = rnd.int(10);
  if (kind < 5) return mutate(rnd.pick(valid), rnd);
  if (kind < 7) return new Uint8Array(Array.from({ length: rnd.int(64) }, () => rnd.int(256)));
  if (kind === 7)
    return new Uint8Array([
      rnd.int(8),
      rnd.int(4),
      ...Array.from({ length: rnd.int(32) }, () => rnd.int(256)),
    ]);
  if (kind === 8)
    return rnd.next() < 0.5 ? 'not binary' : new Uint8Array(MAX_FRAME + 1 + rnd.int(1000));
  return rnd.pick(valid); // valid frames too, so fuzz connections live a while
}

describe('fuzz', () => {
  it('survives ≥ 10,000 random and mutated frames from many connections', async () => {
    const seed = testSeed('fuzz');
    const rnd = prng(seed);
    relay = await startRelay({
      env: { MUSTER_SYNC_MAX_FRAME_BYTES: String(MAX_FRAME), MUSTER_LOG_LEVEL: 'warn' },
    });
    const r = relay;
    const ws = newId();
    const goodRooms = [rooms.doc(ws), rooms.doc(ws)];
    const fuzzRooms = Array.from({ length: 4 }, () => rooms.doc(ws));
    const good = await Promise.all(
      goodRooms.flatMap((room) =>
        [0, 1].map(async () => connect(r.url, room, await token({ ws, role: 'editor' }))),
      ),
    );
    providers.push(...good);
    await Promise.all(good.map((p) => synced(p)));
    const valid = validFrames(rnd);

    let sent = 0;
    const target = 10_000;
    let writes = 0;
    const writer = setInterval(() => {
      const p = good[writes % good.length]!;
      p.doc.getArray<number>('log').push([writes++]);
    }, 5);
    const workers = Array.from({ length: 16 }, async (_, w) => {
      const tok = await token({ ws, sub: `fuzzer-${w}`, role: 'editor' });
      while (sent < target) {
        const sock = new WebSocket(`${r.url}/${rnd.pick(fuzzRooms)}?token=${tok}`);
        const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()));
        sock.on('error', () => undefined);
        const opened = await new Promise<boolean>((resolve) => {
          sock.once('open', () => resolve(true));
          sock.once('close', () => resolve(false));
        });
        if (opened) {
          const burst = 1 + rnd.int(12);
          for (let i = 0; i < burst && sock.readyState === sock.OPEN; i++) {
            sock.send(randomFrame(rnd, valid));
            sent++;
          }
          // Close ourselves if the relay accepted everything, else wait for its close.
          await Promise.race([closed, new Promise((res) => setTimeout(res, 20))]);
          if (sock.readyState === sock.OPEN) sock.close();
        }
        await closed;
      }
    });
    try {
      await Promise.all(workers);
    } finally {
      clearInterval(writer);
    }
    expect(sent).toBeGreaterThanOrEqual(target);
    const resets = r.logs.filter((l) => l.includes('resetting room')).length;
    console.log(
      `fuzz: ${sent} frames sent; ${resets} decodable-but-invalid updates refused by apply`,
    );

    // Still serving: a new well-behaved client syncs and sees a fresh edit.
    const health = await fetch(`http://127.0.0.1:${r.port}/healthz`);
    expect(health.status).toBe(200);
    const late = connect(r.url, goodRooms[0]!, await token({ ws, role: 'editor' }));
    providers.push(late);
    await synced(late);
    good[0]!.doc.getMap('m').set('after', 'fuzz');
    await waitFor('late client sees edit', () => late.doc.getMap('m').get('after') === 'fuzz');
    for (const [i, room] of goodRooms.entries()) {
      const [a, b] = [good[2 * i]!, good[2 * i + 1]!];
      await waitFor(
        'pair converged',
        () => Y.encodeStateVector(a.doc).toString() === Y.encodeStateVector(b.doc).toString(),
      );
      const stored = await storedDoc(r.dataDir, room);
      expect(stored.getArray('log').toJSON()).toEqual(a.doc.getArray('log').toJSON());
      expect(stored.getMap('m').toJSON()).toEqual(a.doc.getMap('m').toJSON());
      expect(Y.encodeStateVector(stored).toString()).toBe(Y.encodeStateVector(a.doc).toString());
    }
    // Every stored room (fuzz rooms included) still decodes.
    for (const room of (await storedRooms(r.dataDir)).keys()) {
      const doc = await storedDoc(r.dataDir, room);
      expect(doc.store.pendingStructs === null || goodRooms.every((g) => g !== room)).toBe(true);
    }
  });
});
