import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Table } from '@muster/core';
import { cellText, indexDirectory, parseCellText } from './cell-text';
import { parseTsv, toTsv } from './tsv';
import { writeBlock } from './write-block';

const dir = indexDirectory(null);

function setup() {
  const table = new Table(new Y.Doc());
  const name = table.addColumn({ name: 'Name', type: 'text' });
  const temp = table.addColumn({ name: 'Temp', type: 'number' });
  const ok = table.addColumn({ name: 'OK', type: 'checkbox' });
  const tags = table.addColumn({ name: 'Tags', type: 'multiSelect', options: [{ name: 'a' }] });
  table.addRow({ [name]: 'first' });
  table.addRow({ [name]: 'second' });
  return { table, name, temp, ok, tags };
}

describe('parseCellText', () => {
  it('reads spreadsheet text per column type', () => {
    const col = (type: 'number' | 'date' | 'checkbox' | 'dateTime') => ({
      name: 'c',
      type,
      options: [],
    });
    expect(parseCellText(col('number'), ' 1,234.5 ', dir)).toEqual({ ok: true, value: 1234.5 });
    expect(parseCellText(col('number'), '45%', dir)).toEqual({ ok: true, value: 0.45 });
    expect(parseCellText(col('date'), '2026年3月5日', dir)).toEqual({
      ok: true,
      value: '2026-03-05',
    });
    expect(parseCellText(col('checkbox'), 'TRUE', dir)).toEqual({ ok: true, value: true });
    expect(parseCellText(col('dateTime'), '2026-03-05 08:30', dir)).toEqual({
      ok: true,
      value: '2026-03-05T08:30:00.000Z',
    });
    expect(parseCellText(col('number'), 'hot', dir).ok).toBe(false);
    expect(parseCellText({ name: 't', type: 'text', options: [] }, "'=SUM(A1)", dir)).toEqual({
      ok: true,
      value: '=SUM(A1)',
    });
  });
});

describe('writeBlock', () => {
  it('pastes a TSV block at the active cell, adding rows and options, reporting misfits', () => {
    const { table, name, temp, ok, tags } = setup();
    const view = { rowIds: table.rowIds(), columns: table.columns() };
    const block = parseTsv('x\t36.6\tTRUE\ta, b\r\ny\tnope\tFALSE\t\r\nz\t37\t\tb\r\n');
    const r = writeBlock(table, view, { top: 1, left: 0, bottom: 1, right: 0 }, block, dir);
    expect(r.addedRows).toHaveLength(2);
    expect(r.errors).toEqual([{ row: 1, col: 1, message: expect.stringContaining('number') }]);
    const ids = table.rowIds();
    expect(ids).toHaveLength(4);
    expect(table.getCell(ids[0]!, name)).toBe('first');
    expect(table.getCell(ids[1]!, name)).toBe('x');
    expect(table.getCell(ids[1]!, temp)).toBe(36.6);
    expect(table.getCell(ids[1]!, ok)).toBe(true);
    const column = table.column(tags)!;
    expect(cellText(column, table.getCell(ids[1]!, tags), dir)).toBe('a, b');
    expect(table.getCell(ids[3]!, name)).toBe('z');
  });

  it('fills a selection with one copied cell, and drops columns past the last', () => {
    const { table, name, temp } = setup();
    const view = { rowIds: table.rowIds(), columns: table.columns() };
    writeBlock(table, view, { top: 0, left: 1, bottom: 1, right: 1 }, [['5']], dir);
    expect(table.rowIds().map((id) => table.getCell(id, temp))).toEqual([5, 5]);
    writeBlock(
      table,
      view,
      { top: 0, left: 3, bottom: 0, right: 3 },
      [['a', 'extra', 'more']],
      dir,
    );
    expect(table.columns()).toHaveLength(4);
    expect(table.getCell(table.rowIds()[0]!, name)).toBe('first');
  });

  it('copies what it pastes: a block round-trips through the clipboard text', () => {
    const { table } = setup();
    const view = { rowIds: table.rowIds(), columns: table.columns() };
    const text = '"multi\nline"\t2.5\tTRUE\ta\r\n"quoted"\t-1\tFALSE\t';
    writeBlock(table, view, { top: 0, left: 0, bottom: 0, right: 0 }, parseTsv(text), dir);
    const copied = toTsv(
      table
        .rowIds()
        .map((id) => table.columns().map((c) => cellText(c, table.getCell(id, c.id), dir))),
    );
    expect(parseTsv(copied)).toEqual(parseTsv(text));
  });
});
