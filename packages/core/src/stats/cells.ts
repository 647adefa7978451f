import { isId } from '../ids';
import { parsePlainDate } from '../periods/calendar';
import { MAX_TEXT_LENGTH, isDateTime, type CellValue } from '../table/column-types';
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
      return (raw) => (isId(raw) ? raw : slow(raw));
    case 'dateTime':
      return (raw) => (isDateTime(raw) ? raw : slow(raw));
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
