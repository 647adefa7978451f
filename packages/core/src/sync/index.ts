/**
 * @muster/core/sync — the client side of the relay: a connect helper around the stock
 * `y-websocket` provider. A separate entry so the main core entry stays free of networking.
 */
export { connectRoom, describeStatus } from './connect-room';
export type { ConnectRoomOptions, RoomConnection, SyncStatus } from './connect-room';
export { jitteredDelay } from './backoff';
export type { BackoffOptions } from './backoff';
export { tokenExpiresAt } from './token-expiry';
