/**
 * Resolving the org tree from what replicas wrote.
 *
 * Replicas move and delete departments offline, so the merged state can contain a parent cycle
 * (A moved under B on one device, B under A on another) or children and members of a deleted
 * department. Nothing is repaired by writing: the effective tree is a pure function of the merged
 * state, so every replica computes the same tree without coordination.
 *
 * Rules:
 * 1. A parent that does not exist counts as no parent (root).
 * 2. In each parent cycle, the department whose placement is newest (highest clock, then id)
 *    loses its parent and becomes a root: the last move of a conflicting pair is the one undone.
 * 3. Deleted departments stay as tombstones; a live department's effective parent is its nearest
 *    live ancestor, and a member of a deleted department belongs to that department's nearest
 *    live ancestor — "children and members move to the parent", even for concurrent additions.
 */

/** One department as stored (tombstones included). */
export interface StoredDepartment {
  id: string;
  name: string;
  parent: string | null;
  /** Lamport clock of the last move (or creation), for cycle resolution. */
  clock: number;
  deleted: boolean;
}

/** A live department in the effective tree. */
export interface Department {
  id: string;
  name: string;
  /** Effective parent after cycle and deletion resolution; null for a root. */
  parent: string | null;
}

/** The effective org tree: live departments only, acyclic. */
export interface OrgTree {
  /** Live departments by id. */
  readonly departments: ReadonlyMap<string, Department>;
  /** Root departments' ids, sorted by name. */
  readonly roots: readonly string[];
  /** Children ids of a live department, sorted by name. */
  children(id: string): readonly string[];
  /** The department and its ancestors, nearest first; empty for an unknown id. */
  ancestorsOf(id: string): readonly string[];
  /** The live department that `id` resolves to (itself, or its nearest live ancestor), or null. */
  resolve(id: string | null | undefined): string | null;
  /** The department and all its descendants. */
  subtree(id: string): readonly string[];
  /** Slash-separated names from the root, e.g. `医院/内科/三病区`. */
  pathOf(id: string): string;
}

function newer(a: StoredDepartment, b: StoredDepartment): boolean {
  return a.clock !== b.clock ? a.clock > b.clock : a.id > b.id;
}

/** Compute the effective, acyclic org tree from stored departments. O(n log n). */
export function resolveOrgTree(stored: Iterable<StoredDepartment>): OrgTree {
  const all = new Map<string, StoredDepartment>();
  for (const d of stored) all.set(d.id, d);

  // Rules 1 and 2: raw parents, with one edge cut in every cycle.
  const rawParent = new Map<string, string | null>();
  for (const d of all.values()) {
    rawParent.set(
      d.id,
      d.parent !== null && all.has(d.parent) && d.parent !== d.id ? d.parent : null,
    );
  }
  const state = new Map<string, 1 | 2>(); // 1 = on the current walk, 2 = done
  // Sorted so cycle detection visits in the same order everywhere (the result doesn't depend on
  // it, but deterministic iteration keeps debugging sane).
  for (const start of [...all.keys()].sort()) {
    if (state.has(start)) continue;
    const walk: string[] = [];
    let cur: string | null = start;
    while (cur !== null && !state.has(cur)) {
      state.set(cur, 1);
      walk.push(cur);
      cur = rawParent.get(cur) ?? null;
    }
    if (cur !== null && state.get(cur) === 1) {
      // `cur` is on this walk: the walk from `cur` to its end is a cycle.
      const cycle = walk.slice(walk.indexOf(cur));
      let loser = all.get(cycle[0] as string) as StoredDepartment;
      for (const id of cycle) {
        const d = all.get(id) as StoredDepartment;
        if (newer(d, loser)) loser = d;
      }
      rawParent.set(loser.id, null);
    }
    for (const id of walk) state.set(id, 2);
  }

  // Rule 3: skip tombstones.
  const liveAncestor = new Map<string, string | null>();
  const resolveLive = (id: string | null): string | null => {
    const path: string[] = [];
    let cur = id;
    while (cur !== null) {
      const known = liveAncestor.get(cur);
      if (known !== undefined) {
        cur = known;
        break;
      }
      const d = all.get(cur);
      if (!d) {
        cur = null;
        break;
      }
      if (!d.deleted) break;
      path.push(cur);
      cur = rawParent.get(cur) ?? null;
    }
    for (const p of path) liveAncestor.set(p, cur);
    return cur;
  };

  const departments = new Map<string, Department>();
  const childLists = new Map<string, string[]>();
  const roots: string[] = [];
  for (const d of all.values()) {
    if (d.deleted) continue;
    const parent = resolveLive(rawParent.get(d.id) ?? null);
    departments.set(d.id, { id: d.id, name: d.name, parent });
    if (parent === null) roots.push(d.id);
    else {
      const list = childLists.get(parent);
      if (list) list.push(d.id);
      else childLists.set(parent, [d.id]);
    }
  }
  const byName = (a: string, b: string) => {
    const na = departments.get(a)?.name ?? '';
    const nb = departments.get(b)?.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
  roots.sort(byName);
  for (const list of childLists.values()) list.sort(byName);

  const ancestorsOf = (id: string): string[] => {
    const out: string[] = [];
    let cur: string | null = departments.has(id) ? id : null;
    while (cur !== null) {
      out.push(cur);
      cur = departments.get(cur)?.parent ?? null;
    }
    return out;
  };

  return {
    departments,
    roots,
    children: (id) => childLists.get(id) ?? [],
    ancestorsOf,
    resolve: (id) => {
      if (id === null || id === undefined || !all.has(id)) return null;
      return resolveLive(id);
    },
    subtree: (id) => {
      if (!departments.has(id)) return [];
      const out: string[] = [];
      const stack = [id];
      while (stack.length > 0) {
        const cur = stack.pop() as string;
        out.push(cur);
        for (const c of childLists.get(cur) ?? []) stack.push(c);
      }
      return out;
    },
    pathOf: (id) =>
      ancestorsOf(id)
        .reverse()
        .map((a) => departments.get(a)?.name ?? '')
        .join('/'),
  };
}
