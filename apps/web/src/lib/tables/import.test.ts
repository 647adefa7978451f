import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Table, WorkspaceIndex } from '@muster/core';
import { indexDirectory } from './cell-text';
import { parseCsvText } from './import-file';
import { inferType, planImport } from './import-plan';
import { CHUNK_ROWS, runImport } from './import-run';

describe('inferType', () => {
  it('types a new column from its values', () => {
    expect(inferType(['1', '2,500', '', '-3.5'])).toBe('number');
    expect(inferType(['2026-03-05', '2026/3/6'])).toBe('date');
    expect(inferType(['是', '否', 'TRUE'])).toBe('checkbox');
    expect(inferType(['1', 'two'])).toBe('text');
    expect(inferType(['', ' '])).toBe('text');
  });
});

describe('planImport', () => {
  it('fills existing columns by name, adds new ones and skips bad headers', () => {
    const table = new Table(new Y.Doc());
    const name = table.addColumn({ name: 'Name', type: 'text' });
    const plan = planImport(
      table.columns(),
      [' name ', 'Temperature', '', 'NAME'],
      [['Wang', '36.6', 'x', 'y']],
    );
    expect(plan.targets).toEqual([
      { kind: 'existing', columnId: name },
      { kind: 'new', name: 'Temperature', type: 'number' },
      { kind: 'skip', reason: 'emptyHeader' },
      { kind: 'skip', reason: 'duplicate' },
    ]);
  });
});

describe('runImport', () => {
  const dir = indexDirectory(null);

  it('imports typed rows in chunks and reports the cells that do not fit by line', async () => {
    const table = new Table(new Y.Doc());
    const status = table.addColumn({
      name: 'Status',
      type: 'singleSelect',
      options: [{ name: 'Well' }],
    });
    const file = parseCsvText(
      '\uFEFFName,Temp,Status,Seen\r\nWang,36.6,Well,2026-03-05\r\nLi,hot,Sick,2026/3/6\r\n,,,\r\nZhao,"1,037",,nope\r\n',
    );
    const plan = planImport(table.columns(), file.headers, file.rows);
    expect(plan.targets.map((t) => (t.kind === 'new' ? t.type : t.kind))).toEqual([
      'text',
      'text',
      'existing',
      'text',
    ]);
    // Force number and date types to see errors reported.
    plan.targets[1] = { kind: 'new', name: 'Temp', type: 'number' };
    plan.targets[3] = { kind: 'new', name: 'Seen', type: 'date' };
    const seen: number[] = [];
    const out = await runImport(table, plan, file.rows, dir, {
      progress: (done) => seen.push(done),
    });
    expect(out.rows).toBe(3);
    expect(out.errors).toEqual([
      { line: 3, column: 'Temp', message: expect.stringContaining('number') },
      { line: 5, column: 'Seen', message: expect.stringContaining('date') },
    ]);
    expect(seen.at(-1)).toBe(4);
    const cols = table.columns();
    const [nameCol, tempCol, , seenCol] = [cols[1]!, cols[2]!, cols[0]!, cols[3]!];
    const rows = table.rowIds().map((id) => table.row(id));
    expect(rows[0]).toMatchObject({ [nameCol.id]: 'Wang', [tempCol.id]: 36.6 });
    expect(rows[1]![seenCol.id]).toBe('2026-03-06');
    expect(rows[2]![tempCol.id]).toBe(1037);
    // The unknown option became an option, so Li's status was kept.
    const sick = table.column(status)!.options.find((o) => o.name === 'Sick');
    expect(rows[1]![status]).toBe(sick!.id);
  });

  it('never puts more than a chunk of rows in one update', async () => {
    const doc = new Y.Doc();
    const table = new Table(doc);
    const rows = Array.from({ length: CHUNK_ROWS * 2 + 10 }, (_, i) => [`p${i}`, String(i)]);
    const plan = planImport(table.columns(), ['Who', 'N'], rows);
    const sizes: number[] = [];
    doc.on('update', (u: Uint8Array) => sizes.push(u.length));
    const pauses: number[] = [];
    await runImport(table, plan, rows, dir, { pause: async () => void pauses.push(1) });
    expect(table.rowCount).toBe(rows.length);
    // One update for the columns, then one per chunk.
    expect(sizes.length).toBe(1 + 3);
    expect(pauses.length).toBe(2);
    expect(Math.max(...sizes)).toBeLessThan(1_000_000);
    // Row order follows the file.
    const who = table.columns()[0]!.id;
    expect(table.getCell(table.rowIds()[CHUNK_ROWS + 1]!, who)).toBe(`p${CHUNK_ROWS + 1}`);
  });

  it('reads people by name and departments by path from the directory', async () => {
    const index = new WorkspaceIndex(new Y.Doc());
    const med = index.addDepartment({ name: '内科' });
    const ward = index.addDepartment({ name: '三病区', parent: med });
    const wang = index.addMember({ name: '王芳', department: ward });
    const table = new Table(new Y.Doc());
    const who = table.addColumn({ name: '姓名', type: 'person' });
    const where = table.addColumn({ name: '科室', type: 'department' });
    const rows = [['王芳', '内科/三病区']];
    const out = await runImport(
      table,
      planImport(table.columns(), ['姓名', '科室'], rows),
      rows,
      indexDirectory(index),
    );
    expect(out.errors).toEqual([]);
    expect(table.row(table.rowIds()[0]!)).toEqual({ [who]: wang, [where]: ward });
  });
});
