import type { Member, OrgTree, WorkspaceIndex } from '@muster/core';

/** A person as the directory page shows them: where they effectively are after deletions. */
export interface PersonRow {
  id: string;
  name: string;
  /** The live department (deleted ones resolve to the nearest live ancestor); null if none. */
  department: string | null;
}

export interface DepartmentCount {
  /** People whose own department is this one. */
  direct: number;
  /** People in this department or any of its sub-departments. */
  total: number;
}

/** Everyone in the directory with their effective department, sorted by name for people. */
export function peopleRows(index: WorkspaceIndex, locale: string): PersonRow[] {
  const collator = new Intl.Collator(locale);
  return index
    .members()
    .map((m: Member) => ({ id: m.id, name: m.name, department: index.departmentOf(m.id) }))
    .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
}

/** Direct and subtree head counts for every live department of `tree`. */
export function departmentCounts(tree: OrgTree, people: PersonRow[]): Map<string, DepartmentCount> {
  const direct = new Map<string, number>();
  for (const p of people) {
    if (p.department) direct.set(p.department, (direct.get(p.department) ?? 0) + 1);
  }
  const counts = new Map<string, DepartmentCount>();
  for (const id of tree.departments.keys()) {
    const total = tree.subtree(id).reduce((n, d) => n + (direct.get(d) ?? 0), 0);
    counts.set(id, { direct: direct.get(id) ?? 0, total });
  }
  return counts;
}

/**
 * People whose name contains `query` (case- and width-insensitive), or whose department path
 * does, so "ward 3" finds everyone there. At most `limit` rows; `matched` is the full count.
 */
export function searchPeople(
  people: PersonRow[],
  query: string,
  pathOf: (department: string) => string,
  limit: number,
): { rows: PersonRow[]; matched: number } {
  const needle = fold(query.trim());
  const hits =
    needle === ''
      ? people
      : people.filter(
          (p) =>
            fold(p.name).includes(needle) ||
            (p.department !== null && fold(pathOf(p.department)).includes(needle)),
        );
  return { rows: hits.slice(0, limit), matched: hits.length };
}

function fold(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase();
}
