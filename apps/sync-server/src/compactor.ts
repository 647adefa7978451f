import type { Logger } from 'pino';
import * as Y from 'yjs';
import type { SyncMetrics } from './metrics';
import type { RoomManager } from './room-manager';
import type { RoomStorage } from './storage/storage';

/** Log entries merged per event-loop turn when compacting a room that is not loaded. */
const CHUNK = 256;

/**
 * Background compaction: one room at a time, merging its log into one snapshot. Work is cut into
 * slices with a yield between them, and the longest slice is recorded
 * (`muster_sync_compaction_block_seconds`) so the event-loop block is measured, not guessed.
 */
export class Compactor {
  private readonly queue = new Set<string>();
  private running: Promise<void> | null = null;
  private stopped = false;
  /** Longest synchronous slice seen, in milliseconds. */
  longestBlockMs = 0;

  constructor(
    private readonly storage: RoomStorage,
    private readonly rooms: RoomManager,
    private readonly metrics: SyncMetrics,
    private readonly logger: Logger,
    /**
     * With several processes on one storage, a loaded doc may still miss another process's
     * update that has a lower sequence number than this process's last commit (its fan-out
     * message is in flight), so only the stored log is a safe base for a snapshot.
     */
    private readonly options: { sharedStorage: boolean } = { sharedStorage: false },
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
  }

  /** Compact one room now (also used by the CLI through {@link compactStoredRoom}). */
  async compact(name: string): Promise<void> {
    const live = this.rooms.rooms.get(name);
    let longest: number;
    if (live?.loaded && !this.options.sharedStorage) {
      // The loaded doc holds every committed update up to appliedSeq; encode it in one slice.
      const t0 = performance.now();
      const upto = live.appliedSeq;
      const snapshot = Y.encodeStateAsUpdate(live.doc);
      await this.storage.compact(name, snapshot, upto);
      live.snapshotBytes = snapshot.length;
      live.log = live.log.filter(([seq]) => seq > upto);
      longest = performance.now() - t0;
    } else {
      longest = await compactStoredRoom(this.storage, name);
    }
    this.longestBlockMs = Math.max(this.longestBlockMs, longest);
    this.metrics.compactionBlockSeconds.observe(longest / 1000);
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
 * Compact a room straight from storage (room not loaded, or the CLI): rebuild its doc in slices,
 * write one snapshot covering the log read. Returns the longest slice in milliseconds.
 */
export async function compactStoredRoom(storage: RoomStorage, name: string): Promise<number> {
  const stored = await storage.loadRoom(name);
  if (stored.updates.length === 0 || (stored.updates.length === 1 && !stored.snapshot)) return 0;
  let longest = 0;
  const doc = new Y.Doc();
  try {
    let t0 = performance.now();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (let i = 0; i < stored.updates.length; i += CHUNK) {
      const chunk = stored.updates.slice(i, i + CHUNK);
      doc.transact(() => {
        for (const u of chunk) Y.applyUpdate(doc, u.update);
      });
      longest = Math.max(longest, performance.now() - t0);
      await new Promise<void>((r) => setImmediate(r));
      t0 = performance.now();
    }
    const snapshot = Y.encodeStateAsUpdate(doc);
    await storage.compact(name, snapshot, stored.lastSeq);
    longest = Math.max(longest, performance.now() - t0);
  } finally {
    doc.destroy();
  }
  return longest;
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
