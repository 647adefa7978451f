import { MAX_COLUMNS, type Column, type ColumnType } from '@muster/core';

/** Where one column of an imported file goes. */
export type ColumnTarget =
  | { kind: 'existing'; columnId: string }
  | { kind: 'new'; name: string; type: ColumnType }
  | { kind: 'skip'; reason: 'emptyHeader' | 'duplicate' | 'tooManyColumns' };

export interface ImportPlan {
  headers: string[];
  targets: ColumnTarget[];
}

const NUMBER = /^-?[\d,]*\.?\d+(?:[eE][-+]?\d+)?%?$/;
const DATE = /^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$/;
const BOOL = /^(true|false|yes|no|是|否)$/i;

/**
 * The type a new column gets from its values: number, date or checkbox when every non-empty
 * sample is one, text otherwise.
 */
export function inferType(samples: readonly string[]): ColumnType {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return 'text';
  if (values.every((v) => NUMBER.test(v))) return 'number';
  if (values.every((v) => DATE.test(v))) return 'date';
  if (values.every((v) => BOOL.test(v))) return 'checkbox';
  return 'text';
}

/**
 * Map an imported file's header row onto a table: a header naming an existing column (ignoring
 * case and surrounding spaces) fills it; any other header becomes a new column typed from the
 * first rows' values; empty and repeated headers are skipped.
 */
export function planImport(
  columns: readonly Column[],
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  sampleSize = 200,
): ImportPlan {
  const byName = new Map(columns.map((c) => [c.name.trim().toLowerCase(), c.id]));
  const seen = new Set<string>();
  let free = MAX_COLUMNS - columns.length;
  const targets = headers.map((raw, i): ColumnTarget => {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (name === '') return { kind: 'skip', reason: 'emptyHeader' };
    if (seen.has(key)) return { kind: 'skip', reason: 'duplicate' };
    seen.add(key);
    const existing = byName.get(key);
    if (existing) return { kind: 'existing', columnId: existing };
    if (free <= 0) return { kind: 'skip', reason: 'tooManyColumns' };
    free--;
    const samples = rows.slice(0, sampleSize).map((r) => r[i] ?? '');
    return { kind: 'new', name: name.slice(0, 100), type: inferType(samples) };
  });
  return { headers: [...headers], targets };
}
