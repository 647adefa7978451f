/**
 * @muster/sync-server — the y-websocket relay every Muster client syncs through: token auth and
 * roles, durable SQLite persistence with group commit, limits, metrics. This file is the public
 * API; see ARCHITECTURE.md for the pipeline and the extension interface.
 */
export { createSyncServer } from './server';
export type { SyncServer, SyncServerOptions } from './server';
export { defaultConfig, readConfig } from './config';
export type { SyncServerConfig } from './config';
export { CloseCode, RejectReason, SyncServerError, isSyncServerError } from './errors';
export { authorize, secretKey, signToken, verifyToken } from './auth';
export { ADMIN_AUDIENCE, DISCONNECT_PATH, DisconnectReason, signDisconnect } from './admin';
export type { Access, TokenClaims } from './auth';
export type { HeldRoom, RoomHandle, SyncExtension, UpdateOrigin } from './extensions';
export { openSqliteStorage } from './storage/sqlite-storage';
export type { SqliteDurability, SqliteStorageOptions } from './storage/sqlite-storage';
export type {
  AppendItem,
  DurabilityStats,
  RoomInfo,
  RoomStorage,
  StoredRoom,
} from './storage/storage';
export { compactStoredRoom, exportStoredRoom } from './compactor';
export { databaseFile, resolveSecret } from './secret';
