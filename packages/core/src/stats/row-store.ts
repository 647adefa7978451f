import type { CellValue } from '../table/column-types';

/**
 * The cells a spec reads, for every row, converted to their columns' types: one flat array,
 * `width` slots per row, so that 100,000 rows are one allocation instead of 100,000 arrays for
 * the garbage collector to copy. A row's cells are at `offset … offset + width − 1`; rows are
 * numbered by id, and a deleted row's number is reused.
 */
export class RowStore {
  readonly cells: CellValue[] = [];
  private readonly numbers = new Map<string, number>();
  private readonly free: number[] = [];
  private next = 0;

  constructor(readonly width: number) {}

  /** The row's number, or undefined for a row not stored. */
  numberOf(id: string): number | undefined {
    return this.numbers.get(id);
  }

  /** Where a stored row's cells start, or −1 for a row not stored. */
  offsetOf(id: string): number {
    const n = this.numbers.get(id);
    return n === undefined ? -1 : n * this.width;
  }

  /** Store a new row and return its number; its cells are to be written by the caller. */
  add(id: string): number {
    let n = this.free.pop();
    if (n === undefined) {
      n = this.next++;
      for (let i = 0; i < this.width; i++) this.cells.push(null);
    }
    this.numbers.set(id, n);
    return n;
  }

  /** Forget a row (its cells are cleared so they hold no values alive). */
  remove(id: string): void {
    const n = this.numbers.get(id);
    if (n === undefined) return;
    this.numbers.delete(id);
    this.cells.fill(null, n * this.width, (n + 1) * this.width);
    this.free.push(n);
  }
}
