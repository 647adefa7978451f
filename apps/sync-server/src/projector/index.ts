import * as Y from 'yjs';
import { pino } from 'pino';
import type { SyncServerConfig } from '../config';
import type { SyncExtension } from '../extensions';
import type { SyncServer } from '../server';
import type { RoomStorage } from '../storage/storage';
import { readProjectorConfig } from './config';
import { localCoordinator, type ProjectionCoordinator } from './coordination';
import { openPostgresCoordinator } from './postgres-coordinator';
import { createProjector } from './projector';

export { createProjector } from './projector';
export type { Projector, ProjectorHost, ProjectorOptions } from './projector';
export { readProjectorConfig } from './config';
export type { ProjectorConfig } from './config';
export { openLedger } from './ledger';
export type { DurableLedger } from './ledger';
export { localCoordinator, LeaseLostError } from './coordination';
export type { LedgerEntry, PendingRoom, ProjectionCoordinator } from './coordination';
export { openPostgresCoordinator } from './postgres-coordinator';

/**
 * Everything the process entry needs to run the relay with the projector: the extensions to pass
 * to `createSyncServer`, `start`, to call once the server listens, and `stop` for shutdown.
 * `storage` is the relay's own, so the projector reads durable state and lists stored rooms.
 * With `MUSTER_DATABASE_URL` the leases, pending marks and ledger live in PostgreSQL, shared by
 * every relay process; otherwise in `<dataDir>/projector.db`.
 */
export async function projectorSetup(
  config: SyncServerConfig,
  env: Record<string, string | undefined>,
  storage: RoomStorage,
): Promise<{
  extensions: SyncExtension[];
  start(server: SyncServer): Promise<void>;
  stop(): Promise<void>;
}> {
  const pc = readProjectorConfig(env, config.dataDir);
  if (!pc.enabled) return { extensions: [], start: async () => {}, stop: async () => {} };
  const coordinator: ProjectionCoordinator = config.databaseUrl
    ? await openPostgresCoordinator({
        connectionString: config.databaseUrl,
        schema: config.databaseSchema,
        leaseMs: pc.leaseMs,
      })
    : localCoordinator(pc.ledgerFile);
  const projector = createProjector({
    coordinator,
    logger: pino({ level: config.logLevel }).child({ ext: 'projector' }),
    lateGraceMs: pc.lateGraceMs,
    sweepMs: pc.sweepMs,
    leaseMs: pc.leaseMs,
  });
  return {
    extensions: [projector.extension],
    start: (server) =>
      projector.start({
        openRoom: (name) => server.openRoom(name),
        listRooms: () => storage.listRooms(),
        async loadStored(room) {
          const stored = await storage.loadRoom(room);
          const parts = stored.updates.map((u) => u.update);
          if (stored.snapshot) parts.unshift(stored.snapshot);
          return {
            state: parts.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(parts),
            lastSeq: stored.lastSeq,
          };
        },
      }),
    stop: () => projector.stop(),
  };
}
