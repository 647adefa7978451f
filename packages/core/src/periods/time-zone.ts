import { ErrorCode, MusterError } from '../errors';

const known = new Map<string, boolean>();

/** True when `tz` is an IANA time zone this runtime knows (e.g. `Asia/Shanghai`). */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz.length === 0 || tz.length > 64) return false;
  let ok = known.get(tz);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      ok = true;
    } catch {
      ok = false;
    }
    known.set(tz, ok);
  }
  return ok;
}

export function assertTimeZone(tz: unknown): asserts tz is string {
  if (!isTimeZone(tz)) {
    throw new MusterError(
      ErrorCode.InvalidArgument,
      `Unknown time zone ${JSON.stringify(tz)}: use an IANA name such as "Asia/Shanghai" or "Europe/Berlin".`,
      tz,
    );
  }
}
