import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@muster/core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSyncServer,
  defaultConfig,
  type SyncExtension,
  type SyncServer,
  type UpdateOrigin,
} from '../src/index';
import { SECRET, connect, removeDir, rooms, storedDoc, synced, token, waitFor } from './harness';

const dataDir = mkdtempSync(join(tmpdir(), 'muster-ext-'));
const ws = newId();
const loaded: string[] = [];
const updates: { room: string; origin: UpdateOrigin }[] = [];
let server: SyncServer;
let url: string;

// A miniature projector: whenever a submission room changes, it writes a receipt into it from
// inside the observer (the case `change` must defer) and counts rows in a table room.
const projector: SyncExtension = {
  name: 'test-projector',
  async onRoomLoaded(room) {
    loaded.push(room.name);
    if (room.room.kind !== 'sub') return;
    const answers = room.doc.getMap('answers');
    answers.observe(() => {
      void room.change(
        (doc) => doc.getMap('receipt').set('status', `accepted ${answers.size}`),
        'projector',
      );
    });
  },
  onUpdate(room, _update, origin) {
    updates.push({ room: room.name, origin });
  },
};

beforeAll(async () => {
  server = createSyncServer(
    { ...defaultConfig(), port: 0, host: '127.0.0.1', dataDir, secret: SECRET, unloadGraceMs: 50 },
    { extensions: [projector], logger: pino({ level: 'silent' }) },
  );
  const { port } = await server.listen();
  url = `ws://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server.close();
  removeDir(dataDir);
});

describe('extension API', () => {
  it('a server-side change is persisted, relayed to clients and reported to onUpdate', async () => {
    const room = rooms.doc(ws);
    const client = connect(url, room, await token({ ws, role: 'editor' }));
    await synced(client);
    const held = await server.openRoom(room);
    await held.change((doc) => doc.getText('t').insert(0, 'from server'), 'test');
    await waitFor(
      'client sees server change',
      () => client.doc.getText('t').toString() === 'from server',
    );
    expect(
      updates.some(
        (u) => u.room === room && u.origin.kind === 'server' && u.origin.label === 'test',
      ),
    ).toBe(true);
    expect((await storedDoc(dataDir, room)).getText('t').toString()).toBe('from server');
    held.release();
    client.destroy();
  });

  it('a change made from an observer (a receipt) is persisted and reaches the respondent', async () => {
    const form = newId();
    const me = newId();
    const room = rooms.sub(ws, form, me);
    const client = connect(
      url,
      room,
      await token({ ws, sub: me, role: 'respondent', rooms: [rooms.form(ws, form)] }),
    );
    await synced(client);
    expect(loaded).toContain(room);
    client.doc.getMap('answers').set('2026-11-21', { temp: 36.6 });
    await waitFor('receipt', () => client.doc.getMap('receipt').get('status') === 'accepted 1');
    const stored = await storedDoc(dataDir, room);
    expect(stored.getMap('receipt').get('status')).toBe('accepted 1');
    expect(stored.getMap('answers').toJSON()).toEqual({ '2026-11-21': { temp: 36.6 } });
    const fromClient = updates.find((u) => u.room === room && u.origin.kind === 'client');
    expect(fromClient?.origin).toMatchObject({ kind: 'client', sub: me, role: 'respondent' });
    client.destroy();
  });

  it('openRoom loads a room that no client has open and keeps it until released', async () => {
    const room = rooms.doc(ws);
    const held = await server.openRoom(room);
    await held.change((doc) => doc.getMap('m').set('k', 1));
    expect(server.loadedRooms().map((r) => r.name)).toContain(room);
    held.release();
    await waitFor('unload after release', () => !server.loadedRooms().some((r) => r.name === room));
    const again = await server.openRoom(room);
    expect(again.doc.getMap('m').get('k')).toBe(1);
    again.release();
  });
});
