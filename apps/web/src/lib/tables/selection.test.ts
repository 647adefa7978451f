import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clamp, contains, move, rangeOf, single, tab, type Bounds } from './selection';

const b: Bounds = { rows: 5, cols: 3 };

describe('selection', () => {
  it('moves with arrows and stops at the edges', () => {
    expect(move(single(0, 0), 0, -1, b)).toEqual(single(0, 0));
    expect(move(single(0, 0), 1, 0, b)).toEqual(single(1, 0));
    expect(move(single(4, 2), 1, 1, b)).toEqual(single(4, 2));
  });

  it('extends a range with Shift and keeps the anchor', () => {
    let s = single(1, 1);
    s = move(s, 1, 0, b, { extend: true });
    s = move(s, 0, 1, b, { extend: true });
    expect(rangeOf(s)).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
    expect(contains(s, 2, 2)).toBe(true);
    expect(contains(s, 0, 1)).toBe(false);
    // Going back past the anchor flips the range.
    s = move(s, -2, -2, b, { extend: true });
    expect(rangeOf(s)).toEqual({ top: 0, left: 0, bottom: 1, right: 1 });
    expect(s.anchor).toEqual({ row: 1, col: 1 });
  });

  it('jumps to the edge with Ctrl', () => {
    expect(move(single(2, 1), 1, 0, b, { jump: true })).toEqual(single(4, 1));
    expect(move(single(2, 1), 0, -1, b, { jump: true, extend: true })).toEqual({
      anchor: { row: 2, col: 1 },
      focus: { row: 2, col: 0 },
    });
  });

  it('tabs along the row and wraps', () => {
    expect(tab(single(0, 2), b)).toEqual(single(1, 0));
    expect(tab(single(1, 0), b, true)).toEqual(single(0, 2));
    expect(tab(single(4, 2), b)).toEqual(single(4, 2));
    expect(tab(single(0, 0), b, true)).toEqual(single(0, 0));
  });

  it('clamps after the grid shrank', () => {
    expect(clamp({ anchor: { row: 9, col: 9 }, focus: { row: 1, col: 5 } }, b)).toEqual({
      anchor: { row: 4, col: 2 },
      focus: { row: 1, col: 2 },
    });
    expect(clamp(single(3, 3), { rows: 0, cols: 3 })).toEqual(single(0, 0));
  });

  it('never leaves the grid, whatever the keys', () => {
    const step = fc.record({
      dRow: fc.integer({ min: -3, max: 3 }),
      dCol: fc.integer({ min: -3, max: 3 }),
      extend: fc.boolean(),
      jump: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let s = single(0, 0);
        for (const k of steps) s = move(s, k.dRow, k.dCol, b, k);
        const r = rangeOf(s);
        expect(r.top).toBeGreaterThanOrEqual(0);
        expect(r.bottom).toBeLessThan(b.rows);
        expect(r.left).toBeGreaterThanOrEqual(0);
        expect(r.right).toBeLessThan(b.cols);
        expect(contains(s, s.focus.row, s.focus.col)).toBe(true);
      }),
    );
  });
});
