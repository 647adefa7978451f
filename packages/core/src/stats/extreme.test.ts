import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/network';
import { Extreme } from './extreme';

const smallest = (values: readonly number[]) => (values.length === 0 ? null : Math.min(...values));

describe('Extreme', () => {
  it('answers the minimum of what is present through adds, deletes, merges and reads in any mix', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = seededRandom(seed);
      // Few distinct values, so deletions often hit values still present several times.
      const value = () => Math.floor(rand() * (seed % 2 === 0 ? 8 : 1000));
      const extreme = new Extreme<number>((a, b) => a - b);
      const present: number[] = [];
      for (let step = 0; step < 600; step++) {
        const r = rand();
        if (r < 0.45 || present.length === 0) {
          const v = value();
          const times = rand() < 0.2 ? 3 : 1;
          extreme.add(v, times);
          for (let i = 0; i < times; i++) present.push(v);
        } else if (r < 0.85) {
          const v = present.splice(Math.floor(rand() * present.length), 1)[0] as number;
          extreme.add(v, -1);
        } else if (r < 0.9) {
          const other = new Extreme<number>((a, b) => a - b);
          const added = [value(), value(), value()];
          for (const v of added) other.add(v, 1);
          other.add(added[0] as number, -1);
          other.top();
          extreme.addAll(other);
          present.push(...added.slice(1));
        }
        // Reads are rare in a run of updates (deletions pile up unread) and frequent in others.
        if (rand() < (seed % 3 === 0 ? 0.05 : 0.6)) expect(extreme.top()).toBe(smallest(present));
      }
      expect(extreme.top()).toBe(smallest(present));
    }
  });

  it('keeps memory near the number of values present when values come and go unread', () => {
    const extreme = new Extreme<number>((a, b) => b - a);
    for (let i = 0; i < 10; i++) extreme.add(i, 1);
    for (let i = 10; i < 100_000; i++) {
      extreme.add(i, 1);
      extreme.add(i - 10, -1);
    }
    expect(extreme.top()).toBe(99_999);
    expect(extreme.size).toBeLessThan(100);
  });

  it('answers after a read-only bulk load, after deleting everything it held, and after adding again', () => {
    const extreme = new Extreme<number>((a, b) => b - a);
    for (let i = 0; i < 100; i++) extreme.add(i, 1);
    expect(extreme.top()).toBe(99);
    extreme.add(200, 1);
    expect(extreme.top()).toBe(200);
    // Deleting all of them compacts the (empty) rest: no answer may survive from before.
    for (let i = 0; i < 100; i++) extreme.add(i, -1);
    extreme.add(200, -1);
    expect(extreme.top()).toBe(null);
    for (let i = 0; i < 50; i++) extreme.add(i, 1);
    expect(extreme.top()).toBe(49);
    extreme.add(49, -1);
    expect(extreme.top()).toBe(48);
  });
});
