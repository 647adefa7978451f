import { Table, WorkspaceIndex } from '@muster/core';
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { fcOptions, FIXED_ID } from '../test/support';
import type { FormSnapshot } from './definition';
import { FixedColumn, otherColumnId } from './linked-table';
import {
  MemoryLedger,
  projectRoom,
  projectSubmission,
  submissionRowId,
  tableReads,
} from './projection';
import type { Question } from './questions';
import { SubmissionDoc } from './submission';

const TEMP = FIXED_ID('temp');
const MODE = FIXED_ID('mode');
const WHY = FIXED_ID('why');
const SYM = FIXED_ID('sym');
const ONSITE = FIXED_ID('onsite');
const REMOTE = FIXED_ID('remote');
const COUGH = FIXED_ID('cough');
const RESPONDENT = FIXED_ID('respondent');
const NOW = Date.UTC(2026, 10, 22, 1, 0);

const questions: Question[] = [
  { id: TEMP, type: 'temperature', title: '体温', required: true },
  {
    id: MODE,
    type: 'singleChoice',
    title: '工作方式',
    choices: [
      { id: ONSITE, label: '现场' },
      { id: REMOTE, label: '远程' },
    ],
  },
  {
    id: WHY,
    type: 'shortText',
    title: '原因',
    visibleIf: { question: TEMP, op: 'gte', value: 37.3 },
  },
  {
    id: SYM,
    type: 'multipleChoice',
    title: '症状',
    allowOther: true,
    choices: [{ id: COUGH, label: '咳嗽' }],
  },
];

function form(overrides: Partial<FormSnapshot> = {}): FormSnapshot {
  return {
    title: '打卡',
    description: '',
    sections: [],
    questions,
    schedule: { kind: 'once', opensAt: null, closesAt: null },
    audience: { anyone: true },
    anonymous: false,
    tableId: null,
    ...overrides,
  };
}

function server() {
  return { sub: new SubmissionDoc(new Y.Doc()), table: new Table(new Y.Doc()) };
}

function comparable(table: Table) {
  return table.toJSON().rows.map((r) => {
    const cells = { ...r.cells };
    delete cells[FixedColumn.rowVersion];
    delete cells[FixedColumn.updatedAt];
    delete cells[FixedColumn.submittedAt];
    return { id: r.id, cells };
  });
}

function receipts(sub: SubmissionDoc) {
  return sub.periods().map((p) => {
    const r = sub.receipt(p);
    return r && { p, status: r.status, digest: r.digest, errors: r.errors };
  });
}

describe('projectSubmission', () => {
  it('accepts a valid submission: one typed row, then a receipt; status goes savedOnDevice → received', () => {
    const { sub, table } = server();
    sub.setAnswers('once', {
      [TEMP]: 36.6,
      [MODE]: REMOTE,
      [SYM]: { choices: [COUGH], other: '乏力' },
    });
    expect(sub.status('once')).toBe('empty');
    sub.submit('once', NOW - 1000);
    expect(sub.status('once')).toBe('savedOnDevice');
    const out = projectSubmission({
      form: form(),
      submission: sub,
      table,
      respondent: RESPONDENT,
      now: NOW,
    });
    const rowId = submissionRowId(RESPONDENT, 'once');
    expect(table.row(rowId)).toEqual({
      [FixedColumn.respondent]: RESPONDENT,
      [FixedColumn.periodKey]: 'once',
      [FixedColumn.submittedAt]: new Date(NOW).toISOString(),
      [FixedColumn.updatedAt]: new Date(NOW).toISOString(),
      [FixedColumn.rowVersion]: 1,
      [TEMP]: 36.6,
      [MODE]: REMOTE,
      [SYM]: [COUGH],
      [otherColumnId(SYM)]: '乏力',
    });
    // Fixed columns first, then one column per question in form order (and "other" after its question).
    expect(table.columns().map((c) => c.id)).toEqual([
      ...Object.values(FixedColumn),
      TEMP,
      MODE,
      WHY,
      SYM,
      otherColumnId(SYM),
    ]);
    expect(table.column(TEMP)?.type).toBe('number');
    expect(table.column(SYM)?.type).toBe('multiSelect');
    expect(table.column(FixedColumn.rowVersion)?.hidden).toBe(true);
    expect(out.written.get('once')).toMatchObject({
      status: 'accepted',
      rowVersion: 1,
      serverTime: NOW,
    });
    expect(sub.status('once')).toBe('received');
    // An edit after the receipt makes it stale until the next projection.
    sub.setAnswers('once', { [TEMP]: 37.8, [WHY]: '跑步' });
    expect(sub.status('once')).toBe('savedOnDevice');
    projectSubmission({
      form: form(),
      submission: sub,
      table,
      respondent: RESPONDENT,
      now: NOW + 5,
    });
    expect(table.getCell(rowId, WHY)).toBe('跑步');
    expect(sub.receipt('once')?.rowVersion).toBe(2);
    expect(table.getCell(rowId, FixedColumn.submittedAt)).toBe(new Date(NOW).toISOString());
    expect(table.getCell(rowId, FixedColumn.updatedAt)).toBe(new Date(NOW + 5).toISOString());
  });

  it('rejects an invalid submission with field errors and writes nothing to the table', () => {
    const { sub, table } = server();
    sub.setAnswers('once', { [TEMP]: 45, [MODE]: 'bike' });
    sub.submit('once', NOW);
    const before = Y.encodeStateVector(table.doc);
    projectSubmission({ form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW });
    expect(Y.encodeStateVector(table.doc)).toEqual(before);
    expect(table.rowCount).toBe(0);
    const r = sub.receipt('once');
    expect(r?.status).toBe('rejected');
    expect(r?.rowVersion).toBe(0);
    expect(r?.errors?.map((e) => [e.questionId, e.code])).toEqual([
      [TEMP, 'temperature'],
      [MODE, 'choice'],
    ]);
    expect(sub.status('once')).toBe('rejected');
  });

  it('rejects periods outside the schedule, closed periods and people outside the audience', () => {
    const { sub, table } = server();
    sub.setAnswers('2026-11-22', { [TEMP]: 36.5 });
    sub.submit('2026-11-22', NOW);
    projectSubmission({ form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW });
    expect(sub.receipt('2026-11-22')?.errors?.[0]?.code).toBe('period');

    const closed = server();
    closed.sub.setAnswers('once', { [TEMP]: 36.5 });
    closed.sub.submit('once', NOW);
    const f = form({ schedule: { kind: 'once', opensAt: null, closesAt: NOW - 10 } });
    projectSubmission({
      form: f,
      submission: closed.sub,
      table: closed.table,
      respondent: RESPONDENT,
      now: NOW,
    });
    expect(closed.sub.receipt('once')?.errors?.[0]).toMatchObject({
      questionId: '$form',
      code: 'closed',
    });
    projectSubmission({
      form: { ...f },
      submission: closed.sub,
      table: closed.table,
      respondent: RESPONDENT,
      now: NOW,
      lateGraceMs: 60_000,
    });
    // Same answers, same digest: the receipt stands until the answers change.
    expect(closed.sub.receipt('once')?.status).toBe('rejected');

    const index = new WorkspaceIndex(new Y.Doc());
    const ward = index.addDepartment({ name: '三病区' });
    const other = index.addDepartment({ name: '外科' });
    index.addMember({ name: '王芳', id: RESPONDENT, department: other });
    const aud = server();
    aud.sub.setAnswers('once', { [TEMP]: 36.5 });
    aud.sub.submit('once', NOW);
    const audForm = form({ audience: { anyone: false, departments: [ward], people: [] } });
    projectSubmission({
      form: audForm,
      submission: aud.sub,
      table: aud.table,
      respondent: RESPONDENT,
      index,
      now: NOW,
    });
    expect(aud.sub.receipt('once')?.errors?.[0]?.code).toBe('audience');
    index.updateMember(RESPONDENT, { department: ward });
    aud.sub.setAnswers('once', { [TEMP]: 36.6 });
    projectSubmission({
      form: audForm,
      submission: aud.sub,
      table: aud.table,
      respondent: RESPONDENT,
      index,
      now: NOW,
    });
    expect(aud.sub.receipt('once')?.status).toBe('accepted');
    expect(aud.table.getCell(submissionRowId(RESPONDENT, 'once'), FixedColumn.department)).toBe(
      ward,
    );
  });

  it('copies read marks beside the rows: no row, no receipt, first read kept; never for outsiders or anonymous forms', () => {
    const { sub, table } = server();
    sub.markRead('once', NOW - 5);
    sub.markRead('once', NOW); // a later open keeps the first mark
    sub.markRead('2026-11-22', NOW); // not a period of a one-off form
    projectSubmission({ form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW });
    expect(Object.fromEntries(tableReads(table.doc).entries())).toEqual({
      [submissionRowId(RESPONDENT, 'once')]: NOW - 5,
    });
    expect(table.rowIds()).toEqual([]);
    expect(sub.receipt('once')).toBeUndefined();
    // The read mark is no answer: a submission is validated and digested without it.
    sub.setAnswers('once', { [TEMP]: 36.5 });
    sub.submit('once', NOW);
    projectSubmission({ form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW });
    expect(sub.status('once')).toBe('received');
    expect(Object.keys(sub.answers('once')).sort()).toEqual(['$submittedAt', TEMP].sort());

    const anon = server();
    anon.sub.markRead('once', NOW);
    projectSubmission({
      form: form({ anonymous: true }),
      submission: anon.sub,
      table: anon.table,
      respondent: RESPONDENT,
      now: NOW,
    });
    expect(tableReads(anon.table.doc).size).toBe(0);

    const index = new WorkspaceIndex(new Y.Doc());
    const ward = index.addDepartment({ name: '三病区' });
    const other = index.addDepartment({ name: '外科' });
    index.addMember({ name: '王芳', id: RESPONDENT, department: other });
    const out = server();
    out.sub.markRead('once', NOW);
    projectSubmission({
      form: form({ audience: { anyone: false, departments: [ward], people: [] } }),
      submission: out.sub,
      table: out.table,
      respondent: RESPONDENT,
      index,
      now: NOW,
    });
    expect(tableReads(out.table.doc).size).toBe(0);
  });

  it('keeps the column and data of a removed question hidden; adding a question adds a column', () => {
    const { sub, table } = server();
    sub.setAnswers('once', { [TEMP]: 36.5, [MODE]: ONSITE });
    sub.submit('once', NOW);
    projectSubmission({ form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW });
    const NEW = FIXED_ID('newq');
    const changed = form({
      questions: [
        ...questions.filter((q) => q.id !== MODE),
        { id: NEW, type: 'rating', title: '评分' },
      ],
    });
    sub.setAnswers('once', { [NEW]: 4 });
    projectSubmission({ form: changed, submission: sub, table, respondent: RESPONDENT, now: NOW });
    const row = submissionRowId(RESPONDENT, 'once');
    expect(table.column(MODE)?.hidden).toBe(true);
    expect(table.getCell(row, MODE)).toBe(ONSITE);
    expect(table.column(NEW)?.type).toBe('number');
    expect(table.getCell(row, NEW)).toBe(4);
    expect(table.getCell(row, TEMP)).toBe(36.5);
  });

  it('a question changed while a respondent filled in offline keeps their other answers', () => {
    const { sub, table } = server();
    // Offline device answered under the old definition, where MODE had a third choice.
    sub.setAnswers('once', { [TEMP]: 36.4, [MODE]: FIXED_ID('hybrid') });
    sub.submit('once', NOW);
    projectSubmission({ form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW });
    expect(sub.receipt('once')?.errors?.map((e) => e.questionId)).toEqual([MODE]);
    expect(sub.answers('once')[TEMP]).toBe(36.4);
    sub.setAnswers('once', { [MODE]: ONSITE });
    projectSubmission({ form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW });
    expect(table.row(submissionRowId(RESPONDENT, 'once'))).toMatchObject({
      [TEMP]: 36.4,
      [MODE]: ONSITE,
    });
  });

  it('anonymous forms store neither respondent nor department', () => {
    const { sub, table } = server();
    sub.setAnswers('once', { [TEMP]: 36.5 });
    sub.submit('once', NOW);
    projectSubmission({
      form: form({ anonymous: true }),
      submission: sub,
      table,
      respondent: RESPONDENT,
      now: NOW,
    });
    const row = table.row(submissionRowId(RESPONDENT, 'once'));
    expect(row?.[FixedColumn.respondent]).toBeUndefined();
    expect(row?.[TEMP]).toBe(36.5);
  });

  it('repairs a crash between the table write and the receipt without a second version', () => {
    const { sub, table } = server();
    sub.setAnswers('once', { [TEMP]: 36.5 });
    sub.submit('once', NOW);
    // Run on copies, keep only the table's changes: as if the receipt never reached the disk.
    const subCopy = new SubmissionDoc(new Y.Doc());
    Y.applyUpdate(subCopy.doc, Y.encodeStateAsUpdate(sub.doc));
    projectSubmission({
      form: form(),
      submission: subCopy,
      table,
      respondent: RESPONDENT,
      now: NOW,
    });
    expect(sub.receipt('once')).toBeUndefined();
    projectSubmission({
      form: form(),
      submission: sub,
      table,
      respondent: RESPONDENT,
      now: NOW + 99,
    });
    expect(sub.receipt('once')).toMatchObject({ status: 'accepted', rowVersion: 1 });
    expect(table.rowCount).toBe(1);
    expect(table.getCell(submissionRowId(RESPONDENT, 'once'), FixedColumn.updatedAt)).toBe(
      new Date(NOW).toISOString(),
    );
  });

  it('projectRoom skips rooms whose state the ledger already covers, and resumes after a restart', () => {
    const { sub, table } = server();
    const ledger = new MemoryLedger();
    const room = 'ws/x/sub/y/z';
    sub.setAnswers('once', { [TEMP]: 36.5 });
    sub.submit('once', NOW);
    const input = { form: form(), submission: sub, table, respondent: RESPONDENT, now: NOW };
    expect(projectRoom(room, ledger, input).written.size).toBe(1);
    expect(projectRoom(room, ledger, input).written.size).toBe(0);
    sub.setAnswers('once', { [TEMP]: 36.7 });
    expect(projectRoom(room, ledger, input).written.get('once')?.rowVersion).toBe(2);
  });
});

type Op =
  | { device: number; kind: 'answer'; period: string; question: string; value: unknown }
  | { device: number; kind: 'submit'; period: string };

const invalid = fc.constantFrom<unknown>('bad', 99, { choices: ['nope'] });
const valueFor: Record<string, fc.Arbitrary<unknown>> = {
  [TEMP]: fc.integer({ min: 355, max: 395 }).map((n) => n / 10),
  [MODE]: fc.constantFrom(ONSITE, REMOTE),
  [WHY]: fc.constantFrom('跑步', '感冒'),
  [SYM]: fc.constantFrom({ choices: [COUGH], other: null }, { choices: [], other: '乏力' }),
  [FIXED_ID('ghost')]: fc.constant('ignored'),
};
const answerArb = fc
  .record({
    device: fc.integer({ min: 0, max: 1 }),
    period: fc.constantFrom('once', 'once', 'once', '2026-01-01'),
    question: fc.constantFrom(...Object.keys(valueFor)),
    mode: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'invalid', 'clear'),
  })
  .chain((r) =>
    (r.mode === 'valid'
      ? (valueFor[r.question] as fc.Arbitrary<unknown>)
      : r.mode === 'invalid'
        ? invalid
        : fc.constant(null)
    ).map((value): Op => ({
      device: r.device,
      kind: 'answer',
      period: r.period,
      question: r.question,
      value,
    })),
  );
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: answerArb },
  {
    weight: 1,
    arbitrary: fc.record({
      device: fc.integer({ min: 0, max: 1 }),
      kind: fc.constant('submit' as const),
      period: fc.constantFrom('once', '2026-01-01'),
    }),
  },
);

describe('projection properties', () => {
  it('is idempotent and order-independent under duplicated and reordered updates from two devices', () => {
    const stats = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        (ops, picks, projectAt) => {
          const devices = [new Y.Doc(), new Y.Doc()];
          devices.forEach((d, i) => (d.clientID = 10 + i));
          const updates: Uint8Array[] = [];
          devices.forEach((d) => d.on('update', (u: Uint8Array) => updates.push(u)));
          for (const op of ops) {
            const sub = new SubmissionDoc(devices[op.device] as Y.Doc);
            if (op.kind === 'answer') sub.setAnswers(op.period, { [op.question]: op.value });
            else sub.submit(op.period, NOW);
          }
          // Clearing an answer that was never set produces no update at all.
          fc.pre(updates.length > 0);
          // Reference: everything delivered in order, projected once.
          const ref = server();
          for (const u of updates) Y.applyUpdate(ref.sub.doc, u);
          projectSubmission({
            form: form(),
            submission: ref.sub,
            table: ref.table,
            respondent: RESPONDENT,
            now: NOW,
          });

          // Under test: updates delivered in a random order with duplicates, projecting at random
          // points, then every update once more (what a reconnect does) and a final projection.
          const s = server();
          picks.forEach((p, i) => {
            Y.applyUpdate(s.sub.doc, updates[p % updates.length] as Uint8Array);
            if (projectAt[i])
              projectSubmission({
                form: form(),
                submission: s.sub,
                table: s.table,
                respondent: RESPONDENT,
                now: NOW,
              });
          });
          for (const u of [...updates].reverse()) Y.applyUpdate(s.sub.doc, u);
          projectSubmission({
            form: form(),
            submission: s.sub,
            table: s.table,
            respondent: RESPONDENT,
            now: NOW,
          });

          // Receipts depend only on the merged answers. The row does too whenever the final
          // answers are accepted; when they are rejected the table keeps whichever earlier version
          // was accepted (a rejected submission writes nothing), and the reference has no row.
          expect(receipts(s.sub)).toEqual(receipts(ref.sub));
          if (ref.sub.receipt('once')?.status === 'rejected' || !ref.sub.receipt('once')) {
            expect(ref.table.rowCount).toBe(0);
            stats.rejected++;
          } else {
            expect(comparable(s.table)).toEqual(comparable(ref.table));
            stats.accepted++;
          }
          expect(s.table.rowCount).toBeLessThanOrEqual(1);
          // Idempotent: another run changes nothing in either doc.
          const svTable = Y.encodeStateVector(s.table.doc);
          const svSub = Y.encodeStateVector(s.sub.doc);
          expect(
            projectSubmission({
              form: form(),
              submission: s.sub,
              table: s.table,
              respondent: RESPONDENT,
              now: NOW + 1,
            }).written.size,
          ).toBe(0);
          expect(Y.encodeStateVector(s.table.doc)).toEqual(svTable);
          expect(Y.encodeStateVector(s.sub.doc)).toEqual(svSub);
        },
      ),
      fcOptions('projection idempotent + order-independent'),
    );
    // Both branches must actually be exercised for the property to mean anything.
    expect(stats.accepted).toBeGreaterThan(10);
    expect(stats.rejected).toBeGreaterThan(10);
  });
});
