import { isAbsolute, resolve } from 'node:path';

/** Everything the web app can be told, read once at start (in `hooks.server.ts`) and passed in. */
export interface WebConfig {
  /** Directory of `muster.db` and the relay's `secret`, shared with the sync server. Env `MUSTER_DATA_DIR`, default `./data`. */
  dataDir: string;
  /** HS256 secret for relay tokens. Env `MUSTER_SECRET`; otherwise `<dataDir>/secret`. */
  secret: string | undefined;
  /** WebSocket URL of the relay given to browsers. Env `MUSTER_SYNC_URL`, default `ws://<host>:<MUSTER_SYNC_PORT or 1234>`. */
  syncUrl: string | undefined;
  /** Default relay port when `MUSTER_SYNC_URL` is unset. Env `MUSTER_SYNC_PORT`. */
  syncPort: number;
  /**
   * The relay's HTTP address as the web server reaches it, for closing a removed member's
   * connections. Env `MUSTER_SYNC_ADMIN_URL`; default `MUSTER_SYNC_URL` with http(s), else
   * `http://127.0.0.1:<MUSTER_SYNC_PORT>`.
   */
  syncAdminUrl: string;
  /** Accounts and sessions in PostgreSQL instead of `muster.db`. Env `MUSTER_DATABASE_URL`. */
  databaseUrl: string | undefined;
  /** Schema of those tables (shared with the relay). Env `MUSTER_DATABASE_SCHEMA`, default `muster`. */
  databaseSchema: string;
}

/** Thrown for configuration that cannot work; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Read and validate the configuration.
 *
 * @example
 * const config = readWebConfig(process.env);
 */
export function readWebConfig(env: Record<string, string | undefined>): WebConfig {
  const dir = env.MUSTER_DATA_DIR || './data';
  const secret = env.MUSTER_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('MUSTER_SECRET must be at least 32 characters.');
  }
  const portText = env.MUSTER_SYNC_PORT || '1234';
  const syncPort = Number(portText);
  if (!/^\d+$/.test(portText) || syncPort > 65535) {
    throw new ConfigError(`MUSTER_SYNC_PORT must be a port number, got "${portText}".`);
  }
  const syncUrl = env.MUSTER_SYNC_URL || undefined;
  if (syncUrl !== undefined && !/^wss?:\/\/[^\s]+$/.test(syncUrl)) {
    throw new ConfigError(`MUSTER_SYNC_URL must start with ws:// or wss://, got "${syncUrl}".`);
  }
  const adminUrl = env.MUSTER_SYNC_ADMIN_URL || undefined;
  // A comma-separated list with several relay processes: removals must reach every one.
  if (
    adminUrl !== undefined &&
    !adminUrl.split(',').every((u) => /^https?:\/\/[^\s,]+$/.test(u.trim()))
  ) {
    throw new ConfigError(
      `MUSTER_SYNC_ADMIN_URL must be http(s):// URLs separated by commas, got "${adminUrl}".`,
    );
  }
  const syncAdminUrl = (
    adminUrl ?? (syncUrl ? syncUrl.replace(/^ws/, 'http') : `http://127.0.0.1:${syncPort}`)
  ).replace(/\/+$/, '');
  const databaseUrl = env.MUSTER_DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('MUSTER_DATABASE_URL must start with postgres://.');
  }
  const databaseSchema = env.MUSTER_DATABASE_SCHEMA || 'muster';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError(
      `MUSTER_DATABASE_SCHEMA must be a lower-case SQL identifier, got "${databaseSchema}".`,
    );
  }
  return {
    dataDir: isAbsolute(dir) ? dir : resolve(dir),
    databaseUrl,
    databaseSchema,
    secret,
    syncUrl,
    syncPort,
    syncAdminUrl,
  };
}
