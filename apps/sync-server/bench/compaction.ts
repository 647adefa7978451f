/**
 * Compaction cost: a room whose log holds `n` small text edits is merged into one snapshot while
 * `perf_hooks.monitorEventLoopDelay` watches the event loop; its maximum is the longest a relay's
 * clients would wait behind the compaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { newId } from '@muster/core';
import * as Y from 'yjs';
import { compactStoredRoom } from '../src/compactor';
import { openSqliteStorage } from '../src/storage/sqlite-storage';

export interface CompactionResult {
  updates: number;
  /** Longest event-loop delay seen while compacting (monitorEventLoopDelay max), ms. */
  maxEventLoopDelayMs: number;
  /** p99 of the event-loop delay samples while compacting, ms. */
  p99EventLoopDelayMs: number;
  /** Control: max event-loop delay over as long a time with no compaction, ms. */
  idleMaxEventLoopDelayMs: number;
  /** Longest synchronous piece of the compaction on the main thread (what our code blocks), ms. */
  mainThreadSliceMs: number;
  totalMs: number;
}

export async function measureCompaction(n: number): Promise<CompactionResult> {
  const dir = mkdtempSync(join(tmpdir(), 'muster-compact-'));
  try {
    const storage = openSqliteStorage(join(dir, 'muster.db'), { synchronous: 'NORMAL' });
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < n; i++) {
      const t = doc.getText('t');
      if (i % 5 === 4) t.delete(0, 1);
      else t.insert(t.length, 'edit ');
    }
    const room = `ws/${newId()}/doc/${newId()}`;
    await storage.appendUpdates(updates.map((update) => ({ room, update })));
    // The relay's compaction thread is started once and reused: start it (on an empty room)
    // before watching, and let the append's own work settle.
    await compactStoredRoom(storage, `${room}-warmup`);
    await new Promise((r) => setTimeout(r, 50));
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    const t0 = performance.now();
    const sliceMs = await compactStoredRoom(storage, room);
    const totalMs = performance.now() - t0;
    // One more turn so a block at the very end is sampled.
    await new Promise((r) => setTimeout(r, 5));
    h.disable();
    // Control: the same watch for as long with nothing to do, on this (shared, loaded) machine.
    const idle = monitorEventLoopDelay({ resolution: 1 });
    idle.enable();
    await new Promise((r) => setTimeout(r, totalMs));
    idle.disable();
    const check = new Y.Doc();
    const stored = await storage.loadRoom(room);
    if (stored.snapshot) Y.applyUpdate(check, stored.snapshot);
    for (const u of stored.updates) Y.applyUpdate(check, u.update);
    if (check.getText('t').toString() !== doc.getText('t').toString())
      throw new Error('compaction changed the room');
    await storage.close();
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    return {
      updates: n,
      maxEventLoopDelayMs: ms(h.max),
      p99EventLoopDelayMs: ms(h.percentile(99)),
      idleMaxEventLoopDelayMs: ms(idle.max),
      mainThreadSliceMs: Math.round(sliceMs * 100) / 100,
      totalMs: Math.round(totalMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
