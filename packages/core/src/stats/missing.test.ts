import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Table } from '../table/table';
import { WorkspaceIndex } from '../workspace/workspace-index';
import { createStats } from './create-stats';
import type { MissingResult } from './missing';

type Ok = Exclude<MissingResult, { error: unknown }>;

function world() {
  const index = new WorkspaceIndex(new Y.Doc());
  const hospital = index.addDepartment({ name: 'hospital' });
  const medicine = index.addDepartment({ name: 'medicine', parent: hospital });
  const surgery = index.addDepartment({ name: 'surgery', parent: hospital });
  const admin = index.addDepartment({ name: 'administration' });
  const wang = index.addMember({ id: 'wang000000000000', name: 'Wang', department: medicine });
  const li = index.addMember({ id: 'li00000000000000', name: 'Li', department: surgery });
  const zhao = index.addMember({ id: 'zhao000000000000', name: 'Zhao', department: hospital });
  const chen = index.addMember({ id: 'chen000000000000', name: 'Chen', department: admin });
  const table = new Table(new Y.Doc());
  const who = table.addColumn({ name: 'respondent', type: 'person' });
  const period = table.addColumn({ name: 'period', type: 'text' });
  const stats = createStats({
    table,
    index,
    spec: {
      aggregates: [],
      missing: [
        {
          id: 'today',
          audience: { departments: [hospital], people: [chen] },
          respondentColumn: who,
          periodColumn: period,
          period: '2020-02-03',
        },
      ],
    },
  });
  const today = () => stats.current().missing.today as Ok;
  const dept = (id: string) => today().departments.find((d) => d.department === id);
  const submit = (person: string, day = '2020-02-03') =>
    table.upsertRow(`${person}:${day}`, { [who]: person, [period]: day });
  return {
    index,
    table,
    stats,
    today,
    dept,
    submit,
    hospital,
    medicine,
    surgery,
    admin,
    wang,
    li,
    zhao,
    chen,
  };
}

describe('missing list', () => {
  it('lists the audience who has not submitted, overall and per department', () => {
    const w = world();
    expect(w.today()).toMatchObject({
      period: '2020-02-03',
      expected: 4,
      submitted: 0,
      missing: 4,
      rate: 0,
      missingMembers: [w.chen, w.li, w.wang, w.zhao],
    });
    w.submit(w.wang);
    w.submit(w.li, '2020-02-02'); // another period: does not count
    expect(w.today()).toMatchObject({ submitted: 1, missing: 3, rate: 0.25 });
    expect(w.dept(w.hospital)).toEqual({
      department: w.hospital,
      expected: 3,
      submitted: 1,
      missing: 2,
      rate: 1 / 3,
      missingMembers: [w.zhao],
    });
    expect(w.dept(w.medicine)).toMatchObject({
      expected: 1,
      submitted: 1,
      rate: 1,
      missingMembers: [],
    });
    expect(w.dept(w.surgery)).toMatchObject({ missingMembers: [w.li] });
    expect(w.dept(w.admin)).toMatchObject({ expected: 1, missingMembers: [w.chen] });
  });

  it('updates when rows are deleted or change period', () => {
    const w = world();
    w.submit(w.li);
    expect(w.today().missingMembers).not.toContain(w.li);
    w.table.deleteRow(`${w.li}:2020-02-03`);
    expect(w.today().missingMembers).toContain(w.li);
    w.submit(w.li, '2020-02-02');
    w.table.setCell(`${w.li}:2020-02-02`, w.table.columns()[1]!.id, '2020-02-03');
    expect(w.today()).toMatchObject({ submitted: 1 });
  });

  it('follows members who join, leave or move', () => {
    const w = world();
    const changed: string[][] = [];
    w.stats.subscribe((ids) => changed.push([...ids]));
    const sun = w.index.addMember({ id: 'sun0000000000000', name: 'Sun', department: w.surgery });
    expect(w.today()).toMatchObject({ expected: 5 });
    expect(w.dept(w.surgery)).toMatchObject({ expected: 2, missingMembers: [w.li, sun] });
    w.index.updateMember(w.li, { department: w.admin });
    expect(w.today()).toMatchObject({ expected: 4 });
    w.index.removeMember(w.zhao);
    expect(w.today()).toMatchObject({ expected: 3, missingMembers: [w.chen, sun, w.wang] });
    // Joining someone outside the audience changes nothing, and notifies no one.
    const before = changed.length;
    w.index.addMember({ name: 'Zhou', department: w.admin });
    expect(changed.length).toBe(before);
    expect(changed.every((ids) => ids.length === 1 && ids[0] === 'today')).toBe(true);
  });

  it('follows the org tree: moving a department out of the audience drops its people', () => {
    const w = world();
    w.submit(w.li);
    w.index.moveDepartment(w.surgery, w.admin);
    expect(w.today()).toMatchObject({ expected: 3, submitted: 0 });
    expect(w.dept(w.admin)).toMatchObject({ expected: 1 });
    w.index.deleteDepartment(w.medicine);
    // Wang now belongs to the hospital itself.
    expect(w.dept(w.hospital)).toMatchObject({ expected: 2, missingMembers: [w.wang, w.zhao] });
  });

  it('counts people with no department as unassigned', () => {
    const w = world();
    w.index.updateMember(w.chen, { department: null });
    expect(w.today().unassigned).toEqual({
      expected: 1,
      submitted: 0,
      missing: 1,
      rate: 0,
      missingMembers: [w.chen],
    });
  });
});
