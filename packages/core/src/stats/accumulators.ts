import type { CellValue } from '../table/column-types';
import type { Column } from '../table/table';
import { ExactSum } from './exact-sum';
import { Extreme } from './extreme';
import type { AggregateSpec } from './spec';

/**
 * An aggregate's value, by kind: count, sum, distinct, checked → number; mean, min, max → number
 * or null (no values); earliest, latest → the date or date-time string, or null; distribution →
 * rows per option id (every current option, zeros included); histogram → rows per bin.
 */
export type AggregateValue = number | string | null | Record<string, number> | number[];

/**
 * The running state of one aggregate over a set of rows. Rows are added and removed with their
 * (already filtered) value; any order of adds and removes reaches the same state.
 */
export interface Accumulator {
  /** Add one row's value (`times` = 1) or remove it (`times` = −1). */
  add(value: CellValue, times: number): void;
  /**
   * Add each of `values` once, as `add(value, 1)` would: a bulk load. Every class has its own
   * loop so that its `add` is called from a site that only ever sees that class; one shared loop
   * would call six classes' methods from one call site, which V8 does not inline.
   */
  addAll(values: readonly CellValue[]): void;
  /** Add all of `other` (an accumulator of the same spec) into this one. */
  mergeFrom(other: Accumulator): void;
  result(column: Column | undefined): AggregateValue;
}

class CountAcc implements Accumulator {
  n = 0;
  add(_value: CellValue, times: number): void {
    this.n += times;
  }
  addAll(values: readonly CellValue[]): void {
    this.n += values.length;
  }
  mergeFrom(other: Accumulator): void {
    this.n += (other as CountAcc).n;
  }
  result(): number {
    return this.n;
  }
}

class CheckedAcc implements Accumulator {
  n = 0;
  add(value: CellValue, times: number): void {
    if (value === true) this.n += times;
  }
  addAll(values: readonly CellValue[]): void {
    for (let i = 0; i < values.length; i++) if (values[i] === true) this.n++;
  }
  mergeFrom(other: Accumulator): void {
    this.n += (other as CheckedAcc).n;
  }
  result(): number {
    return this.n;
  }
}

class SumAcc implements Accumulator {
  n = 0;
  readonly sum = new ExactSum();
  constructor(private readonly mean: boolean) {}
  add(value: CellValue, times: number): void {
    if (typeof value !== 'number') return;
    this.n += times;
    this.sum.add(times < 0 ? -value : value);
  }
  addAll(values: readonly CellValue[]): void {
    for (let i = 0; i < values.length; i++) this.add(values[i] as CellValue, 1);
  }
  mergeFrom(other: Accumulator): void {
    this.n += (other as SumAcc).n;
    this.sum.addSum((other as SumAcc).sum);
  }
  result(): number | null {
    const sum = this.sum.value();
    if (!this.mean) return sum;
    return this.n === 0 ? null : sum / this.n;
  }
}

/** Milliseconds of an ISO date-time's fraction (`.5` → 500), or 0 for a date or no fraction. */
function fractionMs(s: string): number {
  if (s.charCodeAt(19) !== 46 /* . */) return 0;
  let ms = 0;
  for (let i = 20, scale = 100; i < 23; i++, scale /= 10) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    ms += d * scale;
  }
  return ms;
}

/**
 * Dates order by instant; two spellings of one instant (with and without milliseconds) by text,
 * so the answer never depends on arrival order. Valid cells are `YYYY-MM-DD` or
 * `YYYY-MM-DDTHH:MM:SS(.s…)Z`, so comparing the first 19 characters and then the fraction gives
 * the instant order without parsing dates (this runs inside heap operations).
 */
function earlier(a: string, b: string): number {
  // Equal lengths mean the same shape (a date, or date-times with as many fraction digits), where
  // text order is instant order; this avoids cutting strings inside heap operations.
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  const ha = a.length > 19 ? a.substring(0, 19) : a;
  const hb = b.length > 19 ? b.substring(0, 19) : b;
  if (ha !== hb) return ha < hb ? -1 : 1;
  return fractionMs(a) - fractionMs(b) || (a < b ? -1 : a > b ? 1 : 0);
}

class ExtremeAcc<T extends number | string> implements Accumulator {
  readonly values: Extreme<T>;
  constructor(
    before: (a: T, b: T) => number,
    private readonly accepts: (v: CellValue) => v is T,
  ) {
    this.values = new Extreme(before);
  }
  add(value: CellValue, times: number): void {
    if (this.accepts(value)) this.values.add(value, times);
  }
  addAll(values: readonly CellValue[]): void {
    for (let i = 0; i < values.length; i++) this.add(values[i] as CellValue, 1);
  }
  mergeFrom(other: Accumulator): void {
    this.values.addAll((other as ExtremeAcc<T>).values);
  }
  result(): T | null {
    return this.values.top();
  }
}

const isNumber = (v: CellValue): v is number => typeof v === 'number';
const isString = (v: CellValue): v is string => typeof v === 'string';

/** Counts per value; multi-select cells count once per option. */
class ValueCountsAcc implements Accumulator {
  readonly counts = new Map<string | number | boolean, number>();
  constructor(private readonly distribution: boolean) {}
  private bump(key: string | number | boolean, times: number): void {
    const n = (this.counts.get(key) ?? 0) + times;
    if (n === 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
  add(value: CellValue, times: number): void {
    if (value === null) return;
    if (Array.isArray(value)) for (const v of value as string[]) this.bump(v, times);
    else this.bump(value as string | number | boolean, times);
  }
  addAll(values: readonly CellValue[]): void {
    for (let i = 0; i < values.length; i++) this.add(values[i] as CellValue, 1);
  }
  mergeFrom(other: Accumulator): void {
    for (const [k, n] of (other as ValueCountsAcc).counts) this.bump(k, n);
  }
  result(column: Column | undefined): number | Record<string, number> {
    if (!this.distribution) return this.counts.size;
    const out: Record<string, number> = {};
    for (const o of column?.options ?? []) out[o.id] = this.counts.get(o.id) ?? 0;
    return out;
  }
}

class HistogramAcc implements Accumulator {
  readonly counts: number[];
  constructor(private readonly bins: readonly number[]) {
    this.counts = new Array<number>(bins.length + 1).fill(0);
  }
  add(value: CellValue, times: number): void {
    if (typeof value !== 'number') return;
    // Binary search: the number of edges ≤ value is the bin.
    let lo = 0;
    let hi = this.bins.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.bins[mid] as number) <= value) lo = mid + 1;
      else hi = mid;
    }
    this.counts[lo] = (this.counts[lo] as number) + times;
  }
  addAll(values: readonly CellValue[]): void {
    for (let i = 0; i < values.length; i++) this.add(values[i] as CellValue, 1);
  }
  mergeFrom(other: Accumulator): void {
    const o = (other as HistogramAcc).counts;
    for (let i = 0; i < o.length; i++)
      this.counts[i] = (this.counts[i] as number) + (o[i] as number);
  }
  result(): number[] {
    return [...this.counts];
  }
}

/** A fresh, empty accumulator for an aggregate. */
export function createAccumulator(spec: AggregateSpec): Accumulator {
  switch (spec.kind) {
    case 'count':
      return new CountAcc();
    case 'checked':
      return new CheckedAcc();
    case 'sum':
      return new SumAcc(false);
    case 'mean':
      return new SumAcc(true);
    case 'min':
      return new ExtremeAcc<number>((a, b) => a - b, isNumber);
    case 'max':
      return new ExtremeAcc<number>((a, b) => b - a, isNumber);
    case 'earliest':
      return new ExtremeAcc<string>(earlier, isString);
    case 'latest':
      return new ExtremeAcc<string>((a, b) => earlier(b, a), isString);
    case 'distinct':
      return new ValueCountsAcc(false);
    case 'distribution':
      return new ValueCountsAcc(true);
    case 'histogram':
      return new HistogramAcc(spec.bins ?? []);
  }
}
