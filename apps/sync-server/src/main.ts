/**
 * Process entry: read the environment once, start the relay, shut down gracefully on SIGTERM and
 * SIGINT. `pnpm --filter @muster/sync-server start` runs this.
 */
import { readConfig } from './config';
import { projectorSetup } from './projector/index';
import { createSyncServer } from './server';

const config = readConfig(process.env);
const projector = projectorSetup(config, process.env);
const server = createSyncServer(config, projector);
await server.listen();
await projector.start(server);

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
