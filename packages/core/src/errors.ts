/**
 * Every error @muster/core throws is a {@link MusterError} with a stable `code`, so callers can
 * branch on the code and show the message (which names the bad value and what to do) to people.
 */
export const ErrorCode = {
  /** A room name that does not match the one strict pattern. */
  InvalidRoomName: 'InvalidRoomName',
  /** An id that is not 16–32 URL-safe characters. */
  InvalidId: 'InvalidId',
  /** A cell value that does not fit its column's type. */
  InvalidCellValue: 'InvalidCellValue',
  /** A column, row, view, department or member that does not exist. */
  NotFound: 'NotFound',
  /** An argument that is out of range or malformed (names, options, time zones, schedules). */
  InvalidArgument: 'InvalidArgument',
  /** A statistics spec that names an unknown column or an aggregate the column cannot have. */
  InvalidStatsSpec: 'InvalidStatsSpec',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class MusterError extends Error {
  readonly code: ErrorCode;
  /** The offending value or extra context, for logs and field-level messages. */
  readonly detail: unknown;

  constructor(code: ErrorCode, message: string, detail?: unknown) {
    super(message);
    this.name = `MusterError(${code})`;
    this.code = code;
    this.detail = detail;
  }
}

/** True when `e` is a MusterError, optionally of the given code. */
export function isMusterError(e: unknown, code?: ErrorCode): e is MusterError {
  return e instanceof MusterError && (code === undefined || e.code === code);
}

/** For switch statements that TypeScript proves exhaustive: reaching this is a bug. */
export function unexpectedCase(value: never): never {
  throw new Error(`Unexpected case: ${JSON.stringify(value)}`);
}

/** Validation results are returned, not thrown, where bad input is expected. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: MusterError };
