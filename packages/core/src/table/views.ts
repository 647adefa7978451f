import * as v from 'valibot';
import { ErrorCode, MusterError } from '../errors';
import { assertId, newId } from '../ids';
import type { CellValue } from './column-types';
import { FilterConditionSchema, matchesCondition, type FilterCondition } from './filter';
import type { Table } from './table';

/** A saved way of looking at a table: filter, sort, group, hidden columns. Stored in the doc. */
export interface View {
  id: string;
  name: string;
  /** All conditions must hold (`and`) or any one (`or`). */
  filter: { mode: 'and' | 'or'; conditions: FilterCondition[] };
  sort: { column: string; direction: 'asc' | 'desc' }[];
  /** Column to group rows by, or null. */
  group: string | null;
  hidden: string[];
}

const ColumnRef = v.pipe(v.string(), v.maxLength(64));
const ViewSchema = v.strictObject({
  id: ColumnRef,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  filter: v.strictObject({
    mode: v.picklist(['and', 'or']),
    conditions: v.pipe(v.array(FilterConditionSchema), v.maxLength(50)),
  }),
  sort: v.pipe(
    v.array(v.strictObject({ column: ColumnRef, direction: v.picklist(['asc', 'desc']) })),
    v.maxLength(10),
  ),
  group: v.nullable(ColumnRef),
  hidden: v.pipe(v.array(ColumnRef), v.maxLength(500)),
});

/** Validate and save a view (new id when omitted); returns its id. */
export function saveView(table: Table, view: Omit<View, 'id'> & { id?: string }): string {
  const id = view.id ?? newId();
  assertId(id, 'View id');
  const r = v.safeParse(ViewSchema, { ...view, id });
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    throw new MusterError(
      ErrorCode.InvalidArgument,
      `Invalid view${path ? ` field "${path}"` : ''}: ${issue.message}.`,
      view,
    );
  }
  const known = new Set(table.columns().map((c) => c.id));
  const refs = [
    ...r.output.filter.conditions.map((c) => c.column),
    ...r.output.sort.map((s) => s.column),
    ...r.output.hidden,
  ];
  if (r.output.group !== null) refs.push(r.output.group);
  for (const col of refs) {
    if (!known.has(col))
      throw new MusterError(
        ErrorCode.NotFound,
        `View refers to column ${JSON.stringify(col)}, which does not exist.`,
        col,
      );
  }
  table.viewsMap.set(id, r.output);
  return id;
}

/** Saved views by name (views that no longer parse, e.g. written by a newer version, are skipped). */
export function listViews(table: Table): View[] {
  const out: View[] = [];
  table.viewsMap.forEach((value) => {
    const r = v.safeParse(ViewSchema, value);
    if (r.success) out.push(r.output as View);
  });
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}

export function deleteView(table: Table, id: string): void {
  table.viewsMap.delete(id);
}

function compareCells(a: CellValue, b: CellValue): number {
  // Empty cells sort last in either direction's natural order.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = Array.isArray(a) ? a.join(',') : String(a);
  const sb = Array.isArray(b) ? b.join(',') : String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * The row ids a view shows, in its order. Conditions and sorts on columns that were deleted since
 * the view was saved are ignored rather than failing the whole view.
 */
export function queryRows(table: Table, view: Pick<View, 'filter' | 'sort'>): string[] {
  const cols = new Map(table.columns().map((c) => [c.id, c]));
  const conditions = view.filter.conditions.filter((c) => cols.has(c.column));
  let ids = [...table.rowIds()];
  if (conditions.length > 0) {
    ids = ids.filter((id) => {
      const test = (c: FilterCondition) =>
        matchesCondition(cols.get(c.column)!, table.getCell(id, c.column), c);
      return view.filter.mode === 'and' ? conditions.every(test) : conditions.some(test);
    });
  }
  const sorts = view.sort.filter((s) => cols.has(s.column));
  if (sorts.length > 0) {
    const keyed = ids.map((id, i) => ({
      id,
      i,
      cells: sorts.map((s) => table.getCell(id, s.column)),
    }));
    keyed.sort((a, b) => {
      for (let k = 0; k < sorts.length; k++) {
        const av = a.cells[k] as CellValue;
        const bv = b.cells[k] as CellValue;
        let c = compareCells(av, bv);
        if (av !== null && bv !== null && sorts[k]!.direction === 'desc') c = -c;
        if (c !== 0) return c;
      }
      return a.i - b.i;
    });
    ids = keyed.map((k) => k.id);
  }
  return ids;
}
