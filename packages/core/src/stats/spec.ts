import * as v from 'valibot';
import { ErrorCode, MusterError } from '../errors';
import type { ColumnType } from '../table/column-types';
import { FilterConditionSchema, type FilterCondition } from '../table/filter';
import type { Column } from '../table/table';

/** What an aggregate computes. */
export const AggregateKind = {
  /** Rows (with `column`: rows whose cell is not empty). */
  count: 'count',
  sum: 'sum',
  mean: 'mean',
  min: 'min',
  max: 'max',
  /** Distinct non-empty values; a multi-select cell counts each of its options. */
  distinct: 'distinct',
  /** Rows per option of a single- or multi-select column. */
  distribution: 'distribution',
  /** Rows per numeric bin; see {@link AggregateSpec.bins}. */
  histogram: 'histogram',
  /** Rows whose checkbox is ticked. */
  checked: 'checked',
  earliest: 'earliest',
  latest: 'latest',
} as const;
export type AggregateKind = (typeof AggregateKind)[keyof typeof AggregateKind];

/** Group by the org tree: a row's department is its person's current one, or a department cell. */
export type DepartmentGrouping =
  { department: { personColumn: string } } | { department: { departmentColumn: string } };

/** One aggregate of a {@link StatsSpec}. */
export interface AggregateSpec {
  /** Names the aggregate in snapshots and change notifications; unique within the spec. */
  id: string;
  kind: AggregateKind;
  /** The column aggregated; required by every kind but `count`. */
  column?: string;
  /**
   * Histogram bin edges, strictly ascending: `[35, 37.3, 38.5]` gives 4 counts —
   * below 35, [35, 37.3), [37.3, 38.5), and 38.5 or more.
   */
  bins?: number[];
  /** Only rows matching every condition count (the same semantics as view filters). */
  filter?: FilterCondition[];
  /** Break the figure down by a column's values, or by department with roll-ups. */
  groupBy?: string | DepartmentGrouping;
}

/** Who is expected to submit, and what counts as a submission. */
export interface MissingSpec {
  /** Names the list in snapshots and change notifications; unique within the spec. */
  id: string;
  /**
   * Expected people: these members, plus every current member of these departments and their
   * sub-departments. Only current members of the workspace are expected.
   */
  audience: { people?: string[]; departments?: string[] };
  /** The person column naming who a row was submitted by. */
  respondentColumn: string;
  /** With `period`: only rows whose cell in this column equals `period` count. */
  periodColumn?: string;
  /** The period key, e.g. `2026-11-21` for a daily form. */
  period?: string;
}

/**
 * What a statistics engine computes over one table: plain JSON, so a dashboard can keep it in a
 * doc.
 */
export interface StatsSpec {
  aggregates: AggregateSpec[];
  missing?: MissingSpec[];
}

const Id = v.pipe(
  v.string(),
  // Starts with a letter so an id can never be `__proto__` when used as an object key.
  v.regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'an id of letters, digits, "_" and "-"'),
);
const ColumnId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

const AggregateSchema = v.strictObject({
  id: Id,
  kind: v.picklist(Object.values(AggregateKind)),
  column: v.optional(ColumnId),
  bins: v.optional(v.pipe(v.array(v.pipe(v.number(), v.finite())), v.maxLength(1000))),
  filter: v.optional(v.pipe(v.array(FilterConditionSchema), v.maxLength(50))),
  groupBy: v.optional(
    v.union([
      ColumnId,
      v.strictObject({
        department: v.union([
          v.strictObject({ personColumn: ColumnId }),
          v.strictObject({ departmentColumn: ColumnId }),
        ]),
      }),
    ]),
  ),
});

const MissingSchema = v.strictObject({
  id: Id,
  audience: v.strictObject({
    people: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(1e6))),
    departments: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(1e5))),
  }),
  respondentColumn: ColumnId,
  periodColumn: v.optional(ColumnId),
  period: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

const SpecSchema = v.strictObject({
  aggregates: v.pipe(v.array(AggregateSchema), v.maxLength(200)),
  missing: v.optional(v.pipe(v.array(MissingSchema), v.maxLength(50))),
});

function invalid(message: string, detail?: unknown): MusterError {
  return new MusterError(ErrorCode.InvalidStatsSpec, message, detail);
}

/**
 * Check a spec's shape (not its columns; see {@link columnProblem}). Throws `InvalidStatsSpec`
 * naming the first problem.
 */
export function parseStatsSpec(input: unknown): StatsSpec {
  const r = v.safeParse(SpecSchema, input);
  if (!r.success) {
    const issue = r.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw invalid(
      `Statistics spec is invalid${where ? ` at ${where}` : ''}: ${issue.message}`,
      input,
    );
  }
  const spec = r.output as StatsSpec;
  const ids = new Set<string>();
  for (const item of [...spec.aggregates, ...(spec.missing ?? [])]) {
    if (ids.has(item.id)) throw invalid(`Statistics id "${item.id}" appears twice.`, item.id);
    ids.add(item.id);
  }
  for (const a of spec.aggregates) {
    if (a.kind !== 'count' && a.column === undefined)
      throw invalid(`Aggregate "${a.id}" (${a.kind}) needs a column.`, a);
    if (a.kind === 'histogram') {
      const bins = a.bins ?? [];
      if (bins.length === 0 || bins.some((b, i) => i > 0 && b <= (bins[i - 1] as number)))
        throw invalid(`Histogram "${a.id}" needs bins in strictly ascending order.`, a.bins);
    } else if (a.bins !== undefined) {
      throw invalid(`Aggregate "${a.id}" (${a.kind}) takes no bins; only histograms do.`, a);
    }
  }
  for (const m of spec.missing ?? []) {
    if ((m.periodColumn === undefined) !== (m.period === undefined))
      throw invalid(`Missing list "${m.id}" needs both periodColumn and period, or neither.`, m);
  }
  return spec;
}

const VALUE_TYPES: Record<Exclude<AggregateKind, 'count' | 'distinct'>, readonly ColumnType[]> = {
  sum: ['number'],
  mean: ['number'],
  min: ['number'],
  max: ['number'],
  histogram: ['number'],
  distribution: ['singleSelect', 'multiSelect'],
  checked: ['checkbox'],
  earliest: ['date', 'dateTime'],
  latest: ['date', 'dateTime'],
};

type ColumnLookup = (id: string) => Column | undefined;

function typeProblem(
  what: string,
  id: string,
  lookup: ColumnLookup,
  allowed: readonly ColumnType[] | null,
): string | null {
  const c = lookup(id);
  if (!c) return `${what} names column "${id}", which the table does not have.`;
  if (allowed && !allowed.includes(c.type))
    return `${what} needs a ${allowed.join(' or ')} column; column "${c.name}" (${id}) is ${c.type}.`;
  return null;
}

/** The department column or person column a department grouping reads. */
export function departmentSource(
  groupBy: AggregateSpec['groupBy'],
): { column: string; via: 'person' | 'department' } | null {
  if (groupBy === undefined || typeof groupBy === 'string') return null;
  const d = groupBy.department;
  return 'personColumn' in d
    ? { column: d.personColumn, via: 'person' }
    : { column: d.departmentColumn, via: 'department' };
}

/**
 * Why an aggregate cannot be computed over the table's current columns, or null when it can.
 * The message names the column. Columns can change type after a spec was made, so the engine
 * asks again after every schema change.
 */
export function aggregateProblem(a: AggregateSpec, lookup: ColumnLookup): string | null {
  const what = `Aggregate "${a.id}" (${a.kind})`;
  if (a.column !== undefined) {
    const allowed = a.kind === 'count' || a.kind === 'distinct' ? null : VALUE_TYPES[a.kind];
    const p = typeProblem(what, a.column, lookup, allowed);
    if (p) return p;
  }
  for (const f of a.filter ?? []) {
    const p = typeProblem(`The filter of aggregate "${a.id}"`, f.column, lookup, null);
    if (p) return p;
  }
  if (typeof a.groupBy === 'string')
    return typeProblem(`The grouping of aggregate "${a.id}"`, a.groupBy, lookup, null);
  const dept = departmentSource(a.groupBy);
  if (dept)
    return typeProblem(`The department grouping of aggregate "${a.id}"`, dept.column, lookup, [
      dept.via,
    ]);
  return null;
}

/** Why a missing list cannot be computed over the table's current columns, or null. */
export function missingProblem(m: MissingSpec, lookup: ColumnLookup): string | null {
  const what = `Missing list "${m.id}"`;
  const p = typeProblem(`${what} respondentColumn`, m.respondentColumn, lookup, ['person']);
  if (p) return p;
  if (m.periodColumn !== undefined)
    return typeProblem(`${what} periodColumn`, m.periodColumn, lookup, ['text', 'date']);
  return null;
}

/** Throw `InvalidStatsSpec` for the first aggregate or missing list the table cannot compute. */
export function assertSpecFitsColumns(spec: StatsSpec, lookup: ColumnLookup): void {
  for (const a of spec.aggregates) {
    const p = aggregateProblem(a, lookup);
    if (p) throw invalid(p, a);
  }
  for (const m of spec.missing ?? []) {
    const p = missingProblem(m, lookup);
    if (p) throw invalid(p, m);
  }
}
