import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Table } from '../table/table';
import { WorkspaceIndex } from '../workspace/workspace-index';
import type { AggregateResult } from './aggregate';
import { createStats } from './create-stats';

function world() {
  const index = new WorkspaceIndex(new Y.Doc());
  const hospital = index.addDepartment({ name: 'hospital' });
  const medicine = index.addDepartment({ name: 'medicine', parent: hospital });
  const ward = index.addDepartment({ name: 'ward 3', parent: medicine });
  const surgery = index.addDepartment({ name: 'surgery', parent: hospital });
  const wang = index.addMember({ name: 'Wang', department: ward });
  const li = index.addMember({ name: 'Li', department: surgery });
  const zhao = index.addMember({ name: 'Zhao', department: medicine });
  const table = new Table(new Y.Doc());
  const who = table.addColumn({ name: 'respondent', type: 'person' });
  const dept = table.addColumn({ name: 'department', type: 'department' });
  const temp = table.addColumn({ name: 'temperature', type: 'number' });
  table.addRow({ [who]: wang, [dept]: ward, [temp]: 38 });
  table.addRow({ [who]: li, [dept]: surgery, [temp]: 36 });
  table.addRow({ [who]: zhao, [dept]: medicine, [temp]: 37 });
  const stats = createStats({
    table,
    index,
    spec: {
      aggregates: [
        {
          id: 'byPerson',
          kind: 'max',
          column: temp,
          groupBy: { department: { personColumn: who } },
        },
        { id: 'byCell', kind: 'count', groupBy: { department: { departmentColumn: dept } } },
      ],
    },
  });
  return { index, table, stats, hospital, medicine, ward, surgery, wang, li, zhao, who, temp };
}

const groups = (r: AggregateResult | undefined) =>
  Object.fromEntries(
    ((r as { groups: { key: string | null; value: unknown }[] }).groups ?? []).map((g) => [
      String(g.key),
      g.value,
    ]),
  );

describe('department roll-ups', () => {
  it('include every descendant, in tree order', () => {
    const w = world();
    const r = w.stats.current().aggregates.byPerson as { groups: { key: string | null }[] };
    expect(r.groups.map((g) => g.key)).toEqual([w.hospital, w.medicine, w.ward, w.surgery]);
    expect(groups(w.stats.current().aggregates.byPerson)).toEqual({
      [w.hospital]: 38,
      [w.medicine]: 38,
      [w.ward]: 38,
      [w.surgery]: 36,
    });
    expect(groups(w.stats.current().aggregates.byCell)).toEqual({
      [w.hospital]: 3,
      [w.medicine]: 2,
      [w.ward]: 1,
      [w.surgery]: 1,
    });
  });

  it('move with a department moved in the org tree', () => {
    const w = world();
    const changed: string[][] = [];
    w.stats.subscribe((ids) => changed.push([...ids]));
    w.index.moveDepartment(w.ward, w.surgery);
    expect(groups(w.stats.current().aggregates.byPerson)).toEqual({
      [w.hospital]: 38,
      [w.medicine]: 37,
      [w.surgery]: 38,
      [w.ward]: 38,
    });
    expect(groups(w.stats.current().aggregates.byCell)).toMatchObject({
      [w.medicine]: 1,
      [w.surgery]: 2,
    });
    expect(changed).toEqual([['byPerson', 'byCell']]);
  });

  it('go to the parent when a department is deleted', () => {
    const w = world();
    w.index.deleteDepartment(w.medicine);
    expect(groups(w.stats.current().aggregates.byCell)).toEqual({
      [w.hospital]: 3,
      [w.ward]: 1,
      [w.surgery]: 1,
    });
    w.index.deleteDepartment(w.hospital);
    // Zhao's row named "medicine", which resolves to no live department now.
    expect(groups(w.stats.current().aggregates.byCell)).toEqual({
      [w.ward]: 1,
      [w.surgery]: 1,
      null: 1,
    });
  });

  it('follow a member who changes department or leaves', () => {
    const w = world();
    w.index.updateMember(w.wang, { department: w.surgery });
    expect(groups(w.stats.current().aggregates.byPerson)).toEqual({
      [w.hospital]: 38,
      [w.medicine]: 37,
      [w.ward]: null,
      [w.surgery]: 38,
    });
    // The department cell of the row is what the cell says, whoever the person is now.
    expect(groups(w.stats.current().aggregates.byCell)).toMatchObject({ [w.ward]: 1 });
    w.index.removeMember(w.wang);
    expect(groups(w.stats.current().aggregates.byPerson)).toEqual({
      [w.hospital]: 37,
      [w.medicine]: 37,
      [w.ward]: null,
      [w.surgery]: 36,
      null: 38,
    });
  });

  it('follow a row whose person changes', () => {
    const w = world();
    const row = w.table.rowIds()[0] as string;
    w.table.setCell(row, w.who, w.li);
    expect(groups(w.stats.current().aggregates.byPerson)).toMatchObject({
      [w.ward]: null,
      [w.surgery]: 38,
    });
    w.index.updateMember(w.li, { department: w.ward });
    expect(groups(w.stats.current().aggregates.byPerson)).toMatchObject({
      [w.ward]: 38,
      [w.surgery]: null,
    });
  });
});
