import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode, RejectReason, SyncServerError } from './errors';

/** Top-level y-websocket message types (the stock client's numbering). */
export const MessageType = {
  /** Sync protocol: step 1, step 2, update. */
  sync: 0,
  /** Awareness update. */
  awareness: 1,
  /** Auth protocol (server → client only: "permission denied"). */
  auth: 2,
  /** Ask for everyone's awareness state. */
  queryAwareness: 3,
} as const;

/** A client frame after strict validation. */
export type ClientMessage =
  | { type: 'syncStep1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array; empty: boolean }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' };

function bad(reason: RejectReason, message: string): SyncServerError {
  return new SyncServerError(CloseCode.BadMessage, message, reason);
}

/**
 * Decode and validate one client frame completely before anything acts on it: the Yjs update or
 * state vector must decode, awareness entries must hold JSON, and no byte may be left over.
 *
 * @throws SyncServerError 4400 with the reject reason.
 */
export function parseClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  let message: ClientMessage;
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        message = { type: 'syncStep1', stateVector: checkStateVector(payload) };
      } else if (
        step === syncProtocol.messageYjsSyncStep2 ||
        step === syncProtocol.messageYjsUpdate
      ) {
        message = { type: 'update', update: payload, empty: checkUpdate(payload) };
      } else {
        throw bad(RejectReason.unknownType, `Unknown sync message type ${step}.`);
      }
    } else if (type === MessageType.awareness) {
      const payload = decoding.readVarUint8Array(decoder);
      checkAwareness(payload);
      message = { type: 'awareness', update: payload };
    } else if (type === MessageType.queryAwareness) {
      message = { type: 'queryAwareness' };
    } else {
      throw bad(RejectReason.unknownType, `Unknown message type ${type}.`);
    }
  } catch (e) {
    if (e instanceof SyncServerError) throw e;
    throw bad(RejectReason.malformed, 'Malformed frame.');
  }
  if (decoding.hasContent(decoder))
    throw bad(RejectReason.malformed, 'Malformed frame: trailing bytes.');
  return message;
}

function checkStateVector(sv: Uint8Array): Uint8Array {
  try {
    const d = decoding.createDecoder(sv);
    const n = decoding.readVarUint(d);
    for (let i = 0; i < n; i++) {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
    }
    if (decoding.hasContent(d)) throw new Error('trailing bytes');
  } catch {
    throw bad(RejectReason.invalidUpdate, 'Invalid state vector.');
  }
  return sv;
}

/** Returns true when the update carries nothing (no structs, no deletions). */
function checkUpdate(update: Uint8Array): boolean {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    // decodeUpdate reads every struct and the delete set, so a garbled update throws here,
    // before anything is stored or applied.
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    throw bad(RejectReason.invalidUpdate, 'Invalid Yjs update.');
  }
}

function checkAwareness(update: Uint8Array): void {
  try {
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    for (let i = 0; i < n; i++) {
      decoding.readVarUint(d); // client id
      decoding.readVarUint(d); // clock
      JSON.parse(decoding.readVarString(d));
    }
    if (decoding.hasContent(d)) throw new Error('trailing bytes');
  } catch {
    throw bad(RejectReason.invalidAwareness, 'Invalid awareness update.');
  }
}

/** A `sync` message of one subtype (step 1, step 2, update) carrying `payload`. */
function encodeSync(subtype: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, subtype);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** `sync/step1` message with the server's state vector. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return encodeSync(syncProtocol.messageYjsSyncStep1, stateVector);
}

/** `sync/step2` message carrying `update`. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return encodeSync(syncProtocol.messageYjsSyncStep2, update);
}

/** `sync/update` message carrying `update`. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(syncProtocol.messageYjsUpdate, update);
}

/** Awareness message carrying an encoded awareness update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.awareness);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** Auth "permission denied" message; the stock client logs `reason`. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.auth);
  authProtocol.writePermissionDenied(e, reason);
  return encoding.toUint8Array(e);
}
