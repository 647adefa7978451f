import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Drop the entries of an awareness update (y-protocols' format: count, then client id, clock and
 * JSON state per entry) whose client id another connection in the room already speaks for, so
 * nobody can overwrite or clear someone else's name and cursor. Returns the update unchanged when
 * every entry is the sender's own, a smaller update when some were dropped, null when none is left.
 *
 * @throws when the update is malformed (the connection is then closed as for any bad frame).
 */
export function ownAwarenessEntries(
  update: Uint8Array,
  heldByOther: (clientId: number) => boolean,
): Uint8Array | null {
  const d = decoding.createDecoder(update);
  const count = decoding.readVarUint(d);
  const kept: { id: number; clock: number; state: string }[] = [];
  for (let i = 0; i < count; i++) {
    const id = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const state = decoding.readVarString(d);
    if (!heldByOther(id)) kept.push({ id, clock, state });
  }
  if (kept.length === count) return update;
  if (kept.length === 0) return null;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, kept.length);
  for (const k of kept) {
    encoding.writeVarUint(e, k.id);
    encoding.writeVarUint(e, k.clock);
    encoding.writeVarString(e, k.state);
  }
  return encoding.toUint8Array(e);
}
