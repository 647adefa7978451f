import type { CellValue } from '../table/column-types';
import { matchesCondition, type FilterCondition } from '../table/filter';
import type { Column } from '../table/table';
import { createAccumulator, type Accumulator, type AggregateValue } from './accumulators';
import { DepartmentGroups, type Group, type OrgRollup } from './rollup';
import type { RowStore } from './row-store';
import { departmentSource, type AggregateKind, type AggregateSpec } from './spec';

/** A value a column grouping is keyed by: a cell value, or null for empty cells. */
export type GroupKey = string | number | boolean | null;

/** One aggregate in a {@link StatsSnapshot}. */
export type AggregateResult =
  | {
      kind: AggregateKind;
      /** Over all rows that match the filter. */
      value: AggregateValue;
      /**
       * With `groupBy`: one entry per group. By column: each value that occurs (multi-select rows
       * count in each of their options' groups), sorted, empty last (`key: null`). By department:
       * every live department in tree order, each including its sub-departments, then
       * `key: null` for rows with no department if there are any.
       */
      groups?: { key: GroupKey; rows: number; value: AggregateValue }[];
    }
  | {
      kind: AggregateKind;
      /** The table's columns changed so that this aggregate cannot be computed; names the column. */
      error: { code: 'InvalidStatsSpec'; message: string };
    };

/**
 * The cells that a spec reads, already converted to their columns' current types: a row's cells
 * are `cells[at + slot]` for the slots numbered by the engine (see `slot` in the constructors),
 * and `at` = −1 stands for "no row" (absent before an insert, or after a delete). A person column
 * that joins rows to people also has a number slot (see `personSlot`): the person's number in
 * the engine's {@link People}, or −1 when the cell names no one.
 */
export type RowCells = readonly CellValue[];

/** The slot of a column in {@link RowCells}. */
export type SlotOf = (columnId: string) => number;

/** What one row adds to an aggregate: its value and its group (raw, before expansion). */
interface Contribution {
  value: CellValue;
  group: CellValue;
}

function sameCell(a: CellValue, b: CellValue): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

const NO_CONTRIBUTION = Symbol('no contribution');

function listOf(groups: Map<CellValue, CellValue[]>, key: CellValue): CellValue[] {
  let list = groups.get(key);
  if (!list) groups.set(key, (list = []));
  return list;
}

const isEmpty = (v: CellValue) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

function compareKeys(a: GroupKey, b: GroupKey): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a !== typeof b) return typeof a < typeof b ? -1 : 1;
  return a < b ? -1 : 1;
}

/**
 * The incremental state of one aggregate: the total, and groups when grouped. Rows enter and
 * leave through {@link AggregateState.update} with their old and new cells; a row whose
 * contribution did not change costs nothing further.
 */
export class AggregateState {
  readonly spec: AggregateSpec;
  /** Set when the current columns cannot compute this aggregate. */
  readonly error: string | null;
  private total: Accumulator;
  private byValue: Map<GroupKey, Group<Accumulator>> | null = null;
  private byDepartment: DepartmentGroups<CellValue, Accumulator> | null = null;
  private readonly viaPerson: boolean;
  /**
   * A count (empty values add nothing). Kept here rather than read from `spec` per row: specs of
   * different kinds have different shapes, so that read is polymorphic in the bulk-load loop.
   */
  private readonly countsRows: boolean;
  private readonly valueSlot: number;
  /** The group column's slot; for a grouping via a person, the person's number slot. */
  private readonly groupSlot: number;
  private readonly filters: { slot: number; column: Column; cond: FilterCondition }[];

  constructor(
    spec: AggregateSpec,
    error: string | null,
    private readonly columns: (id: string) => Column | undefined,
    slot: SlotOf,
    personSlot: SlotOf,
    /** By person number: a member's raw department id (null: unassigned; undefined: not a member). */
    private readonly memberDepartments: readonly (string | null | undefined)[],
  ) {
    this.spec = spec;
    this.error = error;
    this.countsRows = spec.kind === 'count';
    this.valueSlot = spec.column === undefined ? -1 : slot(spec.column);
    const dept = departmentSource(spec.groupBy);
    this.viaPerson = dept?.via === 'person';
    this.groupSlot =
      typeof spec.groupBy === 'string'
        ? slot(spec.groupBy)
        : dept === null
          ? -1
          : this.viaPerson
            ? personSlot(dept.column)
            : slot(dept.column);
    this.filters =
      error !== null
        ? []
        : (spec.filter ?? []).map((cond) => ({
            slot: slot(cond.column),
            column: columns(cond.column) as Column,
            cond,
          }));
    this.total = createAccumulator(spec);
    if (typeof spec.groupBy === 'string') this.byValue = new Map();
    else if (dept) this.byDepartment = new DepartmentGroups(() => createAccumulator(spec));
  }

  /** The person column a department grouping joins through, if any. */
  get personColumn(): string | null {
    return this.viaPerson ? (departmentSource(this.spec.groupBy)?.column ?? null) : null;
  }

  /** The row's value, or NO_CONTRIBUTION when the row adds nothing (filtered out, empty). */
  private valueOf(cells: RowCells, at: number): CellValue | typeof NO_CONTRIBUTION {
    for (const f of this.filters)
      if (!matchesCondition(f.column, cells[at + f.slot] as CellValue, f.cond))
        return NO_CONTRIBUTION;
    const value = this.valueSlot < 0 ? true : (cells[at + this.valueSlot] as CellValue);
    if (this.countsRows && isEmpty(value)) return NO_CONTRIBUTION;
    // An empty cell adds nothing to an ungrouped figure (grouped ones still count it in `rows`),
    // so rows without the value neither cost work nor notify.
    if (value === null && !this.byValue && !this.byDepartment) return NO_CONTRIBUTION;
    return value;
  }

  /** The row's group, raw: a cell value, or a department id (or null) for department groupings. */
  private groupOf(cells: RowCells, at: number): CellValue {
    if (this.byValue) return cells[at + this.groupSlot] as CellValue;
    if (this.byDepartment) {
      const cell = cells[at + this.groupSlot];
      if (this.viaPerson) {
        const person = cell as number;
        return person < 0 ? null : (this.memberDepartments[person] ?? null);
      }
      return typeof cell === 'string' ? cell : null;
    }
    return null;
  }

  private contribution(cells: RowCells, at: number): Contribution | null {
    if (at < 0 || this.error !== null) return null;
    const value = this.valueOf(cells, at);
    return value === NO_CONTRIBUTION ? null : { value, group: this.groupOf(cells, at) };
  }

  /**
   * Bulk load every row of `rows` (no roll-ups: call {@link rebuildRollups} after). Values are
   * gathered per group first and then added group by group (see {@link Accumulator.addAll}), so
   * each accumulator's own loop adds them instead of one call site shared by every kind.
   */
  loadAll(rows: RowStore): void {
    if (this.error !== null) return;
    const all: CellValue[] = [];
    const grouped = this.byValue !== null || this.byDepartment !== null;
    const groups = new Map<CellValue, CellValue[]>();
    for (let n = 0; n < rows.count; n++) {
      const cells = rows.chunk(n);
      const at = rows.offset(n);
      const value = this.valueOf(cells, at);
      if (value === NO_CONTRIBUTION) continue;
      all.push(value);
      if (!grouped) continue;
      const group = this.groupOf(cells, at);
      // A multi-select groups a row under each of its options; with none, under "empty".
      if (!Array.isArray(group)) listOf(groups, group).push(value);
      else if (group.length === 0) listOf(groups, null).push(value);
      else for (let i = 0; i < group.length; i++) listOf(groups, group[i] as string).push(value);
    }
    this.total.addAll(all);
    const byValue = this.byValue;
    const byDepartment = this.byDepartment;
    for (const [key, values] of groups) {
      if (byDepartment) byDepartment.addAll(key as string | null, values);
      else if (byValue) {
        const g = { rows: values.length, acc: createAccumulator(this.spec) };
        g.acc.addAll(values);
        byValue.set(key as GroupKey, g);
      }
    }
  }

  /**
   * Move a row from its old cells (`before` at `beforeAt`) to its new ones (−1: absent). Returns
   * whether the aggregate changed. `rollup` is null while bulk loading; call
   * {@link rebuildRollups} after.
   */
  update(
    rollup: OrgRollup | null,
    before: RowCells,
    beforeAt: number,
    after: RowCells,
    afterAt: number,
  ): boolean {
    const a = this.contribution(before, beforeAt);
    const b = this.contribution(after, afterAt);
    if (a === null && b === null) return false;
    if (a !== null && b !== null && sameCell(a.value, b.value) && sameCell(a.group, b.group))
      return false;
    if (a !== null) this.apply(rollup, a.value, a.group, -1);
    if (b !== null) this.apply(rollup, b.value, b.group, 1);
    return true;
  }

  private apply(rollup: OrgRollup | null, value: CellValue, group: CellValue, times: number): void {
    this.total.add(value, times);
    if (this.byDepartment) {
      this.byDepartment.add(rollup, group as string | null, value, times);
    } else if (this.byValue) {
      if (Array.isArray(group) && group.length > 0)
        for (const k of group as string[]) this.bumpValue(k, value, times);
      else this.bumpValue(Array.isArray(group) ? null : (group as GroupKey), value, times);
    }
  }

  private bumpValue(key: GroupKey, value: CellValue, times: number): void {
    const map = this.byValue as Map<GroupKey, Group<Accumulator>>;
    let g = map.get(key);
    if (!g) map.set(key, (g = { rows: 0, acc: createAccumulator(this.spec) }));
    g.rows += times;
    g.acc.add(value, times);
    if (g.rows === 0) map.delete(key);
  }

  /** Recompute department roll-ups after the org tree changed. */
  rebuildRollups(rollup: OrgRollup): boolean {
    if (!this.byDepartment) return false;
    this.byDepartment.rebuild(rollup);
    return true;
  }

  result(rollup: OrgRollup): AggregateResult {
    const kind = this.spec.kind;
    if (this.error !== null)
      return { kind, error: { code: 'InvalidStatsSpec', message: this.error } };
    const column = this.spec.column === undefined ? undefined : this.columns(this.spec.column);
    const out: AggregateResult = { kind, value: this.total.result(column) };
    if (this.byValue) {
      out.groups = [...this.byValue.entries()]
        .sort((x, y) => compareKeys(x[0], y[0]))
        .map(([key, g]) => ({ key, rows: g.rows, value: g.acc.result(column) }));
    } else if (this.byDepartment) {
      const rolled = this.byDepartment.rolled;
      const empty = createAccumulator(this.spec).result(column);
      out.groups = rollup.order().map((key) => {
        const g = rolled.get(key);
        return { key, rows: g?.rows ?? 0, value: g ? g.acc.result(column) : empty };
      });
      const none = rolled.get(null);
      if (none) out.groups.push({ key: null, rows: none.rows, value: none.acc.result(column) });
    }
    return out;
  }
}
