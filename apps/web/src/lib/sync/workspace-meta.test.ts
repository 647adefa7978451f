import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkspaceIndex } from '@muster/core';
import { mirrorWorkspaceMeta } from './workspace-meta';

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
