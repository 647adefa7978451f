import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../table/column-types';
import { readCell, type Column } from '../table/table';
import { cellReader } from './cells';

const column = (type: ColumnType): Column =>
  ({
    id: 'c000000000000000',
    name: 'c',
    type,
    options: [],
    position: 'a0',
    hidden: false,
  }) as Column;

const digit = fc.constantFrom(...'0123456789'.split(''));
const digitsOf = (n: number) =>
  fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
/** Strings shaped like date-times, mostly valid, with every field able to go out of range. */
const dateTimeLike = fc
  .tuple(
    fc.oneof(digitsOf(4), fc.constantFrom('2020', '2024', '1900', '2000', '0099', '0100', '9999')),
    fc.oneof(digitsOf(2), fc.constantFrom('01', '02', '12')),
    fc.oneof(digitsOf(2), fc.constantFrom('28', '29', '30', '31')),
    fc.oneof(digitsOf(2), fc.constantFrom('23', '24')),
    fc.oneof(digitsOf(2), fc.constantFrom('59', '60')),
    fc.oneof(digitsOf(2), fc.constantFrom('59', '60')),
    fc.constantFrom('', '.', '.5', '.50', '.500', '.5000', '.x'),
    fc.constantFrom('Z', 'z', '', 'Z '),
    fc.constantFrom('-', '/'),
    fc.constantFrom('T', ' '),
  )
  .map(
    ([y, mo, d, h, mi, s, frac, z, sep, t]) => `${y}${sep}${mo}-${d}${t}${h}:${mi}:${s}${frac}${z}`,
  );

describe('cell readers', () => {
  // The readers take shortcuts for values that are already valid; each must give exactly what
  // readCell gives, for valid and invalid input alike.
  it('read date-times exactly as readCell does', () => {
    const c = column('dateTime');
    const read = cellReader(c);
    fc.assert(
      fc.property(fc.oneof(dateTimeLike, fc.string()), (raw) => {
        expect(read(raw)).toEqual(readCell(c, raw));
      }),
      { numRuns: 5000, seed: 3 },
    );
  });

  it('read person and department ids exactly as readCell does', () => {
    const idLike = fc.string({
      unit: fc.constantFrom(...'aZ09-_.é 你'.split('')),
      minLength: 14,
      maxLength: 34,
    });
    for (const type of ['person', 'department'] as const) {
      const c = column(type);
      const read = cellReader(c);
      fc.assert(
        fc.property(fc.oneof(idLike, fc.string(), fc.integer()), (raw) => {
          expect(read(raw)).toEqual(readCell(c, raw));
        }),
        { numRuns: 3000, seed: 4 },
      );
    }
  });
});
