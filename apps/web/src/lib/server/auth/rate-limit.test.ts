import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit';

describe('FailureLimiter', () => {
  const windowMs = 60_000;

  it('allows up to maxFailures failures, then refuses with the time left', () => {
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs });
    for (let i = 0; i < 3; i++) {
      expect(limiter.check('k', 1000 + i).allowed).toBe(true);
      limiter.fail('k', 1000 + i);
    }
    expect(limiter.check('k', 2000)).toEqual({
      allowed: false,
      retryAfterMs: 1000 + windowMs - 2000,
    });
  });

  it('keeps keys apart', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs });
    limiter.fail('a', 0);
    expect(limiter.check('a', 1).allowed).toBe(false);
    expect(limiter.check('b', 1).allowed).toBe(true);
  });

  it('allows again once the window has passed', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs });
    limiter.fail('k', 0);
    expect(limiter.check('k', windowMs - 1).allowed).toBe(false);
    expect(limiter.check('k', windowMs).allowed).toBe(true);
    limiter.fail('k', windowMs);
    expect(limiter.check('k', windowMs + 1).allowed).toBe(false);
  });

  it('forgets a key on reset', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs });
    limiter.fail('k', 0);
    limiter.reset('k');
    expect(limiter.check('k', 1).allowed).toBe(true);
  });

  it('bounds memory by forgetting the oldest key', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs, maxKeys: 2 });
    limiter.fail('a', 0);
    limiter.fail('b', 0);
    limiter.fail('c', 0);
    expect(limiter.check('a', 1).allowed).toBe(true);
    expect(limiter.check('b', 1).allowed).toBe(false);
    expect(limiter.check('c', 1).allowed).toBe(false);
  });
});
