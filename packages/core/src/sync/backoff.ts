/** Reconnect back-off settings of {@link connectRoom}. */
export interface BackoffOptions {
  /** First ceiling in ms (doubles per failed attempt). Default 250. */
  baseMs?: number;
  /** Largest ceiling in ms. Default 10,000. */
  maxMs?: number;
}

/**
 * "Full jitter" back-off: a uniformly random delay between 0 and min(max, base·2ⁿ). After a
 * relay restart thousands of clients spread their reconnects over the window instead of all
 * returning at the same 100·2ⁿ ms step as the stock client does.
 */
export function jitteredDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
