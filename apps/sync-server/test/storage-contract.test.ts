/**
 * The `RoomStorage` contract, one suite run against every implementation: SQLite inline, SQLite
 * with its writer thread (what the relay uses) and PostgreSQL (real server, a fresh schema per
 * run). With CI=true PostgreSQL must be reachable (see services.ts); elsewhere it is skipped with
 * one line saying how to start it.
 */
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compactStoredRoom } from '../src/compactor';
import { openPostgresStorage } from '../src/storage/postgres-storage';
import { openSqliteStorage } from '../src/storage/sqlite-storage';
import type { RoomStorage, StoredRoom } from '../src/storage/storage';
import { removeDir } from './harness';
import { DATABASE_URL, dropSchema, servicesAvailable } from './services';

/** One place to store rooms; `open` may be called several times (several processes). */
interface Backend {
  open(): Promise<RoomStorage>;
  dispose(): Promise<void>;
}

const postgresUp = await servicesAvailable({ postgres: true });
let schemas = 0;

const kinds: { name: string; available: boolean; make(): Backend }[] = [
  {
    name: 'SQLite (inline)',
    available: true,
    make() {
      const dir = mkdtempSync(join(tmpdir(), 'muster-contract-'));
      return {
        open: async () => openSqliteStorage(join(dir, 'muster.db')),
        dispose: async () => removeDir(dir),
      };
    },
  },
  {
    name: 'SQLite (writer thread)',
    available: true,
    make() {
      const dir = mkdtempSync(join(tmpdir(), 'muster-contract-'));
      return {
        open: async () => openSqliteStorage(join(dir, 'muster.db'), { writerThread: true }),
        dispose: async () => removeDir(dir),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresUp,
    make() {
      const schema = `muster_contract_${process.pid}_${Date.now().toString(36)}_${schemas++}`;
      return {
        open: () => openPostgresStorage({ connectionString: DATABASE_URL, schema }),
        dispose: () => dropSchema(schema),
      };
    },
  },
];

let roomCounter = 0;
const newRoom = () =>
  `ws/aaaaaaaaaaaaaaaa/doc/contract${String(roomCounter++).padStart(8, '0')}${Date.now().toString(36)}`;

/** An update appending `text` to text `t` of `doc`. */
function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => {
    update = u;
  };
  doc.on('update', capture);
  doc.getText('t').insert(doc.getText('t').length, text);
  doc.off('update', capture);
  if (!update) throw new Error('no update');
  return update;
}

function replay(stored: StoredRoom): string {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.update);
  return doc.getText('t').toString();
}

function snapshotOf(stored: StoredRoom): Uint8Array {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.update);
  return Y.encodeStateAsUpdate(doc);
}

const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

for (const kind of kinds) {
  describe.skipIf(!kind.available)(`RoomStorage contract: ${kind.name}`, () => {
    const backends: Backend[] = [];
    const opened: RoomStorage[] = [];
    async function fresh(): Promise<{ backend: Backend; storage: RoomStorage }> {
      const backend = kind.make();
      backends.push(backend);
      const storage = await backend.open();
      opened.push(storage);
      return { backend, storage };
    }
    async function another(backend: Backend): Promise<RoomStorage> {
      const s = await backend.open();
      opened.push(s);
      return s;
    }

    afterAll(async () => {
      for (const s of opened) await s.close().catch(() => {});
      for (const b of backends) await b.dispose();
    });

    it('an unknown room loads empty; an empty append writes nothing', async () => {
      const { storage } = await fresh();
      const room = newRoom();
      expect(await storage.loadRoom(room)).toEqual({ snapshot: null, updates: [], lastSeq: 0 });
      expect(await storage.appendUpdates([])).toEqual([]);
      expect(await storage.listRooms()).toEqual([]);
    });

    it('a batch gets increasing sequence numbers in item order; each room loads only its own, oldest first', async () => {
      const { storage } = await fresh();
      const [a, b] = [newRoom(), newRoom()];
      const docA = new Y.Doc();
      const docB = new Y.Doc();
      const seqs = await storage.appendUpdates([
        { room: a, update: textUpdate(docA, 'a1') },
        { room: b, update: textUpdate(docB, 'b1') },
        { room: a, update: textUpdate(docA, 'a2') },
      ]);
      expect(seqs).toHaveLength(3);
      expect(increasing(seqs)).toBe(true);
      const later = await storage.appendUpdates([{ room: a, update: textUpdate(docA, 'a3') }]);
      expect(later[0]!).toBeGreaterThan(seqs[2]!);
      const loadedA = await storage.loadRoom(a);
      expect(loadedA.snapshot).toBeNull();
      expect(loadedA.updates.map((u) => u.seq)).toEqual([seqs[0], seqs[2], later[0]]);
      expect(loadedA.lastSeq).toBe(later[0]);
      expect(replay(loadedA)).toBe('a1a2a3');
      const loadedB = await storage.loadRoom(b);
      expect(loadedB.updates.map((u) => u.seq)).toEqual([seqs[1]]);
      expect(replay(loadedB)).toBe('b1');
      // Stored bytes come back byte for byte.
      expect(loadedB.updates[0]!.update).toEqual(Y.encodeStateAsUpdate(docB));
    });

    it('what resolved is durable: a second handle (another process) and a reopen see it', async () => {
      const { backend, storage } = await fresh();
      const room = newRoom();
      const doc = new Y.Doc();
      await storage.appendUpdates([{ room, update: textUpdate(doc, 'kept') }]);
      const other = await another(backend);
      expect(replay(await other.loadRoom(room))).toBe('kept');
      await storage.close();
      const reopened = await another(backend);
      expect(replay(await reopened.loadRoom(room))).toBe('kept');
    });

    it('compaction replaces the log up to `upto` by the snapshot, keeps later appends, ignores a stale compaction', async () => {
      const { storage } = await fresh();
      const room = newRoom();
      const doc = new Y.Doc();
      for (const t of ['a', 'b', 'c'])
        await storage.appendUpdates([{ room, update: textUpdate(doc, t) }]);
      const before = await storage.loadRoom(room);
      const snapshot = snapshotOf(before);
      const later = await storage.appendUpdates([{ room, update: textUpdate(doc, 'd') }]);
      await storage.compact(room, snapshot, before.lastSeq);
      const after = await storage.loadRoom(room);
      expect(after.snapshot).toEqual(snapshot);
      expect(after.updates.map((u) => u.seq)).toEqual(later);
      expect(after.lastSeq).toBe(later[0]);
      expect(replay(after)).toBe('abcd');

      // A second compaction covering everything leaves an empty log and keeps lastSeq.
      await storage.compact(room, snapshotOf(after), after.lastSeq);
      const full = await storage.loadRoom(room);
      expect(full.updates).toEqual([]);
      expect(full.lastSeq).toBe(later[0]);
      expect(replay(full)).toBe('abcd');

      // A late compaction with an older snapshot (lower upto) must not replace the newer one.
      await storage.compact(room, Y.encodeStateAsUpdate(new Y.Doc()), before.lastSeq);
      expect(replay(await storage.loadRoom(room))).toBe('abcd');

      // Appends after a full compaction continue above lastSeq.
      const next = await storage.appendUpdates([{ room, update: textUpdate(doc, 'e') }]);
      expect(next[0]!).toBeGreaterThan(full.lastSeq);
      const end = await storage.loadRoom(room);
      expect(end.updates.map((u) => u.seq)).toEqual(next);
      expect(replay(end)).toBe('abcde');

      const info = (await storage.listRooms()).find((r) => r.room === room);
      expect(info).toEqual({
        room,
        snapshotBytes: full.snapshot!.length,
        logLength: 1,
        logBytes: end.updates[0]!.update.length,
      });
    });

    it('compacting an empty room is harmless', async () => {
      const { storage } = await fresh();
      const room = newRoom();
      await storage.compact(room, Y.encodeStateAsUpdate(new Y.Doc()), 0);
      const loaded = await storage.loadRoom(room);
      expect(loaded.updates).toEqual([]);
      expect(loaded.lastSeq).toBe(0);
      expect(replay(loaded)).toBe('');
    });

    it('concurrent appends from several handles get distinct sequence numbers and lose nothing, while another compacts', async () => {
      const { backend } = await fresh();
      const HANDLES = 3;
      const CALLS = 40;
      const handles = await Promise.all(Array.from({ length: HANDLES }, () => another(backend)));
      const compacting = await another(backend);
      const room = newRoom();
      const otherRoom = newRoom();
      let writing = true;
      const compactor = (async () => {
        while (writing) {
          const state = await compacting.loadRoom(room);
          if (state.lastSeq > 0) await compacting.compact(room, snapshotOf(state), state.lastSeq);
          await new Promise((r) => setTimeout(r, 1));
        }
      })();
      const all: number[] = [];
      await Promise.all(
        handles.map(async (h, w) => {
          // Calls from one handle overlap too (the relay's group committer never waits).
          await Promise.all(
            Array.from({ length: CALLS }, async (_, i) => {
              const d = new Y.Doc();
              d.clientID = 10_000 + w * 1000 + i;
              const seqs = await h.appendUpdates([
                { room, update: textUpdate(d, `<${w}:${i}>`) },
                { room: otherRoom, update: textUpdate(new Y.Doc(), 'x') },
              ]);
              expect(seqs[1]!).toBeGreaterThan(seqs[0]!);
              all.push(...seqs);
            }),
          );
        }),
      );
      writing = false;
      await compactor;
      expect(new Set(all).size).toBe(all.length);
      const text = replay(await handles[0]!.loadRoom(room));
      const missing: string[] = [];
      for (let w = 0; w < HANDLES; w++)
        for (let i = 0; i < CALLS; i++)
          if (!text.includes(`<${w}:${i}>`)) missing.push(`${w}:${i}`);
      expect(missing).toEqual([]);
      const other = await handles[1]!.loadRoom(otherRoom);
      expect(other.updates).toHaveLength(HANDLES * CALLS);
      expect(increasing(other.updates.map((u) => u.seq))).toBe(true);
    }, 120_000);

    it("the relay's compaction (off the event loop) folds the log into the snapshot, again after later appends", async () => {
      const { storage } = await fresh();
      const room = newRoom();
      const doc = new Y.Doc();
      for (let i = 0; i < 300; i++)
        await storage.appendUpdates([{ room, update: textUpdate(doc, `${i % 10}`) }]);
      const ms = await compactStoredRoom(storage, room);
      expect(ms).toBeGreaterThanOrEqual(0);
      const after = await storage.loadRoom(room);
      expect(after.updates).toEqual([]);
      expect(after.snapshot).not.toBeNull();
      expect(replay(after)).toBe(doc.getText('t').toString());
      const later = await storage.appendUpdates([{ room, update: textUpdate(doc, 'z') }]);
      await compactStoredRoom(storage, room);
      const again = await storage.loadRoom(room);
      // One entry after a snapshot is still worth folding in; the text stays the same.
      expect(again.lastSeq).toBe(later[0]);
      expect(replay(again)).toBe(doc.getText('t').toString());
    });

    it('stores a big update (6 MiB) byte for byte', async () => {
      const { storage } = await fresh();
      const room = newRoom();
      const doc = new Y.Doc();
      const big = textUpdate(doc, 'ž'.repeat(3 * 1024 * 1024));
      expect(big.length).toBeGreaterThan(6 * 1024 * 1024);
      await storage.appendUpdates([{ room, update: big }]);
      const loaded = await storage.loadRoom(room);
      // Buffer.equals: a deep equality of 6 MiB element by element takes the test's whole budget.
      expect(Buffer.from(loaded.updates[0]!.update).equals(big)).toBe(true);
      await storage.compact(room, snapshotOf(loaded), loaded.lastSeq);
      expect((await storage.loadRoom(room)).snapshot!.length).toBeGreaterThan(6 * 1024 * 1024);
    }, 60_000);

    it('[property] any interleaving of appends and compactions replays to the same text', async () => {
      const { storage } = await fresh();
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 4 }), fc.constant(null)), {
            minLength: 1,
            maxLength: 15,
          }),
          async (steps) => {
            const room = newRoom();
            const doc = new Y.Doc();
            for (const step of steps) {
              if (step === null) {
                const state = await storage.loadRoom(room);
                await storage.compact(room, snapshotOf(state), state.lastSeq);
              } else {
                await storage.appendUpdates([{ room, update: textUpdate(doc, step) }]);
              }
            }
            expect(replay(await storage.loadRoom(room))).toBe(doc.getText('t').toString());
          },
        ),
        { numRuns: 25 },
      );
    }, 120_000);
  });
}
