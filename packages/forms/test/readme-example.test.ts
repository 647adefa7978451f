// The worked example of the README's "Forms" section, kept as a test so it stays true.
import { Table, WorkspaceIndex, dailySchedule } from '@muster/core';
import * as Y from 'yjs';
import { expect, it } from 'vitest';
import {
  FormDefinition,
  SubmissionDoc,
  buildValidator,
  currentPeriod,
  projectSubmission,
  tableSheet,
  toCsv,
} from '../src/index';

it('README worked example', () => {
  // Coordinator: the org tree and a daily form, 06:00–10:00 Beijing time, weekdays only.
  const index = new WorkspaceIndex(new Y.Doc());
  const ward = index.addDepartment({
    name: '三病区',
    parent: index.addDepartment({ name: '内科' }),
  });
  const wang = index.addMember({ name: '王芳', department: ward });

  const form = new FormDefinition(new Y.Doc()); // the room ws/{ws}/form/{id}
  form.setMeta({ title: '每日健康打卡' });
  form.setSchedule(
    dailySchedule('Asia/Shanghai', { openTime: '06:00', closeTime: '10:00', skipWeekends: true }),
  );
  form.setAudience({ anyone: false, departments: [ward], people: [] });
  const temp = form.addQuestion({ type: 'temperature', title: '体温', required: true });
  const since = form.addQuestion({
    type: 'date',
    title: '发热开始日期',
    required: true,
    visibleIf: { question: temp, op: 'gte', value: 37.3 },
  });

  // Respondent, on their phone (offline is fine): the room ws/{ws}/sub/{form}/{wang}.
  const now = Date.UTC(2026, 10, 23, 0, 30); // Monday 08:30 in Shanghai
  const period = currentPeriod(form.snapshot().schedule, now)!.key; // '2026-11-23'
  const sub = new SubmissionDoc(new Y.Doc());
  const validate = buildValidator(form.questions());
  sub.setAnswers(period, { [temp]: 38.1 });
  const check = validate(sub.answers(period));
  expect(!check.ok && check.errors[0]).toMatchObject({
    questionId: since,
    code: 'required',
    message: { 'zh-CN': '此题为必填项', en: 'This question is required.' },
  });
  sub.setAnswers(period, { [since]: '2026-11-22' });
  sub.submit(period, now);
  expect(sub.status(period)).toBe('savedOnDevice');

  // Server: the projector (apps/sync-server) does this for every changed submission room.
  const table = new Table(new Y.Doc()); // the form's linked table room
  projectSubmission({
    form: form.snapshot(),
    submission: sub,
    table,
    respondent: wang,
    index,
    now,
  });
  expect(sub.status(period)).toBe('received');
  expect(table.getCell(`${wang}:${period}`, temp)).toBe(38.1);

  // Coordinator: export (UTF-8 with BOM, formula-escaped; toXlsx gives typed cells).
  const csv = toCsv(tableSheet(table, { index, timeZone: 'Asia/Shanghai' }));
  expect(csv.split('\r\n')[0]).toBe(
    '\uFEFF填写人 Respondent,部门 Department,周期 Period,提交时间 Submitted at,更新时间 Updated at,体温 (°C),发热开始日期',
  );
  expect(csv.split('\r\n')[1]).toBe(
    '王芳,内科/三病区,2026-11-23,2026-11-23 08:30:00,2026-11-23 08:30:00,38.1,2026-11-22',
  );
});
