import { Worker } from 'node:worker_threads';
import type { CompactedRoom } from './storage';

/** What `PRAGMA wal_checkpoint` reports: busy (1 if it could not finish), WAL frames, frames copied. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

type Reply = {
  id: number;
  update?: Uint8Array;
  result?: CompactedRoom | null;
  checkpoint?: CheckpointResult;
  error?: string;
};

/**
 * The compaction worker thread (`compaction.worker.mjs`), started on first use. Merging a long log
 * blocks for as long as Yjs needs (100k entries: about a second), so it never runs on the relay's
 * event loop; only the messages do.
 */
export class CompactionThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(r: Reply): void; reject(e: Error): void }>();
  private closed = false;

  /** Merge a snapshot and log entries into one update. */
  async merge(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Promise<Uint8Array> {
    const reply = await this.call({ type: 'merge', snapshot, updates });
    return reply.update as Uint8Array;
  }

  /** Read, merge and write a SQLite room on the thread's own connection. */
  async compactSqlite(
    file: string,
    synchronous: 'FULL' | 'NORMAL',
    room: string,
  ): Promise<CompactedRoom | null> {
    const reply = await this.call({ type: 'sqlite', file, synchronous, room });
    return reply.result ?? null;
  }

  /** Start the thread now rather than on its first job (starting it blocks for a few ms). */
  warm(): void {
    if (!this.closed) this.start();
  }

  /** Checkpoint a SQLite database's WAL (PASSIVE: writers go on) on the thread's own connection. */
  async checkpointSqlite(file: string, synchronous: 'FULL' | 'NORMAL'): Promise<CheckpointResult> {
    const reply = await this.call({ type: 'checkpoint', file, synchronous });
    return reply.checkpoint as CheckpointResult;
  }

  /** Stop the thread (waits for the job in progress). */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    worker.ref();
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.once('message', (m: { type?: string }) => {
        if (m.type === 'closed') void worker.terminate();
      });
      worker.postMessage({ type: 'close' });
    });
  }

  private call(message: Record<string, unknown>): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('Compaction thread is closed.'));
    const worker = this.start();
    // Referenced while a job runs (a CLI awaiting it must not exit), unreferenced when idle.
    worker.ref();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./compaction.worker.mjs', import.meta.url));
    // An idle compaction thread must not keep a CLI or test process alive.
    worker.unref();
    const failAll = (e: Error) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
      if (this.worker === worker) this.worker = null;
    };
    worker.on('message', (m: Reply & { type?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) worker.unref();
      if (m.error !== undefined) w.reject(new Error(`Compaction failed: ${m.error}`));
      else w.resolve(m);
    });
    worker.on('error', (e) => failAll(e));
    worker.on('exit', () => failAll(new Error('Compaction thread exited.')));
    this.worker = worker;
    return worker;
  }
}
