import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '@muster/core';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createSyncServer, defaultConfig, openSqliteStorage } from '../src/index';
import { SECRET, connect, removeDir, rooms, synced, token, waitFor } from './harness';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'muster-mixed-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeDir));

// Any bytes do: the storage keeps updates without decoding them.
const update = (text: string) => new TextEncoder().encode(text);

describe('MUSTER_SQLITE_SYNCHRONOUS=mixed', () => {
  it('client updates resolve once written and are flushed right after; server-only updates resolve once flushed', async () => {
    const storage = openSqliteStorage(join(tempDir(), 'muster.db'), { synchronous: 'MIXED' });
    await storage.appendUpdates([{ room: 'ws/a/doc/b', update: update('client') }]);
    expect(storage.durabilityStats!()).toMatchObject({ relaxedCommits: 1, syncedCommits: 0 });
    await waitFor('the background flush', () => storage.durabilityStats!().logFlushes >= 1);
    const flushesBefore = storage.durabilityStats!().logFlushes;
    await storage.appendUpdates([
      { room: 'ws/a/doc/b', update: update('client again') },
      { room: 'ws/a/doc/b', update: update('receipt'), sync: true },
    ]);
    const after = storage.durabilityStats!();
    expect(after).toMatchObject({ relaxedCommits: 1, syncedCommits: 1 });
    expect(after.logFlushes).toBeGreaterThan(flushesBefore);
    expect((await storage.loadRoom('ws/a/doc/b')).updates).toHaveLength(3);
    await storage.close();
  });

  it('client commits of a flush window share one fsync; a server-only update never waits for the window', async () => {
    const storage = openSqliteStorage(join(tempDir(), 'muster.db'), {
      synchronous: 'MIXED',
      flushDelayMs: 300,
    });
    const started = Date.now();
    for (let i = 0; i < 20; i++)
      await storage.appendUpdates([{ room: 'ws/a/doc/b', update: update(`client ${i}`) }]);
    expect(storage.durabilityStats!().logFlushes).toBe(0);
    await waitFor('the delayed flush', () => storage.durabilityStats!().logFlushes === 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await storage.appendUpdates([{ room: 'ws/a/doc/b', update: update('client') }]);
    const t0 = Date.now();
    await storage.appendUpdates([{ room: 'ws/a/doc/b', update: update('receipt'), sync: true }]);
    // One fsync, not the 300 ms window (the bound is loose for a busy CI machine).
    expect(Date.now() - t0).toBeLessThan(250);
    expect(storage.durabilityStats!()).toMatchObject({ syncedCommits: 1, logFlushes: 2 });
    await storage.close();
  });

  it('a server-only update is fsynced in the WAL before its append resolves (seen by strace)', () => {
    const file = join(tempDir(), 'muster.db');
    const traced = spawnSync(
      'strace',
      [
        '-f',
        '-y', // file descriptors with their paths
        '-e',
        'trace=fsync,fdatasync,pwrite64,write',
        '-e',
        'signal=none',
        process.execPath,
        '--import',
        'tsx',
        join(APP, 'test', 'fixtures', 'mixed-append.ts'),
        file,
      ],
      { cwd: APP, encoding: 'utf8', timeout: 60_000 },
    );
    expect(traced.status, traced.stderr.slice(-2000)).toBe(0);
    const lines = traced.stderr.split('\n');
    const at = (pattern: RegExp, from = 0) =>
      lines.findIndex((l, i) => i >= from && pattern.test(l));
    const walWrite = /pwrite64\(\d+<[^>]*muster\.db-wal>/;
    const walFlush = /f(data)?sync\(\d+<[^>]*muster\.db-wal>/;
    const relaxed = at(/write\(1<[^>]*>, "MARK relaxed resolved/);
    const synced = at(/write\(1<[^>]*>, "MARK synced resolved/);
    expect(relaxed).toBeGreaterThan(0);
    expect(synced).toBeGreaterThan(relaxed);
    // The server-only commit: written to the WAL, then the WAL flushed, then resolved.
    let lastWrite = -1;
    for (let i = relaxed; i < synced; i++) if (walWrite.test(lines[i]!)) lastWrite = i;
    expect(lastWrite).toBeGreaterThan(relaxed);
    const flush = at(walFlush, lastWrite);
    expect(flush).toBeGreaterThan(lastWrite);
    expect(flush).toBeLessThan(synced);
    // The client commit resolved without waiting for the disk, and was flushed anyway.
    expect(lines.slice(0, relaxed).some((l) => walWrite.test(l))).toBe(true);
    expect(at(walFlush)).toBeGreaterThan(-1);
  });

  it('checkpoints the WAL on another thread, never on the event loop that commits (seen by strace)', () => {
    const file = join(tempDir(), 'muster.db');
    const traced = spawnSync(
      'strace',
      [
        '-f',
        '-y',
        '-e',
        'trace=pwrite64,write',
        '-e',
        'signal=none',
        process.execPath,
        '--import',
        'tsx',
        join(APP, 'test', 'fixtures', 'checkpoint-appends.ts'),
        file,
      ],
      { cwd: APP, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 2 ** 20 },
    );
    expect(traced.status, traced.stderr.slice(-2000)).toBe(0);
    const lines = traced.stderr.split('\n');
    const start = lines.findIndex((l) => /write\(1<[^>]*>, "MARK start/.test(l));
    const end = lines.findIndex((l) => /write\(1<[^>]*>, "MARK end/.test(l));
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const pid = /MARK start (\d+)/.exec(lines[start]!)![1];
    const checkpoints = Number(/MARK end (\d+)/.exec(lines[end]!)![1]);
    expect(checkpoints).toBeGreaterThanOrEqual(2);
    // strace prefixes other threads' lines with their id, padded (`[pid  812]`; the main thread's
    // too, once there are several); a checkpoint is what writes pages into the database file.
    const onMainThread = (l: string) => {
      const thread = /^\[pid\s+(\d+)\]/.exec(l);
      return thread === null || thread[1] === pid;
    };
    const intoDatabase = /pwrite64\(\d+<[^>]*muster\.db>/;
    const between = lines.slice(start, end);
    expect(
      between.filter((l) => onMainThread(l) && /pwrite64\(\d+<[^>]*muster\.db-wal>/.test(l)).length,
    ).toBeGreaterThan(1000);
    expect(between.filter((l) => onMainThread(l) && intoDatabase.test(l))).toEqual([]);
    expect(between.some((l) => !onMainThread(l) && intoDatabase.test(l))).toBe(true);
  });

  it('the relay commits client updates relaxed and its own changes synced (metrics)', async () => {
    const dataDir = tempDir();
    const server = createSyncServer(
      { ...defaultConfig(), port: 0, host: '127.0.0.1', dataDir, secret: SECRET },
      { logger: pino({ level: 'silent' }) },
    );
    const { port } = await server.listen();
    try {
      const ws = newId();
      const room = rooms.doc(ws);
      const client = connect(`ws://127.0.0.1:${port}`, room, await token({ ws, role: 'editor' }));
      await synced(client);
      const counts = async () => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const value = (label: string) =>
          Number(
            text.match(
              new RegExp(`muster_sync_commits_total\\{durability="${label}"\\} (\\d+)`),
            )?.[1] ?? NaN,
          );
        return { synced: value('synced'), relaxed: value('relaxed') };
      };
      client.doc.getText('t').insert(0, 'typed');
      for (let tries = 0; (await counts()).relaxed < 1; tries++) {
        if (tries > 400) throw new Error('the client update was never committed');
        await new Promise((r) => setTimeout(r, 25));
      }
      expect((await counts()).synced).toBe(0);
      const held = await server.openRoom(room);
      await held.change((doc) => doc.getMap('receipt').set('status', 'accepted'), 'test');
      expect((await counts()).synced).toBe(1);
      held.release();
      client.destroy();
    } finally {
      await server.close();
    }
  });
});
