/**
 * A counted multiset that answers "smallest value" in O(log n) amortised under inserts and
 * deletes: the counts are a Map, the order a binary heap with lazy deletion (a value whose count
 * dropped to zero is popped only when it reaches the top). The heap is rebuilt when stale entries
 * outnumber live ones, so memory follows the number of distinct values.
 */
export class Extreme<T> {
  readonly counts = new Map<T, number>();
  private heap: T[] = [];

  /** `before(a, b)` < 0 when `a` is more extreme (e.g. `(a, b) => a - b` for a minimum). */
  constructor(private readonly before: (a: T, b: T) => number) {}

  add(value: T, times: number): void {
    const prev = this.counts.get(value) ?? 0;
    const next = prev + times;
    if (next === 0) this.counts.delete(value);
    else this.counts.set(value, next);
    if (prev === 0 && next > 0) {
      this.push(value);
      if (this.heap.length > 2 * this.counts.size + 32) this.rebuild();
    }
  }

  /** The most extreme value present, or null. */
  top(): T | null {
    const h = this.heap;
    while (h.length > 0 && !this.counts.has(h[0] as T)) this.pop();
    return h.length > 0 ? (h[0] as T) : null;
  }

  private rebuild(): void {
    this.heap = [];
    for (const v of this.counts.keys()) this.push(v);
  }

  private push(value: T): void {
    const h = this.heap;
    let i = h.length;
    h.push(value);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(h[parent] as T, value) <= 0) break;
      h[i] = h[parent] as T;
      i = parent;
    }
    h[i] = value;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as T;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && this.before(h[r] as T, h[l] as T) < 0 ? r : l;
      if (this.before(h[c] as T, last) >= 0) break;
      h[i] = h[c] as T;
      i = c;
    }
    h[i] = last;
  }
}
