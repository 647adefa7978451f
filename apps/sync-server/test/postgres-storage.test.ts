/**
 * PostgreSQL storage against the real server on this machine (issue 9). With CI=true the tests
 * must run and fail if PostgreSQL is unreachable; elsewhere they are skipped with one line saying
 * how to start it.
 */
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '../src/storage/postgres-storage';
import type { RoomStorage } from '../src/storage/storage';
import { DATABASE_URL, dropSchema, servicesAvailable } from './services';

const url = DATABASE_URL;
const available = await servicesAvailable({ postgres: true });

const schema = `muster_test_${process.pid}_${Date.now().toString(36)}`;
const room = (n: number) => `ws/aaaaaaaaaaaaaaaa/doc/room${String(n).padStart(12, '0')}`;

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => {
    update = u;
  };
  doc.on('update', capture);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', capture);
  return update as unknown as Uint8Array;
}

function replay(stored: Awaited<ReturnType<RoomStorage['loadRoom']>>): string {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.update);
  return doc.getText('t').toString();
}

describe.skipIf(!available)('PostgreSQL room storage', () => {
  let storage: RoomStorage;

  beforeAll(async () => {
    storage = await openPostgresStorage({ connectionString: url, schema });
  });

  afterAll(async () => {
    await storage?.close();
    await dropSchema(schema);
  });

  it('appends in order, loads, and compacts without losing later appends', async () => {
    const doc = new Y.Doc();
    const first = await storage.appendUpdates([
      { room: room(1), update: textUpdate(doc, 'a') },
      { room: room(2), update: textUpdate(new Y.Doc(), 'other') },
      { room: room(1), update: textUpdate(doc, 'b') },
    ]);
    expect(first[0]! < first[1]! && first[1]! < first[2]!).toBe(true);
    const loaded = await storage.loadRoom(room(1));
    expect(loaded.updates.map((u) => u.seq)).toEqual([first[0], first[2]]);
    expect(replay(loaded)).toBe('ab');

    const snapshotDoc = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(snapshotDoc, u.update);
    const later = await storage.appendUpdates([{ room: room(1), update: textUpdate(doc, 'c') }]);
    await storage.compact(room(1), Y.encodeStateAsUpdate(snapshotDoc), loaded.lastSeq);
    const after = await storage.loadRoom(room(1));
    expect(after.snapshot).not.toBeNull();
    expect(after.updates.map((u) => u.seq)).toEqual(later);
    expect(replay(after)).toBe('abc');
    expect(after.lastSeq).toBe(later[0]);

    // A stale compaction (lower upto) arriving late changes nothing.
    await storage.compact(room(1), Y.encodeStateAsUpdate(new Y.Doc()), loaded.lastSeq - 1);
    expect(replay(await storage.loadRoom(room(1)))).toBe('abc');

    const info = await storage.listRooms();
    expect(info.find((r) => r.room === room(1))).toMatchObject({ logLength: 1 });
    expect(info.find((r) => r.room === room(2))).toMatchObject({ logLength: 1, snapshotBytes: 0 });
  });

  it('an unknown room loads empty', async () => {
    expect(await storage.loadRoom(room(99))).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
  });

  it('two processes appending to one room while a third compacts lose nothing', async () => {
    const WRITERS = 4;
    const EACH = 80;
    const procs = await Promise.all(
      Array.from({ length: WRITERS + 1 }, () =>
        openPostgresStorage({ connectionString: url, schema }),
      ),
    );
    const compacting = procs[WRITERS]!;
    let writing = true;
    try {
      const writers = procs.slice(0, WRITERS).map(async (s, w) => {
        for (let i = 0; i < EACH; i++) {
          const d = new Y.Doc();
          d.clientID = 1000 + w * 1000 + i;
          await s.appendUpdates([{ room: room(3), update: textUpdate(d, `${w}:${i};`) }]);
        }
      });
      const compactor = (async () => {
        while (writing) {
          const state = await compacting.loadRoom(room(3));
          const d = new Y.Doc();
          if (state.snapshot) Y.applyUpdate(d, state.snapshot);
          for (const u of state.updates) Y.applyUpdate(d, u.update);
          if (state.lastSeq > 0)
            await compacting.compact(room(3), Y.encodeStateAsUpdate(d), state.lastSeq);
        }
      })();
      await Promise.all(writers);
      writing = false;
      await compactor;
      const text = replay(await storage.loadRoom(room(3)));
      const missing: string[] = [];
      for (let w = 0; w < WRITERS; w++)
        for (let i = 0; i < EACH; i++) if (!text.includes(`${w}:${i};`)) missing.push(`${w}:${i}`);
      expect(missing).toEqual([]);
    } finally {
      await Promise.all(procs.map((p) => p.close()));
    }
  }, 60_000);

  it('migrations run once even when several processes start together', async () => {
    const again = await Promise.all(
      [1, 2, 3].map(() => openPostgresStorage({ connectionString: url, schema })),
    );
    await Promise.all(again.map((s) => s.close()));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const res = await admin.query(`SELECT version FROM ${schema}.migrations`);
    await admin.end();
    expect(res.rows).toEqual([{ version: 1 }]);
  });

  it('refuses an unsafe schema name', async () => {
    await expect(
      openPostgresStorage({ connectionString: url, schema: 'x; DROP TABLE y' }),
    ).rejects.toThrow(/Invalid PostgreSQL schema/);
  });
});
