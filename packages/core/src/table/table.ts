import { generateKeyBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import { ErrorCode, MusterError } from '../errors';
import { assertId, newId } from '../ids';
import { cleanName, notFound } from '../text';
import {
  convertValue,
  isColumnType,
  validateCell,
  type CellValue,
  type ColumnShape,
  type ColumnType,
  type SelectOption,
} from './column-types';

/** A column as read from the doc. */
export interface Column extends ColumnShape {
  id: string;
  hidden: boolean;
  /** Fractional-index position; columns sort by (position, id). */
  position: string;
}

/** Row ids: generated ids, or deterministic ones such as `{respondent}:{periodKey}`. */
export const ROW_ID_PATTERN = /^[A-Za-z0-9_:-]{1,100}$/;
export const MAX_COLUMNS = 500;
export const MAX_OPTIONS = 1000;
/** Key of a row's position inside its row map; column ids cannot start with `$`. */
export const ROW_POSITION_KEY = '$pos';

const PALETTE = [
  '#4f7cff',
  '#22a06b',
  '#e2a203',
  '#e5484d',
  '#8e4ec6',
  '#12a594',
  '#f76b15',
  '#6e56cf',
  '#3e63dd',
  '#d6409f',
];

/** Result of changing a column's type: what converted, and the rows whose values could not. */
export interface TypeChangeReport {
  converted: number;
  failed: { rowId: string; value: unknown }[];
}

type Fields = Y.Map<unknown>;

export function assertRowId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !ROW_ID_PATTERN.test(id)) {
    throw new MusterError(
      ErrorCode.InvalidId,
      `Row id ${JSON.stringify(id)} is invalid: use 1–100 characters from A–Z, a–z, 0–9, "_", "-" and ":".`,
      id,
    );
  }
}

function byPosition(
  a: { position: string; id: string },
  b: { position: string; id: string },
): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function cleanOptions(
  options: readonly { id?: string; name: string; color?: string }[],
): SelectOption[] {
  if (options.length > MAX_OPTIONS) {
    throw new MusterError(ErrorCode.InvalidArgument, `At most ${MAX_OPTIONS} options per column.`);
  }
  const names = new Set<string>();
  return options.map((o, i) => {
    const name = cleanName(o.name, 'Option name');
    if (names.has(name))
      throw new MusterError(ErrorCode.InvalidArgument, `Option "${name}" appears twice.`, o);
    names.add(name);
    const id = o.id ?? newId();
    assertId(id, 'Option id');
    return {
      id,
      name,
      color:
        typeof o.color === 'string' && o.color.length <= 32
          ? o.color
          : (PALETTE[i % PALETTE.length] as string),
    };
  });
}

/**
 * A table room (`ws/{ws}/table/{id}`): typed columns, rows keyed by stable ids, and saved views.
 * Each row is a nested Y.Map of cells keyed by column id, so concurrent edits to different cells
 * of one row both survive. Writes validate against the column type and write nothing on error.
 *
 * Reads always return values valid for the column's current type: a value a concurrent edit wrote
 * under an older type is converted when it can be and read as empty when not (the raw value stays
 * in the doc, so changing the type back recovers it).
 *
 * @example
 * const table = new Table(new Y.Doc());
 * const temp = table.addColumn({ name: '体温', type: 'number' });
 * const row = table.addRow({ [temp]: 36.6 });
 * table.setCell(row, temp, 37.4);
 */
export class Table {
  readonly doc: Y.Doc;
  readonly meta: Y.Map<unknown>;
  readonly columnsMap: Y.Map<Fields>;
  readonly rowsMap: Y.Map<Fields>;
  readonly viewsMap: Y.Map<unknown>;
  private columnCache: Column[] | null = null;
  private orderCache: string[] | null = null;
  private lastPosition: string | null | undefined = undefined;
  private readonly onColumns = () => {
    this.columnCache = null;
  };
  private readonly onRows = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const e of events) {
      if (
        e.target === this.rowsMap ||
        (e as Y.YMapEvent<unknown>).keysChanged?.has(ROW_POSITION_KEY)
      ) {
        this.orderCache = null;
        this.lastPosition = undefined;
        return;
      }
    }
  };

  constructor(doc: Y.Doc) {
    this.doc = doc;
    this.meta = doc.getMap('meta');
    this.columnsMap = doc.getMap('columns');
    this.rowsMap = doc.getMap('rows');
    this.viewsMap = doc.getMap('views');
    this.columnsMap.observeDeep(this.onColumns);
    this.rowsMap.observeDeep(this.onRows);
  }

  /** Stop observing the doc. */
  destroy(): void {
    this.columnsMap.unobserveDeep(this.onColumns);
    this.rowsMap.unobserveDeep(this.onRows);
  }

  get title(): string {
    const t = this.meta.get('title');
    return typeof t === 'string' ? t : '';
  }

  set title(value: string) {
    this.meta.set('title', cleanName(value, 'Table title'));
  }

  // ---- columns ----

  /** Columns in display order (hidden ones included; check `hidden`). */
  columns(): readonly Column[] {
    if (this.columnCache === null) {
      const out: Column[] = [];
      this.columnsMap.forEach((f, id) => {
        const type = f.get('type');
        if (!isColumnType(type)) return;
        const options = f.get('options');
        out.push({
          id,
          name: String(f.get('name') ?? ''),
          type,
          options: Array.isArray(options) ? (options as SelectOption[]) : [],
          hidden: f.get('hidden') === true,
          position: positionOf(f.get('position')),
        });
      });
      this.columnCache = out.sort(byPosition);
    }
    return this.columnCache;
  }

  column(id: string): Column | undefined {
    return this.columns().find((c) => c.id === id);
  }

  private requireColumn(id: string): Column {
    const c = this.column(id);
    if (!c) throw notFound('Column', id);
    return c;
  }

  addColumn(input: {
    name: string;
    type: ColumnType;
    options?: readonly { id?: string; name: string; color?: string }[];
    id?: string;
    /** Insert before this column (default: at the end). */
    before?: string;
    hidden?: boolean;
  }): string {
    const name = cleanName(input.name, 'Column name');
    if (!isColumnType(input.type)) {
      throw new MusterError(
        ErrorCode.InvalidArgument,
        `Unknown column type ${JSON.stringify(input.type)}.`,
        input.type,
      );
    }
    const id = input.id ?? newId();
    assertId(id, 'Column id');
    if (this.columnsMap.has(id))
      throw new MusterError(ErrorCode.InvalidArgument, `Column ${id} already exists.`, id);
    if (this.columnsMap.size >= MAX_COLUMNS) {
      throw new MusterError(
        ErrorCode.InvalidArgument,
        `A table has at most ${MAX_COLUMNS} columns.`,
      );
    }
    const options =
      input.type === 'singleSelect' || input.type === 'multiSelect'
        ? cleanOptions(input.options ?? [])
        : [];
    const position = this.columnPosition(input.before);
    this.doc.transact(() => {
      const f = new Y.Map<unknown>();
      f.set('name', name);
      f.set('type', input.type);
      f.set('options', options);
      f.set('hidden', input.hidden === true);
      f.set('position', position);
      this.columnsMap.set(id, f);
    });
    this.columnsChanged();
    return id;
  }

  renameColumn(id: string, name: string): void {
    this.requireColumn(id);
    (this.columnsMap.get(id) as Fields).set('name', cleanName(name, 'Column name'));
    this.columnsChanged();
  }

  setColumnHidden(id: string, hidden: boolean): void {
    this.requireColumn(id);
    (this.columnsMap.get(id) as Fields).set('hidden', hidden);
    this.columnsChanged();
  }

  /** Move a column before another one, or to the end when `before` is undefined. */
  moveColumn(id: string, before?: string): void {
    this.requireColumn(id);
    if (before === id) return;
    const position = this.columnPosition(before, id);
    (this.columnsMap.get(id) as Fields).set('position', position);
    this.columnsChanged();
  }

  /** Replace a select column's options; cells holding a removed option read as empty. */
  setColumnOptions(
    id: string,
    options: readonly { id?: string; name: string; color?: string }[],
  ): void {
    const c = this.requireColumn(id);
    if (c.type !== 'singleSelect' && c.type !== 'multiSelect') {
      throw new MusterError(
        ErrorCode.InvalidArgument,
        `Column "${c.name}" is ${c.type}; only select columns have options.`,
      );
    }
    (this.columnsMap.get(id) as Fields).set('options', cleanOptions(options));
    this.columnsChanged();
  }

  /** Delete a column and its cells. */
  deleteColumn(id: string): void {
    this.requireColumn(id);
    this.doc.transact(() => {
      this.columnsMap.delete(id);
      this.rowsMap.forEach((row) => {
        if (row.has(id)) row.delete(id);
      });
    });
    this.columnsChanged();
  }

  /**
   * Change a column's type, converting every value that can be converted (text "37.2" → 37.2,
   * option ids → names, "是" → true …). Values that cannot be converted are reported and left in
   * the doc unread, so changing the type back recovers them. A select target with no `options`
   * gets one option per distinct converted text value.
   */
  changeColumnType(
    id: string,
    type: ColumnType,
    options?: readonly { id?: string; name: string; color?: string }[],
  ): TypeChangeReport {
    const old = this.requireColumn(id);
    if (!isColumnType(type))
      throw new MusterError(
        ErrorCode.InvalidArgument,
        `Unknown column type ${JSON.stringify(type)}.`,
        type,
      );
    const isSelect = type === 'singleSelect' || type === 'multiSelect';
    let newOptions: SelectOption[] = [];
    if (isSelect) {
      if (options) newOptions = cleanOptions(options);
      else if (old.type === 'singleSelect' || old.type === 'multiSelect')
        newOptions = [...old.options];
      else
        newOptions = cleanOptions(
          this.distinctTexts(old, type === 'multiSelect').map((name) => ({ name })),
        );
    }
    const target: ColumnShape = { name: old.name, type, options: newOptions };
    const report: TypeChangeReport = { converted: 0, failed: [] };
    this.doc.transact(() => {
      const f = this.columnsMap.get(id) as Fields;
      f.set('type', type);
      f.set('options', newOptions);
      this.rowsMap.forEach((row, rowId) => {
        if (!row.has(id)) return;
        const raw = row.get(id);
        const next = convertValue(raw, old, target);
        if (next === undefined) report.failed.push({ rowId, value: raw });
        else {
          report.converted++;
          if (next !== raw) row.set(id, next);
        }
      });
    });
    this.columnsChanged();
    return report;
  }

  private distinctTexts(column: Column, split: boolean): string[] {
    const names = new Set<string>();
    this.rowsMap.forEach((row) => {
      const value = readCell(column, row.get(column.id));
      if (value === null) return;
      const text = convertValue(value, column, { name: '', type: 'text', options: [] });
      if (typeof text !== 'string') return;
      for (const part of split ? text.split(/[,，;；]/) : [text]) {
        const name = part.trim();
        if (name.length > 0 && name.length <= 200) names.add(name);
      }
    });
    return [...names].sort().slice(0, MAX_OPTIONS);
  }

  // The observer clears the cache when a transaction ends; a write inside a caller's transaction
  // must not leave the next read (e.g. the next column's position) looking at stale columns.
  private columnsChanged(): void {
    this.columnCache = null;
  }

  private columnPosition(before: string | undefined, moving?: string): string {
    const cols = this.columns().filter((c) => c.id !== moving);
    if (before === undefined) return between(cols.at(-1)?.position || null, null);
    const i = cols.findIndex((c) => c.id === before);
    if (i < 0) throw notFound('Column', before);
    return between(cols[i - 1]?.position || null, (cols[i] as Column).position || null);
  }

  // ---- rows ----

  get rowCount(): number {
    return this.rowsMap.size;
  }

  hasRow(id: string): boolean {
    return this.rowsMap.has(id);
  }

  /** Row ids in table order. Cached; O(n log n) after a change to membership or order. */
  rowIds(): readonly string[] {
    if (this.orderCache === null) {
      const rows: { id: string; position: string }[] = [];
      this.rowsMap.forEach((row, id) =>
        rows.push({ id, position: positionOf(row.get(ROW_POSITION_KEY)) }),
      );
      this.orderCache = rows.sort(byPosition).map((r) => r.id);
    }
    return this.orderCache;
  }

  /**
   * Add a row with initial values (validated first; nothing is written if any is invalid).
   * Appends by default; `before` inserts before another row.
   */
  addRow(
    values: Record<string, unknown> = {},
    opts: { id?: string; before?: string } = {},
  ): string {
    const id = opts.id ?? newId();
    assertRowId(id);
    if (this.rowsMap.has(id))
      throw new MusterError(ErrorCode.InvalidArgument, `Row ${id} already exists.`, id);
    const cells = this.validateCells(values);
    const position = this.rowPosition(opts.before);
    this.doc.transact(() => {
      const row = new Y.Map<unknown>();
      row.set(ROW_POSITION_KEY, position);
      for (const [col, value] of cells) if (value !== null) row.set(col, value);
      this.rowsMap.set(id, row);
    });
    this.lastPosition = opts.before === undefined ? position : undefined;
    return id;
  }

  /**
   * Create the row `id` or update the given cells of it. Deterministic ids make this idempotent:
   * the projector upserts `{respondent}:{periodKey}` however often a submission arrives.
   */
  upsertRow(id: string, values: Record<string, unknown>): void {
    if (!this.rowsMap.has(id)) {
      this.addRow(values, { id });
      return;
    }
    const cells = this.validateCells(values);
    const row = this.rowsMap.get(id) as Fields;
    this.doc.transact(() => {
      for (const [col, value] of cells) {
        if (value === null) {
          if (row.has(col)) row.delete(col);
        } else if (!sameValue(row.get(col), value)) row.set(col, value);
      }
    });
  }

  deleteRow(id: string): void {
    if (!this.rowsMap.has(id)) throw notFound('Row', id);
    this.rowsMap.delete(id);
  }

  moveRow(id: string, before?: string): void {
    const row = this.rowsMap.get(id);
    if (!row) throw notFound('Row', id);
    if (before === id) return;
    row.set(ROW_POSITION_KEY, this.rowPosition(before, id));
  }

  /** Write one cell; throws `InvalidCellValue` (and writes nothing) when it doesn't fit the type. */
  setCell(rowId: string, columnId: string, value: unknown): void {
    const row = this.rowsMap.get(rowId);
    if (!row) throw notFound('Row', rowId);
    const column = this.requireColumn(columnId);
    const r = validateCell(column, value);
    if (!r.ok) throw r.error;
    if (r.value === null) row.delete(columnId);
    else row.set(columnId, r.value);
  }

  /** A cell's value, valid for the column's current type (null when empty or unconvertible). */
  getCell(rowId: string, columnId: string): CellValue {
    const column = this.column(columnId);
    const row = this.rowsMap.get(rowId);
    if (!column || !row) return null;
    return readCell(column, row.get(columnId));
  }

  /** All cells of a row by column id (empty cells omitted), or undefined for an unknown row. */
  row(id: string): Record<string, CellValue> | undefined {
    const row = this.rowsMap.get(id);
    if (!row) return undefined;
    const out: Record<string, CellValue> = {};
    for (const c of this.columns()) {
      const value = readCell(c, row.get(c.id));
      if (value !== null) out[c.id] = value;
    }
    return out;
  }

  /** Plain JSON of the whole table (columns in order, rows in order), for tests and exports. */
  toJSON(): {
    title: string;
    columns: Column[];
    rows: { id: string; cells: Record<string, CellValue> }[];
  } {
    return {
      title: this.title,
      columns: [...this.columns()],
      rows: this.rowIds().map((id) => ({ id, cells: this.row(id) ?? {} })),
    };
  }

  private validateCells(values: Record<string, unknown>): [string, CellValue][] {
    const out: [string, CellValue][] = [];
    for (const [col, value] of Object.entries(values)) {
      const r = validateCell(this.requireColumn(col), value);
      if (!r.ok) throw r.error;
      out.push([col, r.value]);
    }
    return out;
  }

  private rowPosition(before: string | undefined, moving?: string): string {
    if (before === undefined) {
      if (this.lastPosition === undefined || moving !== undefined) {
        let last: string | null = null;
        this.rowsMap.forEach((row, id) => {
          if (id === moving) return;
          const p = row.get(ROW_POSITION_KEY);
          const pos = positionOf(p);
          if (pos !== '' && (last === null || pos > last)) last = pos;
        });
        if (moving !== undefined) return between(last, null);
        this.lastPosition = last;
      }
      return between(this.lastPosition ?? null, null);
    }
    const ids = this.rowIds().filter((r) => r !== moving);
    const i = ids.indexOf(before);
    if (i < 0) throw notFound('Row', before);
    const pos = (rid: string | undefined) =>
      rid === undefined ? null : positionOf(this.rowsMap.get(rid)?.get(ROW_POSITION_KEY)) || null;
    return between(pos(ids[i - 1]), pos(ids[i]));
  }
}

/** A stored cell value read under a column's current type. */
export function readCell(column: ColumnShape, raw: unknown): CellValue {
  if (raw === undefined || raw === null) return null;
  const r = validateCell(column, raw);
  if (r.ok) return r.value;
  return convertValue(raw, null, column) ?? null;
}

function sameValue(a: unknown, b: CellValue): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

// Concurrent inserts at one place can produce equal keys (ties break by id), and keys can end up
// out of order after concurrent moves; generate a key strictly between when possible.
function between(a: string | null, b: string | null): string {
  try {
    if (a !== null && b !== null && a >= b) return generateKeyBetween(a, null);
    return generateKeyBetween(a, b);
  } catch {
    // A malformed key written by a broken client: fall back to a key that is always valid.
    return generateKeyBetween(null, null);
  }
}

const POSITION_RE = /^[A-Za-z][0-9A-Za-z]*$/;

/** A stored position, or '' (sorts first) when it is missing or malformed. */
function positionOf(value: unknown): string {
  return typeof value === 'string' && value.length <= 200 && POSITION_RE.test(value) ? value : '';
}
