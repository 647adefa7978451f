/**
 * Process entry: read the environment once, start the relay, shut down gracefully on SIGTERM and
 * SIGINT. `pnpm --filter @muster/sync-server start` runs this.
 */
import { readConfig } from './config';
import { createRedisFanout } from './fanout/redis-fanout';
import { projectorSetup } from './projector/index';
import { databaseFile } from './secret';
import { createSyncServer } from './server';
import { openPostgresStorage } from './storage/postgres-storage';
import { openSqliteStorage } from './storage/sqlite-storage';

const config = readConfig(process.env);
// Scale-out: PostgreSQL holds every process's log; Redis carries updates between processes.
const storage = config.databaseUrl
  ? await openPostgresStorage({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
    })
  : openSqliteStorage(databaseFile(config.dataDir), {
      synchronous: config.sqliteSynchronous,
      writerThread: config.sqliteWriter === 'thread',
      flushDelayMs: config.sqliteFlushMs,
    });
const fanout = config.redisUrl
  ? await createRedisFanout({ url: config.redisUrl, prefix: config.redisPrefix })
  : undefined;
const projector = await projectorSetup(config, process.env, storage);
const server = createSyncServer(config, { extensions: projector.extensions, storage, fanout });
await server.listen();
await projector.start(server);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // The projector first: it releases its leases, so another process can take its forms at once.
    Promise.race([projector.stop(), new Promise((r) => setTimeout(r, 5000))])
      .then(() => server.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`shutdown failed: ${String(err)}\n`);
          process.exit(1);
        },
      );
  });
}
