import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isMusterError } from '../errors';
import { newId } from '../ids';
import { convertValue, validateCell, type ColumnShape } from './column-types';
import { Table } from './table';
import { deleteView, listViews, queryRows, saveView } from './views';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('Table columns', () => {
  it('add, rename, reorder, hide and delete', () => {
    const t = new Table(new Y.Doc());
    const a = t.addColumn({ name: '姓名', type: 'text' });
    const b = t.addColumn({ name: '体温', type: 'number' });
    const c = t.addColumn({
      name: '症状',
      type: 'multiSelect',
      options: [{ name: '咳嗽' }, { name: '发热' }],
    });
    t.moveColumn(c, a);
    expect(t.columns().map((x) => x.id)).toEqual([c, a, b]);
    t.moveColumn(c);
    expect(t.columns().map((x) => x.id)).toEqual([a, b, c]);
    t.renameColumn(b, 'Temperature');
    t.setColumnHidden(a, true);
    expect(t.column(b)?.name).toBe('Temperature');
    expect(t.column(a)?.hidden).toBe(true);
    const row = t.addRow({ [b]: 36.6 });
    t.deleteColumn(b);
    expect(t.column(b)).toBeUndefined();
    expect(t.rowsMap.get(row)?.has(b)).toBe(false);
  });

  it('refuses bad names, types and options with typed errors', () => {
    const t = new Table(new Y.Doc());
    expect(() => t.addColumn({ name: '  ', type: 'text' })).toThrow(/must not be empty/);
    expect(() => t.addColumn({ name: 'x', type: 'colour' as 'text' })).toThrow(
      /Unknown column type/,
    );
    expect(() =>
      t.addColumn({ name: 'x', type: 'singleSelect', options: [{ name: 'a' }, { name: 'a' }] }),
    ).toThrow(/appears twice/);
    expect(() => t.renameColumn(newId(), 'x')).toThrow(/does not exist/);
    expect(t.columns()).toHaveLength(0);
  });
});

describe('Table rows and cells', () => {
  it('validates writes against the column type and writes nothing on error', () => {
    const t = new Table(new Y.Doc());
    const n = t.addColumn({ name: 'n', type: 'number' });
    const s = t.addColumn({
      name: 's',
      type: 'singleSelect',
      options: [{ name: '是' }, { name: '否' }],
    });
    const yes = t.column(s)!.options[0]!.id;
    const row = t.addRow({ [n]: 1, [s]: yes });
    const before = Y.encodeStateAsUpdate(t.doc);
    for (const [col, bad] of [
      [n, 'abc'],
      [n, Number.NaN],
      [n, Infinity],
      [s, 'not-an-option'],
      [s, ['x']],
    ] as const) {
      try {
        t.setCell(row, col, bad);
        expect.unreachable();
      } catch (e) {
        expect(isMusterError(e, 'InvalidCellValue')).toBe(true);
        expect((e as Error).message).toContain(`Column "${t.column(col)!.name}"`);
      }
    }
    expect(() => t.addRow({ [n]: 2, [s]: 'nope' })).toThrow(/expects one of its option ids/);
    expect(Y.encodeStateAsUpdate(t.doc)).toEqual(before);
    expect(t.rowCount).toBe(1);
    t.setCell(row, n, null);
    expect(t.getCell(row, n)).toBeNull();
  });

  it('keeps row order with inserts and moves, and upserts deterministic ids idempotently', () => {
    const t = new Table(new Y.Doc());
    const n = t.addColumn({ name: 'n', type: 'number' });
    const r1 = t.addRow({ [n]: 1 });
    const r3 = t.addRow({ [n]: 3 });
    const r2 = t.addRow({ [n]: 2 }, { before: r3 });
    expect(t.rowIds()).toEqual([r1, r2, r3]);
    t.moveRow(r1);
    expect(t.rowIds()).toEqual([r2, r3, r1]);
    t.upsertRow('resp_aaaaaaaaaaaaaaaa:2026-11-21', { [n]: 7 });
    t.upsertRow('resp_aaaaaaaaaaaaaaaa:2026-11-21', { [n]: 7 });
    t.upsertRow('resp_aaaaaaaaaaaaaaaa:2026-11-21', { [n]: 8 });
    expect(t.rowCount).toBe(4);
    expect(t.getCell('resp_aaaaaaaaaaaaaaaa:2026-11-21', n)).toBe(8);
    expect(() => t.addRow({}, { id: 'bad id' })).toThrow(/Row id/);
    t.deleteRow(r2);
    expect(t.rowIds()).toEqual([r3, r1, 'resp_aaaaaaaaaaaaaaaa:2026-11-21']);
  });

  it('concurrent edits to different cells of the same row both survive', () => {
    const a = new Table(new Y.Doc());
    const x = a.addColumn({ name: 'x', type: 'text' });
    const y = a.addColumn({ name: 'y', type: 'number' });
    const row = a.addRow();
    const b = new Table(new Y.Doc());
    sync(a.doc, b.doc);
    a.setCell(row, x, 'from a');
    b.setCell(row, y, 42);
    sync(a.doc, b.doc);
    expect(a.row(row)).toEqual({ [x]: 'from a', [y]: 42 });
    expect(b.row(row)).toEqual(a.row(row));
  });

  it('a remote row arrival updates the cached order', () => {
    const a = new Table(new Y.Doc());
    const b = new Table(new Y.Doc());
    a.addRow();
    sync(a.doc, b.doc);
    expect(b.rowIds()).toHaveLength(1);
    a.addRow();
    sync(a.doc, b.doc);
    expect(b.rowIds()).toEqual(a.rowIds());
  });
});

describe('changing a column type', () => {
  it('converts what it can, reports the rest, and recovers them when changed back', () => {
    const t = new Table(new Y.Doc());
    const c = t.addColumn({ name: '体温', type: 'text' });
    const ok = t.addRow({ [c]: '37.5' });
    const comma = t.addRow({ [c]: '1,234' });
    const bad = t.addRow({ [c]: '正常' });
    const report = t.changeColumnType(c, 'number');
    expect(report.converted).toBe(2);
    expect(report.failed).toEqual([{ rowId: bad, value: '正常' }]);
    expect(t.getCell(ok, c)).toBe(37.5);
    expect(t.getCell(comma, c)).toBe(1234);
    expect(t.getCell(bad, c)).toBeNull();
    t.changeColumnType(c, 'text');
    expect(t.getCell(bad, c)).toBe('正常');
    expect(t.getCell(ok, c)).toBe('37.5');
  });

  it('text to select creates options from distinct values; select to text uses option names', () => {
    const t = new Table(new Y.Doc());
    const c = t.addColumn({ name: '健康码', type: 'text' });
    const r1 = t.addRow({ [c]: '绿码' });
    const r2 = t.addRow({ [c]: '黄码' });
    t.addRow({ [c]: '绿码' });
    t.changeColumnType(c, 'singleSelect');
    expect(
      t
        .column(c)!
        .options.map((o) => o.name)
        .sort(),
    ).toEqual(['绿码', '黄码'].sort());
    expect(t.getCell(r1, c)).toBe(t.column(c)!.options.find((o) => o.name === '绿码')!.id);
    t.changeColumnType(c, 'multiSelect');
    expect(t.getCell(r2, c)).toEqual([t.column(c)!.options.find((o) => o.name === '黄码')!.id]);
    t.changeColumnType(c, 'text');
    expect(t.getCell(r2, c)).toBe('黄码');
  });

  it('a value written concurrently under the old type reads converted or empty, never invalid', () => {
    const a = new Table(new Y.Doc());
    const c = a.addColumn({ name: 'c', type: 'text' });
    const row = a.addRow();
    const b = new Table(new Y.Doc());
    sync(a.doc, b.doc);
    a.changeColumnType(c, 'number');
    b.setCell(row, c, 'twelve');
    sync(a.doc, b.doc);
    expect(a.getCell(row, c)).toBeNull();
    b.setCell(row, c, 12);
    expect(b.getCell(row, c)).toBe(12);
  });
});

describe('cell types', () => {
  const col = (type: ColumnShape['type'], options: ColumnShape['options'] = []): ColumnShape => ({
    name: type,
    type,
    options,
  });

  it('accept what they should and refuse the rest', () => {
    const opt = [{ id: newId(), name: 'a', color: '#000' }];
    const cases: [ColumnShape, unknown[], unknown[]][] = [
      [col('text'), ['', '中文', 'x'.repeat(100_000)], [1, true, 'x'.repeat(100_001)]],
      [col('number'), [0, -1.5, 1e300], ['1', Number.NaN, Infinity]],
      [col('singleSelect', opt), [opt[0]!.id], ['a', 1]],
      [
        col('multiSelect', opt),
        [[], [opt[0]!.id]],
        [[opt[0]!.id, opt[0]!.id], ['zzz'], opt[0]!.id],
      ],
      [col('date'), ['2020-02-29'], ['2021-02-29', '2026-1-1', '2026-11-21T00:00:00Z']],
      [
        col('dateTime'),
        ['2026-11-21T08:00:00Z', '2026-11-21T08:00:00.123Z'],
        ['2026-11-21', '2026-11-21T08:00:00+08:00', '2026-02-30T00:00:00Z'],
      ],
      [col('checkbox'), [true, false], ['true', 1]],
      [col('person'), [newId()], ['short', 'has space in it!!!']],
      [col('department'), [newId()], [42]],
      [
        col('url'),
        ['https://a.cn/x?y=1', 'mailto:a@b.c'],
        ['javascript:alert(1)', 'ftp://x', 'not a url'],
      ],
    ];
    for (const [column, good, bad] of cases) {
      for (const v of good)
        expect(
          validateCell(column, v).ok,
          `${column.type} ${JSON.stringify(v)?.slice(0, 30)}`,
        ).toBe(true);
      for (const v of bad)
        expect(
          validateCell(column, v).ok,
          `${column.type} ${JSON.stringify(v)?.slice(0, 30)}`,
        ).toBe(false);
      expect(validateCell(column, null)).toEqual({ ok: true, value: null });
    }
  });

  it('convert between types where it makes sense', () => {
    expect(convertValue('是', null, col('checkbox'))).toBe(true);
    expect(convertValue('否', null, col('checkbox'))).toBe(false);
    expect(convertValue('maybe', null, col('checkbox'))).toBeUndefined();
    expect(convertValue(1, null, col('text'))).toBe('1');
    expect(convertValue('2026-11-21T08:00:00.000Z', null, col('date'))).toBe('2026-11-21');
    expect(convertValue('2026-11-21', null, col('dateTime'))).toBe('2026-11-21T00:00:00.000Z');
    expect(convertValue(true, null, col('number'))).toBe(1);
    expect(convertValue(' https://x.cn ', null, col('url'))).toBe('https://x.cn');
  });
});

describe('views', () => {
  it('are validated, stored in the doc, and filter and sort rows', () => {
    const t = new Table(new Y.Doc());
    const temp = t.addColumn({ name: '体温', type: 'number' });
    const sym = t.addColumn({
      name: '症状',
      type: 'multiSelect',
      options: [{ name: '咳嗽' }, { name: '乏力' }],
    });
    const cough = t.column(sym)!.options[0]!.id;
    const r1 = t.addRow({ [temp]: 36.5, [sym]: [cough] });
    const r2 = t.addRow({ [temp]: 38.2 });
    const r3 = t.addRow({ [temp]: 37.3, [sym]: [cough] });
    const r4 = t.addRow({});
    const id = saveView(t, {
      name: '发热',
      filter: {
        mode: 'or',
        conditions: [
          { column: temp, op: 'gte', value: 37.3 },
          { column: sym, op: 'contains', value: cough },
        ],
      },
      sort: [{ column: temp, direction: 'desc' }],
      group: null,
      hidden: [],
    });
    const view = listViews(t)[0]!;
    expect(view.id).toBe(id);
    expect(queryRows(t, view)).toEqual([r2, r3, r1]);
    expect(
      queryRows(t, {
        filter: { mode: 'and', conditions: [{ column: temp, op: 'isEmpty' }] },
        sort: [],
      }),
    ).toEqual([r4]);
    expect(
      queryRows(t, {
        filter: { mode: 'and', conditions: [] },
        sort: [{ column: temp, direction: 'asc' }],
      }),
    ).toEqual([r1, r3, r2, r4]);
    expect(() =>
      saveView(t, { ...view, id: undefined, sort: [{ column: newId(), direction: 'asc' }] }),
    ).toThrow(/does not exist/);
    expect(() => saveView(t, { ...view, id: undefined, name: '' })).toThrow(
      /Invalid view field "name"/,
    );
    deleteView(t, id);
    expect(listViews(t)).toEqual([]);
  });
});

describe('Table inside a caller transaction', () => {
  it('keeps the order of columns added in one outer transaction', () => {
    const t = new Table(new Y.Doc());
    const ids: string[] = [];
    t.doc.transact(() => {
      for (const name of ['c', 'a', 'b', 'd']) ids.push(t.addColumn({ name, type: 'text' }));
      expect(t.columns().map((c) => c.name)).toEqual(['c', 'a', 'b', 'd']);
      t.setColumnHidden(ids[1] as string, true);
      expect(t.column(ids[1] as string)?.hidden).toBe(true);
    });
    expect(t.columns().map((c) => c.name)).toEqual(['c', 'a', 'b', 'd']);
  });
});
