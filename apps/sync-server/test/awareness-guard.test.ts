import { newId } from '@muster/core';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ownAwarenessEntries } from '../src/awareness-guard';
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

let relay: RelayProcess;
const ws = newId();
const providers: WebsocketProvider[] = [];

beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await relay.stop();
  removeDir(relay.dataDir);
});

/** An awareness update claiming `clientId` with `state` at `clock`. */
function claim(clientId: number, clock: number, state: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  for (let i = 0; i < clock; i++) awareness.setLocalState({ ...(state as object), i });
  return awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]);
}

describe('ownAwarenessEntries', () => {
  it("keeps the sender's own entries and drops ones another connection holds", () => {
    const mine = claim(7, 1, { name: 'me' });
    expect(ownAwarenessEntries(mine, () => false)).toBe(mine);
    expect(ownAwarenessEntries(mine, (id) => id === 7)).toBeNull();
  });
});

describe('presence through the relay', () => {
  it("a connection cannot overwrite someone else's name and cursor, only set its own", async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'viewer' });
    const alice = connect(relay.url, room, await token({ ws, role: 'editor' }));
    const observer = connect(relay.url, room, tok);
    providers.push(alice, observer);
    await Promise.all([synced(alice), synced(observer)]);
    alice.awareness.setLocalStateField('user', { name: 'Alice' });
    const aliceId = alice.awareness.clientID;
    const nameOf = (id: number) =>
      (observer.awareness.getStates().get(id) as { user?: { name: string } } | undefined)?.user
        ?.name;
    await waitFor('observer sees Alice', () => nameOf(aliceId) === 'Alice');

    // A read-only connection sends Alice's client id with a newer clock and a fake name, plus
    // an entry of its own.
    const sock = new WebSocket(`${relay.url}/${room}?token=${tok}`);
    await new Promise((resolve, reject) => {
      sock.once('open', resolve);
      sock.once('error', reject);
    });
    const forged = claim(aliceId, 50, { user: { name: 'Mallory as Alice' } });
    const ownId = 424242;
    const frame = (update: Uint8Array) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1); // awareness message
      encoding.writeVarUint8Array(e, update);
      return encoding.toUint8Array(e);
    };
    sock.send(frame(forged));
    sock.send(frame(claim(ownId, 1, { user: { name: 'Mallory' } })));
    await waitFor('the sender may still set its own presence', () => nameOf(ownId) === 'Mallory');
    expect(nameOf(aliceId)).toBe('Alice');
    expect(sock.readyState).toBe(WebSocket.OPEN);
    sock.close();
  });
});
