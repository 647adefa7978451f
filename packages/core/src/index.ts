/**
 * @muster/core — the Yjs data model every other package builds on. Runs in browsers and Node.
 * This file is the public API: everything exported is listed by name.
 */
export { ErrorCode, MusterError, isMusterError, unexpectedCase } from './errors';
export type { Result } from './errors';
export { ID_LENGTH, ID_PATTERN_SOURCE, assertId, isId, newId } from './ids';
export { MAX_ROOM_NAME_LENGTH, RoomKind, roomName } from './room-name';
export type { Room } from './room-name';
