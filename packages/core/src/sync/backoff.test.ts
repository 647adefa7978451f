import { describe, expect, it } from 'vitest';
import { jitteredDelay } from './backoff';
import { tokenExpiresAt } from './token-expiry';

describe('jitteredDelay', () => {
  it('stays within 0..min(max, base·2ⁿ)', () => {
    expect(jitteredDelay(0, { baseMs: 100, maxMs: 1000 }, () => 0.999)).toBe(99);
    expect(jitteredDelay(3, { baseMs: 100, maxMs: 1000 }, () => 0.5)).toBe(400);
    expect(jitteredDelay(20, { baseMs: 100, maxMs: 1000 }, () => 0.999)).toBe(999);
    expect(jitteredDelay(5, {}, () => 0)).toBe(0);
  });

  it('spreads many clients over the window instead of one instant', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const delays = Array.from({ length: 1000 }, () =>
      jitteredDelay(4, { baseMs: 250, maxMs: 10_000 }, random),
    );
    const distinct = new Set(delays.map((d) => Math.floor(d / 100)));
    expect(distinct.size).toBeGreaterThan(30);
    expect(Math.max(...delays)).toBeLessThan(4000);
  });
});

describe('tokenExpiresAt', () => {
  it('reads exp from a JWT payload and returns null for garbage', () => {
    const payload = btoa(JSON.stringify({ sub: 'u', exp: 1800000000 }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(tokenExpiresAt(`h.${payload}.s`)).toBe(1800000000 * 1000);
    expect(tokenExpiresAt('nope')).toBeNull();
    expect(tokenExpiresAt('a.%%%.b')).toBeNull();
  });
});
