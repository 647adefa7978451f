import {
  addDaysTo,
  isoWeekKey,
  mondayOfWeek,
  type AggregateSpec,
  type StatsSnapshot,
  type StatsSpec,
  type Table,
} from '@muster/core';
import { FixedColumn, type Question } from '@muster/forms';
import type { DashboardSpecInput } from './spec';

const numeric = (q: Question) =>
  q.type === 'number' || q.type === 'rating' || q.type === 'temperature';

/** Ids of the work-log roll-up's aggregates. */
export const LogStat = {
  perDay: 'log_per_day',
  missing: 'log_missing',
  sum: (q: string) => `log_sum_${q}`,
} as const;

/**
 * The statistics behind a team's work-log roll-up: per day, the entries and the sum of every
 * numeric answer (means follow from sum ÷ entries, also per week); and who in the team has not
 * written the selected day's log.
 */
export function buildWorkLogSpec(input: DashboardSpecInput): StatsSpec {
  const { form, period, columns } = input;
  if (!columns.has(FixedColumn.periodKey)) return { aggregates: [] };
  const aggregates: AggregateSpec[] = [
    { id: LogStat.perDay, kind: 'count', groupBy: FixedColumn.periodKey },
  ];
  for (const q of form.questions)
    if (numeric(q) && columns.has(q.id))
      aggregates.push({
        id: LogStat.sum(q.id),
        kind: 'sum',
        column: q.id,
        groupBy: FixedColumn.periodKey,
      });
  if (form.audience.anyone || form.anonymous || !columns.has(FixedColumn.respondent))
    return { aggregates };
  return {
    aggregates,
    missing: [
      {
        id: LogStat.missing,
        audience: { departments: form.audience.departments, people: form.audience.people },
        respondentColumn: FixedColumn.respondent,
        periodColumn: FixedColumn.periodKey,
        period,
      },
    ],
  };
}

/** One line of the roll-up: a day or a week. */
export interface RollupLine {
  label: string;
  entries: number;
  /** By numeric question id. */
  sums: Record<string, number>;
  means: Record<string, number | null>;
}

function groupsOf(snap: StatsSnapshot, id: string): Map<string, { rows: number; value: number }> {
  const out = new Map<string, { rows: number; value: number }>();
  const r = snap.aggregates[id];
  if (r && 'groups' in r && r.groups)
    for (const g of r.groups)
      if (typeof g.key === 'string')
        out.set(g.key, { rows: g.rows, value: typeof g.value === 'number' ? g.value : 0 });
  return out;
}

/**
 * The lead's roll-up for the ISO week of `date`: one line per day Monday–Sunday that has entries
 * or is not after `date`, then the week's total.
 */
export function workLogRollup(
  snap: StatsSnapshot,
  questions: readonly Question[],
  date: string,
): { days: RollupLine[]; week: RollupLine; numeric: Question[] } {
  const nums = questions.filter(numeric);
  const perDay = groupsOf(snap, LogStat.perDay);
  const sums = new Map(nums.map((q) => [q.id, groupsOf(snap, LogStat.sum(q.id))]));
  const monday = mondayOfWeek(isoWeekKey(date)) as string;
  const days: RollupLine[] = [];
  const week: RollupLine = { label: isoWeekKey(date), entries: 0, sums: {}, means: {} };
  const answered: Record<string, number> = {};
  for (let i = 0; i < 7; i++) {
    const day = addDaysTo(monday, i);
    const entries = perDay.get(day)?.rows ?? 0;
    if (entries === 0 && day > date) continue;
    const line: RollupLine = { label: day, entries, sums: {}, means: {} };
    for (const q of nums) {
      const g = sums.get(q.id)?.get(day);
      line.sums[q.id] = g?.value ?? 0;
      line.means[q.id] = g && g.rows > 0 ? g.value / g.rows : null;
      week.sums[q.id] = (week.sums[q.id] ?? 0) + (g?.value ?? 0);
      answered[q.id] = (answered[q.id] ?? 0) + (g?.rows ?? 0);
    }
    week.entries += entries;
    days.push(line);
  }
  for (const q of nums)
    week.means[q.id] = answered[q.id] ? (week.sums[q.id] ?? 0) / (answered[q.id] as number) : null;
  return { days, week, numeric: nums };
}

/** A log entry (one row of the linked table). */
export interface LogEntry {
  row: string;
  person: string | null;
  period: string;
  submittedAt: string | null;
}

/** Entries of one day, or of one person (newest first). */
export function logEntries(table: Table, by: { day: string } | { person: string }): LogEntry[] {
  const out: LogEntry[] = [];
  for (const row of table.rowIds()) {
    const period = table.getCell(row, FixedColumn.periodKey);
    const person = table.getCell(row, FixedColumn.respondent);
    if (typeof period !== 'string') continue;
    if ('day' in by ? period !== by.day : person !== by.person) continue;
    const at = table.getCell(row, FixedColumn.submittedAt);
    out.push({
      row,
      person: typeof person === 'string' ? person : null,
      period,
      submittedAt: typeof at === 'string' ? at : null,
    });
  }
  return out.sort((a, b) =>
    a.period === b.period
      ? (a.submittedAt ?? '').localeCompare(b.submittedAt ?? '')
      : b.period.localeCompare(a.period),
  );
}
