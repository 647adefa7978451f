import type { AggregateSpec, FilterCondition, StatsSpec, Table } from '@muster/core';
import { FixedColumn, type FormSnapshot, type Question } from '@muster/forms';
import type { FlagRule } from './config';

/** How a question is charted on the dashboard. */
export type ChartKind = 'choices' | 'numbers' | 'yesNo' | 'answered';

/** Ids of the aggregates the dashboard asks for (the statistics engine names them). */
export const StatId = {
  responses: 'responses',
  byDepartment: 'by_department',
  perDay: 'per_day',
  missing: 'missing',
  question: (q: string) => `q_${q}`,
  answered: (q: string) => `a_${q}`,
  mean: (q: string) => `m_${q}`,
  trend: (q: string) => `t_${q}`,
  flag: (i: number) => `flag_${i}`,
} as const;

/** The chart a question gets, by its type. */
export function chartKindOf(q: Question): ChartKind {
  switch (q.type) {
    case 'singleChoice':
    case 'multipleChoice':
      return 'choices';
    case 'number':
    case 'temperature':
    case 'rating':
      return 'numbers';
    case 'yesNo':
    case 'acknowledgement':
      return 'yesNo';
    default:
      return 'answered';
  }
}

/** Histogram edges: body temperature around the fever line, ratings per star, else five bins. */
export function binsOf(q: Question): number[] {
  if (q.type === 'temperature') return [36, 36.5, 37, 37.3, 38, 39];
  if (q.type === 'rating') return [1.5, 2.5, 3.5, 4.5];
  const lo = q.type === 'number' && q.min !== undefined ? q.min : 0;
  const hi = q.type === 'number' && q.max !== undefined ? q.max : 100;
  const step = (hi - lo) / 5;
  if (!(step > 0)) return [lo];
  return [1, 2, 3, 4].map((i) => Math.round((lo + step * i) * 1000) / 1000);
}

/** A flag rule as a table filter condition on the question's column. */
export function flagCondition(rule: FlagRule): FilterCondition {
  return { column: rule.question, op: rule.op, value: rule.value };
}

/** Rows of one period. */
export function periodFilter(period: string): FilterCondition {
  return { column: FixedColumn.periodKey, op: 'eq', value: period };
}

export interface DashboardSpecInput {
  form: Pick<FormSnapshot, 'questions' | 'audience' | 'schedule' | 'anonymous'>;
  /** The period shown, e.g. `2026-11-21` (`once` for one-off forms). */
  period: string;
  flags: readonly FlagRule[];
  /** Column ids the linked table has now: aggregates over missing columns are left out. */
  columns: ReadonlySet<string>;
}

/**
 * The statistics spec of one dashboard view: counts, one chart per question and the flags for
 * the period; per-day trends for daily forms; the breakdown by department and the missing list
 * when the form names its respondents.
 */
export function buildDashboardSpec(input: DashboardSpecInput): StatsSpec {
  const { form, period, flags, columns } = input;
  const inPeriod = [periodFilter(period)];
  const named = !form.anonymous && columns.has(FixedColumn.respondent);
  const daily = form.schedule.kind !== 'once';
  const aggregates: AggregateSpec[] = [];
  if (!columns.has(FixedColumn.periodKey)) return { aggregates };
  aggregates.push({ id: StatId.responses, kind: 'count', filter: inPeriod });
  if (daily) aggregates.push({ id: StatId.perDay, kind: 'count', groupBy: FixedColumn.periodKey });
  if (named) {
    aggregates.push({
      id: StatId.byDepartment,
      kind: 'count',
      filter: inPeriod,
      groupBy: { department: { personColumn: FixedColumn.respondent } },
    });
  }
  for (const q of form.questions) {
    if (!columns.has(q.id)) continue;
    const kind = chartKindOf(q);
    aggregates.push({ id: StatId.answered(q.id), kind: 'count', column: q.id, filter: inPeriod });
    if (kind === 'choices')
      aggregates.push({
        id: StatId.question(q.id),
        kind: 'distribution',
        column: q.id,
        filter: inPeriod,
      });
    if (kind === 'yesNo')
      aggregates.push({
        id: StatId.question(q.id),
        kind: 'checked',
        column: q.id,
        filter: inPeriod,
      });
    if (kind === 'numbers') {
      aggregates.push(
        {
          id: StatId.question(q.id),
          kind: 'histogram',
          column: q.id,
          bins: binsOf(q),
          filter: inPeriod,
        },
        { id: StatId.mean(q.id), kind: 'mean', column: q.id, filter: inPeriod },
      );
      if (daily)
        aggregates.push({
          id: StatId.trend(q.id),
          kind: 'mean',
          column: q.id,
          groupBy: FixedColumn.periodKey,
        });
    }
  }
  flags.forEach((rule, i) => {
    if (columns.has(rule.question))
      aggregates.push({
        id: StatId.flag(i),
        kind: 'count',
        filter: [...inPeriod, flagCondition(rule)],
      });
  });
  const audience = form.audience;
  if (!named || audience.anyone) return { aggregates };
  return {
    aggregates,
    missing: [
      {
        id: StatId.missing,
        audience: { departments: audience.departments, people: audience.people },
        respondentColumn: FixedColumn.respondent,
        periodColumn: FixedColumn.periodKey,
        period,
      },
    ],
  };
}

/** The ids of a table's columns now. */
export function columnIds(table: Table): ReadonlySet<string> {
  return new Set(table.columns().map((c) => c.id));
}
