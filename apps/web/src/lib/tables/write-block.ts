import { MAX_OPTIONS, type Column, type Table } from '@muster/core';
import { parseCellText, unknownOptions, type Directory } from './cell-text';
import type { Range } from './selection';

/** A cell of a pasted block that did not fit its column. */
export interface CellError {
  /** 0-based position in the block. */
  row: number;
  col: number;
  message: string;
}

export interface BlockResult {
  written: number;
  addedRows: string[];
  errors: CellError[];
}

/**
 * Write a block of text cells (a paste) into the grid at `range.top/left`: each text is read for
 * its column's type ({@link parseCellText}); select options that do not exist yet are added;
 * rows are added at the end when the block runs past the last row; columns past the last one
 * are dropped. A single cell pasted onto a larger selection fills all of it, as in Excel.
 * Cells that do not fit are left unchanged and reported. Call inside one transaction.
 */
export function writeBlock(
  table: Table,
  view: { rowIds: readonly string[]; columns: readonly Column[] },
  range: Range,
  block: readonly (readonly string[])[],
  dir: Directory,
): BlockResult {
  const result: BlockResult = { written: 0, addedRows: [], errors: [] };
  if (block.length === 0 || view.columns.length === 0) return result;
  const fill = block.length === 1 && block[0]!.length === 1;
  const height = fill ? range.bottom - range.top + 1 : block.length;
  const width = fill ? range.right - range.left + 1 : Math.max(...block.map((r) => r.length));
  const textAt = (r: number, c: number) => (fill ? block[0]![0]! : (block[r]?.[c] ?? ''));

  // Add missing options first, one write per column, so the cells below can refer to them.
  const columns: Column[] = [];
  for (let c = 0; c < width && range.left + c < view.columns.length; c++) {
    const column = view.columns[range.left + c]!;
    const texts: string[] = [];
    for (let r = 0; r < height; r++) texts.push(textAt(r, c));
    const fresh = unknownOptions(column, texts);
    if (fresh.length > 0 && column.options.length + fresh.length <= MAX_OPTIONS) {
      table.setColumnOptions(column.id, [...column.options, ...fresh.map((name) => ({ name }))]);
    }
    columns.push(table.column(column.id) as Column);
  }

  const ids = [...view.rowIds];
  for (let r = 0; r < height; r++) {
    let rowId = ids[range.top + r];
    if (rowId === undefined) {
      rowId = table.addRow();
      ids.push(rowId);
      result.addedRows.push(rowId);
    }
    columns.forEach((column, c) => {
      const parsed = parseCellText(column, textAt(r, c), dir);
      if (!parsed.ok) {
        result.errors.push({ row: r, col: c, message: parsed.message });
        return;
      }
      table.setCell(rowId, column.id, parsed.value);
      result.written++;
    });
  }
  return result;
}
