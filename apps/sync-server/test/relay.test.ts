import { newId } from '@muster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  removeDir,
  rooms,
  startRelay,
  storedDoc,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';

let relay: RelayProcess;
const ws = newId();

beforeAll(async () => {
  relay = await startRelay();
}, 60_000);

afterAll(async () => {
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

describe('relay', () => {
  it('two clients converge', async () => {
    const room = rooms.doc(ws);
    const tok = await token({ ws, role: 'editor' });
    const a = connect(relay.url, room, tok);
    const b = connect(relay.url, room, tok);
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('t').insert(0, 'hello ');
    b.doc.getText('t').insert(0, 'world ');
    await waitFor(
      'convergence',
      () =>
        a.doc.getText('t').toString() === b.doc.getText('t').toString() &&
        a.doc.getText('t').length === 12,
    );
    a.destroy();
    b.destroy();
    const stored = await storedDoc(relay.dataDir, room);
    expect(stored.getText('t').toString()).toBe(b.doc.getText('t').toString());
  });
});
