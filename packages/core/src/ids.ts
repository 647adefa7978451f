import { ErrorCode, MusterError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Length of ids made by {@link newId}: 16 symbols × 6 bits = 96 random bits. */
export const ID_LENGTH = 16;

/**
 * The pattern every id must match, wherever it comes from (room names, tokens, rows, options).
 * Longer ids (up to 32) are accepted so identities minted elsewhere can grow without a migration.
 */
export const ID_PATTERN_SOURCE = '[A-Za-z0-9_-]{16,32}';
const ID_PATTERN = new RegExp(`^${ID_PATTERN_SOURCE}$`);

/**
 * A new random URL-safe id with 96 bits of entropy (like nanoid).
 *
 * @example
 * const tableId = newId(); // "V1StGXR8_Z5jdHi6"
 */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_LENGTH));
  let id = '';
  // 64 symbols, so masking to 6 bits keeps every symbol equally likely.
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}

/** True when `value` is a well-formed id. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Throws `InvalidId` unless `value` is a well-formed id; `what` names it in the message. */
export function assertId(value: unknown, what = 'id'): asserts value is string {
  if (!isId(value)) {
    throw new MusterError(
      ErrorCode.InvalidId,
      `${what} ${JSON.stringify(value)} is not a valid id: use 16–32 characters from A–Z, a–z, 0–9, "-" and "_".`,
      value,
    );
  }
}
