/**
 * `pnpm --filter @muster/sync-server bench:compaction` — the event-loop block of compacting a
 * 10k- and a 100k-entry room log (also part of `pnpm bench:sync`). Runs each size three times.
 */
import { measureCompaction } from './compaction';

for (const n of [10_000, 100_000]) {
  for (let i = 0; i < 3; i++) {
    const r = await measureCompaction(n);
    console.log(
      `compaction of ${r.updates} updates: max event-loop delay ${r.maxEventLoopDelayMs} ms, p99 ${r.p99EventLoopDelayMs} ms, total ${r.totalMs} ms (idle control: max ${r.idleMaxEventLoopDelayMs} ms; longest main-thread slice ${r.mainThreadSliceMs} ms)`,
    );
  }
}
