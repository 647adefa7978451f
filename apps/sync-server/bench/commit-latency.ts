/**
 * What one durable group commit costs on this disk: sequential appends of one ~200-byte update
 * through the relay's SQLite storage (writer thread), with `synchronous` FULL (fsync per commit)
 * and NORMAL. The hot-document round trip cannot be shorter than this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStorage } from '../src/storage/sqlite-storage';

export interface CommitLatency {
  synchronous: 'FULL' | 'NORMAL';
  commits: number;
  p50Ms: number;
  p99Ms: number;
}

export async function measureCommitLatency(
  synchronous: 'FULL' | 'NORMAL',
  commits = 300,
): Promise<CommitLatency> {
  const dir = mkdtempSync(join(tmpdir(), 'muster-commit-'));
  const storage = openSqliteStorage(join(dir, 'muster.db'), { synchronous, writerThread: true });
  try {
    const update = new Uint8Array(200).fill(1);
    const times: number[] = [];
    // Warm up: the writer thread starts and opens the database on the first append.
    for (let i = 0; i < 10; i++) await storage.appendUpdates([{ room: 'warmup', update }]);
    for (let i = 0; i < commits; i++) {
      const t0 = performance.now();
      await storage.appendUpdates([{ room: 'ws/aaaaaaaaaaaaaaaa/doc/bbbbbbbbbbbbbbbb', update }]);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) =>
      Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
    return { synchronous, commits, p50Ms: at(0.5), p99Ms: at(0.99) };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
