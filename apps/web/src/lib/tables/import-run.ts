import type { Column, Table } from '@muster/core';
import { parseCellText, unknownOptions, type Directory } from './cell-text';
import type { ImportPlan } from './import-plan';

/** A cell of the file that could not be imported; `line` is the file's line (header = 1). */
export interface ImportError {
  line: number;
  column: string;
  message: string;
}

export interface ImportOutcome {
  rows: number;
  errors: ImportError[];
  /** Errors beyond the first {@link MAX_REPORTED_ERRORS} are counted here, not listed. */
  moreErrors: number;
}

export const MAX_REPORTED_ERRORS = 1000;

/**
 * Rows per Yjs transaction are capped by count and by an estimate of the encoded size, so no
 * single update comes near the relay's frame limit (8 MiB by default), even with wide rows.
 */
export const CHUNK_ROWS = 2000;
export const CHUNK_BYTES = 1_000_000;

/**
 * Add the file's rows to the table following `plan` (columns are created first), a chunk of rows
 * per transaction, calling `progress` after each chunk and yielding to the browser in between.
 * Cells that do not fit their column are left empty and reported with their line; the rest of the
 * row is imported.
 */
export async function runImport(
  table: Table,
  plan: ImportPlan,
  rows: readonly (readonly string[])[],
  dir: Directory,
  opts: {
    origin?: unknown;
    progress?: (done: number, total: number) => void;
    pause?: () => Promise<void>;
  } = {},
): Promise<ImportOutcome> {
  const pause = opts.pause ?? (() => new Promise<void>((done) => setTimeout(done, 0)));
  const columns: (Column | null)[] = [];
  table.doc.transact(() => {
    plan.targets.forEach((target, i) => {
      let id: string | null = null;
      if (target.kind === 'existing') id = target.columnId;
      else if (target.kind === 'new')
        id = table.addColumn({ name: target.name, type: target.type });
      if (id === null) return void columns.push(null);
      const column = table.column(id) as Column;
      const fresh = unknownOptions(
        column,
        rows.map((r) => r[i] ?? ''),
      );
      if (fresh.length > 0) {
        table.setColumnOptions(id, [...column.options, ...fresh.map((name) => ({ name }))]);
      }
      columns.push(table.column(id) as Column);
    });
  }, opts.origin);

  const outcome: ImportOutcome = { rows: 0, errors: [], moreErrors: 0 };
  let next = 0;
  while (next < rows.length) {
    let bytes = 0;
    const start = next;
    table.doc.transact(() => {
      while (next < rows.length && next - start < CHUNK_ROWS && bytes < CHUNK_BYTES) {
        const raw = rows[next]!;
        if (raw.every((text) => text.trim() === '')) {
          next++;
          continue;
        }
        const values: Record<string, unknown> = {};
        columns.forEach((column, i) => {
          if (!column) return;
          const text = raw[i] ?? '';
          bytes += text.length * 3 + 30;
          const parsed = parseCellText(column, text, dir);
          if (parsed.ok) {
            if (parsed.value !== null) values[column.id] = parsed.value;
          } else if (outcome.errors.length < MAX_REPORTED_ERRORS) {
            outcome.errors.push({ line: next + 2, column: column.name, message: parsed.message });
          } else outcome.moreErrors++;
        });
        table.addRow(values);
        outcome.rows++;
        next++;
      }
    }, opts.origin);
    opts.progress?.(next, rows.length);
    if (next < rows.length) await pause();
  }
  return outcome;
}
