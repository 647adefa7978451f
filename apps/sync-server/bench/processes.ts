/**
 * `pnpm bench:sync --processes 1,3`: the morning surge once more against 1, 3, … relay processes
 * over PostgreSQL + Redis (issue 9), clients spread round-robin over the processes and each
 * coordinator subscription on a different process than its respondent, so every arrival crosses
 * the Redis fan-out. Each run gets `"processes"`; the runs of the plain benchmark get 1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATABASE_URL =
  process.env.MUSTER_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.MUSTER_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The `--processes 1,3` argument, or null when absent. Throws on a malformed list. */
export function processCounts(argv: readonly string[]): number[] | null {
  const at = argv.indexOf('--processes');
  if (at < 0) return null;
  const raw = argv[at + 1] ?? '';
  const counts = raw.split(',').map(Number);
  if (raw === '' || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 16))
    throw new Error(`--processes takes a list like 1,3 (each 1–16), got ${JSON.stringify(raw)}.`);
  return counts;
}

/** The slice of the benchmark's server handle a surge needs. */
export interface ClusterServer {
  kind: 'muster';
  url: string;
  /** One URL per process; the surge spreads its clients over them. */
  urls: string[];
  child: ChildProcess;
  /** Every process, for the summed peak RSS. */
  children: ChildProcess[];
  dataDir: string | null;
  stop(): Promise<void>;
}

/** What the benchmark's surge returns (only the field this module changes). */
interface SurgeRun {
  rssMB: number;
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

function peakRssMB(pid: number | undefined): number {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Math.round(kb / 102.4) / 10;
  } catch {
    return 0;
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `n` relay processes on one fresh PostgreSQL schema and Redis prefix. */
async function startCluster(n: number, secret: string, tag: string): Promise<ClusterServer> {
  const schema = `muster_bench_${process.pid}_${tag}`;
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'muster-bench-'));
    dirs.push(dataDir);
    children.push(
      spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: APP,
        env: {
          ...process.env,
          MUSTER_SYNC_PORT: String(port),
          MUSTER_SYNC_HOST: '127.0.0.1',
          MUSTER_DATA_DIR: dataDir,
          MUSTER_SECRET: secret,
          MUSTER_LOG_LEVEL: 'error',
          MUSTER_PROJECTOR: 'off',
          MUSTER_DATABASE_URL: DATABASE_URL,
          MUSTER_DATABASE_SCHEMA: schema,
          MUSTER_REDIS_URL: REDIS_URL,
          MUSTER_REDIS_PREFIX: `${schema}:`,
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
    );
    const deadline = Date.now() + 30_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error(`relay process ${i + 1}/${n} did not start`);
      await new Promise((r) => setTimeout(r, 100));
    }
    urls.push(`ws://127.0.0.1:${port}`);
  }
  return {
    kind: 'muster',
    url: urls[0] as string,
    urls,
    child: children[0] as ChildProcess,
    children,
    dataDir: null,
    async stop() {
      await Promise.all(
        children.map(async (child) => {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }),
      );
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
      await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/**
 * Run `surge` for every size with every process count; returns the runs tagged with
 * `processes` and `storage: "postgres"`, and RSS summed over the processes.
 */
export async function processRuns<R extends SurgeRun>(
  counts: readonly number[],
  sizes: readonly number[],
  secret: string,
  surge: (server: ClusterServer, n: number) => Promise<R>,
): Promise<(R & { processes: number; storage: 'postgres' })[]> {
  const out: (R & { processes: number; storage: 'postgres' })[] = [];
  for (const n of sizes) {
    for (const p of counts) {
      const cluster = await startCluster(p, secret, `${p}_${n}`);
      try {
        const run = await surge(cluster, n);
        // Memory of the whole deployment: the processes' peaks, summed.
        const rssMB = cluster.children.reduce((sum, c) => sum + peakRssMB(c.pid), 0);
        const tagged = {
          ...run,
          rssMB: Math.round(rssMB * 10) / 10,
          processes: p,
          storage: 'postgres' as const,
        };
        console.log(
          `surge ${n} on ${p} process(es), PostgreSQL + Redis: ${JSON.stringify(tagged)}`,
        );
        out.push(tagged);
      } finally {
        await cluster.stop();
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  return out;
}

/** The surge runs side by side: 1 process against each larger count, same clients. */
export function printProcessTable(
  runs: readonly {
    processes?: number;
    storage?: string;
    clients: number;
    scenario: string;
    connectP99Ms: number | null;
    allReceivedMs: number | null;
    throughputPerS: number;
    rssMB: number;
    lost: number;
  }[],
): void {
  const cluster = runs.filter((r) => r.storage === 'postgres');
  if (cluster.length === 0) return;
  console.log(
    '\nsurge on PostgreSQL + Redis\nclients  processes  connectP99  allReceived  thrpt/s  rssMB  lost  | vs 1 process: thrpt  p99',
  );
  const ratio = (a: number | null, b: number | null | undefined) =>
    a === null || b === null || b === undefined || b === 0 ? '—' : (a / b).toFixed(2);
  for (const r of cluster) {
    const one = cluster.find((x) => x.clients === r.clients && x.processes === 1);
    console.log(
      [
        String(r.clients).padStart(7),
        String(r.processes).padStart(9),
        String(r.connectP99Ms ?? '—').padStart(10),
        String(r.allReceivedMs ?? '—').padStart(11),
        String(r.throughputPerS).padStart(7),
        String(r.rssMB).padStart(6),
        String(r.lost).padStart(5),
        `  |  ${ratio(r.throughputPerS, one?.throughputPerS).padStart(5)}  ${ratio(r.connectP99Ms, one?.connectP99Ms)}`,
      ].join('  '),
    );
  }
}
