import type { AppendItem, RoomStorage } from './storage/storage';
import type { SyncMetrics } from './metrics';

/** Called once the update's batch is durable (`seq` set) or failed (`error` set). */
export type CommitCallback = (error: Error | null, seq: number) => void;

interface Pending extends AppendItem {
  done: CommitCallback;
}

/**
 * Group commit: updates that arrive within `windowMs` (0: within the same event-loop turn, or
 * while the previous commit is in flight) share one transaction and one fsync. Only
 * one batch is in flight at a time; what arrives meanwhile forms the next batch. Callbacks run
 * in arrival order, synchronously after the commit, so the caller can apply and relay in order.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly storage: RoomStorage,
    private readonly windowMs: number,
    private readonly metrics: SyncMetrics,
  ) {}

  /**
   * Queue one update for the next commit. `sync`: only the server holds it, so its batch waits
   * until it is on disk (see {@link AppendItem.sync}).
   */
  enqueue(room: string, update: Uint8Array, done: CommitCallback, sync = false): void {
    this.queue.push({ room, update, done, sync });
    this.schedule();
  }

  /** Commit everything queued so far; resolves when it is durable (or failed). */
  async flush(): Promise<void> {
    while (this.inFlight || this.queue.length > 0) {
      this.cancelScheduled();
      if (!this.inFlight) this.inFlight = this.commit();
      await this.inFlight;
    }
  }

  private schedule(): void {
    if (this.timer || this.immediate || this.inFlight) return;
    if (this.windowMs === 0) {
      // No extra wait: updates that arrive while a commit is in flight form the next batch.
      this.immediate = setImmediate(() => {
        this.immediate = null;
        this.inFlight ??= this.commit();
      });
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inFlight ??= this.commit();
    }, this.windowMs);
  }

  private cancelScheduled(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private async commit(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const end = this.metrics.persistSeconds.startTimer();
    let seqs: number[] | null = null;
    let error: Error | null = null;
    try {
      seqs = await this.storage.appendUpdates(batch);
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
    }
    end();
    this.metrics.commitBatchSize.observe(batch.length);
    this.inFlight = null;
    batch.forEach((item, i) => item.done(error, seqs?.[i] ?? 0));
    // What arrived during this commit has waited long enough: commit it right away.
    if (this.queue.length > 0) {
      this.cancelScheduled();
      this.inFlight ??= this.commit();
    }
  }
}
