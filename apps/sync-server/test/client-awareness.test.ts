import { newId } from '@muster/core';
import { connectRoom, type RoomConnection } from '@muster/core/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { removeDir, rooms, startRelay, token, waitFor, type RelayProcess } from './harness';

let relay: RelayProcess;
const connections: RoomConnection[] = [];

beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  for (const c of connections) c.destroy();
  await relay.stop();
  removeDir(relay.dataDir);
});

async function open(room: string, ws: string, doc: Y.Doc, awareness?: Awareness) {
  const conn = await connectRoom({
    url: relay.url,
    room,
    doc,
    ...(awareness ? { awareness } : {}),
    getToken: () => token({ ws, role: 'editor' }),
    WebSocketPolyfill: WebSocket as never,
  });
  connections.push(conn);
  return conn;
}

describe('connectRoom with an awareness of its own', () => {
  it('shares the given awareness, so presence set before connecting reaches the others', async () => {
    const ws = newId();
    const room = rooms.doc(ws);
    const doc = new Y.Doc();
    // An editor mounts before the relay answers and publishes its user right away.
    const mine = new Awareness(doc);
    mine.setLocalStateField('user', { name: 'Ada', color: '#1f6feb' });
    const conn = await open(room, ws, doc, mine);
    expect(conn.provider.awareness).toBe(mine);

    const other = await open(room, ws, new Y.Doc());
    await waitFor('Ada to be seen', () =>
      [...other.provider.awareness.getStates().values()].some(
        (s) => (s.user as { name?: string } | undefined)?.name === 'Ada',
      ),
    );
    // Without the option the provider makes its own, as before.
    expect(other.provider.awareness).toBeInstanceOf(Awareness);
    expect(other.provider.awareness).not.toBe(mine);
  });
});
