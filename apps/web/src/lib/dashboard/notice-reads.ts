import type * as Y from 'yjs';
import type { DepartmentNode } from './view-model';

/** Who has read, acknowledged, or not read a notice, in one department (or overall). */
export interface ReadFigures {
  expected: number;
  read: number;
  acknowledged: number;
  /** Audience members with neither a read mark nor an acknowledgement. */
  unread: string[];
}

/** The respondents with a read mark for a period, from the table doc's `reads` map. */
export function readersOf(reads: Y.Map<unknown>, period: string): Set<string> {
  const suffix = `:${period}`;
  const out = new Set<string>();
  for (const [key, at] of reads.entries())
    if (key.endsWith(suffix) && typeof at === 'number') out.add(key.slice(0, -suffix.length));
  return out;
}

/**
 * Read figures from the acknowledgement counts: an acknowledgement implies a read (it was made on
 * the page that records the read), so only the not-yet-acknowledged are checked for a read mark.
 */
export function readFigures(
  counts: { expected: number; submitted: number },
  missingMembers: readonly string[],
  readers: ReadonlySet<string>,
): ReadFigures {
  const unread = missingMembers.filter((m) => !readers.has(m));
  return {
    expected: counts.expected,
    read: counts.expected - unread.length,
    acknowledged: counts.submitted,
    unread,
  };
}

/** A department's not-acknowledged members and its sub-departments', like its roll-up counts. */
function missingBelow(node: DepartmentNode): string[] {
  return [...node.missingMembers, ...node.children.flatMap(missingBelow)];
}

/** Every department with an audience, depth first, with its read figures (rolled up). */
export function departmentReads(
  nodes: readonly DepartmentNode[],
  readers: ReadonlySet<string>,
): { node: DepartmentNode; figures: ReadFigures }[] {
  const out: { node: DepartmentNode; figures: ReadFigures }[] = [];
  const walk = (list: readonly DepartmentNode[]) => {
    for (const node of list) {
      if (node.counts)
        out.push({ node, figures: readFigures(node.counts, missingBelow(node), readers) });
      walk(node.children);
    }
  };
  walk(nodes);
  return out;
}
