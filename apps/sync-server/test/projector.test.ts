/**
 * The projector through the real relay process and the real y-websocket client: receipts, the
 * linked table, and kill -9 between a submission and its projection.
 */
import { newId, Table, WorkspaceIndex } from '@muster/core';
import { FixedColumn, FormDefinition, SubmissionDoc, submissionRowId } from '@muster/forms';
import type { WebsocketProvider } from 'y-websocket';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closedWith,
  connect,
  removeDir,
  rooms,
  startRelay,
  storedDoc,
  synced,
  testSeed,
  prng,
  token,
  waitFor,
  type RelayProcess,
} from './harness';

const relays: RelayProcess[] = [];
const providers: WebsocketProvider[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const r of relays.splice(0)) if (r.child.exitCode === null) await r.kill9();
  for (const d of dirs.splice(0)) removeDir(d);
});

async function relay(options: Parameters<typeof startRelay>[0] = {}): Promise<RelayProcess> {
  const r = await startRelay(options);
  relays.push(r);
  if (!dirs.includes(r.dataDir)) dirs.push(r.dataDir);
  return r;
}

async function open(url: string, room: string, tok: string): Promise<WebsocketProvider> {
  const p = connect(url, room, tok);
  providers.push(p);
  await synced(p);
  return p;
}

/** A workspace with a department, `n` respondents in it, and a once-form with a linked table. */
async function workspace(url: string, n: number) {
  const ws = newId();
  const form = newId();
  const tableId = newId();
  const owner = await token({ ws, role: 'owner' });
  const people = Array.from({ length: n }, () => newId());
  const indexP = await open(url, `ws/${ws}/index`, owner);
  const index = new WorkspaceIndex(indexP.doc);
  const ward = index.addDepartment({ name: '三病区' });
  for (const id of people) index.addMember({ id, name: `p-${id.slice(0, 4)}`, department: ward });
  const formP = await open(url, rooms.form(ws, form), owner);
  const def = new FormDefinition(formP.doc);
  def.setMeta({ title: '健康打卡', tableId });
  def.setAudience({ anyone: false, departments: [ward], people: [] });
  const temp = def.addQuestion({ type: 'temperature', title: '体温', required: true });
  const note = def.addQuestion({ type: 'shortText', title: '备注' });
  // The relay writes before it relays: once a second client sees the data, it is stored.
  const check = await open(url, rooms.form(ws, form), owner);
  await waitFor('form stored', () => new FormDefinition(check.doc).questions().length === 2);
  const checkIndex = await open(url, `ws/${ws}/index`, owner);
  await waitFor('index stored', () => new WorkspaceIndex(checkIndex.doc).members().length === n);
  return { ws, form, tableId, owner, people, ward, temp, note };
}

type Ws = Awaited<ReturnType<typeof workspace>>;

async function submit(url: string, w: Ws, person: string, answers: Record<string, unknown>) {
  const tok = await token({
    ws: w.ws,
    sub: person,
    role: 'respondent',
    rooms: [rooms.form(w.ws, w.form)],
  });
  const p = await open(url, rooms.sub(w.ws, w.form, person), tok);
  const sub = new SubmissionDoc(p.doc);
  sub.setAnswers('once', answers);
  sub.submit('once', Date.now());
  return { p, sub };
}

describe('projector (real relay process, real y-websocket clients)', () => {
  it('accepted: the receipt reaches the respondent and the row reaches the table', async () => {
    const r = await relay();
    const w = await workspace(r.url, 1);
    const me = w.people[0] as string;
    const { sub } = await submit(r.url, w, me, { [w.temp]: 36.6, [w.note]: '正常' });
    expect(sub.status('once')).toBe('savedOnDevice');
    await waitFor('receipt', () => sub.status('once') === 'received');
    expect(sub.receipt('once')).toMatchObject({ status: 'accepted', rowVersion: 1 });
    const tableP = await open(r.url, `ws/${w.ws}/table/${w.tableId}`, w.owner);
    const table = new Table(tableP.doc);
    await waitFor('row', () => table.hasRow(submissionRowId(me, 'once')));
    expect(table.row(submissionRowId(me, 'once'))).toMatchObject({
      [w.temp]: 36.6,
      [w.note]: '正常',
      [FixedColumn.respondent]: me,
      [FixedColumn.department]: w.ward,
      [FixedColumn.periodKey]: 'once',
    });
    // An edit: "saved on this device" again until the new receipt arrives.
    sub.setAnswers('once', { [w.temp]: 37.1 });
    expect(sub.status('once')).toBe('savedOnDevice');
    await waitFor('second receipt', () => sub.status('once') === 'received');
    expect(sub.receipt('once')?.rowVersion).toBe(2);
    await waitFor('row updated', () => table.getCell(submissionRowId(me, 'once'), w.temp) === 37.1);
  });

  it('a question added in the builder adds a column to the linked table; a removed one is hidden', async () => {
    const r = await relay();
    const w = await workspace(r.url, 1);
    const me = w.people[0] as string;
    const { sub } = await submit(r.url, w, me, { [w.temp]: 36.6, [w.note]: 'ok' });
    await waitFor('receipt', () => sub.status('once') === 'received');
    const table = new Table((await open(r.url, `ws/${w.ws}/table/${w.tableId}`, w.owner)).doc);
    await waitFor('row', () => table.rowCount === 1);
    const builder = new FormDefinition((await open(r.url, rooms.form(w.ws, w.form), w.owner)).doc);
    const mood = builder.addQuestion({ type: 'rating', title: '心情' });
    builder.removeQuestion(w.note);
    await waitFor('new column', () => table.column(mood)?.type === 'number');
    await waitFor('hidden column', () => table.column(w.note)?.hidden === true);
    expect(table.getCell(submissionRowId(me, 'once'), w.note)).toBe('ok');
  });

  it('a respondent cannot write its own receipt: refused with 4403, nothing stored, the real receipt still comes', async () => {
    const r = await relay();
    const w = await workspace(r.url, 1);
    const me = w.people[0] as string;
    const tok = await token({
      ws: w.ws,
      sub: me,
      role: 'respondent',
      rooms: [rooms.form(w.ws, w.form)],
    });
    const forger = await open(r.url, rooms.sub(w.ws, w.form, me), tok);
    const closed = closedWith(forger);
    const forged = new SubmissionDoc(forger.doc);
    forged.setAnswers('once', { [w.temp]: 48 });
    forged.submit('once', Date.now());
    // Pretend the server accepted the out-of-range answer.
    forged.receiptsMap.set('once', {
      status: 'accepted',
      serverTime: Date.now(),
      rowVersion: 1,
      digest: 'forged',
    });
    expect(await closed).toMatchObject({
      code: 4403,
      reason: 'Receipts are written by the server only.',
    });
    forger.destroy();
    const stored = new SubmissionDoc(await storedDoc(r.dataDir, rooms.sub(w.ws, w.form, me)));
    expect(stored.receipt('once')?.digest).not.toBe('forged');

    // The same respondent, honest this time, gets the server's verdict.
    const { sub } = await submit(r.url, w, me, { [w.temp]: 36.8 });
    await waitFor('receipt', () => sub.status('once') === 'received');
    expect(sub.receipt('once')).toMatchObject({ status: 'accepted' });
    expect(sub.receipt('once')?.digest).not.toBe('forged');
  });

  it('rejected: field errors come back and nothing is written to the table', async () => {
    const r = await relay();
    const w = await workspace(r.url, 1);
    const me = w.people[0] as string;
    const { sub } = await submit(r.url, w, me, { [w.temp]: 48 });
    await waitFor('receipt', () => sub.status('once') === 'rejected');
    expect(sub.receipt('once')?.errors).toEqual([
      expect.objectContaining({ questionId: w.temp, code: 'temperature' }),
    ]);
    const stored = new Table(await storedDoc(r.dataDir, `ws/${w.ws}/table/${w.tableId}`));
    expect(stored.rowCount).toBe(0);
  });

  it('kill -9 before projection: submissions stored while the projector was down are projected exactly once after restart', async () => {
    const first = await relay({ env: { MUSTER_PROJECTOR: 'off' } });
    const w = await workspace(first.url, 4);
    for (const [i, person] of w.people.entries()) {
      await submit(first.url, w, person, { [w.temp]: 36 + i / 10 });
    }
    // The owner may read submission rooms; what a second client sees, the relay has stored.
    const watchers = async (url: string) =>
      Promise.all(
        w.people.map(
          async (person) =>
            new SubmissionDoc((await open(url, rooms.sub(w.ws, w.form, person), w.owner)).doc),
        ),
      );
    const before = await watchers(first.url);
    await waitFor('submissions stored', () => before.every((s) => s.isSubmitted('once')));
    expect(before.map((s) => s.receipt('once'))).toEqual(w.people.map(() => undefined));
    for (const p of providers.splice(0)) p.destroy();
    await first.kill9();

    // Back with the projector on; no respondent connects: the catch-up finds the rooms itself.
    const second = await relay({ port: first.port, dataDir: first.dataDir });
    await waitFor('catch-up', () =>
      second.logs.some((l) => l.includes('projector: catch-up finished')),
    );
    const table = new Table((await open(second.url, `ws/${w.ws}/table/${w.tableId}`, w.owner)).doc);
    await waitFor('all rows', () => table.rowCount === w.people.length, 60_000);
    const watching = await watchers(second.url);
    await waitFor(
      'all receipts',
      () => watching.every((s) => s.status('once') === 'received'),
      60_000,
    );
    const seen = watching.map((s) => s.receipt('once'));
    expect(seen.map((x) => [x?.status, x?.rowVersion])).toEqual(
      w.people.map(() => ['accepted', 1]),
    );
    const receipts = async () => {
      const out = [];
      for (const person of w.people) {
        out.push(
          new SubmissionDoc(
            await storedDoc(first.dataDir, rooms.sub(w.ws, w.form, person)),
          ).receipt('once'),
        );
      }
      return out;
    };

    // Another kill -9 and restart projects nothing again: same receipts, same row versions.
    for (const p of providers.splice(0)) p.destroy();
    await second.kill9();
    const third = await relay({ port: first.port, dataDir: first.dataDir });
    await waitFor('catch-up', () =>
      third.logs.some((l) => l.includes('projector: catch-up finished')),
    );
    const tableAgain = new Table(
      (await open(third.url, `ws/${w.ws}/table/${w.tableId}`, w.owner)).doc,
    );
    expect(tableAgain.rowCount).toBe(w.people.length);
    const after = await receipts();
    expect(after).toEqual(seen);
    for (const person of w.people)
      expect(tableAgain.getCell(submissionRowId(person, 'once'), FixedColumn.rowVersion)).toBe(1);
  });

  it('kill -9 in the middle of a burst of submissions loses nothing', async () => {
    const rand = prng(testSeed('projector kill -9 burst'));
    const first = await relay();
    const w = await workspace(first.url, 6);
    const subs: SubmissionDoc[] = [];
    for (const person of w.people)
      subs.push((await submit(first.url, w, person, { [w.temp]: 36.5 })).sub);
    // Kill once some (not necessarily all) receipts have arrived: mid-projection of the burst.
    const killAfter = 1 + rand.int(w.people.length - 1);
    await waitFor('some receipts', () => subs.filter((s) => s.receipt('once')).length >= killAfter);
    // Final edits some respondents make while the relay dies (they stay on their devices).
    const finals = subs.map((_, i) => 36 + ((i * 3) % 10) / 10);
    subs.forEach((s, i) => s.setAnswers('once', { [w.temp]: finals[i] }));
    await first.kill9();
    const second = await relay({ port: first.port, dataDir: first.dataDir });
    // The respondents' providers reconnect by themselves and send what the relay missed.
    await waitFor(
      'all receipts for the final answers',
      () => subs.every((s) => s.status('once') === 'received'),
      60_000,
    );
    const table = new Table((await open(second.url, `ws/${w.ws}/table/${w.tableId}`, w.owner)).doc);
    await waitFor('rows', () => table.rowCount === w.people.length, 60_000);
    w.people.forEach((person, i) => {
      expect(table.getCell(submissionRowId(person, 'once'), w.temp)).toBe(finals[i]);
      expect(subs[i]?.receipt('once')?.rowVersion).toBe(
        table.getCell(submissionRowId(person, 'once'), FixedColumn.rowVersion),
      );
    });
  });
});
