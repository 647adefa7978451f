import * as Y from 'yjs';
import { it, expect } from 'vitest';
import {
  Table,
  WorkspaceIndex,
  dailySchedule,
  periodAt,
  periodWindow,
  queryRows,
  saveView,
} from './index';
it('tables, org tree and periods work together', () => {
  const t = new Table(new Y.Doc());
  const a = t.addColumn({ name: 'temp', type: 'number' });
  const b = t.addColumn({
    name: 'sym',
    type: 'multiSelect',
    options: [{ name: 'cough' }, { name: 'fever' }],
  });
  const c = t.addColumn({ name: 'txt', type: 'text', before: a });
  expect(t.columns().map((x) => x.id)).toEqual([c, a, b]);
  const r1 = t.addRow({ [a]: 36.5 });
  const r2 = t.addRow({ [a]: 38, [c]: '12' });
  const r0 = t.addRow({ [c]: 'x' }, { before: r1 });
  expect(t.rowIds()).toEqual([r0, r1, r2]);
  expect(() => t.setCell(r1, a, 'abc')).toThrow(/expects a finite number/);
  const rep = t.changeColumnType(c, 'number');
  expect(rep.converted).toBe(1);
  expect(rep.failed.map((f) => f.rowId)).toEqual([r0]);
  expect(t.getCell(r2, c)).toBe(12);
  expect(t.getCell(r0, c)).toBe(null);
  t.changeColumnType(c, 'text');
  expect(t.getCell(r0, c)).toBe('x');
  const v = saveView(t, {
    name: 'hot',
    filter: { mode: 'and', conditions: [{ column: a, op: 'gte', value: 37.3 }] },
    sort: [],
    group: null,
    hidden: [],
  });
  expect(
    queryRows(t, {
      filter: { mode: 'and', conditions: [{ column: a, op: 'gte', value: 37.3 }] },
      sort: [{ column: a, direction: 'desc' }],
    }),
  ).toEqual([r2]);
  expect(v).toBeTruthy();
  const w = new WorkspaceIndex(new Y.Doc());
  const root = w.addDepartment({ name: '医院' });
  const med = w.addDepartment({ name: '内科', parent: root });
  const m = w.addMember({ name: '王芳', department: med });
  w.deleteDepartment(med);
  expect(w.departmentOf(m)).toBe(root);
  expect(w.orgTree().pathOf(root)).toBe('医院');
  const s = dailySchedule('Asia/Shanghai', { openTime: '06:00', closeTime: '10:00' });
  const p = periodAt(s, Date.parse('2026-11-21T21:00:00Z'));
  expect(p?.key).toBe('2026-11-22');
  expect(p?.status).toBe('upcoming');
  expect(periodWindow(s, '2026-11-22').opensAt).toBe(Date.parse('2026-11-21T22:00:00Z'));
  const ny = dailySchedule('America/New_York');
  const w2 = periodWindow(ny, '2026-03-08');
  expect((w2.closesAt! - w2.opensAt!) / 3600e3).toBe(23);
});
