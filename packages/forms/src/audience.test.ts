import { WorkspaceIndex } from '@muster/core';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { expectedRespondents, inAudience, parseAudience } from './audience';

describe('audience', () => {
  it('includes sub-departments, named people, and follows department deletion', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    const medicine = index.addDepartment({ name: '内科' });
    const ward = index.addDepartment({ name: '三病区', parent: medicine });
    const surgery = index.addDepartment({ name: '外科' });
    const a = index.addMember({ name: 'A', department: ward });
    const b = index.addMember({ name: 'B', department: surgery });
    const c = index.addMember({ name: 'C' });
    const audience = parseAudience({ anyone: false, departments: [medicine], people: [c] });
    expect(inAudience(audience, a, index)).toBe(true);
    expect(inAudience(audience, b, index)).toBe(false);
    expect(inAudience(audience, c, index)).toBe(true);
    expect(expectedRespondents(audience, index)).toEqual([a, c].sort());
    // An audience naming only 三病区 does not widen to all of 内科 when 三病区 is deleted.
    const wardOnly = parseAudience({ anyone: false, departments: [ward], people: [] });
    expect(inAudience(wardOnly, a, index)).toBe(true);
    index.deleteDepartment(ward);
    expect(index.departmentOf(a)).toBe(medicine);
    expect(inAudience(wardOnly, a, index)).toBe(false);
    expect(inAudience(audience, a, index)).toBe(true);
    expect(inAudience({ anyone: true }, b, index)).toBe(true);
    expect(expectedRespondents({ anyone: true }, index)).toEqual([]);
    expect(() => parseAudience({ anyone: 'yes' })).toThrow(/Invalid audience/);
  });
});
