/**
 * Test harness: the real relay as a child process (tsx, temp data dir, real SQLite file) and the
 * real y-websocket client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId, type Role } from '@muster/core';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { secretKey, signToken } from '../src/auth';
import { exportStoredRoom } from '../src/compactor';
import { openSqliteStorage } from '../src/storage/sqlite-storage';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
// Every provider adds a process 'exit' listener; tests hold many at once.
process.setMaxListeners(200);

export const SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Poll `check` until it returns true, or fail after `timeoutMs` naming `what`. */
export async function waitFor(
  what: string,
  check: () => boolean,
  // Generous: a full CI run shares 2 cores between browsers, relays and property tests. Only a
  // failing test ever waits this long.
  timeoutMs = 45_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A free TCP port on loopback (so a restarted relay can come back on the same port). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A relay child process. */
export interface RelayProcess {
  port: number;
  url: string;
  dataDir: string;
  child: ChildProcess;
  logs: string[];
  /** SIGKILL and wait for exit. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Start the relay on `port` (or a free one) with `dataDir` (or a new temp dir). */
export async function startRelay(
  options: { port?: number; dataDir?: string; env?: Record<string, string> } = {},
): Promise<RelayProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'muster-sync-'));
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      MUSTER_SYNC_PORT: String(port),
      MUSTER_SYNC_HOST: '127.0.0.1',
      MUSTER_DATA_DIR: dataDir,
      MUSTER_SECRET: SECRET,
      MUSTER_SYNC_UNLOAD_GRACE_MS: '200',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let listening = false;
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      logs.push(line);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let dead = false;
  void exited.then(() => (dead = true));
  // Ready when /healthz answers (works at any log level).
  const deadline = Date.now() + 30_000;
  while (!listening && !dead) {
    if (Date.now() > deadline) throw new Error(`relay did not start:\n${logs.join('\n')}`);
    listening = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (!listening) await new Promise((r) => setTimeout(r, 50));
  }
  if (!listening) throw new Error(`relay exited early:\n${logs.join('\n')}`);
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    dataDir,
    child,
    logs,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Remove a temp data dir. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Sign a token with the harness secret. */
export function token(
  claims: { ws: string; sub?: string; role: Role; rooms?: string[] },
  ttlSeconds = 3600,
): Promise<string> {
  return signToken(secretKey(SECRET), { sub: claims.sub ?? newId(), ...claims }, ttlSeconds);
}

/** A y-websocket client in Node. */
export function connect(
  url: string,
  room: string,
  tok: string,
  options: { doc?: Y.Doc; connect?: boolean } = {},
): WebsocketProvider {
  const doc = options.doc ?? new Y.Doc();
  return new WebsocketProvider(url, room, doc, {
    params: { token: tok },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
    maxBackoffTime: 500,
  });
}

/** Resolve when the provider has synced with the relay. */
export function synced(p: WebsocketProvider, timeoutMs = 45_000): Promise<void> {
  return waitFor(`${p.roomname} to sync`, () => p.synced, timeoutMs);
}

/** Resolve with the close event the relay sends (the provider must not reconnect on it). */
export function closedWith(
  p: WebsocketProvider,
  timeoutMs = 45_000,
): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no close for ${p.roomname}`)), timeoutMs);
    p.on('connection-close', (event) => {
      if (!event) return;
      clearTimeout(t);
      resolve({ code: event.code, reason: event.reason });
    });
  });
}

/** Read a room's stored state straight from the relay's SQLite file. */
export async function storedDoc(dataDir: string, room: string): Promise<Y.Doc> {
  const storage = openSqliteStorage(join(dataDir, 'muster.db'), { readonly: true });
  try {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await exportStoredRoom(storage, room));
    return doc;
  } finally {
    await storage.close();
  }
}

/** Stored rooms with their log lengths. */
export async function storedRooms(dataDir: string): Promise<Map<string, number>> {
  const storage = openSqliteStorage(join(dataDir, 'muster.db'), { readonly: true });
  try {
    return new Map((await storage.listRooms()).map((r) => [r.room, r.logLength]));
  } finally {
    await storage.close();
  }
}

/** Room name helpers. */
export const rooms = {
  doc: (ws: string, id = newId()) => `ws/${ws}/doc/${id}`,
  form: (ws: string, id = newId()) => `ws/${ws}/form/${id}`,
  sub: (ws: string, form: string, respondent: string) => `ws/${ws}/sub/${form}/${respondent}`,
};

/** Seeded PRNG (mulberry32) so a failing run can be replayed from its printed seed. */
export function prng(seed: number): {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
} {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)] as T };
}

/** The seed from `MUSTER_TEST_SEED` or a fresh one; printed so failures can be replayed. */
export function testSeed(name: string): number {
  const seed = process.env.MUSTER_TEST_SEED
    ? Number(process.env.MUSTER_TEST_SEED)
    : Date.now() % 2 ** 31;
  console.log(`${name}: seed ${seed} (replay with MUSTER_TEST_SEED=${seed})`);
  return seed;
}
