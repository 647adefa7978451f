import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkspaceIndex } from '@muster/core';
import { mirrorAccounts, mirrorWorkspaceMeta } from './workspace-meta';

const facts = { name: '市第一医院', timeZone: 'Asia/Shanghai' };

describe('mirrorWorkspaceMeta', () => {
  it('writes name and time zone into an empty index once', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    expect(mirrorWorkspaceMeta(index, facts, 'owner')).toBe(true);
    expect(index.getMeta()).toEqual(facts);
    expect(mirrorWorkspaceMeta(index, facts, 'editor')).toBe(false);
  });

  it('corrects a stale copy', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    index.setMeta({ name: 'Old name', timeZone: 'UTC' });
    expect(mirrorWorkspaceMeta(index, facts, 'editor')).toBe(true);
    expect(index.getMeta()).toEqual(facts);
  });

  it('never writes as a viewer', () => {
    const doc = new Y.Doc();
    const index = new WorkspaceIndex(doc);
    let updates = 0;
    doc.on('update', () => (updates += 1));
    expect(mirrorWorkspaceMeta(index, facts, 'viewer')).toBe(false);
    expect(updates).toBe(0);
  });
});

describe('mirrorAccounts', () => {
  const olga = {
    id: 'olgaolgaolgaolga',
    name: 'Olga',
    email: 'olga@example.org',
    role: 'owner',
  } as const;
  const wang = {
    id: 'wangwangwangwang',
    name: 'Wang',
    email: 'Wang.Fang@example.org',
    role: 'viewer',
  } as const;

  it('adds joined accounts once, with their role, and follows role changes', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    expect(mirrorAccounts(index, [olga, wang], 'owner')).toBe(2);
    expect(index.member(wang.id)).toMatchObject({ name: 'Wang', role: 'viewer', department: null });
    expect(mirrorAccounts(index, [olga, wang], 'editor')).toBe(0);
    expect(mirrorAccounts(index, [olga, { ...wang, role: 'editor' }], 'owner')).toBe(1);
    expect(index.member(wang.id)?.role).toBe('editor');
  });

  it('claims a roster entry with the same email, keeping its department and phone', () => {
    const index = new WorkspaceIndex(new Y.Doc());
    const ward = index.addDepartment({ name: 'Ward 3' });
    const rosterId = index.addMember({
      name: '王芳',
      department: ward,
      phone: '13800000000',
      email: 'wang.fang@example.org',
    });
    expect(mirrorAccounts(index, [wang], 'owner')).toBe(1);
    expect(index.member(rosterId)).toBeUndefined();
    expect(index.member(wang.id)).toMatchObject({
      name: '王芳',
      role: 'viewer',
      department: ward,
      phone: '13800000000',
    });
    expect(index.members()).toHaveLength(1);
  });

  it('never writes as a viewer', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => (updates += 1));
    expect(mirrorAccounts(new WorkspaceIndex(doc), [olga], 'viewer')).toBe(0);
    expect(updates).toBe(0);
  });
});
