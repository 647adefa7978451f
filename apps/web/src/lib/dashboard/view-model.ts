import type {
  AggregateResult,
  MissingResult,
  OrgTree,
  ResponseCounts,
  StatsSnapshot,
  Table,
} from '@muster/core';
import { queryRows } from '@muster/core';
import { FixedColumn, type Question } from '@muster/forms';
import type { FlagRule } from './config';
import { binsOf, chartKindOf, flagCondition, periodFilter, StatId } from './spec';

/** One bar, slice or point. */
export interface Datum {
  label: string;
  value: number;
}

export interface QuestionChart {
  question: Question;
  kind: ReturnType<typeof chartKindOf>;
  answered: number;
  /** Bars (choices, number bins) or slices (yes/no). */
  data: Datum[];
  mean: number | null;
  /** Daily forms: the mean per day, oldest first. */
  trend: Datum[];
}

function valueOf(r: AggregateResult | undefined): unknown {
  return r && 'value' in r ? r.value : null;
}

function num(r: AggregateResult | undefined): number {
  const v = valueOf(r);
  return typeof v === 'number' ? v : 0;
}

function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Labels of histogram bins: `< 36`, `36–36.5`, …, `≥ 39`. */
export function binLabels(bins: readonly number[]): string[] {
  const labels = [`< ${fmt(bins[0] as number)}`];
  for (let i = 1; i < bins.length; i++)
    labels.push(`${fmt(bins[i - 1] as number)}–${fmt(bins[i] as number)}`);
  labels.push(`≥ ${fmt(bins[bins.length - 1] as number)}`);
  return labels;
}

/** The engine's results one question's chart reads (see `StatId`). */
export interface QuestionParts {
  main: AggregateResult | undefined;
  answered: AggregateResult | undefined;
  mean: AggregateResult | undefined;
  trend: AggregateResult | undefined;
}

/** The parts of one question in a snapshot. */
export function questionParts(snap: StatsSnapshot, q: string): QuestionParts {
  return {
    main: snap.aggregates[StatId.question(q)],
    answered: snap.aggregates[StatId.answered(q)],
    mean: snap.aggregates[StatId.mean(q)],
    trend: snap.aggregates[StatId.trend(q)],
  };
}

/** The chart of one question from the engine's results. */
export function questionChart(
  q: Question,
  parts: QuestionParts,
  labels: { yes: string; no: string },
): QuestionChart {
  const kind = chartKindOf(q);
  const answered = num(parts.answered);
  const main = parts.main;
  let data: Datum[] = [];
  if (kind === 'choices' && (q.type === 'singleChoice' || q.type === 'multipleChoice')) {
    const dist = (valueOf(main) ?? {}) as Record<string, number>;
    data = q.choices.map((c) => ({ label: c.label, value: dist[c.id] ?? 0 }));
  } else if (kind === 'numbers') {
    const v = valueOf(main);
    const counts = (Array.isArray(v) ? v : []) as number[];
    data = binLabels(binsOf(q)).map((label, i) => ({ label, value: counts[i] ?? 0 }));
  } else if (kind === 'yesNo') {
    const yes = num(main);
    data = [
      { label: labels.yes, value: yes },
      { label: labels.no, value: Math.max(0, answered - yes) },
    ];
  }
  const meanValue = valueOf(parts.mean);
  const trendResult = parts.trend;
  const trend =
    trendResult && 'groups' in trendResult && trendResult.groups
      ? trendResult.groups
          .filter((g) => typeof g.key === 'string' && typeof g.value === 'number')
          .map((g) => ({ label: g.key as string, value: g.value as number }))
      : [];
  return {
    question: q,
    kind,
    answered,
    data,
    mean: typeof meanValue === 'number' ? meanValue : null,
    trend,
  };
}

/** Responses per day (daily forms), oldest first. */
export function perDay(snap: StatsSnapshot): Datum[] {
  const r = snap.aggregates[StatId.perDay];
  if (!r || !('groups' in r) || !r.groups) return [];
  return r.groups
    .filter((g) => typeof g.key === 'string')
    .map((g) => ({ label: g.key as string, value: g.rows }));
}

/** A department with its roll-up figures and children, for the collapsible tree. */
export interface DepartmentNode {
  id: string;
  name: string;
  path: string;
  /** Rows submitted for the period by people now in this department or below. */
  responses: number;
  counts: ResponseCounts | null;
  /** The department's own members who have not submitted (not its sub-departments'). */
  missingMembers: string[];
  children: DepartmentNode[];
}

/** The org tree with the period's figures; departments outside the audience show no counts. */
export function departmentTree(snap: StatsSnapshot, tree: OrgTree): DepartmentNode[] {
  const missing = snap.missing[StatId.missing];
  const perDept = new Map<string, ResponseCounts & { missingMembers: string[] }>();
  if (missing && !('error' in missing))
    for (const d of missing.departments) perDept.set(d.department, d);
  const responses = new Map<string, number>();
  const by = snap.aggregates[StatId.byDepartment];
  if (by && 'groups' in by && by.groups)
    for (const g of by.groups) if (typeof g.key === 'string') responses.set(g.key, g.rows);
  const build = (id: string): DepartmentNode => {
    const d = perDept.get(id);
    return {
      id,
      name: tree.departments.get(id)?.name ?? id,
      path: tree.pathOf(id),
      responses: responses.get(id) ?? 0,
      counts:
        d && d.expected > 0
          ? { expected: d.expected, submitted: d.submitted, missing: d.missing, rate: d.rate }
          : null,
      missingMembers: d?.missingMembers ?? [],
      children: tree.children(id).map(build),
    };
  };
  return tree.roots.map(build);
}

/** The overall response figures, or null when the form has no named audience. */
export function overall(
  snap: StatsSnapshot,
): (ResponseCounts & { missingMembers: string[] }) | null {
  const m: MissingResult | undefined = snap.missing[StatId.missing];
  if (!m || 'error' in m) return null;
  return m;
}

/** Flag counts per rule, in rule order. */
export function flagCounts(snap: StatsSnapshot, flags: readonly FlagRule[]): number[] {
  return flags.map((_, i) => num(snap.aggregates[StatId.flag(i)]));
}

/** The rows of the period matching any flag rule, in table order, each with the rules it hit. */
export function flaggedRows(
  table: Table,
  period: string,
  flags: readonly FlagRule[],
): { rowId: string; respondent: string | null; rules: number[] }[] {
  const hits = new Map<string, number[]>();
  flags.forEach((rule, i) => {
    if (!table.column(rule.question)) return;
    const ids = queryRows(table, {
      filter: { mode: 'and', conditions: [periodFilter(period), flagCondition(rule)] },
      sort: [],
    });
    for (const id of ids) hits.set(id, [...(hits.get(id) ?? []), i]);
  });
  return table
    .rowIds()
    .filter((id) => hits.has(id))
    .map((id) => {
      const who = table.getCell(id, FixedColumn.respondent);
      return {
        rowId: id,
        respondent: typeof who === 'string' ? who : null,
        rules: hits.get(id) ?? [],
      };
    });
}
