/**
 * A sum of doubles kept exactly, so that adding and later removing values never drifts:
 * incremental `+ x … − x` in plain floating point leaves residue (0.1 + 0.2 − 0.1 ≠ 0.2), and a
 * live sum must equal the sum recomputed from scratch. The exact value is held as a short list of
 * non-overlapping partials (Shewchuk's algorithm, as in Python's `math.fsum`); `value()` is the
 * exact sum correctly rounded. Exact while the running sums stay within the double range.
 *
 * @example
 * const s = new ExactSum();
 * s.add(0.1); s.add(0.2); s.add(-0.1);
 * s.value(); // 0.2
 */
export class ExactSum {
  private partials: number[] = [];

  add(x: number): void {
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j] as number;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (x !== 0 || i === 0) p[i++] = x;
    // Shrinking is a runtime call; most additions leave the number of partials as it was.
    if (i < p.length) p.length = i;
  }

  /** Add every partial of another sum (exact, so merging sums in any order agrees). */
  addSum(other: ExactSum): void {
    for (const x of other.partials) this.add(x);
  }

  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n] as number;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n] as number;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Round half-even correctly when the rest of the partials tip the balance.
    if (n > 0 && ((lo < 0 && (p[n - 1] as number) < 0) || (lo > 0 && (p[n - 1] as number) > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    // -0 and 0 are the same sum; keep JSON and equality simple.
    return hi === 0 ? 0 : hi;
  }
}
