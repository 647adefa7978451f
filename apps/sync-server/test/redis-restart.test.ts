/**
 * A Redis restart loses nothing (issue 9), end to end: three real relay processes over real
 * PostgreSQL, fanning out through a Redis server of this test's own (the machine's shared Redis
 * is left alone), which is killed with -9 in the middle of a stream of edits and started again.
 * Every update the relays took reaches every client on every process, and storage.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { newId } from '@muster/core';
import { Redis } from 'ioredis';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  connect,
  freePort,
  removeDir,
  rooms,
  startRelay,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';
import { exportStoredRoom } from '../src/compactor';
import { openPostgresStorage } from '../src/storage/postgres-storage';
import { DATABASE_URL, dropSchema, servicesAvailable } from './services';

const REDIS_SERVER = process.env.MUSTER_TEST_REDIS_SERVER ?? 'redis-server';

function redisServerInstalled(): boolean {
  const found = spawnSync(REDIS_SERVER, ['--version']).status === 0;
  if (!found && process.env.CI === 'true')
    throw new Error(`${REDIS_SERVER} not found; CI requires it (apt-get install redis-server).`);
  if (!found) console.warn(`Skipping: ${REDIS_SERVER} not found (apt-get install redis-server).`);
  return found;
}

const available = (await servicesAvailable({ postgres: true })) && redisServerInstalled();
const schema = `muster_redis_${process.pid}_${Date.now().toString(36)}`;
const relays: RelayProcess[] = [];
const providers: WebsocketProvider[] = [];
const brokers: ChildProcess[] = [];

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const r of relays.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) await r.kill9();
    removeDir(r.dataDir);
  }
  for (const b of brokers.splice(0))
    if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
});

afterAll(async () => {
  if (available) await dropSchema(schema);
});

/** A private, memory-only Redis on `port`; resolves once it answers PING. */
async function startRedis(port: number): Promise<{ kill9(): Promise<void> }> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  brokers.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const probe = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    retryStrategy: () => null,
  });
  probe.on('error', () => {});
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await probe.connect().then(
      () => probe.ping().then((r) => r === 'PONG'),
      () => false,
    );
    if (ok) break;
    probe.disconnect();
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not start`);
    await new Promise((r) => setTimeout(r, 50));
  }
  probe.disconnect();
  return {
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function open(url: string, room: string, tok: string): Promise<WebsocketProvider> {
  const p = connect(url, room, tok);
  providers.push(p);
  await synced(p);
  return p;
}

describe.skipIf(!available)('a Redis restart loses nothing', () => {
  it('kill -9 of Redis mid-stream and a restart: every update reaches every process and storage', async () => {
    const redisPort = await freePort();
    let redis = await startRedis(redisPort);
    const env = {
      MUSTER_DATABASE_URL: DATABASE_URL,
      MUSTER_DATABASE_SCHEMA: schema,
      MUSTER_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      MUSTER_PROJECTOR: 'off',
    };
    const [a, b, c] = [
      await startRelay({ env }),
      await startRelay({ env }),
      await startRelay({ env }),
    ];
    relays.push(a, b, c);
    const ws = newId();
    const tok = await token({ ws, role: 'editor' });
    const room = rooms.doc(ws);
    const writers = [await open(a.url, room, tok), await open(b.url, room, tok)];
    const watchers = [await open(b.url, room, tok), await open(c.url, room, tok)];
    const everyone = [...writers, ...watchers];
    const written: string[] = [];
    const write = (n: number) => {
      for (let i = 0; i < n; i++) {
        const w = writers[written.length % 2]!;
        const item = `${written.length}@${w === writers[0] ? 'a' : 'b'}`;
        w.doc.getArray<string>('items').push([item]);
        written.push(item);
      }
    };
    const has = (p: WebsocketProvider, n: number) => p.doc.getArray('items').length >= n;

    write(40);
    await waitFor('fan-out before the outage', () => everyone.every((p) => has(p, 40)));

    await redis.kill9();
    // Edits keep coming while the broker is gone: each relay stores them (PostgreSQL) and its own
    // clients get them; clients on the other processes cannot, yet.
    for (let i = 0; i < 6; i++) {
      write(10);
      await new Promise((r) => setTimeout(r, 50));
    }
    const duringOutage = written.length;
    // Writer b and watcher 0 share process b: local delivery goes on without the broker.
    const fromB = written.filter((x) => x.endsWith('@b'));
    await waitFor('local delivery during the outage', () => {
      const seen = new Set(watchers[0]!.doc.getArray<string>('items').toArray());
      return fromB.every((x) => seen.has(x));
    });
    // Process c has no writer: what was written during the outage cannot have reached it yet.
    expect(watchers[1]!.doc.getArray('items').length).toBeLessThan(duringOutage);

    redis = await startRedis(redisPort);
    write(40);
    await waitFor(
      'every client has every update after the restart',
      () => everyone.every((p) => p.doc.getArray('items').length === written.length),
      60_000,
    );
    const expected = [...written].sort();
    for (const p of everyone)
      expect([...p.doc.getArray<string>('items').toArray()].sort()).toEqual(expected);

    // Storage: what PostgreSQL holds, read without any relay.
    const storage = await openPostgresStorage({ connectionString: DATABASE_URL, schema });
    try {
      const stored = new Y.Doc();
      Y.applyUpdate(stored, await exportStoredRoom(storage, room));
      expect([...stored.getArray<string>('items').toArray()].sort()).toEqual(expected);
    } finally {
      await storage.close();
    }
    await redis.kill9();
  });
});
