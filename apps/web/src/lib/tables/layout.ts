import {
  type AggregateResult,
  type Column,
  type ColumnType,
  type FilterCondition,
  type StatsSpec,
  type Table,
  type View,
} from '@muster/core';
import { cellText, type Directory } from './cell-text';

/** Height of a grid row in CSS pixels (rows are virtualised, so all have the same height). */
export const ROW_HEIGHT = 34;
/** Width of the row-number gutter. */
export const GUTTER = 52;

const WIDTHS: Partial<Record<ColumnType, number>> = {
  checkbox: 96,
  number: 120,
  date: 140,
  dateTime: 190,
};

export function columnWidth(column: Pick<Column, 'type'>): number {
  return WIDTHS[column.type] ?? 170;
}

/** The working view: a saved view's settings, or unsaved ones over all rows. */
export type ViewSettings = Pick<View, 'filter' | 'sort' | 'group' | 'hidden'>;

export const EMPTY_VIEW: ViewSettings = {
  filter: { mode: 'and', conditions: [] },
  sort: [],
  group: null,
  hidden: [],
};

/** What the grid lays out, top to bottom: group headings and rows. */
export type Item = { kind: 'group'; label: string; count: number } | { kind: 'row'; id: string };

/**
 * Lay out rows (already filtered and sorted) in groups by `group`'s shown text, groups in sorted
 * order, empty last; rows keep their order inside a group. Without a group, one item per row.
 */
export function layoutItems(
  table: Table,
  rowIds: readonly string[],
  group: Column | undefined,
  dir: Directory,
  emptyLabel: string,
): { items: Item[]; rowIds: string[] } {
  if (!group) return { items: rowIds.map((id) => ({ kind: 'row', id })), rowIds: [...rowIds] };
  const groups = new Map<string, string[]>();
  for (const id of rowIds) {
    const key = cellText(group, table.getCell(id, group.id), dir);
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(id);
  }
  const keys = [...groups.keys()].sort((a, b) =>
    a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, undefined, { numeric: true }),
  );
  const items: Item[] = [];
  const ordered: string[] = [];
  for (const key of keys) {
    const ids = groups.get(key)!;
    items.push({ kind: 'group', label: key === '' ? emptyLabel : key, count: ids.length });
    for (const id of ids) items.push({ kind: 'row', id });
    ordered.push(...ids);
  }
  return { items, rowIds: ordered };
}

/** Columns a view reads cells of: a change in one of them can reorder or refilter rows. */
export function columnsUsed(view: ViewSettings): Set<string> {
  const used = new Set<string>(view.filter.conditions.map((c) => c.column));
  for (const s of view.sort) used.add(s.column);
  if (view.group) used.add(view.group);
  return used;
}

/** The footer's figure for a column type. */
export function footerKind(type: ColumnType): 'sum' | 'checked' | 'count' {
  return type === 'number' ? 'sum' : type === 'checkbox' ? 'checked' : 'count';
}

/**
 * The statistics spec behind the footer: one figure per shown column (sum of numbers, ticked
 * boxes, filled cells otherwise) and the row count, over the rows the view's filter keeps when
 * its conditions all must hold (the engine's filters are conjunctions); over all rows otherwise.
 */
export function footerSpec(
  columns: readonly Column[],
  view: ViewSettings,
  known: (id: string) => boolean,
): { spec: StatsSpec; filtered: boolean } {
  const conditions: FilterCondition[] = view.filter.conditions.filter((c) => known(c.column));
  const filtered = view.filter.mode === 'and' || conditions.length <= 1;
  const filter = filtered && conditions.length > 0 ? conditions : undefined;
  const aggregates: StatsSpec['aggregates'] = [
    { id: 'rows', kind: 'count', ...(filter && { filter }) },
  ];
  for (const c of columns) {
    aggregates.push({
      id: `c_${c.id}`,
      kind: footerKind(c.type),
      column: c.id,
      ...(filter && { filter }),
    });
  }
  return { spec: { aggregates }, filtered: filtered || conditions.length === 0 };
}

/** A footer figure as a number, or null while it is not available. */
export function footerValue(result: AggregateResult | undefined): number | null {
  if (!result || 'error' in result) return null;
  return typeof result.value === 'number' ? result.value : null;
}
