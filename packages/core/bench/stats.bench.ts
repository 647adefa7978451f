/**
 * Benchmark of the live statistics engine (issue 3). For 1,000, 10,000 and 100,000 rows × 12
 * columns, with 8 aggregates (2 grouped by a 3-level org tree of 500 departments) and a missing
 * list over 100,000 people, it measures:
 *
 * - buildMs: from calling createStats over the table until `current()` has returned the complete
 *   first snapshot (every aggregate, group and missing list, names included): the first, cold
 *   build, reading the table's rows and the index's 100,000 members from the Yjs docs;
 * - updateMedianMs / updateP99Ms: one remote row change (a Yjs update made on another replica)
 *   from Y.applyUpdate until the subscriber is notified;
 * - recomputeMs: recomputing every figure from scratch over the same data (a fresh engine build
 *   and its first snapshot, as buildMs; median of 3 warm runs) — what each change would cost without incremental maintenance;
 * - ratio: recomputeMs / updateMedianMs;
 * - heapMB: V8 heap in use with the docs and the engine loaded (engineHeapMB: the engine alone);
 * - buildCpuMs: the process's CPU time during the build, to tell work from waiting on a busy
 *   machine (all threads: V8's compiler and GC helper threads run beside the build, so on an
 *   idle machine it can exceed buildMs);
 * - loadAvg1m: the machine's 1-minute load average just before the build (the results file also
 *   has the load at the end of the run);
 * - walkMs: the floor under buildMs on this machine today: walking the table's rows and the
 *   index's members in the Yjs docs and reading each cell and department the build reads, doing
 *   nothing with them (median of 3, after the build); buildOverWalk = buildMs / walkMs. Measured
 *   in the same run, the ratio does not move with the machine's speed the way buildMs does (the
 *   same build measured 286–399 ms on one day and about 600 ms on another).
 *
 * Run: `pnpm bench:stats` (from the repo root). Writes bench/results/stats.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { availableParallelism, loadavg } from 'node:os';
import * as Y from 'yjs';
import { Table, WorkspaceIndex, createStats, type StatsSpec } from '../src/index';
import { seededRandom } from '../src/testing/network';

// STATS_BENCH_SIZES=100000 measures one size while iterating; the results file wants all three.
const SIZES = (process.env.STATS_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const PEOPLE = 100_000;
const UPDATES = Number(process.env.STATS_BENCH_UPDATES ?? 3_000);
const WARMUP = 300;
const SETTLE_MS = 1000;

// STATS_BENCH_PROFILE=<dir> writes a CPU profile of each build there (build-<rows>.cpuprofile).
const PROFILE_DIR = process.env.STATS_BENCH_PROFILE;

async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return session;
}

async function saveProfile(session: Session, name: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  mkdirSync(PROFILE_DIR as string, { recursive: true });
  writeFileSync(`${PROFILE_DIR}/${name}`, JSON.stringify(profile));
  session.disconnect();
}

const rand = seededRandom(20200203);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
/**
 * A forced full GC (for the heap baseline) leaves the collector's concurrent sweeping running
 * for a while; on 2 cores it would compete with, and be counted in, the build that follows. A
 * dashboard does not open right after a forced GC, so the build waits for it to finish.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
const id = (prefix: string, i: number) => prefix + String(i).padStart(16 - prefix.length, '0');

/** A workspace with a 3-level org tree of 500 departments and 100,000 members on its leaves. */
function buildIndex(): {
  index: WorkspaceIndex;
  leaves: string[];
  roots: string[];
  people: string[];
} {
  const index = new WorkspaceIndex(new Y.Doc());
  const roots: string[] = [];
  const leaves: string[] = [];
  index.doc.transact(() => {
    for (let r = 0; r < 10; r++) {
      const root = index.addDepartment({ id: id('rootDept', r), name: `Division ${r}` });
      roots.push(root);
      for (let m = 0; m < 7; m++) {
        const mid = index.addDepartment({
          id: id(`midDept${r}x`, m),
          name: `Dept ${r}.${m}`,
          parent: root,
        });
        for (let l = 0; l < 6; l++)
          leaves.push(
            index.addDepartment({
              id: id(`leaf${r}x${m}x`, l),
              name: `Unit ${r}.${m}.${l}`,
              parent: mid,
            }),
          );
      }
    }
  });
  const people: string[] = [];
  index.doc.transact(() => {
    for (let i = 0; i < PEOPLE; i++)
      people.push(
        index.addMember({
          id: id('member', i),
          name: `Person ${i}`,
          department: leaves[i % leaves.length] as string,
        }),
      );
  });
  return { index, leaves, roots, people };
}

const SYMPTOMS = ['cough', 'fever', 'fatigue', 'headache', 'sore throat', 'none'];
const STATUS = ['at work', 'home office', 'sick leave', 'travel', 'quarantine'];

function buildTable(rows: number, people: string[], leaves: string[]) {
  const table = new Table(new Y.Doc());
  const col = {
    temp: table.addColumn({ id: 'temperature00000', name: 'temperature', type: 'number' }),
    age: table.addColumn({ id: 'age0000000000000', name: 'age', type: 'number' }),
    status: table.addColumn({
      id: 'status0000000000',
      name: 'status',
      type: 'singleSelect',
      options: STATUS.map((name) => ({ name })),
    }),
    symptoms: table.addColumn({
      id: 'symptoms00000000',
      name: 'symptoms',
      type: 'multiSelect',
      options: SYMPTOMS.map((name) => ({ name })),
    }),
    back: table.addColumn({ id: 'backAtWork000000', name: 'back at work', type: 'checkbox' }),
    day: table.addColumn({ id: 'returnDay0000000', name: 'return day', type: 'date' }),
    submitted: table.addColumn({ id: 'submittedAt00000', name: 'submittedAt', type: 'dateTime' }),
    who: table.addColumn({ id: 'respondent000000', name: 'respondent', type: 'person' }),
    dept: table.addColumn({ id: 'department000000', name: 'department', type: 'department' }),
    period: table.addColumn({ id: 'period0000000000', name: 'period', type: 'text' }),
    note: table.addColumn({ id: 'note000000000000', name: 'note', type: 'text' }),
    link: table.addColumn({ id: 'link000000000000', name: 'link', type: 'url' }),
  };
  const statusIds = table.column(col.status)!.options.map((o) => o.id);
  const symptomIds = table.column(col.symptoms)!.options.map((o) => o.id);
  table.doc.transact(() => {
    for (let i = 0; i < rows; i++) {
      const person = people[i % people.length] as string;
      table.addRow(
        {
          [col.temp]: Math.round((36 + rand() * 3) * 10) / 10,
          [col.age]: 20 + Math.floor(rand() * 45),
          [col.status]: pick(statusIds),
          [col.symptoms]: symptomIds.filter(() => rand() < 0.2),
          [col.back]: rand() < 0.6,
          [col.day]: `2020-02-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
          [col.submitted]: new Date(
            Date.UTC(2020, 1, 3, 0, 0, Math.floor(rand() * 86400)),
          ).toISOString(),
          [col.who]: person,
          [col.dept]: leaves[i % leaves.length],
          [col.period]: '2020-02-03',
          [col.note]: `note ${i % 1000}`,
          [col.link]: `https://muster.example/r/${i}`,
        },
        { id: `${person}:2020-02-03` },
      );
    }
  });
  return { table, col, symptomIds };
}

function spec(col: ReturnType<typeof buildTable>['col'], roots: string[]): StatsSpec {
  return {
    aggregates: [
      { id: 'fever', kind: 'count', filter: [{ column: col.temp, op: 'gte', value: 37.3 }] },
      {
        id: 'meanTempByDept',
        kind: 'mean',
        column: col.temp,
        groupBy: { department: { personColumn: col.who } },
      },
      {
        id: 'backByDept',
        kind: 'checked',
        column: col.back,
        groupBy: { department: { departmentColumn: col.dept } },
      },
      { id: 'symptoms', kind: 'distribution', column: col.symptoms },
      {
        id: 'tempHistogram',
        kind: 'histogram',
        column: col.temp,
        bins: [36, 36.5, 37, 37.3, 38, 39],
      },
      { id: 'oldestByStatus', kind: 'max', column: col.age, groupBy: col.status },
      { id: 'notes', kind: 'distinct', column: col.note },
      { id: 'lastSubmission', kind: 'latest', column: col.submitted },
    ],
    missing: [
      {
        id: 'today',
        audience: { departments: roots },
        respondentColumn: col.who,
        periodColumn: col.period,
        period: '2020-02-03',
      },
    ],
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number;
};
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

interface ResultRow {
  rows: number;
  buildMs: number;
  updateMedianMs: number;
  updateP99Ms: number;
  recomputeMs: number;
  ratio: number;
  heapMB: number;
  engineHeapMB: number;
  /** CPU time of the build (user + system): on a busy machine, wall time also counts waiting. */
  buildCpuMs: number;
  /** 1-minute load average when the build started. */
  loadAvg1m: number;
  walkMs: number;
  buildOverWalk: number;
}

/** Read every cell of `used` columns and every member's department; returns how many were set. */
function walkWhatTheBuildReads(table: Table, index: WorkspaceIndex, used: Set<string>): number {
  let n = 0;
  const take = (value: unknown, key: string) => {
    if (value !== undefined && used.has(key)) n++;
  };
  table.rowsMap.forEach((row) => {
    if (row instanceof Y.Map) row.forEach(take);
  });
  index.membersMap.forEach((member) => {
    if (member instanceof Y.Map && member.get('department') !== undefined) n++;
  });
  return n;
}

/**
 * One remote row change per update, made on a second replica. Made up front, in a function of its
 * own so that the replica is garbage by the time the engine is measured: the measured process
 * holds one copy of the table, as a dashboard would.
 */
function remoteUpdates(
  table: Table,
  col: ReturnType<typeof buildTable>['col'],
  symptomIds: string[],
): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const remoteDoc = new Y.Doc();
  Y.applyUpdate(remoteDoc, Y.encodeStateAsUpdate(table.doc));
  const remote = new Table(remoteDoc);
  const rowIds = [...remote.rowIds()];
  remoteDoc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < WARMUP + UPDATES; i++) {
    const row = pick(rowIds);
    // A new temperature always moves some figure, so every update notifies.
    let temp = remote.getCell(row, col.temp);
    while (temp === remote.getCell(row, col.temp)) temp = Math.round((36 + rand() * 3) * 10) / 10;
    remoteDoc.transact(() => {
      remote.setCell(row, col.temp, temp);
      remote.setCell(
        row,
        col.symptoms,
        symptomIds.filter(() => rand() < 0.2),
      );
      if (i % 10 === 0) remote.setCell(row, col.period, rand() < 0.5 ? '2020-02-03' : '2020-02-04');
    });
  }
  remote.destroy();
  remoteDoc.destroy();
  return updates;
}

async function measure(rows: number, world: ReturnType<typeof buildIndex>): Promise<ResultRow> {
  const { table, col, symptomIds } = buildTable(rows, world.people, world.leaves);
  const s = spec(col, world.roots);

  const updates = remoteUpdates(table, col, symptomIds);

  // The replica that made the updates is garbage only once we are back in the event loop.
  await settle();
  const heapBefore = heapMB();
  await settle();
  const loadAvg1m = loadavg()[0] as number;
  const profiler = PROFILE_DIR ? await startProfiler() : null;
  const cpu = process.cpuUsage();
  let t = performance.now();
  const stats = createStats({ table, index: world.index, spec: s });
  stats.current();
  const buildMs = performance.now() - t;
  const buildCpu = process.cpuUsage(cpu);
  if (profiler) await saveProfile(profiler, `build-${rows}.cpuprofile`);
  const heapAfter = heapMB();

  const notified = { at: 0 };
  stats.subscribe(() => {
    notified.at = performance.now();
  });
  const times: number[] = [];
  for (const [i, update] of updates.entries()) {
    notified.at = 0;
    t = performance.now();
    Y.applyUpdate(table.doc, update, 'remote');
    if (notified.at === 0) throw new Error('subscriber was not notified');
    if (i >= WARMUP) times.push(notified.at - t);
  }

  const recomputes: number[] = [];
  for (let k = 0; k < 4; k++) {
    t = performance.now();
    const fresh = createStats({ table, index: world.index, spec: s });
    fresh.current();
    const ms = performance.now() - t;
    fresh.destroy();
    if (k > 0) recomputes.push(ms);
  }
  // Sanity: the incrementally kept figures equal a fresh engine's.
  const check = createStats({ table, index: world.index, spec: s });
  if (JSON.stringify(check.current()) !== JSON.stringify(stats.current()))
    throw new Error(`incremental figures differ from a recomputation at ${rows} rows`);
  check.destroy();

  // The columns the spec reads: all but `return day` and `link`.
  const used = new Set([
    col.temp,
    col.who,
    col.dept,
    col.symptoms,
    col.back,
    col.age,
    col.status,
    col.note,
    col.submitted,
    col.period,
  ]);
  const walks: number[] = [];
  for (let k = 0; k < 3; k++) {
    t = performance.now();
    if (walkWhatTheBuildReads(table, world.index, used) === 0) throw new Error('walked nothing');
    walks.push(performance.now() - t);
  }
  const walkMs = median(walks);

  const updateMedianMs = median(times);
  const recomputeMs = median(recomputes);
  const result: ResultRow = {
    rows,
    buildMs: round(buildMs, 1),
    updateMedianMs: round(updateMedianMs, 4),
    updateP99Ms: round(quantile(times, 0.99), 4),
    recomputeMs: round(recomputeMs, 1),
    ratio: Math.round(recomputeMs / updateMedianMs),
    heapMB: round(heapAfter, 1),
    engineHeapMB: round(heapAfter - heapBefore, 1),
    buildCpuMs: round((buildCpu.user + buildCpu.system) / 1000, 1),
    loadAvg1m: round(loadAvg1m, 2),
    walkMs: round(walkMs, 1),
    buildOverWalk: round(buildMs / walkMs, 2),
  };
  stats.destroy();
  table.destroy();
  return result;
}

if (!gc) console.warn('Run with --expose-gc for heap figures (pnpm bench:stats does).');
console.log(`Building a workspace of 500 departments and ${PEOPLE.toLocaleString('en')} members…`);
const world = buildIndex();
const results: ResultRow[] = [];
for (const n of SIZES) {
  console.log(`Measuring ${n.toLocaleString('en')} rows…`);
  results.push(await measure(n, world));
}
console.table(results);
const flat =
  (results.at(-1) as ResultRow).updateMedianMs / (results[0] as ResultRow).updateMedianMs;
console.log(`update cost at ${SIZES.at(-1)} rows / at ${SIZES[0]} rows: ${flat.toFixed(2)}×`);
const out = new URL('../../../bench/results/', import.meta.url);
mkdirSync(out, { recursive: true });
// The machine's load is part of the result: wall-clock figures on a shared machine include
// waiting for a CPU (buildCpuMs shows the work alone).
const machine = { cpus: availableParallelism(), loadAverage: loadavg().map((x) => round(x, 2)) };
console.log(`CPUs: ${machine.cpus}, load average: ${machine.loadAverage.join(' ')}`);
writeFileSync(
  new URL('stats.json', out),
  `${JSON.stringify({ rows: results, machine }, null, 2)}\n`,
);
console.log(`Wrote ${new URL('stats.json', out).pathname}`);
