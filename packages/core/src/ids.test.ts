import { describe, expect, it } from 'vitest';
import { assertId, isId, newId, ID_LENGTH } from './ids';
import { isMusterError } from './errors';

describe('ids', () => {
  it('are 16 URL-safe characters and distinct', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = newId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(10_000);
    expect(ID_LENGTH * 6).toBeGreaterThanOrEqual(96);
  });

  it('use every symbol of the alphabet roughly evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const c of newId()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(64);
    // 64,000 symbols / 64 = 1000 each; a biased generator would be far outside this band.
    for (const n of counts.values()) expect(n).toBeGreaterThan(800);
  });

  it('rejects malformed ids with a typed error naming the value', () => {
    for (const bad of [
      '',
      'short',
      'a'.repeat(33),
      'has space xxxxxxxx',
      'x/y0123456789abcdef',
      42,
      null,
    ]) {
      expect(isId(bad)).toBe(false);
      try {
        assertId(bad, 'table id');
        expect.unreachable();
      } catch (e) {
        expect(isMusterError(e, 'InvalidId')).toBe(true);
        expect((e as Error).message).toContain('table id');
      }
    }
    expect(isId('a'.repeat(32))).toBe(true);
  });
});
