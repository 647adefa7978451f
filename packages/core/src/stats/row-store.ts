import type { CellValue } from '../table/column-types';

/**
 * Rows per chunk, as a power of two: a chunk of 10 slots per row stays a small, regular heap
 * object, and finding a row's chunk is a shift instead of a division (it runs for every row of
 * every pass of a build).
 */
const CHUNK_BITS = 10;
const CHUNK_ROWS = 1 << CHUNK_BITS;

/**
 * The cells a spec reads, for every row, converted to their columns' types: `width` slots per
 * row in fixed-size chunks, so that 100,000 rows are about a hundred allocations instead of
 * 100,000 arrays for the garbage collector to copy, and growing never copies what is stored.
 * Rows are numbered by id (a deleted row's number is reused); row `n`'s cells are
 * `chunk(n)[offset(n) … offset(n) + width − 1]`.
 */
export class RowStore {
  private readonly chunks: CellValue[][] = [];
  private readonly numbers = new Map<string, number>();
  private readonly free: number[] = [];
  private next = 0;

  constructor(readonly width: number) {}

  /** One more than the highest row number in use. */
  get count(): number {
    return this.next;
  }

  /** The row's number, or undefined for a row not stored. */
  numberOf(id: string): number | undefined {
    return this.numbers.get(id);
  }

  /** The chunk holding row `n`'s cells. */
  chunk(n: number): CellValue[] {
    return this.chunks[n >>> CHUNK_BITS] as CellValue[];
  }

  /** Where row `n`'s cells start in its chunk. */
  offset(n: number): number {
    return (n & (CHUNK_ROWS - 1)) * this.width;
  }

  /** Store a new row and return its number; its cells are to be written by the caller. */
  add(id: string): number {
    let n = this.free.pop();
    if (n === undefined) {
      n = this.next++;
      if (n % CHUNK_ROWS === 0)
        this.chunks.push(new Array<CellValue>(CHUNK_ROWS * this.width).fill(null));
    }
    this.numbers.set(id, n);
    return n;
  }

  /** Forget a row (its cells are cleared so they hold no values alive). */
  remove(id: string): void {
    const n = this.numbers.get(id);
    if (n === undefined) return;
    this.numbers.delete(id);
    const at = this.offset(n);
    this.chunk(n).fill(null, at, at + this.width);
    this.free.push(n);
  }
}
