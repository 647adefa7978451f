import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { departmentReads, readersOf, readFigures } from './notice-reads';
import type { DepartmentNode } from './view-model';

function node(
  id: string,
  counts: { expected: number; submitted: number } | null,
  missingMembers: string[],
  children: DepartmentNode[] = [],
): DepartmentNode {
  return {
    id,
    name: id,
    path: id,
    responses: counts?.submitted ?? 0,
    counts: counts && {
      ...counts,
      missing: counts.expected - counts.submitted,
      rate: counts.expected ? counts.submitted / counts.expected : null,
    },
    missingMembers,
    children,
  };
}

describe('notice reads', () => {
  it('reads the respondents with a mark for the period from the table doc', () => {
    const reads = new Y.Doc().getMap<unknown>('reads');
    reads.set('ann:once', 1);
    reads.set('bob:2026-11-22', 2);
    reads.set('cy:once', 'not a time');
    expect([...readersOf(reads, 'once')]).toEqual(['ann']);
  });

  it('counts read = acknowledged + read-but-not-acknowledged, and lists who has not read', () => {
    // 5 expected, 2 acknowledged (a, b); c and d opened it, e did not.
    const f = readFigures({ expected: 5, submitted: 2 }, ['c', 'd', 'e'], new Set(['c', 'd', 'a']));
    expect(f).toEqual({ expected: 5, read: 4, acknowledged: 2, unread: ['e'] });
    expect(readFigures({ expected: 3, submitted: 0 }, ['x', 'y', 'z'], new Set())).toEqual({
      expected: 3,
      read: 0,
      acknowledged: 0,
      unread: ['x', 'y', 'z'],
    });
  });

  it('rolls a department up over its sub-departments and skips those outside the audience', () => {
    const ward = node('ward', { expected: 2, submitted: 0 }, ['w1', 'w2']);
    const lab = node('lab', null, []);
    const root = node('hospital', { expected: 4, submitted: 1 }, ['h1'], [ward, lab]);
    const rows = departmentReads([root], new Set(['w2']));
    expect(rows.map((r) => [r.node.id, r.figures.read, r.figures.unread])).toEqual([
      ['hospital', 2, ['h1', 'w1']],
      ['ward', 1, ['w1']],
    ]);
  });
});
