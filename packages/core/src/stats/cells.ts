import { parsePlainDate } from '../periods/calendar';
import { MAX_TEXT_LENGTH, type CellValue } from '../table/column-types';
import { readCell, type Column } from '../table/table';

/**
 * A reader for one column's raw cells with exactly {@link readCell}'s result, but a fast path
 * for values already valid for the column's type (the usual case), so building over 100,000
 * rows stays cheap.
 */
export function cellReader(column: Column | undefined): (raw: unknown) => CellValue {
  if (!column) return () => null;
  const slow = (raw: unknown) => readCell(column, raw);
  switch (column.type) {
    case 'number':
      return (raw) => (typeof raw === 'number' && Number.isFinite(raw) ? raw : slow(raw));
    case 'text':
      return (raw) => (typeof raw === 'string' && raw.length <= MAX_TEXT_LENGTH ? raw : slow(raw));
    case 'checkbox':
      return (raw) => (typeof raw === 'boolean' ? raw : slow(raw));
    case 'singleSelect': {
      const ids = new Set(column.options.map((o) => o.id));
      return (raw) => (typeof raw === 'string' && ids.has(raw) ? raw : slow(raw));
    }
    case 'multiSelect': {
      const ids = new Set(column.options.map((o) => o.id));
      // Valid when every item is a distinct option id; then readCell returns an equal array.
      const valid = (raw: unknown): raw is string[] => {
        if (!Array.isArray(raw)) return false;
        for (let i = 0; i < raw.length; i++) {
          const x: unknown = raw[i];
          if (typeof x !== 'string' || !ids.has(x) || raw.indexOf(x) !== i) return false;
        }
        return true;
      };
      return (raw) => (valid(raw) ? raw : slow(raw));
    }
    case 'person':
    case 'department':
      return (raw) => (isPlainId(raw) ? raw : slow(raw));
    case 'dateTime':
      return (raw) => (isPlainDateTime(raw) ? raw : slow(raw));
    case 'date': {
      // A table holds few distinct dates; remember which strings are valid ones.
      const known = new Map<string, boolean>();
      const valid = (raw: string) => {
        let ok = known.get(raw);
        if (ok === undefined) {
          if (known.size >= 4096) known.clear();
          known.set(raw, (ok = parsePlainDate(raw) !== null));
        }
        return ok;
      };
      return (raw) => (typeof raw === 'string' && valid(raw) ? raw : slow(raw));
    }
    default:
      return slow;
  }
}

// The fast paths below only ever say "valid" when `readCell` would keep the value as it is; for
// anything else they say "not sure" and the reader asks `readCell`. They test characters instead
// of running regular expressions and `Date.parse`, which dominated a cold build over 100,000 rows.

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Same answer as `isId` (16–32 characters from A–Z, a–z, 0–9, `-`, `_`). */
function isPlainId(raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length < 16 || raw.length > 32) return false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (!(isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95))
      return false;
  }
  return true;
}

/** The number in `s[from, from + n)` if those are all digits, else -1. */
function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DDTHH:MM:SS(.s{1,3})Z` with a real calendar date (year ≥ 100: below that,
 * `parsePlainDate` has its own rules) and a time of day up to 23:59:59: then `isDateTime` holds.
 */
function isPlainDateTime(raw: unknown): raw is string {
  if (typeof raw !== 'string') return false;
  const n = raw.length;
  if (n !== 20 && (n < 22 || n > 24)) return false;
  if (raw.charCodeAt(n - 1) !== 90 /* Z */) return false;
  if (n > 20) {
    if (raw.charCodeAt(19) !== 46 /* . */ || digits(raw, 20, n - 21) < 0) return false;
  }
  if (
    raw.charCodeAt(4) !== 45 ||
    raw.charCodeAt(7) !== 45 ||
    raw.charCodeAt(10) !== 84 /* T */ ||
    raw.charCodeAt(13) !== 58 ||
    raw.charCodeAt(16) !== 58
  )
    return false;
  const y = digits(raw, 0, 4);
  const m = digits(raw, 5, 2);
  const d = digits(raw, 8, 2);
  const hh = digits(raw, 11, 2);
  const mm = digits(raw, 14, 2);
  const ss = digits(raw, 17, 2);
  if (y < 100 || m < 1 || m > 12 || d < 1 || hh < 0 || hh > 23 || mm < 0 || mm > 59) return false;
  if (ss < 0 || ss > 59) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}
