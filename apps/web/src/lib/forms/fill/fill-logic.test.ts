import { Table, WorkspaceIndex, dailySchedule } from '@muster/core';
import {
  FORM_FIELD,
  FormDefinition,
  SubmissionDoc,
  currentPeriod,
  projectSubmission,
  type FormSnapshot,
} from '@muster/forms';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  fieldMessages,
  initialAnswers,
  previousAnswers,
  savedAnswers,
  writeSubmission,
} from './fill-logic';

// Monday 23 November 2026, 08:30 in Shanghai.
const NOW = Date.UTC(2026, 10, 23, 0, 30);
const DAY = 24 * 3600 * 1000;

function dailyForm() {
  const index = new WorkspaceIndex(new Y.Doc());
  const ward = index.addDepartment({ name: 'Ward 3' });
  const wang = index.addMember({ name: 'Wang', department: ward });
  const form = new FormDefinition(new Y.Doc());
  form.setMeta({ title: 'Check-in' });
  form.setSchedule(dailySchedule('Asia/Shanghai'));
  form.setAudience({ anyone: false, departments: [ward], people: [] });
  const temp = form.addQuestion({ type: 'temperature', title: 'Temperature', required: true });
  const where = form.addQuestion({
    type: 'shortText',
    title: 'Where',
    required: true,
    prefillFromLast: true,
  });
  const since = form.addQuestion({
    type: 'date',
    title: 'Fever since',
    required: true,
    visibleIf: { question: temp, op: 'gte', value: 37.3 },
  });
  return { index, ward, wang, form, temp, where, since };
}

function project(
  f: ReturnType<typeof dailyForm>,
  sub: SubmissionDoc,
  respondent: string,
  now = NOW,
) {
  const table = new Table(new Y.Doc());
  projectSubmission({
    form: f.form.snapshot(),
    submission: sub,
    table,
    respondent,
    index: f.index,
    now,
  });
  return table;
}

const key = (snap: FormSnapshot, at = NOW) => currentPeriod(snap.schedule, at)!.key;

describe('writeSubmission', () => {
  it('writes nothing and reports every wrong field while the answers are invalid', () => {
    const f = dailyForm();
    const sub = new SubmissionDoc(new Y.Doc());
    const snap = f.form.snapshot();
    const r = writeSubmission(snap, sub, key(snap), { [f.temp]: 38.2 }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = fieldMessages(r.errors, 'en');
    expect(Object.keys(messages).sort()).toEqual([f.since, f.where].sort());
    expect(messages[f.where]).toBe('This question is required.');
    expect(fieldMessages(r.errors, 'zh-CN')[f.where]).toBe('此题为必填项');
    expect(sub.periods()).toEqual([]);
    expect(sub.status(key(snap))).toBe('empty');
  });

  it('is saved on the device until the projector receipt for exactly these answers arrives', () => {
    const f = dailyForm();
    const sub = new SubmissionDoc(new Y.Doc());
    const snap = f.form.snapshot();
    const k = key(snap);
    expect(writeSubmission(snap, sub, k, { [f.temp]: 36.6, [f.where]: 'Ward' }, NOW)).toEqual({
      ok: true,
    });
    expect(sub.status(k)).toBe('savedOnDevice');
    const table = project(f, sub, f.wang);
    expect(sub.status(k)).toBe('received');
    expect(table.getCell(`${f.wang}:${k}`, f.temp)).toBe(36.6);

    // Editing before the period closes: the old receipt no longer matches until projected again.
    expect(
      writeSubmission(snap, sub, k, { [f.temp]: 36.9, [f.where]: 'Ward' }, NOW + 1000),
    ).toEqual({
      ok: true,
    });
    expect(sub.status(k)).toBe('savedOnDevice');
    project(f, sub, f.wang);
    expect(sub.status(k)).toBe('received');
  });

  it('drops answers of questions that are now hidden', () => {
    const f = dailyForm();
    const sub = new SubmissionDoc(new Y.Doc());
    const snap = f.form.snapshot();
    const k = key(snap);
    writeSubmission(
      snap,
      sub,
      k,
      { [f.temp]: 38, [f.where]: 'Home', [f.since]: '2026-11-22' },
      NOW,
    );
    expect(savedAnswers(sub, k)[f.since]).toBe('2026-11-22');
    writeSubmission(
      snap,
      sub,
      k,
      { [f.temp]: 36.5, [f.where]: 'Home', [f.since]: '2026-11-22' },
      NOW,
    );
    expect(savedAnswers(sub, k)).toEqual({ [f.temp]: 36.5, [f.where]: 'Home' });
  });
});

describe('rejected receipts', () => {
  it('carry field errors for a question added after the respondent submitted offline', () => {
    const f = dailyForm();
    const sub = new SubmissionDoc(new Y.Doc());
    const snap = f.form.snapshot();
    const k = key(snap);
    writeSubmission(snap, sub, k, { [f.temp]: 36.6, [f.where]: 'Ward' }, NOW);
    const badge = f.form.addQuestion({ type: 'shortText', title: 'Badge number', required: true });
    project(f, sub, f.wang);
    expect(sub.status(k)).toBe('rejected');
    expect(fieldMessages(sub.receipt(k)?.errors ?? [], 'en')).toEqual({
      [badge]: 'This question is required.',
    });
  });

  it('say so on the whole form for someone outside the audience', () => {
    const f = dailyForm();
    const outsider = f.index.addMember({ name: 'Visitor' });
    const sub = new SubmissionDoc(new Y.Doc());
    const snap = f.form.snapshot();
    const k = key(snap);
    writeSubmission(snap, sub, k, { [f.temp]: 36.6, [f.where]: 'Ward' }, NOW);
    project(f, sub, outsider);
    expect(sub.status(k)).toBe('rejected');
    expect(fieldMessages(sub.receipt(k)?.errors ?? [], 'en')[FORM_FIELD]).toBe(
      'You are not asked to fill in this form.',
    );
  });
});

describe('same as yesterday', () => {
  it('offers the previous period only once it was submitted, and prefills "same as last time" questions', () => {
    const f = dailyForm();
    const sub = new SubmissionDoc(new Y.Doc());
    const snap = f.form.snapshot();
    const yesterday = key(snap, NOW - DAY);
    const today = key(snap);
    expect(yesterday).toBe('2026-11-22');
    expect(previousAnswers(snap, sub, today)).toBeNull();
    sub.setAnswers(yesterday, { [f.temp]: 36.4, [f.where]: 'Ward 3' });
    expect(previousAnswers(snap, sub, today)).toBeNull(); // typed but never submitted
    writeSubmission(snap, sub, yesterday, { [f.temp]: 36.4, [f.where]: 'Ward 3' }, NOW - DAY);
    expect(previousAnswers(snap, sub, today)).toEqual({ [f.temp]: 36.4, [f.where]: 'Ward 3' });
    // Only the question marked "same as last time" is prefilled; today's own answers win.
    expect(initialAnswers(snap, sub, today)).toEqual({ [f.where]: 'Ward 3' });
    sub.setAnswers(today, { [f.temp]: 37 });
    expect(initialAnswers(snap, sub, today)).toEqual({ [f.temp]: 37 });
  });
});
