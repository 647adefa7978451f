import { WorkspaceIndex } from '@muster/core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkTitle, listDocs } from './doc-list';

function catalogue() {
  const index = new WorkspaceIndex(new Y.Doc());
  const plan = index.addToCatalogue({ kind: 'doc', title: '复工方案', now: 10 });
  const notes = index.addToCatalogue({ kind: 'doc', title: 'Meeting notes 2', now: 30 });
  const notes10 = index.addToCatalogue({ kind: 'doc', title: 'meeting notes 10', now: 20 });
  index.addToCatalogue({ kind: 'table', title: 'Meeting table', now: 40 });
  const old = index.addToCatalogue({ kind: 'doc', title: 'Old memo', now: 5 });
  const older = index.addToCatalogue({ kind: 'doc', title: 'Older memo', now: 4 });
  index.updateCatalogue(old, { deleted: true, now: 50 });
  index.updateCatalogue(older, { deleted: true, now: 60 });
  return { entries: index.catalogue(), plan, notes, notes10, old, older };
}

describe('listDocs', () => {
  it('lists only documents, live ones newest first, deleted ones apart', () => {
    const c = catalogue();
    const list = listDocs(c.entries, { query: '', sort: 'updated', locale: 'en' });
    expect(list.live.map((d) => d.id)).toEqual([c.notes, c.notes10, c.plan]);
    expect(list.deleted.map((d) => d.id)).toEqual([c.older, c.old]);
  });

  it('sorts by title with numbers in numeric order', () => {
    const c = catalogue();
    const list = listDocs(c.entries, { query: '', sort: 'title', locale: 'en' });
    expect(list.live.map((d) => d.title)).toEqual([
      'Meeting notes 2',
      'meeting notes 10',
      '复工方案',
    ]);
  });

  it('searches titles case- and width-insensitively, in the bin too', () => {
    const c = catalogue();
    expect(
      listDocs(c.entries, { query: ' ＭＥＥＴＩＮＧ ', sort: 'updated', locale: 'en' }).live,
    ).toHaveLength(2);
    expect(
      listDocs(c.entries, { query: '方案', sort: 'updated', locale: 'zh-CN' }).live[0]?.id,
    ).toBe(c.plan);
    const memo = listDocs(c.entries, { query: 'memo', sort: 'updated', locale: 'en' });
    expect(memo.live).toHaveLength(0);
    expect(memo.deleted).toHaveLength(2);
  });
});

describe('checkTitle', () => {
  it('trims and refuses empty or over-long titles', () => {
    expect(checkTitle('  Plan ')).toEqual({ ok: true, title: 'Plan' });
    expect(checkTitle('   ')).toEqual({ ok: false, error: 'docs.titleRequired' });
    expect(checkTitle('x'.repeat(101))).toEqual({ ok: false, error: 'docs.titleTooLong' });
    expect(checkTitle('x'.repeat(100)).ok).toBe(true);
  });
});
