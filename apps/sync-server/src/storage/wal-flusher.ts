import { closeSync, fstatSync, fsync, fsyncSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Flushes a SQLite WAL file to disk off the event loop (libuv's thread pool), for a connection
 * that commits with synchronous=NORMAL: a commit is then in the operating system's cache at
 * once (it survives the process being killed) and on disk after the next flush.
 *
 * fsync works per file, not per descriptor, so flushing our own descriptor of the `-wal` file
 * covers every frame SQLite wrote through its own. The file keeps its inode while the database
 * is open (SQLite resets it in place after a checkpoint); if it was ever replaced, the flusher
 * notices by inode and reopens it.
 */
export class WalFlusher {
  private fd: number | null = null;
  private ino = 0;
  /** Flushes asked for / flushes whose fsync began after that many requests. */
  private requested = 0;
  private completed = 0;
  /** The latest request someone waits for: it must not sit out the delay. */
  private urgentUpTo = 0;
  private running = false;
  private waiters: { upTo: number; resolve(): void; reject(e: Error): void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Flushes done, for {@link DurabilityStats}. */
  flushes = 0;

  /**
   * @param delayMs how long a flush nobody waits for may be put off, so that the commits of that
   * window share one fsync (each fsync is a journal commit for the file system, and appends made
   * while it runs can stall briefly).
   */
  constructor(
    private readonly walFile: string,
    private readonly delayMs = 0,
  ) {}

  /** Resolves once everything written to the WAL before this call is on disk. */
  flush(): Promise<void> {
    const upTo = ++this.requested;
    this.urgentUpTo = upTo;
    const done = new Promise<void>((resolve, reject) =>
      this.waiters.push({ upTo, resolve, reject }),
    );
    this.schedule();
    return done;
  }

  /**
   * Put what was written to the WAL so far on disk within the delay; nobody waits for it (a
   * failure shows in the next {@link flush}, which retries).
   */
  flushSoon(): void {
    this.requested++;
    this.schedule();
  }

  /** Close the descriptor (after a last flush, if the caller wants one). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private schedule(): void {
    if (this.running || this.completed === this.requested) return;
    if (this.urgentUpTo > this.completed || this.delayMs === 0) this.run();
    else this.timer ??= setTimeout(() => this.run(), this.delayMs);
  }

  private run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = true;
    // Writes made before this point are covered by the fsync that starts now.
    const upTo = this.requested;
    let fd: number;
    try {
      fd = this.descriptor();
    } catch (e) {
      this.finish(upTo, e instanceof Error ? e : new Error(String(e)));
      return;
    }
    fsync(fd, (error) => this.finish(upTo, error));
  }

  private finish(upTo: number, error: Error | null): void {
    this.running = false;
    if (!error) {
      this.completed = upTo;
      this.flushes++;
    }
    const settled = this.waiters.filter((w) => w.upTo <= upTo);
    this.waiters = this.waiters.filter((w) => w.upTo > upTo);
    for (const w of settled) {
      if (error) w.reject(new Error(`Flushing the SQLite log to disk failed: ${error.message}`));
      else w.resolve();
    }
    if (error) this.completed = upTo; // the waiters were told; later writes get a fresh attempt
    this.schedule();
  }

  private descriptor(): number {
    const ino = statSync(this.walFile).ino;
    if (this.fd !== null && ino === this.ino) return this.fd;
    this.close();
    this.fd = openSync(this.walFile, 'r');
    this.ino = fstatSync(this.fd).ino;
    // A new file's name is durable once its directory is: flush the directory too, once.
    const dir = openSync(dirname(this.walFile), 'r');
    try {
      fsyncDirectory(dir);
    } finally {
      closeSync(dir);
    }
    return this.fd;
  }
}

function fsyncDirectory(fd: number): void {
  // Synchronous, but only when the WAL file is (re)opened: once per database open.
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory; the file's own flush still stands.
  }
}
