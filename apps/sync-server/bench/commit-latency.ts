/**
 * What one group commit costs on this disk: sequential appends of one ~200-byte update through
 * the relay's SQLite storage as the relay runs it: FULL on its writer thread (fsync per commit),
 * NORMAL inline, and MIXED inline for a client update (resolves once written) and for a
 * server-only update (resolves once flushed). The hot-document round trip cannot be shorter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage, type SqliteDurability } from '../src/storage/sqlite-storage';

export interface CommitLatency {
  synchronous: SqliteDurability;
  /** MIXED: a server-only update (`sync`), which waits for the flush. */
  serverOnly?: boolean;
  commits: number;
  p50Ms: number;
  p99Ms: number;
}

export async function measureCommitLatency(
  synchronous: SqliteDurability,
  serverOnly = false,
  commits = 300,
): Promise<CommitLatency> {
  const dir = mkdtempSync(join(tmpdir(), 'muster-commit-'));
  const storage = openSqliteStorage(join(dir, 'muster.db'), {
    synchronous,
    writerThread: synchronous === 'FULL',
  });
  try {
    const update = new Uint8Array(200).fill(1);
    const times: number[] = [];
    // Warm up: the writer thread starts and opens the database on the first append.
    for (let i = 0; i < 10; i++) await storage.appendUpdates([{ room: 'warmup', update }]);
    for (let i = 0; i < commits; i++) {
      const t0 = performance.now();
      await storage.appendUpdates([
        { room: 'ws/aaaaaaaaaaaaaaaa/doc/bbbbbbbbbbbbbbbb', update, sync: serverOnly },
      ]);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
    return {
      synchronous,
      ...(serverOnly ? { serverOnly } : {}),
      commits,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
