/**
 * Seeded random harness in the style of Yjs' own tests, through the real relay: 5 clients make
 * random edits, disconnect and reconnect at random, and the relay is killed (-9) and restarted
 * mid-run. At the end every client holds the same state and the relay's stored state equals it.
 */
import { newId } from '@muster/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  connect,
  prng,
  removeDir,
  rooms,
  startRelay,
  storedDoc,
  synced,
  testSeed,
  token,
  waitFor,
  type RelayProcess,
} from './harness';

const running: RelayProcess[] = [];
const providers: WebsocketProvider[] = [];
afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const r of running)
    if (r.child.exitCode === null && r.child.signalCode === null) await r.kill9();
  if (running[0]) removeDir(running[0].dataDir);
});

type Mutator = (doc: Y.Doc, rnd: ReturnType<typeof prng>) => void;

// Named mutators, as in Yjs' testHelper: text, map and array edits, including deletions.
const mutators: Record<string, Mutator> = {
  insertText(doc, rnd) {
    const t = doc.getText('text');
    t.insert(rnd.int(t.length + 1), rnd.pick(['a', 'bc', 'def', ' ', 'xyz!']));
  },
  deleteText(doc, rnd) {
    const t = doc.getText('text');
    if (t.length === 0) return;
    const at = rnd.int(t.length);
    t.delete(at, 1 + rnd.int(Math.min(3, t.length - at)));
  },
  setMap(doc, rnd) {
    doc.getMap('map').set(rnd.pick(['a', 'b', 'c', 'd']), rnd.int(1000));
  },
  deleteMap(doc, rnd) {
    doc.getMap('map').delete(rnd.pick(['a', 'b', 'c', 'd']));
  },
  pushArray(doc, rnd) {
    doc.getArray('array').insert(rnd.int(doc.getArray('array').length + 1), [rnd.int(100)]);
  },
  deleteArray(doc, rnd) {
    const a = doc.getArray('array');
    if (a.length > 0) a.delete(rnd.int(a.length), 1);
  },
};

function snapshot(doc: Y.Doc): unknown {
  return {
    text: doc.getText('text').toString(),
    map: doc.getMap('map').toJSON(),
    array: doc.getArray('array').toJSON(),
  };
}

describe('seeded convergence through the relay', () => {
  it('5 clients, random edits and disconnects, a kill -9 mid-run: all converge and storage equals them', async () => {
    const seed = testSeed('convergence');
    const rnd = prng(seed);
    const ws = newId();
    const room = rooms.doc(ws);
    let relay = await startRelay();
    running.push(relay);
    const tok = await token({ ws, role: 'editor' });
    const clients = Array.from({ length: 5 }, () => connect(relay.url, room, tok));
    providers.push(...clients);
    await Promise.all(clients.map((c) => synced(c)));
    const names = Object.keys(mutators);
    const steps = 600;
    const killAt = 200 + rnd.int(200);
    for (let step = 0; step < steps; step++) {
      const client = rnd.pick(clients);
      const roll = rnd.next();
      if (roll < 0.04) {
        if (client.shouldConnect) client.disconnect();
        else client.connect();
      } else {
        const name = rnd.pick(names);
        (mutators[name] as Mutator)(client.doc, rnd);
      }
      if (step === killAt) {
        await relay.kill9();
        relay = await startRelay({ port: relay.port, dataDir: relay.dataDir });
        running.push(relay);
      }
      // Let frames flow now and then so edits interleave with delivery.
      if (rnd.next() < 0.1) await new Promise((r) => setTimeout(r, 1));
    }
    for (const c of clients) if (!c.shouldConnect) c.connect();
    await waitFor(
      'all clients synced and equal',
      () => {
        if (!clients.every((c) => c.synced)) return false;
        const sv = Y.encodeStateVector(clients[0]!.doc).toString();
        return clients.every((c) => Y.encodeStateVector(c.doc).toString() === sv);
      },
      60_000,
    );
    const expected = snapshot(clients[0]!.doc);
    for (const c of clients) expect(snapshot(c.doc)).toEqual(expected);
    // Every update reached the other clients only through the relay, after it was stored.
    const stored = await storedDoc(relay.dataDir, room);
    expect(snapshot(stored)).toEqual(expected);
    expect(Y.encodeStateVector(stored).toString()).toBe(
      Y.encodeStateVector(clients[0]!.doc).toString(),
    );
  });
});
