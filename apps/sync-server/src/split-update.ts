import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

type Struct = Y.Item | Y.GC | Y.Skip;

/** Bytes a part adds around its runs at most: the client count and the empty delete set. */
const HEADER_BYTES = 8;
/** Bytes each client's run adds at most: struct count, client id and first clock (varuints). */
const RUN_HEADER_BYTES = 15;

/**
 * Split a Yjs update (v1) into several updates of at most `maxBytes` each which, applied in any
 * order, give the same document as the original. Structs are cut at struct boundaries, and a struct
 * longer than the budget (a long typed text is one struct) is cut the way Yjs itself writes a
 * struct from an offset: the second piece's origin is the first piece's last character. Deletions
 * come last, in parts of their own if needed.
 *
 * A single piece of content that cannot be cut (one binary, one embedded value) and is larger than
 * `maxBytes` stays whole: that part is over the limit.
 *
 * @example
 * for (const part of splitUpdate(Y.encodeStateAsUpdate(doc), 64 * 1024)) send(encodeUpdate(part));
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.length <= maxBytes) return [update];
  const budget = Math.max(64, maxBytes - HEADER_BYTES);
  const { structs, ds } = Y.decodeUpdate(update);
  const parts: Uint8Array[] = [];

  // A part: per client one run of consecutive structs (the v1 format has one run per client).
  let runs = new Map<number, Struct[]>();
  let runEnds = new Map<number, number>();
  let partBytes = 0;
  const flush = () => {
    if (runs.size > 0) parts.push(encodeStructs(runs, null));
    runs = new Map();
    runEnds = new Map();
    partBytes = 0;
  };
  const add = (s: Struct, bytes: number) => {
    const client = s.id.client;
    const end = runEnds.get(client);
    // Several clients share a part, and each run has its own header: count it, or a part with
    // many small runs ends up a few bytes over the limit.
    const header = runs.has(client) ? 0 : RUN_HEADER_BYTES;
    // A gap in this client's clocks (or the budget) starts a new part.
    if ((end !== undefined && end !== s.id.clock) || partBytes + header + bytes > budget) flush();
    const run = runs.get(client);
    if (run) run.push(s);
    else runs.set(client, [s]);
    runEnds.set(client, s.id.clock + structLength(s));
    partBytes += bytes + (run ? 0 : RUN_HEADER_BYTES);
  };

  // A struct alone in a part still carries its run header.
  const structBudget = budget - RUN_HEADER_BYTES;
  for (const s of structs) {
    const bytes = structBytes(s);
    if (bytes <= structBudget) {
      add(s, bytes);
      continue;
    }
    for (const piece of cutStruct(s as Y.Item, bytes, structBudget)) add(piece, structBytes(piece));
  }
  flush();

  // Deletions: the whole delete set in the last part if it fits, else spread over parts.
  for (const dsPart of splitDeleteSet(ds, budget)) {
    const last = parts.length > 0 ? parts[parts.length - 1]! : null;
    if (last && parts.length > 0 && dsPart.bytes + last.length <= maxBytes && dsPart.first) {
      // Re-encode the last struct part with this delete set attached, saving a message.
      parts.pop();
      parts.push(withDeleteSet(last, dsPart.encoded));
    } else {
      parts.push(encodeStructs(new Map(), dsPart.encoded));
    }
  }
  return parts;
}

function structLength(s: Struct): number {
  return s instanceof Y.Item ? s.content.getLength() : s.length;
}

function structBytes(s: Struct): number {
  const e = new Y.UpdateEncoderV1();
  s.write(e, 0);
  return encoding.length(e.restEncoder);
}

/**
 * Cut a long item into pieces of at most `budget` bytes: the first keeps the item's own origins,
 * each next one starts right after the previous (origin = previous piece's last unit).
 */
function cutStruct(item: Y.Item, bytes: number, budget: number): Struct[] {
  const total = item.content.getLength();
  const cuttable =
    item.content instanceof Y.ContentString ||
    item.content instanceof Y.ContentAny ||
    item.content instanceof Y.ContentJSON ||
    item.content instanceof Y.ContentDeleted;
  if (!cuttable || total < 2) return [item];
  const pieces: Struct[] = [];
  let current: Y.Item = item;
  // Estimated bytes of `current`; measured exactly only near the end, so cutting stays linear.
  let remainingBytes = bytes;
  for (;;) {
    const length = current.content.getLength();
    if (remainingBytes <= budget) remainingBytes = structBytes(current);
    if (remainingBytes <= budget || length < 2) {
      pieces.push(current);
      return pieces;
    }
    const content = current.content;
    let n =
      content instanceof Y.ContentString
        ? stringUnitsWithin(content.str, budget - 48)
        : content instanceof Y.ContentAny || content instanceof Y.ContentJSON
          ? // Values differ in size: an average would let a piece of big values overshoot.
            valuesWithin(content, budget - 48)
          : // Deleted content: every unit costs the same.
            Math.max(1, Math.floor((length * (budget * 0.9)) / remainingBytes));
    if (current.content instanceof Y.ContentString) {
      const code = current.content.str.charCodeAt(n - 1);
      // Never between the two halves of a surrogate pair (Yjs would replace them with U+FFFD).
      if (code >= 0xd800 && code <= 0xdbff) n = n > 1 ? n - 1 : n + 1;
    }
    if (n >= length) {
      pieces.push(current);
      return pieces;
    }
    const rest = current.content.splice(n);
    const clock = current.id.clock + n;
    const next = new Y.Item(
      Y.createID(current.id.client, clock),
      null,
      Y.createID(current.id.client, clock - 1),
      null,
      current.rightOrigin,
      current.parent,
      current.parentSub,
      rest,
    );
    pieces.push(current);
    remainingBytes -= structBytes(current);
    current = next;
  }
}

/** How many values of `content`, from the start, fit in `bytes` bytes as Yjs writes them. */
function valuesWithin(content: Y.ContentAny | Y.ContentJSON, bytes: number): number {
  const e = new Y.UpdateEncoderV1();
  const values = content.getContent();
  let i = 0;
  for (; i < values.length; i++) {
    if (content instanceof Y.ContentAny) e.writeAny(values[i]);
    else e.writeString(values[i] === undefined ? 'undefined' : JSON.stringify(values[i]));
    if (encoding.length(e.restEncoder) > bytes) break;
  }
  return Math.max(1, i);
}

/** How many UTF-16 units of `str`, from the start, fit in `bytes` bytes of UTF-8 (at least 1). */
function stringUnitsWithin(str: string, bytes: number): number {
  let used = 0;
  let i = 0;
  while (i < str.length) {
    const code = str.charCodeAt(i);
    const isPair = code >= 0xd800 && code <= 0xdbff && i + 1 < str.length;
    const size = isPair ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    if (used + size > bytes) break;
    used += size;
    i += isPair ? 2 : 1;
  }
  return Math.max(1, i);
}

/** One update holding `runs` (per client, consecutive structs) and a delete set (or none). */
function encodeStructs(runs: Map<number, Struct[]>, deleteSet: Uint8Array | null): Uint8Array {
  const e = new Y.UpdateEncoderV1();
  encoding.writeVarUint(e.restEncoder, runs.size);
  // Yjs writes clients in descending order; any order decodes, keep the same for readability.
  for (const [client, run] of [...runs].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(e.restEncoder, run.length);
    e.writeClient(client);
    encoding.writeVarUint(e.restEncoder, run[0]!.id.clock);
    for (const s of run) s.write(e, 0);
  }
  if (deleteSet) encoding.writeUint8Array(e.restEncoder, deleteSet);
  else encoding.writeVarUint(e.restEncoder, 0);
  return e.toUint8Array();
}

/** Replace the (empty) delete set at the end of a part encoded by {@link encodeStructs}. */
function withDeleteSet(part: Uint8Array, deleteSet: Uint8Array): Uint8Array {
  // The empty delete set is the single byte 0 at the end.
  const out = new Uint8Array(part.length - 1 + deleteSet.length);
  out.set(part.subarray(0, part.length - 1));
  out.set(deleteSet, part.length - 1);
  return out;
}

/** The delete set in encoded pieces of at most about `budget` bytes. */
function splitDeleteSet(
  ds: ReturnType<typeof Y.decodeUpdate>['ds'],
  budget: number,
): { encoded: Uint8Array; bytes: number; first: boolean }[] {
  const out: { encoded: Uint8Array; bytes: number; first: boolean }[] = [];
  let current = new Map<number, { clock: number; len: number }[]>();
  let bytes = 0;
  const emit = () => {
    if (current.size === 0) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, current.size);
    for (const [client, items] of [...current].sort((a, b) => b[0] - a[0])) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, items.length);
      for (const item of items) {
        encoding.writeVarUint(e, item.clock);
        encoding.writeVarUint(e, item.len);
      }
    }
    const encoded = encoding.toUint8Array(e);
    out.push({ encoded, bytes: encoded.length, first: out.length === 0 });
    current = new Map();
    bytes = 0;
  };
  for (const [client, items] of ds.clients) {
    for (const item of items) {
      // A client header plus two varuints of at most 8 bytes each.
      if (bytes + 24 > budget) emit();
      const list = current.get(client);
      if (list) list.push({ clock: item.clock, len: item.len });
      else current.set(client, [{ clock: item.clock, len: item.len }]);
      bytes += list ? 16 : 24;
    }
  }
  emit();
  return out;
}
