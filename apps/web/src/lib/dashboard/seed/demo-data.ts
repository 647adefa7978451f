import {
  addDaysTo,
  isCollectionDay,
  localDateAt,
  periodWindow,
  Table,
  type Schedule,
  type WorkspaceIndex,
} from '@muster/core';
import {
  projectSubmission,
  SubmissionDoc,
  type FormDefinition,
  type Question,
} from '@muster/forms';
import * as Y from 'yjs';
import { addComment } from '../comments';
import { writeNewForm } from '../new-form';
import type { Hospital, Staff } from './hospital';

/** A form room and its linked table room, filled locally before they are sent to the relay. */
export interface SeededForm {
  id: string;
  tableId: string;
  form: FormDefinition;
  table: Table;
}

/** Build a form from a template into `formDoc` and name its linked table in `tableDoc`. */
export function seedForm(
  input: Omit<Parameters<typeof writeNewForm>[0], 'locale'> & { tableDoc: Y.Doc },
): SeededForm {
  const made = writeNewForm({ ...input, locale: 'zh-CN' });
  const table = new Table(input.tableDoc);
  table.title = made.title;
  return { id: made.id, tableId: made.tableId, form: made.form, table };
}

/**
 * Submit `answers` for `period` as `person` at `at` and project it the way the relay's projector
 * does (same validation, same row id, same cells), so the table holds exactly what real
 * submissions would have produced at that time.
 */
export function submitAt(
  seeded: SeededForm,
  index: WorkspaceIndex,
  person: string,
  period: string,
  at: number,
  answers: Record<string, unknown>,
): void {
  const sub = new SubmissionDoc(new Y.Doc());
  sub.setAnswers(period, answers);
  sub.submit(period, at);
  const out = projectSubmission({
    form: seeded.form.snapshot(),
    submission: sub,
    table: seeded.table,
    respondent: person,
    index,
    now: at,
  });
  const receipt = out.written.get(period);
  if (receipt?.status !== 'accepted')
    throw new Error(
      `Demo submission for ${period} was rejected: ${JSON.stringify(receipt?.errors)}`,
    );
  sub.doc.destroy();
}

/** The last `days` collection days up to today (oldest first). */
export function recentDays(
  schedule: Schedule,
  timeZone: string,
  now: number,
  days: number,
): string[] {
  const out: string[] = [];
  let d = localDateAt(now, timeZone);
  for (let guard = 0; out.length < days && guard < days * 3; guard++) {
    if (schedule.kind === 'daily' && isCollectionDay(schedule, d)) out.unshift(d);
    d = addDaysTo(d, -1);
  }
  return out;
}

/** A time inside `period`'s window, `minutes` after it opens (never after `now`). */
export function timeIn(schedule: Schedule, period: string, minutes: number, now: number): number {
  const w = periodWindow(schedule, period);
  const opens = w.opensAt ?? now;
  return Math.min(opens + minutes * 60_000, now - 1000);
}

const byKey = (qs: Question[], title: string): Question => {
  const q = qs.find((x) => x.title.includes(title));
  if (!q) throw new Error(`The template has no question titled like ${JSON.stringify(title)}.`);
  return q;
};
const choice = (q: Question, label: string): string => {
  const c = 'choices' in q ? q.choices.find((x) => x.label === label) : undefined;
  if (!c) throw new Error(`Question ${q.title} has no choice ${label}.`);
  return c.id;
};

const DISTRICTS = ['江岸区', '江汉区', '硚口区', '汉阳区', '武昌区', '洪山区', '青山区'];

/** Health check-ins for `days` with realistic gaps, a few fevers and one contact case. */
export function seedCheckIns(input: {
  seeded: SeededForm;
  index: WorkspaceIndex;
  hospital: Hospital;
  days: string[];
  now: number;
  random: () => number;
}): { rows: number; flagged: number } {
  const { seeded, index, hospital, days, now, random } = input;
  const qs = seeded.form.questions();
  const temp = byKey(qs, '体温');
  const symptoms = byKey(qs, '症状');
  const location = byKey(qs, '所在地');
  const contact = byKey(qs, '接触');
  const mode = byKey(qs, '工作方式');
  const schedule = seeded.form.snapshot().schedule;
  const today = days[days.length - 1];
  let rows = 0;
  let flagged = 0;
  const feverish = new Set(hospital.staff.filter(() => random() < 0.008).map((s) => s.id));
  const contactCase = hospital.staff[Math.floor(random() * hospital.staff.length)] as Staff;
  for (const day of days) {
    // Today is still in progress: about three in four have filled in so far.
    const todayFactor = day === today ? 0.76 : 1;
    seeded.table.doc.transact(() => {
      for (const s of hospital.staff) {
        if (random() > s.reliability * todayFactor) continue;
        const fever = feverish.has(s.id) && random() < 0.5;
        const t = fever
          ? (373 + Math.round(random() * 12)) / 10
          : (360 + Math.round(random() * 11)) / 10;
        if (t >= 37.3) flagged++;
        const modes = ['到岗', '到岗', '到岗', '到岗', '远程', '休假'];
        submitAt(seeded, index, s.id, day, timeIn(schedule, day, 6 * 60 + random() * 240, now), {
          [temp.id]: t,
          [symptoms.id]: {
            choices: [choice(symptoms, fever ? '发热' : random() < 0.03 ? '乏力' : '无')],
            other: null,
          },
          [location.id]: { text: DISTRICTS[Math.floor(random() * DISTRICTS.length)], region: null },
          [contact.id]: s.id === contactCase.id && day === today,
          [mode.id]: choice(mode, modes[Math.floor(random() * modes.length)] as string),
        });
        rows++;
      }
    });
  }
  return { rows, flagged };
}

const PROGRESS = [
  '完成门诊叫号系统升级，回访三个科室的使用情况。',
  '排查住院部网络中断，更换两台交换机。',
  '为发热门诊新增 12 台自助填报终端。',
  '协助护理部导出本周健康打卡数据。',
  '完成 HIS 系统数据库备份演练。',
  '更新远程会诊平台账号权限。',
];

/** Work-log entries of the IT unit for the last working days, with a lead's comment. */
export function seedWorkLogs(input: {
  seeded: SeededForm;
  index: WorkspaceIndex;
  team: Staff[];
  days: string[];
  now: number;
  random: () => number;
  lead: { id: string; name: string };
}): number {
  const { seeded, index, team, days, now, random } = input;
  const qs = seeded.form.questions();
  const [count, progress, plan, blocked, blockers] = [
    qs[0] as Question,
    byKey(qs, '进展'),
    byKey(qs, '计划'),
    byKey(qs, '阻碍？'),
    qs.find((q) => q.title === '遇到的阻碍') as Question,
  ];
  const schedule = seeded.form.snapshot().schedule;
  let rows = 0;
  for (const day of days) {
    seeded.table.doc.transact(() => {
      for (const s of team) {
        if (day === days[days.length - 1] && random() < 0.35) continue;
        if (random() < 0.08) continue;
        const isBlocked = random() < 0.15;
        submitAt(seeded, index, s.id, day, timeIn(schedule, day, 17 * 60 + random() * 60, now), {
          [count.id]: Math.floor(random() * 14) + 2,
          [progress.id]: PROGRESS[Math.floor(random() * PROGRESS.length)],
          [plan.id]: '继续跟进各科室的系统问题。',
          [blocked.id]: isBlocked,
          ...(isBlocked ? { [blockers.id]: '等待供应商提供驱动程序。' } : {}),
        });
        rows++;
      }
    });
  }
  const first = seeded.table.rowIds()[0];
  if (first)
    addComment(seeded.form.doc, {
      row: first,
      author: input.lead.id,
      name: input.lead.name,
      text: '辛苦了，明天请同步一下终端的安装进度。',
      now,
    });
  return rows;
}

/** Acknowledgements of the notice by about two thirds of the hospital. */
export function seedAcknowledgements(input: {
  seeded: SeededForm;
  index: WorkspaceIndex;
  hospital: Hospital;
  now: number;
  random: () => number;
}): number {
  const { seeded, index, hospital, now, random } = input;
  const ack = seeded.form.questions()[0] as Question;
  let rows = 0;
  seeded.table.doc.transact(() => {
    for (const s of hospital.staff) {
      if (random() > s.reliability * 0.68) continue;
      submitAt(seeded, index, s.id, 'once', now - Math.floor(random() * 20 * 3600_000), {
        [ack.id]: true,
      });
      rows++;
    }
  });
  return rows;
}
