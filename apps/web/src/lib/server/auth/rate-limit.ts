/** Outcome of asking whether a key may try again. */
export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface FailureLimiterOptions {
  /** Failures allowed within `windowMs`; the next attempt is refused. */
  maxFailures: number;
  /** Length of the window, counted from the first failure in it. */
  windowMs: number;
  /** Keys remembered at most; the oldest are forgotten first so memory stays bounded. */
  maxKeys?: number;
}

interface Entry {
  failures: number;
  windowStart: number;
}

/**
 * Counts failures per key (an account's email, a client IP) in fixed windows. Kept in memory: one
 * web process per data dir in the embedded setup; a shared store is the scale-out issue's job.
 *
 * @example
 * const perAccount = new FailureLimiter({ maxFailures: 5, windowMs: 15 * 60_000 });
 * if (!perAccount.check(email).allowed) return tooMany();
 */
export class FailureLimiter {
  readonly #entries = new Map<string, Entry>();
  readonly #options: Required<FailureLimiterOptions>;

  constructor(options: FailureLimiterOptions) {
    this.#options = { maxKeys: 100_000, ...options };
  }

  /** May `key` try now? */
  check(key: string, now = Date.now()): Verdict {
    const entry = this.#live(key, now);
    if (!entry || entry.failures < this.#options.maxFailures) return { allowed: true };
    return { allowed: false, retryAfterMs: entry.windowStart + this.#options.windowMs - now };
  }

  /** Count one failure of `key`. */
  fail(key: string, now = Date.now()): void {
    const entry = this.#live(key, now);
    if (entry) {
      entry.failures += 1;
      return;
    }
    if (this.#entries.size >= this.#options.maxKeys) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { failures: 1, windowStart: now });
  }

  /** Forget `key` (after a successful sign-in to the account). */
  reset(key: string): void {
    this.#entries.delete(key);
  }

  #live(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && now - entry.windowStart >= this.#options.windowMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
