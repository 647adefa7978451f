import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { newId } from '@muster/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  SECRET,
  connect,
  removeDir,
  rooms,
  startRelay,
  storedRooms,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';

const run = promisify(execFile);
const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'muster-sync.mjs');

let relay: RelayProcess;
const providers: WebsocketProvider[] = [];

function cli(args: string[], dataDir: string, encoding: 'utf8' | 'buffer' = 'utf8') {
  return run(process.execPath, [CLI, ...args], {
    env: { ...process.env, MUSTER_DATA_DIR: dataDir, MUSTER_SECRET: SECRET },
    encoding,
    maxBuffer: 64 * 1024 * 1024,
  });
}

async function metrics(): Promise<string> {
  return (await fetch(`http://127.0.0.1:${relay.port}/metrics`)).text();
}

function value(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  return line ? Number(line.split(' ')[1]) : NaN;
}

beforeAll(async () => {
  relay = await startRelay({
    env: { MUSTER_SYNC_COMPACT_AFTER: '20', MUSTER_SYNC_UNLOAD_GRACE_MS: '100' },
  });
}, 60_000);

afterAll(async () => {
  for (const p of providers) p.destroy();
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

describe('operations', () => {
  it('serves /healthz and Prometheus /metrics', async () => {
    const health = await fetch(`http://127.0.0.1:${relay.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
    const text = await metrics();
    for (const name of [
      'muster_sync_connections',
      'muster_sync_rooms_loaded',
      'muster_sync_updates_total',
      'muster_sync_bytes_in_total',
      'muster_sync_bytes_out_total',
      'muster_sync_persist_seconds_bucket',
      'process_resident_memory_bytes',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('the CLI mints a token the relay accepts, and exports, compacts and lists rooms', async () => {
    const ws = newId();
    const room = rooms.doc(ws);
    const { stdout: tok } = await cli(
      ['token', '--ws', ws, '--sub', 'cli-user', '--role', 'editor', '--ttl', '10m'],
      relay.dataDir,
    );
    const a = connect(relay.url, room, String(tok).trim());
    providers.push(a);
    await synced(a);
    for (let i = 0; i < 50; i++) a.doc.getArray<number>('n').push([i]);
    const b = connect(relay.url, room, await token({ ws, role: 'viewer' }), { connect: false });
    b.messageHandlers[2] = () => undefined;
    b.connect();
    providers.push(b);
    await waitFor('all relayed', () => b.doc.getArray('n').length === 50);

    const { stdout: exported } = await cli(['export', room], relay.dataDir, 'buffer');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(exported as Buffer));
    expect(doc.getArray('n').toArray()).toEqual(Array.from({ length: 50 }, (_, i) => i));

    // The relay compacts in the background once a log passes MUSTER_SYNC_COMPACT_AFTER (20).
    let logLength = Infinity;
    const deadline = Date.now() + 20_000;
    while (logLength >= 20) {
      if (Date.now() > deadline) throw new Error(`log never compacted (length ${logLength})`);
      logLength = (await storedRooms(relay.dataDir)).get(room) ?? Infinity;
      await new Promise((r) => setTimeout(r, 20));
    }
    a.doc.getArray<number>('n').push([50]);
    await waitFor('post-compaction update', () => b.doc.getArray('n').length === 51);
    await cli(['compact', room], relay.dataDir);
    expect((await storedRooms(relay.dataDir)).get(room)).toBe(0);

    const { stdout: stats } = await cli(['stats'], relay.dataDir);
    expect(String(stats)).toContain(room);
    const { stdout: again } = await cli(['export', room], relay.dataDir, 'buffer');
    const doc2 = new Y.Doc();
    Y.applyUpdate(doc2, new Uint8Array(again as Buffer));
    expect(doc2.getArray('n').length).toBe(51);
    expect(value(await metrics(), 'muster_sync_compactions_total')).toBeGreaterThanOrEqual(1);
  });

  it('unloads rooms after the last client leaves, so memory follows active rooms', async () => {
    const ws = newId();
    const tok = await token({ ws, role: 'editor' });
    const before = value(await metrics(), 'muster_sync_rooms_loaded');
    const many = Array.from({ length: 30 }, () => connect(relay.url, rooms.doc(ws), tok));
    await Promise.all(many.map((p) => synced(p)));
    many.forEach((p, i) => p.doc.getText('t').insert(0, `room ${i}`));
    expect(value(await metrics(), 'muster_sync_rooms_loaded')).toBeGreaterThanOrEqual(before + 30);
    for (const p of many) p.destroy();
    const deadline = Date.now() + 20_000;
    while (value(await metrics(), 'muster_sync_rooms_loaded') > before) {
      if (Date.now() > deadline) throw new Error('rooms were not unloaded');
      await new Promise((r) => setTimeout(r, 25));
    }
  });
});
