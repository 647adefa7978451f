import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { isMusterError } from '../errors';
import { newId } from '../ids';
import { resolveOrgTree, type StoredDepartment } from './org-tree';
import { WorkspaceIndex } from './workspace-index';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

function hospital() {
  const index = new WorkspaceIndex(new Y.Doc());
  index.setMeta({ name: '市第一医院', timeZone: 'Asia/Shanghai' });
  const root = index.addDepartment({ name: '医院' });
  const medicine = index.addDepartment({ name: '内科', parent: root });
  const ward = index.addDepartment({ name: '三病区', parent: medicine });
  const surgery = index.addDepartment({ name: '外科', parent: root });
  return { index, root, medicine, ward, surgery };
}

describe('WorkspaceIndex', () => {
  it('stores meta and validates the time zone', () => {
    const { index } = hospital();
    expect(index.getMeta()).toEqual({ name: '市第一医院', timeZone: 'Asia/Shanghai' });
    expect(() => index.setMeta({ timeZone: 'Asia/Beijing' })).toThrow(
      /Unknown time zone "Asia\/Beijing"/,
    );
    expect(index.getMeta().timeZone).toBe('Asia/Shanghai');
  });

  it('builds the org tree with paths, children and subtrees', () => {
    const { index, root, medicine, ward, surgery } = hospital();
    const tree = index.orgTree();
    expect(tree.roots).toEqual([root]);
    expect(tree.children(root)).toEqual([medicine, surgery]); // sorted by name
    expect(tree.pathOf(ward)).toBe('医院/内科/三病区');
    expect(tree.ancestorsOf(ward)).toEqual([ward, medicine, root]);
    expect(new Set(tree.subtree(medicine))).toEqual(new Set([medicine, ward]));
  });

  it('renames and moves departments, refusing moves into their own subtree', () => {
    const { index, root, medicine, ward, surgery } = hospital();
    index.renameDepartment(ward, '心内科病区');
    index.moveDepartment(ward, surgery);
    expect(index.orgTree().pathOf(ward)).toBe('医院/外科/心内科病区');
    try {
      index.moveDepartment(root, ward);
      expect.unreachable();
    } catch (e) {
      expect(isMusterError(e, 'InvalidArgument')).toBe(true);
      expect((e as Error).message).toMatch(/into itself or one of its sub-departments/);
    }
    expect(() => index.moveDepartment(medicine, medicine)).toThrow(/into itself/);
    expect(() => index.addDepartment({ name: 'x', parent: newId() })).toThrow(/does not exist/);
  });

  it('deleting a department moves its children and members to its parent', () => {
    const { index, root, medicine, ward } = hospital();
    const nurse = index.addMember({ name: '李娜', department: medicine });
    index.deleteDepartment(medicine);
    expect(index.orgTree().departments.has(medicine)).toBe(false);
    expect(index.orgTree().departments.get(ward)?.parent).toBe(root);
    expect(index.departmentOf(nurse)).toBe(root);
    expect(() => index.renameDepartment(medicine, 'x')).toThrow(/does not exist/);
  });

  it('a member added concurrently to a department deleted elsewhere lands in its parent', () => {
    const { index: a, root, medicine } = hospital();
    const b = new WorkspaceIndex(new Y.Doc());
    sync(a.doc, b.doc);
    a.deleteDepartment(medicine);
    const doctor = b.addMember({ name: '张伟', role: 'editor', department: medicine });
    const sub = b.addDepartment({ name: '新病区', parent: medicine });
    sync(a.doc, b.doc);
    for (const index of [a, b]) {
      expect(index.departmentOf(doctor)).toBe(root);
      expect(index.orgTree().departments.get(sub)?.parent).toBe(root);
    }
  });

  it('members: add, update, remove, with validation', () => {
    const { index, ward } = hospital();
    const id = index.addMember({ name: ' 王芳 ', department: ward, phone: '13800138000' });
    expect(index.member(id)).toEqual({
      id,
      name: '王芳',
      role: 'respondent',
      department: ward,
      phone: '13800138000',
      email: null,
    });
    index.updateMember(id, { role: 'viewer', email: 'wf@example.cn' });
    expect(index.member(id)?.role).toBe('viewer');
    expect(() => index.updateMember(id, { role: 'admin' as 'viewer' })).toThrow(/Unknown role/);
    expect(() => index.addMember({ name: '' })).toThrow(/must not be empty/);
    expect(() => index.addMember({ name: 'x', id: 'bad' })).toThrow(/not a valid id/);
    index.removeMember(id);
    expect(index.members()).toEqual([]);
  });

  it('catalogue lists docs, tables and forms with soft delete', () => {
    const { index } = hospital();
    const doc = index.addToCatalogue({ kind: 'doc', title: '复工方案', now: 1 });
    const form = index.addToCatalogue({ kind: 'form', title: '每日健康打卡', now: 2 });
    index.updateCatalogue(doc, { deleted: true, now: 3 });
    const entries = index.catalogue();
    expect(entries.map((e) => e.id)).toEqual([doc, form]);
    expect(entries[0]?.deletedAt).toBe(3);
    index.updateCatalogue(doc, { deleted: false, title: '复工方案 v2', now: 4 });
    expect(index.catalogue()[0]).toMatchObject({ title: '复工方案 v2', deletedAt: null });
  });
});

describe('resolveOrgTree', () => {
  const d = (
    id: string,
    parent: string | null,
    clock: number,
    deleted = false,
  ): StoredDepartment => ({
    id,
    name: id,
    parent,
    clock,
    deleted,
  });

  it('breaks every cycle at its newest placement, deterministically', () => {
    const tree = resolveOrgTree([
      d('a', 'c', 5),
      d('b', 'a', 2),
      d('c', 'b', 9),
      d('x', 'y', 1),
      d('y', 'x', 1),
    ]);
    expect(tree.departments.get('c')?.parent).toBeNull(); // c was placed last in the a→c→b cycle
    expect(tree.departments.get('a')?.parent).toBe('c');
    // Equal clocks: the higher id loses.
    expect(tree.departments.get('y')?.parent).toBeNull();
    expect(tree.departments.get('x')?.parent).toBe('y');
    const shuffled = resolveOrgTree([
      d('y', 'x', 1),
      d('c', 'b', 9),
      d('x', 'y', 1),
      d('b', 'a', 2),
      d('a', 'c', 5),
    ]);
    expect(Object.fromEntries(shuffled.departments)).toEqual(Object.fromEntries(tree.departments));
  });

  it('treats self-parents and missing parents as roots and skips tombstones', () => {
    const tree = resolveOrgTree([
      d('a', 'a', 1),
      d('b', 'missing', 1),
      d('c', 'gone', 1, true),
      d('e', 'c', 1),
    ]);
    expect(tree.roots).toEqual(['a', 'b', 'e']);
    expect(tree.resolve('c')).toBeNull();
    expect(tree.resolve('unknown')).toBeNull();
  });
});
