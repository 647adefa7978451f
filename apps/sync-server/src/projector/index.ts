import { pino } from 'pino';
import type { SyncServerConfig } from '../config';
import type { SyncExtension } from '../extensions';
import type { SyncServer } from '../server';
import type { RoomStorage } from '../storage/storage';
import { readProjectorConfig } from './config';
import { openLedger } from './ledger';
import { createProjector } from './projector';

export { createProjector } from './projector';
export type { Projector, ProjectorHost, ProjectorOptions } from './projector';
export { readProjectorConfig } from './config';
export type { ProjectorConfig } from './config';
export { openLedger } from './ledger';
export type { DurableLedger } from './ledger';

/**
 * Everything the process entry needs to run the relay with the projector: the extensions to pass
 * to `createSyncServer`, and `start`, to call once the server listens. `storage` is the relay's
 * own, so the projector can list stored rooms for its catch-up.
 */
export function projectorSetup(
  config: SyncServerConfig,
  env: Record<string, string | undefined>,
  storage: RoomStorage,
): {
  extensions: SyncExtension[];
  start(server: SyncServer): Promise<void>;
} {
  const pc = readProjectorConfig(env, config.dataDir);
  if (!pc.enabled) return { extensions: [], start: async () => {} };
  const projector = createProjector({
    ledger: openLedger(pc.ledgerFile),
    logger: pino({ level: config.logLevel }).child({ ext: 'projector' }),
    lateGraceMs: pc.lateGraceMs,
  });
  return {
    extensions: [projector.extension],
    start: (server) =>
      projector.start({
        openRoom: (name) => server.openRoom(name),
        listRooms: () => storage.listRooms(),
      }),
  };
}
