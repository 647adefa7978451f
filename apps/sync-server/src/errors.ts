/**
 * WebSocket close codes the relay uses. 4000–4999 are private-use (RFC 6455); following the
 * stock `y-websocket` client's convention, 44xx means "reconnecting cannot fix this" (the stock
 * client stops) and 45xx means "try again later" (the stock client backs off and retries).
 */
export const CloseCode = {
  /** Server shutting down (SIGTERM) or restarting; reconnect later. */
  GoingAway: 1001,
  /** Malformed frame, invalid Yjs update or awareness update, or unknown message type. */
  BadMessage: 4400,
  /** Token missing, expired, forged or with malformed claims. */
  Unauthenticated: 4401,
  /** Valid token, but the room is outside its workspace, role or `rooms` list. */
  Forbidden: 4403,
  /** The URL path is not a valid room name. */
  InvalidRoomName: 4404,
  /** Accepting the update would grow the room past `MUSTER_SYNC_MAX_ROOM_BYTES`. */
  RoomTooLarge: 4409,
  /** A frame longer than `MUSTER_SYNC_MAX_FRAME_BYTES`. */
  FrameTooLarge: 4413,
  /** Storage failed; nothing from the failed batch was relayed. Retry later. */
  InternalError: 4500,
  /** Too many rooms loaded (`MUSTER_SYNC_MAX_ROOMS`); retry later. */
  Overloaded: 4503,
  /** Connection limit per token or IP, or message rate per connection exceeded; retry later. */
  RateLimited: 4529,
} as const;

/** One of the {@link CloseCode} values. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Why a frame was rejected; the label of `muster_sync_rejected_frames_total`. */
export const RejectReason = {
  /** Frame could not be decoded as a y-websocket message, or had trailing bytes. */
  malformed: 'malformed',
  /** A sync/update message whose Yjs update or state vector does not decode. */
  invalidUpdate: 'invalid_update',
  /** An awareness message that does not decode. */
  invalidAwareness: 'invalid_awareness',
  /** A message type the relay does not accept from clients. */
  unknownType: 'unknown_type',
  /** Frame over the size limit. */
  tooLarge: 'too_large',
  /** Message rate over the per-connection limit. */
  rateLimited: 'rate_limited',
  /** Update that would make the room too large. */
  roomTooLarge: 'room_too_large',
  /** Document update from a read-only connection (dropped, connection stays open). */
  readOnly: 'read_only',
  /** Binary frame expected, got text. */
  notBinary: 'not_binary',
  /** An update an extension refused (e.g. a respondent writing its own receipt). */
  forbiddenChange: 'forbidden_change',
} as const;

/** One of the {@link RejectReason} values. */
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/**
 * A refusal the relay turns into a close frame: `code` is the close code, `message` the reason
 * sent to the client (kept under the 123-byte limit of close reasons).
 */
export class SyncServerError extends Error {
  readonly code: CloseCode;
  readonly reject: RejectReason | undefined;

  constructor(code: CloseCode, message: string, reject?: RejectReason) {
    super(message);
    this.name = `SyncServerError(${code})`;
    this.code = code;
    this.reject = reject;
  }
}

/** True when `e` is a {@link SyncServerError}. */
export function isSyncServerError(e: unknown): e is SyncServerError {
  return e instanceof SyncServerError;
}

/** Close reasons must fit in 123 bytes of UTF-8; cut longer ones. */
export function closeReason(message: string): string {
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.length <= 123) return message;
  return (
    bytes
      .subarray(0, 120)
      .toString('utf8')
      .replace(/\uFFFD$/, '') + '…'
  );
}
