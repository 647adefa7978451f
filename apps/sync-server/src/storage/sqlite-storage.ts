import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CompactionThread } from './compaction-thread';
import type { AppendItem, DurabilityStats, RoomInfo, RoomStorage, StoredRoom } from './storage';
import { WalFlusher } from './wal-flusher';

/**
 * How commits reach the disk:
 * - `FULL`: every commit is fsynced before it resolves (SQLite synchronous=FULL).
 * - `MIXED`: a commit resolves once SQLite has written it to the WAL (synchronous=NORMAL: it
 *   survives a process crash or kill -9), and a flush on libuv's thread pool puts it on disk
 *   right after; a batch holding a `sync` item (an update only the server has) resolves only
 *   after that flush. Updates a client sent are relayed at memory speed, since their sender
 *   keeps them and sends them again if a power loss took them; what the server made itself
 *   (receipts, projected rows) is on disk before anyone sees it.
 * - `NORMAL`: synchronous=NORMAL and nothing more: power loss may take the last commits.
 */
export type SqliteDurability = 'FULL' | 'MIXED' | 'NORMAL';

/** Options of {@link openSqliteStorage}. */
export interface SqliteStorageOptions {
  /** See {@link SqliteDurability}; default `FULL`. */
  synchronous?: SqliteDurability;
  /**
   * `MIXED`: how long the flush of client commits may be put off so several share one fsync
   * (default 0: right after the fsync in flight).
   */
  flushDelayMs?: number;
  /** Open read-only (CLI `export`, `stats`). */
  readonly?: boolean;
  /**
   * `FULL` and `NORMAL`: append on a worker thread so the fsync of each group commit does not
   * block the event loop; `false` appends inline (CLI, tests of the storage itself). `MIXED`
   * always appends inline: its commits do not wait for the disk on the event loop.
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
  const mode = options.synchronous ?? 'FULL';
  const pragma = mode === 'FULL' ? 'FULL' : 'NORMAL';
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${mode === 'FULL' ? 'FULL' : 'NORMAL'}`);
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
    options.writerThread && !options.readonly && mode !== 'MIXED'
      ? startWriter(file, pragma)
      : null;
  const flusher =
    mode === 'MIXED' && !options.readonly
      ? new WalFlusher(`${file}-wal`, options.flushDelayMs ?? 0)
      : null;
  const compaction = options.readonly ? null : new CompactionThread();
  const stats: DurabilityStats = {
    syncedCommits: 0,
    relaxedCommits: 0,
    logFlushes: 0,
    checkpoints: 0,
  };
  // Commits on the event loop (no writer thread) would run SQLite's automatic checkpoints there
  // too: every ~1,000 pages of WAL, copying them into the database and fsyncing both, which
  // stalled the loop 2–5 ms every ~250 commits of 1 KB and made the relay's p99. Those commits
  // turn it off and have the compaction thread checkpoint on its own connection instead.
  const checkpointer =
    writer === null && compaction !== null
      ? new BackgroundCheckpoints(db, stats, () => compaction.checkpointSqlite(file, pragma))
      : null;
  if (checkpointer) compaction?.warm();

  return {
    async appendUpdates(items) {
      if (items.length === 0) return [];
      const seqs = writer ? await writer.append(items) : appendAll(items);
      // MIXED: a batch holding a server-only update waits for its flush; others flush soon.
      const waitForFlush = flusher !== null && items.some((item) => item.sync);
      if (waitForFlush) await flusher.flush();
      else flusher?.flushSoon();
      if (pragma === 'FULL' || waitForFlush) stats.syncedCommits++;
      else stats.relaxedCommits++;
      checkpointer?.committed();
      return seqs;
    },
    durabilityStats() {
      return { ...stats, logFlushes: flusher?.flushes ?? 0 };
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
      return compaction.compactSqlite(file, mode === 'NORMAL' ? 'NORMAL' : 'FULL', room);
    },
    async listRooms(): Promise<RoomInfo[]> {
      return selectInfo.all();
    },
    async close() {
      await checkpointer?.idle();
      await compaction?.close();
      await writer?.close();
      if (flusher) {
        await flusher.flush().catch(() => {});
        flusher.close();
      }
      if (db.open) db.close();
    },
  };
}

/**
 * Requests a WAL checkpoint every {@link BackgroundCheckpoints.EVERY} commits, one at a time. If
 * one fails, SQLite's own automatic checkpoints come back on, so the WAL never grows unbounded.
 */
class BackgroundCheckpoints {
  /** About SQLite's default of 1,000 WAL pages: each commit writes at least a page or two. */
  static readonly EVERY = 250;
  private since = 0;
  private running: Promise<void> | null = null;
  private failed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly stats: DurabilityStats,
    /** Runs one checkpoint off the event loop. */
    private readonly checkpoint: () => Promise<unknown>,
  ) {
    db.pragma('wal_autocheckpoint = 0');
  }

  /** Called after every commit (no argument: a closure per commit would be garbage per commit). */
  committed(): void {
    if (this.failed || ++this.since < BackgroundCheckpoints.EVERY || this.running) return;
    this.since = 0;
    this.running = this.checkpoint().then(
      () => {
        this.stats.checkpoints++;
        this.running = null;
      },
      () => {
        this.failed = true;
        this.running = null;
        if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
      },
    );
  }

  /** Resolves once no checkpoint is running. */
  async idle(): Promise<void> {
    await this.running;
  }
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
