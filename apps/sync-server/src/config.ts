import * as v from 'valibot';
import type { SqliteDurability } from './storage/sqlite-storage';

/**
 * Everything the relay can be told, read once at start and passed in. Defaults fit one office of
 * 2,000 staff behind a single NAT address: each person may hold a handful of rooms open in a few
 * tabs, all from the same IP.
 */
export interface SyncServerConfig {
  /** TCP port; 0 picks a free one. Env `MUSTER_SYNC_PORT`, default 1234. */
  port: number;
  /** Interface to bind. Env `MUSTER_SYNC_HOST`, default `0.0.0.0`. */
  host: string;
  /** Directory of `muster.db` (and the generated `secret`). Env `MUSTER_DATA_DIR`, default `./data`. */
  dataDir: string;
  /** HS256 secret for tokens. Env `MUSTER_SECRET`; generated into `<dataDir>/secret` if unset. */
  secret: string | undefined;
  /** Largest accepted frame. Env `MUSTER_SYNC_MAX_FRAME_BYTES`, default 8 MiB. */
  maxFrameBytes: number;
  /** Largest stored room (snapshot + log). Env `MUSTER_SYNC_MAX_ROOM_BYTES`, default 64 MiB. */
  maxRoomBytes: number;
  /** Open connections per token. Env `MUSTER_SYNC_MAX_CONN_PER_TOKEN`, default 64. */
  maxConnectionsPerToken: number;
  /** Open connections per client IP. Env `MUSTER_SYNC_MAX_CONN_PER_IP`, default 20000. */
  maxConnectionsPerIp: number;
  /** Sustained messages per second per connection. Env `MUSTER_SYNC_MSG_RATE`, default 100. */
  messageRate: number;
  /** Messages a connection may send at once above the rate. Env `MUSTER_SYNC_MSG_BURST`, default 1000. */
  messageBurst: number;
  /** Rooms held in memory at once. Env `MUSTER_SYNC_MAX_ROOMS`, default 20000. */
  maxRoomsLoaded: number;
  /** How long an empty room stays loaded. Env `MUSTER_SYNC_UNLOAD_GRACE_MS`, default 30000. */
  unloadGraceMs: number;
  /** Group-commit window: updates arriving within it share one transaction. Env `MUSTER_SYNC_COMMIT_WINDOW_MS`, default 0 (batch what arrives while a commit is in flight). */
  commitWindowMs: number;
  /** Compact a room once its log holds this many updates. Env `MUSTER_SYNC_COMPACT_AFTER`, default 500. */
  compactAfterUpdates: number;
  /**
   * How SQLite commits reach the disk. Env `MUSTER_SQLITE_SYNCHRONOUS`:
   * - `mixed` (default): every update is in the WAL (safe from a process crash or kill -9)
   *   before it is relayed, and flushed to disk right after, off the event loop; what the server
   *   writes itself (receipts, projected rows) is flushed before anyone sees it. A power loss can
   *   only take client updates of the last moment, which their senders still hold and send again.
   * - `full`: every commit is fsynced before it is relayed (synchronous=FULL).
   * - `normal`: synchronous=NORMAL alone: a power loss may take the last commits.
   * `MUSTER_SYNC_SQLITE_SYNC` (FULL/NORMAL) is the older name. See {@link SqliteDurability}.
   */
  sqliteSynchronous: SqliteDurability;
  /**
   * `mixed`: client commits are flushed to disk within this many milliseconds, several sharing
   * one fsync. Env `MUSTER_SQLITE_FLUSH_MS`, default 20.
   */
  sqliteFlushMs: number;
  /**
   * `full` and `normal`: where commits run. Env `MUSTER_SQLITE_WRITER`: `thread` (default for
   * `full`) on a writer thread, so the event loop keeps serving while the disk fsyncs, or `inline`
   * (default for `normal`: without an fsync, two thread hops cost more than the append).
   */
  sqliteWriter: 'inline' | 'thread';
  /** pino level. Env `MUSTER_LOG_LEVEL`, default `info`. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL for room logs and snapshots instead of SQLite. Env `MUSTER_DATABASE_URL`, unset by default. */
  databaseUrl: string | undefined;
  /** Schema for Muster's tables in that database. Env `MUSTER_DATABASE_SCHEMA`, default `muster`. */
  databaseSchema: string;
  /** Redis for fan-out between relay processes (needs `databaseUrl`). Env `MUSTER_REDIS_URL`. */
  redisUrl: string | undefined;
  /** Prefix of the fan-out channels. Env `MUSTER_REDIS_PREFIX`, default `muster:`. */
  redisPrefix: string;
}

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.minValue(min),
    v.maxValue(max),
  );

const EnvSchema = v.object({
  MUSTER_SYNC_PORT: v.optional(int(0, 65535), '1234'),
  MUSTER_SYNC_HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '0.0.0.0'),
  MUSTER_DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), './data'),
  MUSTER_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 characters'))),
  MUSTER_SYNC_MAX_FRAME_BYTES: v.optional(int(1024), String(8 * 1024 * 1024)),
  MUSTER_SYNC_MAX_ROOM_BYTES: v.optional(int(1024), String(64 * 1024 * 1024)),
  MUSTER_SYNC_MAX_CONN_PER_TOKEN: v.optional(int(1), '64'),
  MUSTER_SYNC_MAX_CONN_PER_IP: v.optional(int(1), '20000'),
  MUSTER_SYNC_MSG_RATE: v.optional(int(1), '100'),
  MUSTER_SYNC_MSG_BURST: v.optional(int(1), '1000'),
  MUSTER_SYNC_MAX_ROOMS: v.optional(int(1), '20000'),
  MUSTER_SYNC_UNLOAD_GRACE_MS: v.optional(int(0), '30000'),
  MUSTER_SYNC_COMMIT_WINDOW_MS: v.optional(int(0, 1000), '0'),
  MUSTER_SYNC_COMPACT_AFTER: v.optional(int(2), '500'),
  MUSTER_SQLITE_SYNCHRONOUS: v.optional(
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.picklist(['mixed', 'full', 'normal'], 'must be mixed, full or normal'),
    ),
  ),
  MUSTER_SYNC_SQLITE_SYNC: v.optional(v.picklist(['FULL', 'NORMAL'])),
  MUSTER_SQLITE_FLUSH_MS: v.optional(int(0, 1000), '20'),
  MUSTER_SQLITE_WRITER: v.optional(
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.picklist(['inline', 'thread'], 'must be inline or thread'),
    ),
  ),
  MUSTER_LOG_LEVEL: v.optional(
    v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    'info',
  ),
  MUSTER_DATABASE_URL: v.optional(
    v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'must start with postgres://')),
  ),
  MUSTER_DATABASE_SCHEMA: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')),
    'muster',
  ),
  MUSTER_REDIS_URL: v.optional(
    v.pipe(v.string(), v.regex(/^rediss?:\/\//, 'must start with redis://')),
  ),
  MUSTER_REDIS_PREFIX: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64)), 'muster:'),
});

/** The defaults, for programmatic use (`{ ...defaultConfig(), port: 0, dataDir }`). */
export function defaultConfig(): SyncServerConfig {
  return readConfig({});
}

/**
 * Read and validate the configuration from environment variables.
 *
 * @throws Error naming every bad variable and what it must be.
 * @example
 * const config = readConfig(process.env);
 */
export function readConfig(env: Record<string, string | undefined>): SyncServerConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.entries)) {
    const value = env[key];
    // An empty variable means "unset", as shells make it easy to export FOO= by accident.
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const result = v.safeParse(EnvSchema, picked);
  if (!result.success) {
    const problems = result.issues.map((i) => `${v.getDotPath(i) ?? '?'} ${i.message}`);
    throw new Error(`Invalid sync-server configuration: ${problems.join('; ')}`);
  }
  const e = result.output;
  if (e.MUSTER_REDIS_URL !== undefined && e.MUSTER_DATABASE_URL === undefined) {
    // Each process's own SQLite file would hold only its own clients' updates.
    throw new Error(
      'Invalid sync-server configuration: MUSTER_REDIS_URL needs MUSTER_DATABASE_URL (several processes must share one database).',
    );
  }
  const sqliteSynchronous: SqliteDurability =
    e.MUSTER_SQLITE_SYNCHRONOUS === undefined
      ? (e.MUSTER_SYNC_SQLITE_SYNC ?? 'MIXED')
      : (e.MUSTER_SQLITE_SYNCHRONOUS.toUpperCase() as SqliteDurability);
  return {
    port: e.MUSTER_SYNC_PORT,
    host: e.MUSTER_SYNC_HOST,
    dataDir: e.MUSTER_DATA_DIR,
    secret: e.MUSTER_SECRET,
    maxFrameBytes: e.MUSTER_SYNC_MAX_FRAME_BYTES,
    maxRoomBytes: e.MUSTER_SYNC_MAX_ROOM_BYTES,
    maxConnectionsPerToken: e.MUSTER_SYNC_MAX_CONN_PER_TOKEN,
    maxConnectionsPerIp: e.MUSTER_SYNC_MAX_CONN_PER_IP,
    messageRate: e.MUSTER_SYNC_MSG_RATE,
    messageBurst: e.MUSTER_SYNC_MSG_BURST,
    maxRoomsLoaded: e.MUSTER_SYNC_MAX_ROOMS,
    unloadGraceMs: e.MUSTER_SYNC_UNLOAD_GRACE_MS,
    databaseUrl: e.MUSTER_DATABASE_URL,
    databaseSchema: e.MUSTER_DATABASE_SCHEMA,
    redisUrl: e.MUSTER_REDIS_URL,
    redisPrefix: e.MUSTER_REDIS_PREFIX,
    commitWindowMs: e.MUSTER_SYNC_COMMIT_WINDOW_MS,
    compactAfterUpdates: e.MUSTER_SYNC_COMPACT_AFTER,
    sqliteSynchronous,
    sqliteFlushMs: e.MUSTER_SQLITE_FLUSH_MS,
    sqliteWriter: e.MUSTER_SQLITE_WRITER ?? (sqliteSynchronous === 'FULL' ? 'thread' : 'inline'),
    logLevel: e.MUSTER_LOG_LEVEL,
  };
}
