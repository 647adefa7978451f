import { hash, verify } from '@node-rs/argon2';

/** Bounds on a new password, in characters. The upper bound keeps hashing cost bounded. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

// Argon2id (the library's default algorithm) with OWASP's recommended minimum: 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

/** Hash a password with Argon2id; the result embeds salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Check `password` against a stored hash; false (not an error) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): 'tooShort' | 'tooLong' | null {
  if (password.length < PASSWORD_MIN) return 'tooShort';
  if (password.length > PASSWORD_MAX) return 'tooLong';
  return null;
}

let dummy: Promise<string> | undefined;

/**
 * Spend the same time as a real check when the account does not exist, so response times do not
 * reveal which email addresses have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('muster-dummy-password');
  await verifyPassword(await dummy, password);
  return false;
}
