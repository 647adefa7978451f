import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Session, Store, User } from '../db/store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A session lives 30 days from its last use… */
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** …and is extended when less than 15 days remain, so an active person stays signed in. */
export const SESSION_RENEW_WITHIN_MS = 15 * DAY_MS;

/** Cookie that carries the session token. */
export const SESSION_COOKIE = 'muster_session';

/** A fresh session token: 20 random bytes (160 bits), base32. Only its hash is stored. */
export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored id of a token: hex SHA-256, so a leaked database holds no usable tokens. */
export function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Session tokens are 32 base32 characters; anything else is rejected before hashing. */
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/**
 * Store a new session for `userId` under the hash of `token`.
 *
 * @example
 * const token = generateSessionToken();
 * const session = await createSession(store, token, user.id);
 */
export async function createSession(
  store: Store,
  token: string,
  userId: string,
  now = new Date(),
): Promise<Session> {
  const session: Session = {
    id: sessionIdOf(token),
    userId,
    expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
  };
  await store.insertSession(session);
  return session;
}

/** What a valid token resolves to; `renewed` tells the caller to re-send the cookie. */
export interface ValidSession {
  session: Session;
  user: User;
  renewed: boolean;
}

/**
 * Look up the session of `token`. Expired sessions are deleted and give `null`; sessions in the
 * second half of their life are extended (sliding expiry).
 */
export async function validateSessionToken(
  store: Store,
  token: string,
  now = new Date(),
): Promise<ValidSession | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const found = await store.sessionWithUser(sessionIdOf(token));
  if (!found) return null;
  const { session, user } = found;
  if (now.getTime() >= session.expiresAt.getTime()) {
    await store.deleteSession(session.id);
    return null;
  }
  let renewed = false;
  if (now.getTime() >= session.expiresAt.getTime() - SESSION_RENEW_WITHIN_MS) {
    session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await store.setSessionExpiry(session.id, session.expiresAt);
    renewed = true;
  }
  return { session, user, renewed };
}

/** End one session (sign out). */
export async function invalidateSession(store: Store, sessionId: string): Promise<void> {
  await store.deleteSession(sessionId);
}

/** End every session of a person (password change). */
export async function invalidateUserSessions(store: Store, userId: string): Promise<void> {
  await store.deleteUserSessions(userId);
}

/** The cookie attributes of a session: httpOnly, SameSite=Lax, Secure on https, path `/`. */
export function sessionCookieOptions(expiresAt: Date, secure: boolean) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    expires: expiresAt,
  };
}
