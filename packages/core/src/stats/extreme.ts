/**
 * A multiset that answers "most extreme value" in O(log n) amortised under inserts and deletes:
 * a binary heap of every value added, where a deletion is only noted (value → copies to drop)
 * and applied when that value reaches the top. Adding touches no map, so a bulk load of 100,000
 * mostly distinct values (dates, times) is a list append per value instead of a hash-map insert;
 * new values wait in a list until the next `top()`, so a bulk load heapifies once in O(n). When
 * noted deletions outnumber half the heap, it is rebuilt without them, so memory follows the
 * number of values present.
 */
export class Extreme<T> {
  private heap: T[] = [];
  private waiting: T[] = [];
  /** Deletions not applied yet: value → copies still in the heap (or waiting) to drop. */
  private removed = new Map<T, number>();
  private pendingRemovals = 0;
  /**
   * Until the first deletion the heap stays empty: the top is the most extreme value waiting,
   * kept by scanning the values added since the last read (`scanned` of them were seen). A bulk
   * load that is never deleted from (a "latest submission" column) then costs one comparison per
   * value instead of a heapify.
   */
  private best: T | null = null;
  private scanned = 0;

  /** `before(a, b)` < 0 when `a` is more extreme (e.g. `(a, b) => a - b` for a minimum). */
  constructor(private readonly before: (a: T, b: T) => number) {}

  /** Values held, deleted ones not yet dropped included. */
  get size(): number {
    return this.heap.length + this.waiting.length;
  }

  /** Add `times` copies of `value` (`times` > 0) or delete −`times` copies of it, present before. */
  add(value: T, times: number): void {
    if (times > 0) {
      for (let i = 0; i < times; i++) this.waiting.push(value);
      return;
    }
    if (times === 0) return;
    this.removed.set(value, (this.removed.get(value) ?? 0) - times);
    this.pendingRemovals -= times;
    // Values that come and go between two reads leave stale copies; bound them.
    if (this.pendingRemovals * 2 > this.heap.length + this.waiting.length + 32) this.compact();
  }

  /** Add every value of `other` (a multiset of the same order) to this one. */
  addAll(other: Extreme<T>): void {
    for (const list of [other.heap, other.waiting]) for (const v of list) this.waiting.push(v);
    for (const [v, n] of other.removed) this.add(v, -n);
  }

  /** The most extreme value present, or null. */
  top(): T | null {
    if (this.heap.length === 0 && this.pendingRemovals === 0) return this.scanWaiting();
    this.best = null;
    this.scanned = 0;
    if (this.waiting.length > 0) {
      if (this.waiting.length > 16 && this.waiting.length * 4 > this.heap.length) {
        // After a bulk load the heap is empty: take the list as it is instead of copying it.
        this.heap = this.heap.length === 0 ? this.waiting : this.heap.concat(this.waiting);
        this.heapify();
      } else for (const v of this.waiting) this.push(v);
      this.waiting = [];
    }
    const h = this.heap;
    while (h.length > 0 && this.pendingRemovals > 0) {
      const n = this.removed.get(h[0] as T);
      if (n === undefined) break;
      if (n === 1) this.removed.delete(h[0] as T);
      else this.removed.set(h[0] as T, n - 1);
      this.pendingRemovals--;
      this.pop();
    }
    return h.length > 0 ? (h[0] as T) : null;
  }

  private scanWaiting(): T | null {
    const w = this.waiting;
    let best = this.best;
    for (let i = this.scanned; i < w.length; i++) {
      const v = w[i] as T;
      if (best === null || this.before(v, best) < 0) best = v;
    }
    this.scanned = w.length;
    this.best = best;
    return best;
  }

  /** Apply every noted deletion and heapify what is left, in O(n). */
  private compact(): void {
    const removed = this.removed;
    const kept: T[] = [];
    for (const list of [this.heap, this.waiting])
      for (const v of list) {
        const n = removed.get(v);
        if (n === undefined) kept.push(v);
        else if (n === 1) removed.delete(v);
        else removed.set(v, n - 1);
      }
    this.heap = kept;
    this.waiting = [];
    this.best = null;
    this.scanned = 0;
    this.pendingRemovals = 0;
    this.removed = new Map();
    this.heapify();
  }

  private heapify(): void {
    const h = this.heap;
    for (let i = (h.length >> 1) - 1; i >= 0; i--) this.siftDown(i, h[i] as T);
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
    if (h.length > 0) this.siftDown(0, last);
  }

  private siftDown(start: number, value: T): void {
    const h = this.heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const c = r < h.length && this.before(h[r] as T, h[l] as T) < 0 ? r : l;
      if (this.before(h[c] as T, value) >= 0) break;
      h[i] = h[c] as T;
      i = c;
    }
    h[i] = value;
  }
}
