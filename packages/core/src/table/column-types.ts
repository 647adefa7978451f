import { ErrorCode, MusterError, type Result } from '../errors';
import { isId } from '../ids';
import { parsePlainDate } from '../periods/calendar';

/** The types a table column can have. */
export const ColumnType = {
  text: 'text',
  number: 'number',
  singleSelect: 'singleSelect',
  multiSelect: 'multiSelect',
  date: 'date',
  dateTime: 'dateTime',
  checkbox: 'checkbox',
  person: 'person',
  department: 'department',
  url: 'url',
} as const;
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

/** A choice of a select column; cells store the option's id, so renaming keeps answers. */
export interface SelectOption {
  id: string;
  name: string;
  /** CSS colour for chips and charts. */
  color: string;
}

/**
 * What a cell holds, by column type:
 * text/url → string; number → finite number; singleSelect → option id; multiSelect → option ids;
 * date → `YYYY-MM-DD`; dateTime → ISO instant `…Z`; checkbox → boolean; person/department → id.
 * `null` is an empty cell.
 */
export type CellValue = string | number | boolean | readonly string[] | null;

/** Longest text cell; longer text belongs in a document. */
export const MAX_TEXT_LENGTH = 100_000;
export const MAX_URL_LENGTH = 2048;

export function isColumnType(value: unknown): value is ColumnType {
  return typeof value === 'string' && Object.hasOwn(ColumnType, value);
}

const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export function isDateTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    DATE_TIME_RE.test(value) &&
    !Number.isNaN(Date.parse(value)) &&
    parsePlainDate(value.slice(0, 10)) !== null
  );
}

export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return false;
  // new URL() silently strips surrounding whitespace and control characters; store only clean URLs.
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || /\s/.test(value[i] as string)) return false;
  }
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:';
  } catch {
    return false;
  }
}

/** Column facts a cell needs to be checked against. */
export interface ColumnShape {
  name: string;
  type: ColumnType;
  options: readonly SelectOption[];
}

function bad(column: ColumnShape, value: unknown, expected: string): Result<CellValue> {
  const shown = JSON.stringify(value)?.slice(0, 80) ?? String(value);
  return {
    ok: false,
    error: new MusterError(
      ErrorCode.InvalidCellValue,
      `Column "${column.name}" (${column.type}) expects ${expected}; got ${shown}.`,
      value,
    ),
  };
}

/** Check `value` against a column; returns the value to store or an `InvalidCellValue` error. */
export function validateCell(column: ColumnShape, value: unknown): Result<CellValue> {
  if (value === null || value === undefined) return { ok: true, value: null };
  switch (column.type) {
    case 'text':
      return typeof value === 'string' && value.length <= MAX_TEXT_LENGTH
        ? { ok: true, value }
        : bad(column, value, `text up to ${MAX_TEXT_LENGTH} characters`);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? { ok: true, value }
        : bad(column, value, 'a finite number');
    case 'singleSelect':
      return typeof value === 'string' && column.options.some((o) => o.id === value)
        ? { ok: true, value }
        : bad(
            column,
            value,
            `one of its option ids (${column.options.map((o) => o.name).join(', ')})`,
          );
    case 'multiSelect': {
      if (!Array.isArray(value)) return bad(column, value, 'a list of option ids');
      const ids = new Set(column.options.map((o) => o.id));
      const seen = new Set<string>();
      for (const item of value) {
        if (typeof item !== 'string' || !ids.has(item) || seen.has(item)) {
          return bad(column, value, 'distinct option ids of this column');
        }
        seen.add(item);
      }
      return { ok: true, value: [...value] as string[] };
    }
    case 'date':
      return parsePlainDate(value) !== null
        ? { ok: true, value: value as string }
        : bad(column, value, 'a date YYYY-MM-DD');
    case 'dateTime':
      return isDateTime(value)
        ? { ok: true, value }
        : bad(column, value, 'an ISO date-time in UTC (…Z)');
    case 'checkbox':
      return typeof value === 'boolean' ? { ok: true, value } : bad(column, value, 'true or false');
    case 'person':
    case 'department':
      return isId(value) ? { ok: true, value } : bad(column, value, `a ${column.type} id`);
    case 'url':
      return isUrl(value) ? { ok: true, value } : bad(column, value, 'an http(s) or mailto URL');
    default:
      return bad(column, value, 'a known column type');
  }
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', '✓', '是', '对', '有']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '', '否', '无', '没有']);

function optionName(options: readonly SelectOption[], id: string): string {
  return options.find((o) => o.id === id)?.name ?? id;
}

/**
 * Convert a value written under another type (`from`, with its options) to `to`. Returns
 * `undefined` when it cannot be converted. Used when a column changes type, and when reading a
 * cell that a concurrent edit wrote under the column's old type.
 */
export function convertValue(
  value: unknown,
  from: Pick<ColumnShape, 'options'> | null,
  to: ColumnShape,
): CellValue | undefined {
  if (value === null || value === undefined) return null;
  const direct = validateCell(to, value);
  if (direct.ok) return direct.value;
  const fromOptions = from?.options ?? [];
  // Select values become their names first so they can be matched or shown as text.
  let v: unknown = value;
  if (typeof v === 'string' && fromOptions.some((o) => o.id === v)) v = optionName(fromOptions, v);
  if (Array.isArray(v))
    v = v.map((x) => (typeof x === 'string' ? optionName(fromOptions, x) : String(x)));

  switch (to.type) {
    case 'text': {
      const s = Array.isArray(v) ? v.join(', ') : String(v);
      return s.length <= MAX_TEXT_LENGTH ? s : undefined;
    }
    case 'number': {
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v !== 'string' || v.trim() === '') return undefined;
      const n = Number(v.trim().replace(/,/g, ''));
      return Number.isFinite(n) ? n : undefined;
    }
    case 'checkbox': {
      if (typeof v === 'number') return v !== 0;
      if (typeof v !== 'string') return undefined;
      const w = v.trim().toLowerCase();
      return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : undefined;
    }
    case 'singleSelect': {
      const name = Array.isArray(v) ? v[0] : typeof v === 'string' ? v.trim() : String(v);
      if (name === undefined) return null;
      return to.options.find((o) => o.name === name)?.id;
    }
    case 'multiSelect': {
      const names = Array.isArray(v)
        ? (v as string[])
        : String(v)
            .split(/[,，;；]/)
            .map((s) => s.trim())
            .filter(Boolean);
      const ids: string[] = [];
      for (const n of names) {
        const id = to.options.find((o) => o.name === n)?.id;
        if (id === undefined) return undefined;
        if (!ids.includes(id)) ids.push(id);
      }
      return ids;
    }
    case 'date':
      if (typeof v === 'string' && isDateTime(v)) return v.slice(0, 10);
      if (typeof v === 'string' && parsePlainDate(v.trim()) !== null) return v.trim();
      return undefined;
    case 'dateTime':
      if (typeof v === 'string' && parsePlainDate(v.trim()) !== null)
        return `${v.trim()}T00:00:00.000Z`;
      if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 8.64e15)
        return new Date(v).toISOString();
      return undefined;
    case 'url':
    case 'person':
    case 'department': {
      const s = typeof v === 'string' ? v.trim() : undefined;
      return s !== undefined && validateCell(to, s).ok ? s : undefined;
    }
    default:
      return undefined;
  }
}
