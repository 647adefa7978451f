import { createStats, Table, WorkspaceIndex } from '@muster/core';
import {
  formFromSnapshot,
  instantiateTemplate,
  projectSubmission,
  SubmissionDoc,
  syncTableColumns,
} from '@muster/forms';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, commentsByRow } from './comments';
import { registerForm, registeredForms } from './registry';
import { contactList, remind, remindersFor, remindersOf } from './reminders';
import { columnIds } from './spec';
import { buildWorkLogSpec, LogStat, logEntries, workLogRollup } from './work-log';
import { isLogDay, latestLogDay, periodForDate, todaysPeriod } from './period';
import { dailySchedule } from '@muster/core';

const zone = 'Asia/Shanghai';

describe('work-log roll-up', () => {
  it('sums and averages numeric answers per day and week, and lists who has not written', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    const team = index.addDepartment({ name: 'IT' });
    const [a, b, c] = ['A', 'B', 'C'].map((name) => index.addMember({ name, department: team }));
    const form = formFromSnapshot(new Y.Doc(), {
      ...instantiateTemplate('workLog', 'en', { timeZone: zone }),
      audience: { anyone: false, departments: [team], people: [] },
    });
    const table = new Table(new Y.Doc());
    syncTableColumns(table, form.questions());
    const [count, progress, plan, blocked] = form.questions();
    const write = (who: string, day: string, n: number) => {
      const sub = new SubmissionDoc(new Y.Doc());
      sub.setAnswers(day, {
        [count!.id]: n,
        [progress!.id]: 'done',
        [plan!.id]: 'more',
        [blocked!.id]: false,
      });
      const at = Date.parse(`${day}T09:00:00Z`);
      sub.submit(day, at);
      const out = projectSubmission({
        form: form.snapshot(),
        submission: sub,
        table,
        respondent: who,
        index,
        now: at,
      });
      expect(out.written.get(day)?.status).toBe('accepted');
    };
    // Monday 2026-11-23 and Tuesday 2026-11-24 of ISO week 48.
    write(a!, '2026-11-23', 4);
    write(b!, '2026-11-23', 6);
    write(a!, '2026-11-24', 10);
    const spec = buildWorkLogSpec({
      form: form.snapshot(),
      period: '2026-11-24',
      flags: [],
      columns: columnIds(table),
    });
    const stats = createStats({ table, index, spec });
    const r = workLogRollup(stats.current(), form.questions(), '2026-11-24');
    expect(r.week.label).toBe('2026-W48');
    expect(r.days.map((d) => [d.label, d.entries, d.sums[count!.id], d.means[count!.id]])).toEqual([
      ['2026-11-23', 2, 10, 5],
      ['2026-11-24', 1, 10, 10],
    ]);
    expect(r.week).toMatchObject({ entries: 3, sums: { [count!.id]: 20 } });
    expect(r.week.means[count!.id]).toBeCloseTo(20 / 3);
    const missing = stats.current().missing[LogStat.missing];
    expect(missing && !('error' in missing) && missing.missingMembers.sort()).toEqual(
      [b, c].sort(),
    );
    expect(logEntries(table, { day: '2026-11-23' }).map((e) => e.person)).toEqual([a, b]);
    expect(logEntries(table, { person: a! }).map((e) => e.period)).toEqual([
      '2026-11-24',
      '2026-11-23',
    ]);
    stats.destroy();
  });
});

describe('comments, reminders and the registry', () => {
  it('keeps concurrent comments on one entry from two devices', () => {
    const one = new Y.Doc();
    const two = new Y.Doc();
    addComment(one, { row: 'r1', author: 'u1', name: 'Lead', text: 'Good', now: 1 });
    addComment(two, { row: 'r1', author: 'u2', name: 'Deputy', text: 'Agreed', now: 2 });
    Y.applyUpdate(one, Y.encodeStateAsUpdate(two));
    Y.applyUpdate(two, Y.encodeStateAsUpdate(one));
    expect(
      commentsByRow(one)
        .get('r1')
        ?.map((c) => c.text),
    ).toEqual(['Good', 'Agreed']);
    expect(commentsByRow(two)).toEqual(commentsByRow(one));
    expect(() =>
      addComment(one, { row: 'r1', author: 'u1', name: 'L', text: '  ', now: 3 }),
    ).toThrow(/empty/);
    expect(() =>
      addComment(one, { row: 'r1', author: 'u1', name: 'L', text: 'x'.repeat(2001), now: 3 }),
    ).toThrow(/2000/);
  });

  it('reminds people once per form and period and shows each their own', () => {
    const doc = new Y.Doc();
    expect(
      remind(doc, {
        members: ['m1', 'm2'],
        form: 'f',
        period: '2026-11-23',
        title: 'Check-in',
        now: 10,
      }),
    ).toBe(2);
    remind(doc, { members: ['m1'], form: 'f', period: '2026-11-23', title: 'Check-in', now: 20 });
    expect(remindersFor(doc, 'm1')).toEqual([
      { member: 'm1', form: 'f', period: '2026-11-23', title: 'Check-in', at: 20 },
    ]);
    expect(remindersFor(doc, 'm3')).toEqual([]);
    expect([...remindersOf(doc, 'f', '2026-11-23').keys()].sort()).toEqual(['m1', 'm2']);
    expect(
      contactList([
        { name: '王芳', phone: '13800000000' },
        { name: 'Li', phone: null },
      ]),
    ).toBe('王芳\t13800000000\nLi');
  });

  it('lists registered work logs and notices by kind', () => {
    const doc = new Y.Doc();
    registerForm(doc, { form: 'f1', kind: 'workLog', title: 'IT log', department: 'd', at: 1 });
    registerForm(doc, { form: 'f2', kind: 'notice', title: 'Notice', department: null, at: 2 });
    doc.getMap('formPurposes').set('bad', { form: 'bad', kind: 'other' });
    expect(registeredForms(doc, 'workLog').map((f) => f.form)).toEqual(['f1']);
    expect(registeredForms(doc, 'notice').map((f) => f.form)).toEqual(['f2']);
    expect(() =>
      registerForm(doc, {
        form: 'f3',
        kind: 'workLog',
        title: 'x'.repeat(501),
        department: null,
        at: 1,
      }),
    ).toThrow(/invalid/);
  });
});

describe('periods of the dashboard and the work log', () => {
  it('opens a weekend on the last working day, and maps dates to period keys', () => {
    const weekdays = dailySchedule(zone, { skipWeekends: true });
    const sundayNoon = Date.UTC(2026, 10, 22, 4); // Sunday 12:00 in Shanghai
    expect(todaysPeriod(weekdays, sundayNoon).date).toBe('2026-11-22');
    expect(isLogDay(weekdays, '2026-11-22')).toBe(false);
    expect(latestLogDay(weekdays, sundayNoon)).toBe('2026-11-20');
    expect(latestLogDay(weekdays, Date.UTC(2026, 10, 23, 4))).toBe('2026-11-23');
    // 23:30 UTC on the 21st is already the 22nd in Shanghai.
    expect(todaysPeriod(dailySchedule(zone), Date.UTC(2026, 10, 21, 23, 30)).period).toBe(
      '2026-11-22',
    );
    expect(periodForDate({ kind: 'once', opensAt: null, closesAt: null }, '2026-11-22')).toBe(
      'once',
    );
    expect(periodForDate({ ...weekdays, kind: 'weekly' } as never, '2026-11-22')).toBe('2026-W47');
  });
});
