import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { SyncMetrics } from './metrics';
import type { RoomManager } from './room-manager';
import { CompactionThread } from './storage/compaction-thread';
import type { CompactedRoom, RoomStorage } from './storage/storage';

/**
 * Background compaction: one room at a time, merging its log into one snapshot. The merge (and,
 * for SQLite, the read and the write too) runs on the compaction thread, so the event loop only
 * passes messages; the main-thread part is still measured
 * (`muster_sync_compaction_block_seconds`), and the bench watches the event-loop delay.
 */
export class Compactor {
  private readonly queue = new Set<string>();
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly thread = new CompactionThread();
  /** Longest main-thread slice of a compaction seen, in milliseconds. */
  longestBlockMs = 0;

  constructor(
    private readonly storage: RoomStorage,
    private readonly rooms: RoomManager,
    private readonly metrics: SyncMetrics,
    private readonly logger: Logger,
  ) {}

  /** Ask for a room to be compacted soon; repeated requests coalesce. */
  request(name: string): void {
    if (this.stopped) return;
    this.queue.add(name);
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
      });
    }
  }

  /** Stop taking work and wait for the current room to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.clear();
    await this.running;
    await this.thread.close();
  }

  /**
   * Compact one room now. Always from the stored log, never from a loaded doc: the log is what a
   * restart would replay, and with several processes on one storage a loaded doc may still miss
   * another process's update below this process's last commit (its fan-out is in flight).
   */
  async compact(name: string): Promise<void> {
    const { result, longestMs } = await compactRoom(this.storage, name, this.thread);
    const live = this.rooms.rooms.get(name);
    if (result && live) {
      live.snapshotBytes = result.snapshotBytes;
      live.log = live.log.filter(([seq]) => seq > result.upto);
    }
    this.longestBlockMs = Math.max(this.longestBlockMs, longestMs);
    this.metrics.compactionBlockSeconds.observe(longestMs / 1000);
    this.metrics.compactions.inc();
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0 && !this.stopped) {
      const name = this.queue.values().next().value as string;
      this.queue.delete(name);
      // Let pending I/O run before each room.
      await new Promise<void>((r) => setImmediate(r));
      if (this.stopped) return;
      try {
        await this.compact(name);
      } catch (e) {
        this.logger.error({ err: e, room: name }, 'compaction failed');
      }
    }
  }
}

/**
 * Compact one stored room off the event loop: by the storage itself when it can
 * (`compactRoom`, SQLite), else read here, merge on `thread`, write here. Returns what the
 * snapshot covers (null: nothing to do) and the longest main-thread slice in milliseconds.
 */
async function compactRoom(
  storage: RoomStorage,
  name: string,
  thread: CompactionThread,
): Promise<{ result: CompactedRoom | null; longestMs: number }> {
  let longestMs = 0;
  const timed = async <T>(start: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const pending = start();
    longestMs = Math.max(longestMs, performance.now() - t0);
    return pending;
  };
  if (storage.compactRoom) {
    const result = await timed(() => storage.compactRoom!(name));
    return { result, longestMs };
  }
  const stored = await timed(() => storage.loadRoom(name));
  if (stored.updates.length === 0 || (stored.updates.length === 1 && !stored.snapshot))
    return { result: null, longestMs };
  const snapshot = await timed(() =>
    thread.merge(
      stored.snapshot,
      stored.updates.map((u) => u.update),
    ),
  );
  await timed(() => storage.compact(name, snapshot, stored.lastSeq));
  return { result: { upto: stored.lastSeq, snapshotBytes: snapshot.length }, longestMs };
}

/**
 * Compact a room straight from storage (CLI `compact`, bench), off the event loop like the
 * relay's compactor. Returns the longest main-thread slice in milliseconds.
 */
export async function compactStoredRoom(storage: RoomStorage, name: string): Promise<number> {
  const thread = new CompactionThread();
  try {
    return (await compactRoom(storage, name, thread)).longestMs;
  } finally {
    await thread.close();
  }
}

/** Rebuild a stored room's state as one Yjs update (CLI `export`). */
export async function exportStoredRoom(storage: RoomStorage, name: string): Promise<Uint8Array> {
  const stored = await storage.loadRoom(name);
  const doc = new Y.Doc();
  try {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    doc.transact(() => {
      for (const u of stored.updates) Y.applyUpdate(doc, u.update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
