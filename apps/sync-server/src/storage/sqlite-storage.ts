import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CompactionThread } from './compaction-thread';
import type { AppendItem, RoomInfo, RoomStorage, StoredRoom } from './storage';

/** Options of {@link openSqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * `FULL` (default) fsyncs the WAL on every commit: an update is on disk before it is relayed.
   * `NORMAL` survives process crashes (kill -9) but not power loss; measured in the benchmark.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Open read-only (CLI `export`, `stats`). */
  readonly?: boolean;
  /**
   * Append on a worker thread (default for the relay) so the fsync of each group commit does not
   * block the event loop; `false` appends inline (CLI, tests of the storage itself).
   */
  writerThread?: boolean;
}

/**
 * SQLite room storage: one append-only `updates` log and one `snapshots` row per room, in WAL
 * mode. better-sqlite3 is synchronous, so each call blocks for its own duration only; the group
 * committer keeps that to one short transaction per batch.
 */
export function openSqliteStorage(file: string, options: SqliteStorageOptions = {}): RoomStorage {
  if (!options.readonly) mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.exec(`
      CREATE TABLE IF NOT EXISTS updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        room TEXT NOT NULL,
        data BLOB NOT NULL
      );
      CREATE INDEX IF NOT EXISTS updates_room_seq ON updates (room, seq);
      CREATE TABLE IF NOT EXISTS snapshots (
        room TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        upto INTEGER NOT NULL
      );
    `);
  }
  db.pragma('busy_timeout = 5000');

  const insert = db.prepare<[string, Uint8Array]>('INSERT INTO updates (room, data) VALUES (?, ?)');
  const appendAll = db.transaction((items: readonly AppendItem[]) =>
    items.map((item) => Number(insert.run(item.room, item.update).lastInsertRowid)),
  );
  const selectSnapshot = db.prepare<[string], { data: Buffer; upto: number }>(
    'SELECT data, upto FROM snapshots WHERE room = ?',
  );
  const selectLog = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE room = ? ORDER BY seq',
  );
  const readRoom = db.transaction((room: string): StoredRoom => {
    const snap = selectSnapshot.get(room);
    const updates = selectLog
      .all(room)
      .map((r) => ({ seq: r.seq, update: new Uint8Array(r.data) }));
    const lastSeq = Math.max(snap?.upto ?? 0, updates.at(-1)?.seq ?? 0);
    return { snapshot: snap ? new Uint8Array(snap.data) : null, updates, lastSeq };
  });
  const upsertSnapshot = db.prepare<[string, Uint8Array, number]>(
    `INSERT INTO snapshots (room, data, upto) VALUES (?, ?, ?)
     ON CONFLICT (room) DO UPDATE SET data = excluded.data, upto = excluded.upto`,
  );
  const deleteLog = db.prepare<[string, number]>('DELETE FROM updates WHERE room = ? AND seq <= ?');
  const compactTx = db.transaction((room: string, snapshot: Uint8Array, upto: number) => {
    // A compaction that read the log before another one finished must not put back an older
    // snapshot (the log entries only the newer one holds are gone).
    const current = selectSnapshot.get(room);
    if (current && current.upto >= upto) return;
    upsertSnapshot.run(room, snapshot, upto);
    deleteLog.run(room, upto);
  });
  const selectInfo = db.prepare<
    [],
    { room: string; snapshotBytes: number; logLength: number; logBytes: number }
  >(`
    SELECT room, SUM(sb) AS snapshotBytes, SUM(n) AS logLength, SUM(lb) AS logBytes FROM (
      SELECT room, length(data) AS sb, 0 AS n, 0 AS lb FROM snapshots
      UNION ALL
      SELECT room, 0, COUNT(*), SUM(length(data)) FROM updates GROUP BY room
    ) GROUP BY room ORDER BY room`);

  const writer =
    options.writerThread && !options.readonly
      ? startWriter(file, options.synchronous ?? 'FULL')
      : null;
  const compaction = options.readonly ? null : new CompactionThread();

  return {
    async appendUpdates(items) {
      if (items.length === 0) return [];
      if (writer) return writer.append(items);
      return appendAll(items);
    },
    async loadRoom(room) {
      return readRoom(room);
    },
    async compact(room, snapshot, uptoSeq) {
      // IMMEDIATE takes the write lock first (waiting on busy_timeout): a deferred transaction
      // that reads and then writes fails at once with SQLITE_BUSY if the writer thread committed
      // in between.
      compactTx.immediate(room, snapshot, uptoSeq);
    },
    async compactRoom(room) {
      if (!compaction) throw new Error('Storage is read-only.');
      return compaction.compactSqlite(file, options.synchronous ?? 'FULL', room);
    },
    async listRooms(): Promise<RoomInfo[]> {
      return selectInfo.all();
    },
    async close() {
      await compaction?.close();
      await writer?.close();
      if (db.open) db.close();
    },
  };
}

interface Writer {
  append(items: readonly AppendItem[]): Promise<number[]>;
  close(): Promise<void>;
}

function startWriter(file: string, synchronous: 'FULL' | 'NORMAL'): Writer {
  const worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), {
    workerData: { file, synchronous },
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve(seqs: number[]): void; reject(e: Error): void }>();
  let closed: Promise<void> | null = null;
  const failAll = (e: Error) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (m: { id: number; seqs?: number[]; error?: string; type?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error !== undefined) w.reject(new Error(`SQLite append failed: ${m.error}`));
    else w.resolve(m.seqs ?? []);
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', () => failAll(new Error('SQLite writer thread exited.')));
  return {
    append(items) {
      if (closed) return Promise.reject(new Error('Storage is closed.'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, items: items.map((i) => ({ room: i.room, update: i.update })) });
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.once('message', (m: { type?: string }) => {
          if (m.type === 'closed') void worker.terminate();
        });
        worker.postMessage({ type: 'close' });
      });
      return closed;
    },
  };
}
