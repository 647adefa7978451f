import { WorkspaceIndex } from '@muster/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { departmentCounts, peopleRows, searchPeople } from './people';

function hospital() {
  const index = new WorkspaceIndex(new Y.Doc());
  const medicine = index.addDepartment({ name: 'Medicine' });
  const ward = index.addDepartment({ name: 'Ward 3', parent: medicine });
  const lab = index.addDepartment({ name: 'Lab' });
  const wang = index.addMember({ name: 'Wang Fang', department: ward });
  const li = index.addMember({ name: 'li lei', department: medicine });
  const zhao = index.addMember({ name: 'Zhao' });
  return { index, medicine, ward, lab, wang, li, zhao };
}

describe('directory people', () => {
  it('counts people directly and through sub-departments', () => {
    const h = hospital();
    const counts = departmentCounts(h.index.orgTree(), peopleRows(h.index, 'en'));
    expect(counts.get(h.medicine)).toEqual({ direct: 1, total: 2 });
    expect(counts.get(h.ward)).toEqual({ direct: 1, total: 1 });
    expect(counts.get(h.lab)).toEqual({ direct: 0, total: 0 });
  });

  it('follows a reassignment and a deleted department to its parent', () => {
    const h = hospital();
    h.index.updateMember(h.zhao, { department: h.lab });
    h.index.updateMember(h.li, { department: null });
    h.index.deleteDepartment(h.ward);
    const rows = peopleRows(h.index, 'en');
    expect(rows.find((r) => r.id === h.wang)?.department).toBe(h.medicine);
    const counts = departmentCounts(h.index.orgTree(), rows);
    expect(counts.get(h.medicine)).toEqual({ direct: 1, total: 1 });
    expect(counts.get(h.lab)).toEqual({ direct: 1, total: 1 });
    expect(counts.has(h.ward)).toBe(false);
  });

  it('finds people by name or department path, case-insensitively, up to a limit', () => {
    const h = hospital();
    const rows = peopleRows(h.index, 'en');
    expect(rows.map((r) => r.name)).toEqual(['li lei', 'Wang Fang', 'Zhao']);
    const tree = h.index.orgTree();
    const path = (d: string) => tree.pathOf(d);
    expect(searchPeople(rows, 'WANG', path, 10).rows.map((r) => r.name)).toEqual(['Wang Fang']);
    expect(searchPeople(rows, 'ward 3', path, 10).rows.map((r) => r.name)).toEqual(['Wang Fang']);
    expect(searchPeople(rows, 'medicine', path, 10).matched).toBe(2);
    const limited = searchPeople(rows, '  ', path, 2);
    expect(limited.rows).toHaveLength(2);
    expect(limited.matched).toBe(3);
  });
});
