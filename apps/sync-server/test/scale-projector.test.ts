/**
 * Exactly-once projection across relay processes (issue 9), with real processes, real PostgreSQL
 * and Redis and the real y-websocket client: the same submissions reaching two processes at once
 * are projected once, and after kill -9 of the process holding a form's lease another process
 * takes the form over and projects what was pending.
 */
import { newId, Table, WorkspaceIndex } from '@muster/core';
import { FixedColumn, FormDefinition, SubmissionDoc, submissionRowId } from '@muster/forms';
import pg from 'pg';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  connect,
  removeDir,
  rooms,
  startRelay,
  synced,
  token,
  waitFor,
  type RelayProcess,
} from './harness';
import { DATABASE_URL, REDIS_URL, dropSchema, servicesAvailable } from './services';

const available = await servicesAvailable({ postgres: true, redis: true });
const run = `${process.pid}_${Date.now().toString(36)}`;
const schemas: string[] = [];
const relays: RelayProcess[] = [];
const providers: WebsocketProvider[] = [];
// Long enough that a submission made right after the kill is seen waiting under the dead lease.
const LEASE_MS = 6000;

afterEach(async (context) => {
  for (const p of providers.splice(0)) p.destroy();
  if (context.task.result?.state === 'fail') {
    // What the projector did on each process, for whoever has to read a failed CI run.
    for (const r of relays)
      console.log(
        `relay pid ${r.child.pid}:\n${r.logs.filter((l) => /projector|"level":[456]0/.test(l)).join('\n')}`,
      );
    // Leases, pending marks and what PostgreSQL sessions wait on (a lock a dead process held?).
    const schema = schemas.at(-1);
    if (schema)
      for (const query of [
        'SELECT form, holder, expires_at, now() AS now FROM projector_leases',
        'SELECT room, form, gen FROM projector_pending ORDER BY gen',
        `SELECT pid, state, wait_event_type, wait_event, now() - xact_start AS in_xact, left(query, 120) AS query
           FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle'`,
      ])
        console.log(
          query,
          JSON.stringify(await sql(schema, query).catch((e: unknown) => String(e))),
        );
  }
  for (const r of relays.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) await r.kill9();
    removeDir(r.dataDir);
  }
});

afterAll(async () => {
  if (available) for (const s of schemas) await dropSchema(s);
});

/** `n` relay processes with the projector on, sharing one fresh schema and fan-out prefix. */
async function cluster(n: number): Promise<{ relays: RelayProcess[]; schema: string }> {
  const schema = `muster_proj_${run}_${schemas.length}`;
  schemas.push(schema);
  const env = {
    MUSTER_DATABASE_URL: DATABASE_URL,
    MUSTER_DATABASE_SCHEMA: schema,
    MUSTER_REDIS_URL: REDIS_URL,
    MUSTER_REDIS_PREFIX: `${schema}:`,
    MUSTER_PROJECTOR_LEASE_MS: String(LEASE_MS),
    MUSTER_PROJECTOR_SWEEP_MS: '200',
    // Rooms stay loaded and uncompacted, so the stored log still shows every receipt write.
    MUSTER_SYNC_UNLOAD_GRACE_MS: '600000',
  };
  const started = [];
  for (let i = 0; i < n; i++) started.push(await startRelay({ env }));
  relays.push(...started);
  return { relays: started, schema };
}

async function sql<T extends pg.QueryResultRow>(
  schema: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({
    connectionString: DATABASE_URL,
    options: `-c search_path=${schema}`,
  });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function open(url: string, room: string, tok: string, doc?: Y.Doc) {
  const p = connect(url, room, tok, doc ? { doc } : {});
  providers.push(p);
  await synced(p);
  return p;
}

/** A workspace with one department, `n` members and a once-form with a linked table. */
async function workspace(url: string, n: number) {
  const ws = newId();
  const form = newId();
  const tableId = newId();
  const owner = await token({ ws, role: 'owner' });
  const people = Array.from({ length: n }, () => newId());
  const index = new WorkspaceIndex((await open(url, `ws/${ws}/index`, owner)).doc);
  const ward = index.addDepartment({ name: '三病区' });
  for (const id of people) index.addMember({ id, name: `p-${id.slice(0, 4)}`, department: ward });
  const def = new FormDefinition((await open(url, rooms.form(ws, form), owner)).doc);
  def.setMeta({ title: '健康打卡', tableId });
  def.setAudience({ anyone: false, departments: [ward], people: [] });
  const temp = def.addQuestion({ type: 'temperature', title: '体温', required: true });
  const check = await open(url, rooms.form(ws, form), owner);
  await waitFor('form stored', () => new FormDefinition(check.doc).questions().length === 1);
  const checkIndex = await open(url, `ws/${ws}/index`, owner);
  await waitFor('index stored', () => new WorkspaceIndex(checkIndex.doc).members().length === n);
  return { ws, form, tableId, owner, people, temp };
}
type Ws = Awaited<ReturnType<typeof workspace>>;

/** A respondent's submission, sent through one provider per url (all sharing one doc). */
async function submit(urls: string[], w: Ws, person: string, temp: number) {
  const tok = await token({
    ws: w.ws,
    sub: person,
    role: 'respondent',
    rooms: [rooms.form(w.ws, w.form)],
  });
  const doc = new Y.Doc();
  for (const url of urls) await open(url, rooms.sub(w.ws, w.form, person), tok, doc);
  const sub = new SubmissionDoc(doc);
  sub.setAnswers('once', { [w.temp]: temp });
  sub.submit('once', Date.now());
  return sub;
}

/** How many transactions in the room's stored history wrote the receipt of `period`. */
async function receiptWrites(schema: string, room: string, period: string): Promise<number> {
  const snap = await sql<{ n: string }>(
    schema,
    'SELECT count(*) AS n FROM snapshots WHERE room = $1',
    [room],
  );
  // Compaction would fold the history into one snapshot; the cluster keeps rooms loaded to
  // prevent it, and this guards that the count below sees the whole history.
  expect(Number(snap[0]?.n)).toBe(0);
  const log = await sql<{ data: Buffer }>(
    schema,
    'SELECT data FROM updates WHERE room = $1 ORDER BY seq',
    [room],
  );
  const doc = new Y.Doc();
  const receipts = new SubmissionDoc(doc).receiptsMap;
  let writes = 0;
  receipts.observe((event) => {
    if (event.keysChanged.has(period)) writes++;
  });
  for (const row of log) Y.applyUpdate(doc, new Uint8Array(row.data));
  return writes;
}

async function ledger(schema: string) {
  const rows = await sql<{ room: string; projections: number; last_holder: string }>(
    schema,
    'SELECT room, projections, last_holder FROM projector_ledger',
  );
  return new Map(rows.map((r) => [r.room, r]));
}

async function tableOf(url: string, w: Ws): Promise<Table> {
  return new Table((await open(url, `ws/${w.ws}/table/${w.tableId}`, w.owner)).doc);
}

describe.skipIf(!available)('projection across relay processes (PostgreSQL lease + ledger)', () => {
  it('the same submissions arriving at two processes at once are projected exactly once', async () => {
    const {
      relays: [a, b],
      schema,
    } = await cluster(2);
    const w = await workspace(a!.url, 6);
    // Each respondent's device is connected to both processes: every submission is committed,
    // marked and scheduled for projection on both, concurrently.
    const subs = await Promise.all(
      w.people.map((person, i) => submit([a!.url, b!.url], w, person, 36 + i / 10)),
    );
    await waitFor('all receipts', () => subs.every((s) => s.status('once') === 'received'), 60_000);
    const table = await tableOf(b!.url, w);
    // Same allowance as the receipts: joining a busy process's table room is slow under load.
    await waitFor('all rows', () => table.rowCount === w.people.length, 120_000);
    for (const person of w.people)
      expect(table.getCell(submissionRowId(person, 'once'), FixedColumn.rowVersion)).toBe(1);
    await expectEventually(
      async () => (await sql(schema, 'SELECT room FROM projector_pending')).length === 0,
    );
    const entries = await ledger(schema);
    for (const person of w.people) {
      const room = rooms.sub(w.ws, w.form, person);
      expect(entries.get(room)?.projections).toBe(1);
      expect(await receiptWrites(schema, room, 'once')).toBe(1);
    }
    // Both processes took the submissions: each stored its own copy of every client update.
    const logged = await sql<{ n: string }>(
      schema,
      "SELECT count(*) AS n FROM updates WHERE room LIKE 'ws/%/sub/%'",
    );
    expect(Number(logged[0]?.n)).toBeGreaterThanOrEqual(2 * w.people.length);
  });

  it('kill -9 of the lease holder: another process takes the form over and projects what was pending', async () => {
    const { relays: all, schema } = await cluster(3);
    const w = await workspace(all[0]!.url, 14);
    const form = rooms.form(w.ws, w.form);
    const [first, burst, after] = [w.people.slice(0, 2), w.people.slice(2, 8), w.people.slice(8)];
    const subs = new Map<string, SubmissionDoc>();
    for (const person of first) subs.set(person, await submit([all[1]!.url], w, person, 36.5));
    await waitFor('first receipts', () =>
      [...subs.values()].every((s) => s.status('once') === 'received'),
    );

    // The holder keeps a busy form's lease; find its process.
    let holder = '';
    await expectEventually(async () => {
      const rows = await sql<{ holder: string }>(
        schema,
        'SELECT holder FROM projector_leases WHERE form = $1',
        [form],
      );
      holder = rows[0]?.holder ?? '';
      return holder !== '';
    });
    const victim = all.find((r) => holder.startsWith(`${r.child.pid}-`));
    expect(victim, `lease holder ${holder} is one of the relays`).toBeDefined();
    const survivors = all.filter((r) => r !== victim).map((r) => r.url);

    // A burst through the surviving processes; the holder dies once it has projected some of it.
    for (const [i, person] of burst.entries())
      subs.set(person, await submit([survivors[i % 2]!], w, person, 36 + i / 10));
    await waitFor('part of the burst projected', () =>
      burst.some((p) => subs.get(p)!.receipt('once') !== undefined),
    );
    await victim!.kill9();
    // More submissions while the dead process's lease has not expired: they can only wait.
    for (const [i, person] of after.entries()) {
      subs.set(person, await submit([survivors[i % 2]!], w, person, 37 + i / 10));
      if (i > 0) continue;
      // The first one is marked pending (durably, by the process that took it) while the lease
      // still names the dead holder: nobody may project it until the lease expires.
      await expectEventually(
        async () =>
          (
            await sql(
              schema,
              `SELECT 1 FROM projector_pending p JOIN projector_leases l ON l.form = p.form
               WHERE p.room = $1 AND l.holder = $2`,
              [rooms.sub(w.ws, w.form, person), holder],
            )
          ).length === 1,
      );
      expect(subs.get(person)!.receipt('once')).toBeUndefined();
    }

    await waitFor(
      'every receipt after the takeover',
      () => [...subs.values()].every((s) => s.status('once') === 'received'),
      // A lease period, then one process projects 12 rooms; slow only on a crowded CI machine.
      120_000,
    );
    const table = await tableOf(survivors[0]!, w);
    // Same allowance as the receipts: joining a busy process's table room is slow under load.
    await waitFor('all rows', () => table.rowCount === w.people.length, 120_000);
    const entries = await ledger(schema);
    for (const person of w.people) {
      const room = rooms.sub(w.ws, w.form, person);
      expect(table.getCell(submissionRowId(person, 'once'), FixedColumn.rowVersion)).toBe(1);
      expect(table.getCell(submissionRowId(person, 'once'), w.temp)).toBe(
        subs.get(person)!.answers('once')[w.temp],
      );
      expect(await receiptWrites(schema, room, 'once')).toBe(1);
      // A holder killed between the receipt and the ledger leaves the next one nothing to write.
      expect(entries.get(room)?.projections ?? 0).toBeLessThanOrEqual(1);
    }
    for (const person of after) {
      expect(entries.get(rooms.sub(w.ws, w.form, person))?.last_holder).not.toBe(holder);
    }
  });
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
