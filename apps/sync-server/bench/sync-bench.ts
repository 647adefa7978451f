/**
 * `pnpm bench:sync` — load against this relay and the reference `@y/websocket-server` 0.1.1
 * (no auth, no persistence), same load in the same run, loopback only, bounded in time.
 *
 * - Morning surge: N clients connect within 10 s, each opens its own submission room and writes
 *   one ~1 KB submission; a coordinator subscribed to every room records each arrival.
 * - Hot document: 200 clients in one room, 5 edits/s each; probes measure update latency.
 *
 * Writes bench/results/sync.json and prints a table with the muster/reference ratios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '@muster/core';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { secretKey, signToken } from '../src/auth';
import type { SqliteDurability } from '../src/storage/sqlite-storage';
import { measureCommitLatency } from './commit-latency';
import { measureCompaction } from './compaction';
import { printProcessTable, processCounts, processRuns } from './processes';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(APP, '..', '..', 'bench', 'results', 'sync.json');
const SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const REFERENCE = join(APP, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');
const SURGE_SIZES = (process.env.BENCH_SURGE ?? '500,1000,2000')
  .split(',')
  .filter(Boolean)
  .map(Number);
const HOT_SIZES = (process.env.BENCH_HOT ?? '50,200').split(',').filter(Boolean).map(Number);
const HOT_SECONDS = Number(process.env.BENCH_HOT_SECONDS ?? 10);
const SURGE_WINDOW_MS = 10_000;
/** `BENCH_RELAY_PROFILE=<dir>` writes a CPU profile of each muster relay run there. */
const PROFILE_ARGS = process.env.BENCH_RELAY_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_RELAY_PROFILE}`]
  : [];
const RUN_TIMEOUT_MS = 60_000;
/**
 * Each scenario runs this many times per server (`BENCH_REPEAT`, default 3) and the run with the
 * median p99 is reported, with every round's p99 beside it: at 200 clients in one room the
 * machine is saturated and one run's p99 swings several-fold, for the reference as much as for
 * Muster.
 */
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
/**
 * What each scenario runs against, in order: the reference, then muster with each SQLite setting
 * (`synchronous/writer`, see MUSTER_SQLITE_SYNCHRONOUS and MUSTER_SQLITE_WRITER): the default
 * `mixed`, and `full` and `normal` for comparison. `BENCH_VARIANTS=FULL/inline,FULL/thread`
 * picks others.
 */
const VARIANTS: ('reference' | { sync: SqliteDurability; writer: 'inline' | 'thread' })[] = [
  'reference',
  ...(process.env.BENCH_VARIANTS ?? 'MIXED/inline,FULL/thread,NORMAL/inline')
    .split(',')
    .filter(Boolean)
    .map((v) => {
      const [sync, writer] = v.split('/');
      if (
        (sync !== 'MIXED' && sync !== 'FULL' && sync !== 'NORMAL') ||
        (writer !== 'inline' && writer !== 'thread')
      )
        throw new Error(`BENCH_VARIANTS: ${v} is not MIXED|FULL|NORMAL/inline|thread`);
      return { sync, writer } as const;
    }),
];

type ServerKind = 'muster' | 'reference';

interface Run {
  server: ServerKind;
  /** muster only: the SQLite `synchronous` setting of the run. */
  sqliteSync?: SqliteDurability;
  /** muster only: where its SQLite commits ran (`MUSTER_SQLITE_WRITER`). */
  sqliteWriter?: 'inline' | 'thread';
  scenario: 'surge' | 'hot';
  clients: number;
  connectP99Ms: number | null;
  allReceivedMs: number | null;
  rttP50Ms: number | null;
  rttP99Ms: number | null;
  throughputPerS: number;
  rssMB: number;
  lost: number;
  /**
   * Every round's p99 (hot: round trip, surge: connect). The p50/p99 shown are over the samples
   * of all rounds together; the other figures are the median round's.
   */
  p99Rounds?: number[];
  /** The run's raw latencies, pooled across rounds (not written to the results file). */
  samples?: { connect: number[]; rtt: number[] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Started {
  kind: ServerKind;
  sqliteSync?: SqliteDurability;
  sqliteWriter?: 'inline' | 'thread';
  url: string;
  /** Several relay processes (`--processes`): the surge spreads its clients over these. */
  urls?: string[];
  child: ChildProcess;
  dataDir: string | null;
  stop(): Promise<void>;
}

async function startServer(
  kind: ServerKind,
  sqliteSync: SqliteDurability = 'FULL',
  sqliteWriter: 'inline' | 'thread' = 'inline',
): Promise<Started> {
  const port = await freePort();
  const dataDir = kind === 'muster' ? mkdtempSync(join(tmpdir(), 'muster-bench-')) : null;
  const child =
    kind === 'muster'
      ? spawn(process.execPath, [...PROFILE_ARGS, '--import', 'tsx', 'src/main.ts'], {
          cwd: APP,
          env: {
            ...process.env,
            MUSTER_SYNC_PORT: String(port),
            MUSTER_SYNC_HOST: '127.0.0.1',
            MUSTER_DATA_DIR: dataDir as string,
            MUSTER_SECRET: SECRET,
            MUSTER_LOG_LEVEL: 'error',
            MUSTER_SQLITE_SYNCHRONOUS: sqliteSync.toLowerCase(),
            MUSTER_SQLITE_WRITER: sqliteWriter,
            // The relay alone: the projector (issue 7) is measured by its own benchmark.
            MUSTER_PROJECTOR: 'off',
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        })
      : spawn(process.execPath, [REFERENCE], {
          env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/${kind === 'muster' ? 'healthz' : ''}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${kind} server did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    kind,
    ...(kind === 'muster' ? { sqliteSync, sqliteWriter } : {}),
    url: `ws://127.0.0.1:${port}`,
    child,
    dataDir,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Peak resident memory of a process (VmHWM), in MB. */
function peakRssMB(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return 0;
  }
}

function percentile(xs: number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) /
    10
  );
}

const STEP1_EMPTY = (() => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, new Uint8Array([0]));
  return encoding.toUint8Array(e);
})();

function syncFrame(step: 1 | 2, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}
const EMPTY_STEP2 = syncFrame(1, Y.encodeStateAsUpdate(new Y.Doc()));

/**
 * A minimal y-websocket client (the stock protocol flow without the provider's timers), so
 * thousands fit in the load generator. `onUpdate` gets every document update it receives.
 */
function client(
  url: string,
  onSynced: () => void,
  onUpdate?: (update: Uint8Array) => void,
): { ws: WebSocket; send(frame: Uint8Array): void } {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let synced = false;
  ws.on('open', () => ws.send(STEP1_EMPTY));
  ws.on('error', () => undefined);
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
    if (decoding.readVarUint(d) !== 0) return;
    const step = decoding.readVarUint(d);
    if (step === 0) {
      ws.send(EMPTY_STEP2); // our (empty) state for the server's step 1
    } else {
      const update = decoding.readVarUint8Array(d);
      if (step === 1 && !synced) {
        synced = true;
        onSynced();
      }
      if (update.length > 2) onUpdate?.(update);
    }
  });
  return { ws, send: (frame) => ws.readyState === ws.OPEN && ws.send(frame) };
}

async function tokenFor(
  kind: ServerKind,
  claims: Parameters<typeof signToken>[1],
): Promise<string> {
  return kind === 'muster' ? signToken(secretKey(SECRET), claims, 3600) : 'none';
}

function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const deadline = Date.now() + timeoutMs;
    const tick = () => {
      if (check()) return resolve(true);
      if (Date.now() > deadline) return resolve(false);
      setTimeout(tick, 5);
    };
    tick();
  });
}

async function surge(server: Started, n: number): Promise<Run> {
  const ws = newId();
  const form = newId();
  const people = Array.from({ length: n }, () => newId());
  const room = (p: string) => `ws/${ws}/sub/${form}/${p}`;
  // With several processes a coordinator sits on another process than its respondent.
  const urlOf = (i: number, shift: number) =>
    server.urls?.[(i + shift) % server.urls.length] ?? server.url;
  // Coordinator: one subscription per submission room (until the projected table exists).
  const arrivals = new Map<number, number>();
  const coordinator: WebSocket[] = [];
  let coordinatorSynced = 0;
  for (let i = 0; i < n; i++) {
    const tok = await tokenFor(server.kind, { ws, sub: `coordinator-${i}`, role: 'editor' });
    const c = client(
      `${urlOf(i, 1)}/${room(people[i]!)}?token=${tok}`,
      () => coordinatorSynced++,
      () => {
        if (!arrivals.has(i)) arrivals.set(i, performance.now());
      },
    );
    coordinator.push(c.ws);
    if (i % 200 === 199) await waitUntil(() => coordinatorSynced > i - 50, 20_000);
  }
  await waitUntil(() => coordinatorSynced === n, 30_000);

  const tokens = await Promise.all(
    people.map((p) =>
      tokenFor(server.kind, { ws, sub: p, role: 'respondent', rooms: [`ws/${ws}/form/*`] }),
    ),
  );
  const submission = (i: number) => {
    const doc = new Y.Doc();
    doc.getMap('submissions').set('2026-02-10', {
      respondent: people[i],
      temperature: 36.6,
      healthy: true,
      note: 'x'.repeat(900),
    });
    return syncFrame(2, Y.encodeStateAsUpdate(doc));
  };
  const connectMs: number[] = [];
  const sockets: WebSocket[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const at = t0 + (i * SURGE_WINDOW_MS) / n;
    const wait = at - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const started = performance.now();
    const frame = submission(i);
    const c = client(`${urlOf(i, 0)}/${room(people[i]!)}?token=${tokens[i]}`, () => {
      connectMs.push(performance.now() - started);
      c.send(frame);
    });
    sockets.push(c.ws);
  }
  await waitUntil(() => arrivals.size === n, RUN_TIMEOUT_MS);
  const last = Math.max(...arrivals.values());
  const allReceivedMs = arrivals.size === n ? Math.round(last - t0) : null;
  const rssMB = peakRssMB(server.child.pid);
  for (const s of [...sockets, ...coordinator]) s.terminate();
  return {
    server: server.kind,
    ...(server.sqliteSync
      ? { sqliteSync: server.sqliteSync, sqliteWriter: server.sqliteWriter }
      : {}),
    scenario: 'surge',
    clients: n,
    connectP99Ms: percentile(connectMs, 99),
    allReceivedMs,
    samples: { connect: connectMs, rtt: [] },
    rttP50Ms: null,
    rttP99Ms: null,
    throughputPerS: allReceivedMs ? Math.round((n / allReceivedMs) * 1000) : 0,
    rssMB,
    lost: n - arrivals.size,
  };
}

async function hot(server: Started, n: number): Promise<Run> {
  const ws = newId();
  const room = `ws/${ws}/doc/${newId()}`;
  // One token per client (one person each), as MUSTER_SYNC_MAX_CONN_PER_TOKEN expects.
  const tokens = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      tokenFor(server.kind, { ws, sub: `editor-${i}`, role: 'editor' }),
    ),
  );
  const probes = 10;
  const latencies: number[] = [];
  let delivered = 0;
  let synced = 0;
  const connectMs: number[] = [];
  const clients = Array.from({ length: n }, (_, i) => {
    const started = performance.now();
    const probeDoc = i < probes ? new Y.Doc() : null;
    if (probeDoc) {
      probeDoc.getMap('edits').observe((event) => {
        const now = performance.now();
        for (const key of event.keysChanged) {
          const sentAt = probeDoc.getMap('edits').get(key) as number;
          latencies.push(now - sentAt);
        }
      });
    }
    return client(
      `${server.url}/${room}?token=${tokens[i]}`,
      () => {
        synced++;
        connectMs.push(performance.now() - started);
      },
      (update) => {
        if (probeDoc) {
          delivered++;
          Y.applyUpdate(probeDoc, update);
        }
      },
    );
  });
  await waitUntil(() => synced === n, 30_000);
  // Each client edits its own doc (its own client id), 5 edits/s, phases spread over 200 ms.
  const docs = clients.map(() => new Y.Doc());
  let sent = 0;
  const sentBy = new Array<number>(n).fill(0);
  const timers = clients.map((c, i) => {
    const doc = docs[i]!;
    let seq = 0;
    const fire = () => {
      let update: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => (update = u));
      doc.getMap('edits').set(`${i}:${seq++}`, performance.now());
      if (update) {
        c.send(syncFrame(2, update));
        sent++;
        sentBy[i]!++;
      }
    };
    const start = setTimeout(
      () => {
        fire();
        timers[i] = setInterval(fire, 200);
      },
      (i * 200) / n,
    );
    return start;
  });
  await new Promise((r) => setTimeout(r, HOT_SECONDS * 1000));
  for (const t of timers) clearInterval(t);
  // Each probe should see every edit but its own.
  let expected = 0;
  for (let p = 0; p < probes; p++) expected += sent - sentBy[p]!;
  await waitUntil(() => delivered >= expected, 15_000);
  const rssMB = peakRssMB(server.child.pid);
  for (const c of clients) c.ws.terminate();
  return {
    server: server.kind,
    ...(server.sqliteSync
      ? { sqliteSync: server.sqliteSync, sqliteWriter: server.sqliteWriter }
      : {}),
    scenario: 'hot',
    clients: n,
    connectP99Ms: percentile(connectMs, 99),
    allReceivedMs: null,
    rttP50Ms: percentile(latencies, 50),
    rttP99Ms: percentile(latencies, 99),
    samples: { connect: connectMs, rtt: latencies },
    throughputPerS: Math.round(delivered / probes / HOT_SECONDS),
    rssMB,
    lost: Math.max(0, expected - delivered),
  };
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const runs: Run[] = [];
  const scenarios: [string, (s: Started) => Promise<Run>][] = [
    ...SURGE_SIZES.map((n): [string, (s: Started) => Promise<Run>] => [
      `surge ${n}`,
      (s) => surge(s, n),
    ]),
    ...HOT_SIZES.map((n): [string, (s: Started) => Promise<Run>] => [`hot ${n}`, (s) => hot(s, n)]),
  ];
  for (const [name, scenario] of scenarios) {
    const variants = VARIANTS.map((v): [ServerKind, SqliteDurability, 'inline' | 'thread'] =>
      v === 'reference' ? ['reference', 'FULL', 'inline'] : ['muster', v.sync, v.writer],
    );
    // Rounds interleave the servers, so a slow minute of the machine hits all of them alike.
    const rounds: Run[][] = variants.map(() => []);
    for (let round = 0; round < REPEAT; round++) {
      for (const [i, [kind, sync, writer]] of variants.entries()) {
        const server = await startServer(kind, sync, writer);
        try {
          const run = await scenario(server);
          rounds[i]!.push(run);
          const { samples: _samples, ...shown } = run;
          console.log(
            `${name} round ${round + 1}/${REPEAT} on ${kind}${kind === 'muster' ? ` (${sync}, ${writer})` : ''}: ${JSON.stringify(shown)}`,
          );
        } finally {
          await server.stop();
        }
        // Let sockets drain between runs.
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    for (const repeats of rounds) runs.push(combineRounds(repeats));
  }
  const counts = processCounts(process.argv);
  if (counts)
    runs.push(
      ...(await processRuns(counts, SURGE_SIZES, SECRET, (s, n) =>
        surge(s, n).then(({ samples: _samples, ...run }) => run),
      )),
    );
  const compactions = [await measureCompaction(10_000), await measureCompaction(100_000)];
  for (const c of compactions)
    console.log(
      `compaction of ${c.updates} updates: max event-loop delay ${c.maxEventLoopDelayMs} ms (idle control ${c.idleMaxEventLoopDelayMs} ms, total ${c.totalMs} ms)`,
    );
  const commitLatency = [
    await measureCommitLatency('MIXED'),
    await measureCommitLatency('MIXED', true),
    await measureCommitLatency('FULL'),
    await measureCommitLatency('NORMAL'),
  ];
  for (const c of commitLatency)
    console.log(
      `one commit, synchronous=${c.synchronous}${c.serverOnly ? ' (server-only update)' : ''}: p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms`,
    );
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(
    OUT,
    JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        machine: {
          cpus: cpus().length,
          node: process.version,
          // Other work on the machine skews every number; record how busy it was.
          loadAverage1m: { before: loadBefore, after: loadavg()[0] },
        },
        compaction: compactions,
        commitLatency,
        runs: runs.map(({ samples: _samples, ...r }) => ({ processes: 1, ...r })),
      },
      null,
      2,
    ) + '\n',
  );
  printTable(runs.filter((r) => !('storage' in r)));
  printProcessTable(runs);
  console.log(`\nwrote ${OUT}`);
}

/**
 * One row for a scenario's rounds on one server: latency percentiles over every round's samples
 * together (a p99 of one 500-client round is its 5th-worst connect, which one hiccup of the
 * machine decides; pooled, it rests on three times the samples), each round's own p99 in
 * `p99Rounds`, the other figures from the round with the median p99, and the most lost.
 */
function combineRounds(repeats: Run[]): Run {
  const p99 = (r: Run) => (r.scenario === 'hot' ? r.rttP99Ms : r.connectP99Ms) ?? Infinity;
  const sorted = [...repeats].sort((a, b) => p99(a) - p99(b));
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const connect = repeats.flatMap((r) => r.samples?.connect ?? []);
  const rtt = repeats.flatMap((r) => r.samples?.rtt ?? []);
  return {
    ...median,
    connectP99Ms: percentile(connect, 99),
    rttP50Ms: median.scenario === 'hot' ? percentile(rtt, 50) : null,
    rttP99Ms: median.scenario === 'hot' ? percentile(rtt, 99) : null,
    p99Rounds: repeats.map(p99),
    lost: Math.max(...repeats.map((r) => r.lost)),
  };
}

function printTable(runs: Run[]): void {
  const fmt = (v: number | null) => (v === null ? '—' : String(v));
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? '—' : (a / b).toFixed(2);
  console.log(
    '\nscenario  clients  server               connectP99  allReceived  rttP50  rttP99  thrpt/s  rssMB  lost   | muster/ref: thrpt  p99',
  );
  for (const r of runs) {
    const ref = runs.find(
      (x) => x.scenario === r.scenario && x.clients === r.clients && x.server === 'reference',
    );
    const p99 =
      r.scenario === 'hot'
        ? ratio(r.rttP99Ms, ref?.rttP99Ms ?? null)
        : ratio(r.connectP99Ms, ref?.connectP99Ms ?? null);
    console.log(
      [
        r.scenario.padEnd(8),
        String(r.clients).padStart(7),
        (r.server === 'muster' ? `muster/${r.sqliteSync}/${r.sqliteWriter}` : r.server).padEnd(20),
        fmt(r.connectP99Ms).padStart(10),
        fmt(r.allReceivedMs).padStart(11),
        fmt(r.rttP50Ms).padStart(6),
        fmt(r.rttP99Ms).padStart(6),
        String(r.throughputPerS).padStart(7),
        String(r.rssMB).padStart(6),
        String(r.lost).padStart(5),
        r.server === 'muster'
          ? `  |  ${ratio(r.throughputPerS, ref?.throughputPerS ?? null).padStart(5)}  ${p99.padStart(5)}`
          : '               ',
        r.p99Rounds ? `  p99 rounds ${r.p99Rounds.join(' / ')}` : '',
      ].join('  '),
    );
  }
}

await main();
