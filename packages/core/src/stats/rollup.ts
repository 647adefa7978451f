import type { OrgTree } from '../workspace/org-tree';

/**
 * Where figures roll up to in the org tree. A figure is filed under a *raw* department id (what a
 * member record or a department cell holds, possibly a deleted or unknown department) and counts
 * in the live department it resolves to and every ancestor of that one; figures that resolve to
 * no department count under `null` ("unassigned"). Chains are cached per raw id, so a row update
 * costs O(depth); a tree change drops the cache (org trees are small).
 */
export class OrgRollup {
  private readonly chains = new Map<string | null, readonly (string | null)[]>();
  private orderCache: string[] | null = null;

  constructor(private tree: OrgTree | null) {}

  /** Use a new effective tree (after departments moved, were added or deleted). */
  reset(tree: OrgTree | null): void {
    this.tree = tree;
    this.chains.clear();
    this.orderCache = null;
  }

  /** The live departments a figure filed under `raw` counts in, nearest first; `[null]` if none. */
  chain(raw: string | null): readonly (string | null)[] {
    let c = this.chains.get(raw);
    if (c === undefined) {
      const live = this.tree?.resolve(raw) ?? null;
      c = live === null ? [null] : [...(this.tree as OrgTree).ancestorsOf(live)];
      this.chains.set(raw, c);
    }
    return c;
  }

  /** Live department ids in tree order (depth first, siblings by name). */
  order(): readonly string[] {
    if (this.orderCache === null) {
      const out: string[] = [];
      const tree = this.tree;
      if (tree) {
        const visit = (id: string) => {
          out.push(id);
          for (const c of tree.children(id)) visit(c);
        };
        for (const r of tree.roots) visit(r);
      }
      this.orderCache = out;
    }
    return this.orderCache;
  }

  /** Every live department in the subtrees of `ids`; deleted or unknown ids add nothing. */
  subtrees(ids: readonly string[]): Set<string> {
    const out = new Set<string>();
    const tree = this.tree;
    if (!tree) return out;
    for (const id of ids) {
      // Not resolved to the nearest live ancestor: deleting a listed department must not widen
      // the audience to its parent's whole subtree.
      for (const d of tree.subtree(id)) out.add(d);
    }
    return out;
  }
}

/** Rows and a value in one group. */
export interface Group<A> {
  rows: number;
  acc: A;
}

/** What {@link DepartmentGroups} keeps per department: an accumulator of row values. */
export interface GroupFigure<V> {
  add(value: V, times: number): void;
  addAll(values: readonly V[]): void;
  mergeFrom(other: GroupFigure<V>): void;
}

/**
 * Per-department figures with roll-ups: `direct` is keyed by raw department id, `rolled` by live
 * department (null: unassigned) and holds each department's figure including all descendants.
 */
export class DepartmentGroups<V, A extends GroupFigure<V>> {
  readonly direct = new Map<string | null, Group<A>>();
  rolled = new Map<string | null, Group<A>>();

  constructor(private readonly make: () => A) {}

  /** `rollup` is null while bulk loading: only direct figures are kept, then {@link rebuild}. */
  add(rollup: OrgRollup | null, raw: string | null, value: V, times: number): void {
    this.bump(this.direct, raw, value, times);
    if (rollup) for (const d of rollup.chain(raw)) this.bump(this.rolled, d, value, times);
  }

  /** Bulk load: add one row per value under `raw` (direct figures only; then {@link rebuild}). */
  addAll(raw: string | null, values: readonly V[]): void {
    if (values.length === 0) return;
    const g = this.groupOf(this.direct, raw);
    g.rows += values.length;
    g.acc.addAll(values);
  }

  private groupOf(map: Map<string | null, Group<A>>, key: string | null): Group<A> {
    let g = map.get(key);
    if (!g) map.set(key, (g = { rows: 0, acc: this.make() }));
    return g;
  }

  private bump(
    map: Map<string | null, Group<A>>,
    key: string | null,
    value: V,
    times: number,
  ): void {
    const g = this.groupOf(map, key);
    g.rows += times;
    g.acc.add(value, times);
    if (g.rows === 0) map.delete(key);
  }

  /** Recompute roll-ups from the direct figures after the tree changed. */
  rebuild(rollup: OrgRollup): void {
    this.rolled = new Map();
    for (const [raw, g] of this.direct) {
      for (const d of rollup.chain(raw)) {
        const r = this.groupOf(this.rolled, d);
        r.rows += g.rows;
        r.acc.mergeFrom(g.acc);
      }
    }
  }
}
