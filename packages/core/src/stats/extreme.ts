/**
 * A counted multiset that answers "smallest value" in O(log n) amortised under inserts and
 * deletes: the counts are a Map, the order a binary heap with lazy deletion (a value whose count
 * dropped to zero is popped only when it reaches the top). New values wait in a list until the
 * next `top()`, so a bulk load heapifies once in O(n) instead of sifting each value; the heap is
 * rebuilt when stale entries outnumber live ones, so memory follows the number of distinct values.
 */
export class Extreme<T> {
  readonly counts = new Map<T, number>();
  private heap: T[] = [];
  private waiting: T[] = [];

  /** `before(a, b)` < 0 when `a` is more extreme (e.g. `(a, b) => a - b` for a minimum). */
  constructor(private readonly before: (a: T, b: T) => number) {}

  add(value: T, times: number): void {
    const prev = this.counts.get(value) ?? 0;
    const next = prev + times;
    if (next === 0) this.counts.delete(value);
    else this.counts.set(value, next);
    if (prev === 0 && next > 0) {
      this.waiting.push(value);
      // Values that come and go between two reads leave stale entries; bound them.
      if (this.heap.length + this.waiting.length > 2 * this.counts.size + 32) {
        this.rebuild();
        this.waiting = [];
      }
    }
  }

  /** The most extreme value present, or null. */
  top(): T | null {
    if (this.waiting.length > 0) {
      if (this.waiting.length > 16 && this.waiting.length * 4 > this.heap.length) this.rebuild();
      else for (const v of this.waiting) this.push(v);
      this.waiting = [];
    }
    const h = this.heap;
    while (h.length > 0 && !this.counts.has(h[0] as T)) this.pop();
    return h.length > 0 ? (h[0] as T) : null;
  }

  /** Heapify the live values in O(n). */
  private rebuild(): void {
    const h = [...this.counts.keys()];
    this.heap = h;
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
