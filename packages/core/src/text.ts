import { ErrorCode, MusterError } from './errors';

/** Longest name of a workspace, department, member, column, option or view. */
export const MAX_NAME_LENGTH = 200;

/** Trimmed, non-empty, at most {@link MAX_NAME_LENGTH} characters; `what` names it in errors. */
export function cleanName(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new MusterError(
      ErrorCode.InvalidArgument,
      `${what} must be text, got ${typeof value}.`,
      value,
    );
  }
  const name = value.trim();
  if (name.length === 0)
    throw new MusterError(ErrorCode.InvalidArgument, `${what} must not be empty.`, value);
  if (name.length > MAX_NAME_LENGTH) {
    throw new MusterError(
      ErrorCode.InvalidArgument,
      `${what} is ${name.length} characters long; shorten it to at most ${MAX_NAME_LENGTH}.`,
      value,
    );
  }
  return name;
}

export function notFound(what: string, id: string): MusterError {
  return new MusterError(ErrorCode.NotFound, `${what} ${JSON.stringify(id)} does not exist.`, id);
}
