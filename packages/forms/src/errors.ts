/**
 * Every error @muster/forms throws is a {@link FormsError} with a stable `code`. Bad answers are
 * not thrown: the validator returns them as field errors (see `validator.ts`).
 */
export const FormsErrorCode = {
  /** A form definition (question, condition, schedule, audience) that is malformed. */
  InvalidDefinition: 'InvalidDefinition',
  /** A question, section or period that does not exist. */
  NotFound: 'NotFound',
  /** A roster or import file that cannot be read at all (per-line problems are reported instead). */
  InvalidImport: 'InvalidImport',
  /** An export request that names an unknown column, period or view. */
  InvalidExport: 'InvalidExport',
} as const;

export type FormsErrorCode = (typeof FormsErrorCode)[keyof typeof FormsErrorCode];

export class FormsError extends Error {
  readonly code: FormsErrorCode;
  /** The offending value, for logs and tools. */
  readonly detail: unknown;

  constructor(code: FormsErrorCode, message: string, detail?: unknown) {
    super(message);
    this.name = `FormsError(${code})`;
    this.code = code;
    this.detail = detail;
  }
}

/** True when `e` is a FormsError, optionally of the given code. */
export function isFormsError(e: unknown, code?: FormsErrorCode): e is FormsError {
  return e instanceof FormsError && (code === undefined || e.code === code);
}
