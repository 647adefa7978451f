/**
 * Compaction runs off the event loop and a crash in the middle of it loses nothing: a child
 * process compacting a long log is killed with SIGKILL at seeded random moments; after each kill
 * the stored room must replay to exactly what was written.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportStoredRoom } from '../src/compactor';
import { openSqliteStorage } from '../src/storage/sqlite-storage';
import { prng, removeDir, testSeed } from './harness';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'muster-compact-crash-'));
const file = join(dir, 'muster.db');
const room = 'ws/aaaaaaaaaaaaaaaa/doc/bbbbbbbbbbbbbbbb';

afterAll(() => removeDir(dir));

async function storedText(): Promise<{ text: string; logLength: number }> {
  const storage = openSqliteStorage(file, { readonly: true });
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await exportStoredRoom(storage, room));
    const info = (await storage.listRooms()).find((r) => r.room === room);
    return { text: doc.getText('t').toString(), logLength: info?.logLength ?? 0 };
  } finally {
    await storage.close();
  }
}

/** Run the compaction child; kill -9 it `killAfterMs` after it starts compacting (null: never). */
function runChild(killAfterMs: number | null): Promise<{ finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/compact-child.ts', file, room],
      { cwd: APP_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAfterMs !== null && out.includes('start\n') && !child.killed) {
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.once('error', reject);
    child.once('exit', () => resolve({ finished: out.includes('done\n') }));
  });
}

describe('compaction', () => {
  it('a kill -9 at any moment of a compaction loses nothing', async () => {
    const storage = openSqliteStorage(file);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 20_000; i++) {
      const t = doc.getText('t');
      if (i % 7 === 6) t.delete(0, 2);
      else t.insert(t.length, `${i % 10}`);
    }
    await storage.appendUpdates(updates.map((update) => ({ room, update })));
    await storage.close();
    const expected = doc.getText('t').toString();
    // Every round starts from the same uncompacted file (closing checkpointed the WAL into it).
    const pristine = join(dir, 'pristine.db');
    copyFileSync(file, pristine);
    const restore = () => {
      for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
      copyFileSync(pristine, file);
    };

    const random = prng(testSeed('compaction kill -9'));
    let interrupted = 0;
    for (let round = 0; round < 6; round++) {
      restore();
      // The compaction of 20k entries takes 100+ ms even on a fast machine; kill somewhere inside it.
      const { finished } = await runChild(random.int(100));
      if (!finished) interrupted++;
      const after = await storedText();
      expect(after.text).toBe(expected);
      // Interrupted: the whole log is still there; finished: it is one snapshot.
      expect([0, 20_000]).toContain(after.logLength);
    }
    // The kills must have hit compactions in progress, or the test proved nothing.
    expect(interrupted).toBeGreaterThan(0);
    restore();
    const { finished } = await runChild(null);
    expect(finished).toBe(true);
    expect(await storedText()).toEqual({ text: expected, logLength: 0 });
  });
});
