import { ErrorCode, MusterError, type Result } from './errors';
import { ID_PATTERN_SOURCE } from './ids';

/** What a room holds; one Y.Doc per room (see DESIGN.md, "Rooms"). */
export const RoomKind = {
  index: 'index',
  doc: 'doc',
  table: 'table',
  form: 'form',
  sub: 'sub',
} as const;
export type RoomKind = (typeof RoomKind)[keyof typeof RoomKind];

/** A parsed room name. */
export type Room =
  | { kind: 'index'; ws: string }
  | { kind: 'doc' | 'table' | 'form'; ws: string; id: string }
  | { kind: 'sub'; ws: string; form: string; respondent: string };

/** Longest valid room name: `ws/` + 32 + `/sub/` + 32 + `/` + 32. */
export const MAX_ROOM_NAME_LENGTH = 3 + 32 + 5 + 32 + 1 + 32;

const ID = `(${ID_PATTERN_SOURCE})`;
// The one strict pattern. Anything else is rejected, never sanitised.
const ROOM_PATTERN = new RegExp(`^ws/${ID}/(?:(index)|(doc|table|form)/${ID}|(sub)/${ID}/${ID})$`);

function invalid(name: unknown, why: string): MusterError {
  const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 120)) : String(name);
  return new MusterError(ErrorCode.InvalidRoomName, `Invalid room name ${shown}: ${why}`, name);
}

function validate(name: unknown): Result<Room> {
  if (typeof name !== 'string') return { ok: false, error: invalid(name, 'not a string.') };
  if (name.length > MAX_ROOM_NAME_LENGTH) {
    return {
      ok: false,
      error: invalid(name, `longer than ${MAX_ROOM_NAME_LENGTH} characters.`),
    };
  }
  const m = ROOM_PATTERN.exec(name);
  if (!m) {
    return {
      ok: false,
      error: invalid(
        name,
        'expected ws/{ws}/index, ws/{ws}/doc|table|form/{id} or ws/{ws}/sub/{form}/{respondent} with 16–32 character URL-safe ids.',
      ),
    };
  }
  const ws = m[1] as string;
  if (m[2]) return { ok: true, value: { kind: 'index', ws } };
  if (m[3]) {
    return { ok: true, value: { kind: m[3] as 'doc' | 'table' | 'form', ws, id: m[4] as string } };
  }
  return { ok: true, value: { kind: 'sub', ws, form: m[6] as string, respondent: m[7] as string } };
}

function parse(name: unknown): Room {
  const result = validate(name);
  if (!result.ok) throw result.error;
  return result.value;
}

function build(room: Room): string {
  let name: string;
  switch (room.kind) {
    case 'index':
      name = `ws/${room.ws}/index`;
      break;
    case 'doc':
    case 'table':
    case 'form':
      name = `ws/${room.ws}/${room.kind}/${room.id}`;
      break;
    case 'sub':
      name = `ws/${room.ws}/sub/${room.form}/${room.respondent}`;
      break;
    default:
      throw invalid(room, 'unknown room kind.');
  }
  // Building checks too, so a bad id can never produce a name that another boundary rejects.
  parse(name);
  return name;
}

/**
 * Build, parse and validate room names — the one place that knows their shape.
 *
 * @example
 * const name = roomName.build({ kind: 'sub', ws, form, respondent });
 * const room = roomName.parse(name); // throws MusterError(InvalidRoomName) on anything else
 */
export const roomName = { build, parse, validate } as const;
