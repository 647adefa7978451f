/**
 * Process entry: read the environment once, start the relay, shut down gracefully on SIGTERM and
 * SIGINT. `pnpm --filter @muster/sync-server start` runs this.
 */
import { readConfig } from './config';
import { createSyncServer } from './server';

const config = readConfig(process.env);
const server = createSyncServer(config);
await server.listen();

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  });
}
