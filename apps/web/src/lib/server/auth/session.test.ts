import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../db/test-store';
import type { Store } from '../db/store';
import {
  SESSION_LIFETIME_MS,
  SESSION_RENEW_WITHIN_MS,
  createSession,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  sessionCookieOptions,
  sessionIdOf,
  validateSessionToken,
} from './session';

let store: Store;
const user = { id: 'user-1', email: 'ann@example.org', name: 'Ann' };

beforeEach(async (context) => {
  store = await openTestStore(context);
  await store.createUser({ ...user, passwordHash: 'x' });
});
afterEach(() => store.close());

describe('session tokens', () => {
  it('are 160 random bits in base32 and differ every time', () => {
    const a = generateSessionToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(generateSessionToken()).not.toBe(a);
  });

  it('are stored only as their SHA-256', async () => {
    const token = generateSessionToken();
    const session = await createSession(store, token, user.id);
    expect(session.id).toBe(sessionIdOf(token));
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    expect(session.id).not.toContain(token);
    expect(await store.sessionWithUser(token)).toBeNull();
  });
});

describe('validateSessionToken', () => {
  it('returns the person for a live session', async () => {
    const token = generateSessionToken();
    await createSession(store, token, user.id);
    const valid = await validateSessionToken(store, token);
    expect(valid?.user).toEqual(user);
    expect(valid?.renewed).toBe(false);
  });

  it('rejects unknown and malformed tokens', async () => {
    expect(await validateSessionToken(store, generateSessionToken())).toBeNull();
    expect(await validateSessionToken(store, 'not a token')).toBeNull();
    expect(await validateSessionToken(store, 'a'.repeat(5000))).toBeNull();
  });

  it('deletes an expired session', async () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const token = generateSessionToken();
    const session = await createSession(store, token, user.id, start);
    const later = new Date(start.getTime() + SESSION_LIFETIME_MS);
    expect(await validateSessionToken(store, token, later)).toBeNull();
    expect(await store.sessionWithUser(session.id)).toBeNull();
  });

  it('slides the expiry forward once half the lifetime is used', async () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const token = generateSessionToken();
    await createSession(store, token, user.id, start);
    const early = new Date(start.getTime() + 1000);
    expect((await validateSessionToken(store, token, early))?.renewed).toBe(false);
    const late = new Date(start.getTime() + SESSION_LIFETIME_MS - SESSION_RENEW_WITHIN_MS + 1);
    const renewed = await validateSessionToken(store, token, late);
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.session.expiresAt.getTime()).toBe(late.getTime() + SESSION_LIFETIME_MS);
    // Stored, not just returned: the session now outlives its original expiry.
    const afterOriginal = new Date(start.getTime() + SESSION_LIFETIME_MS + 1000);
    expect(await validateSessionToken(store, token, afterOriginal)).not.toBeNull();
  });
});

describe('invalidation', () => {
  it('sign-out ends only that session', async () => {
    const a = generateSessionToken();
    const b = generateSessionToken();
    const sa = await createSession(store, a, user.id);
    await createSession(store, b, user.id);
    await invalidateSession(store, sa.id);
    expect(await validateSessionToken(store, a)).toBeNull();
    expect(await validateSessionToken(store, b)).not.toBeNull();
  });

  it('ending all sessions of a person leaves other people signed in', async () => {
    await store.createUser({
      id: 'user-2',
      email: 'bo@example.org',
      name: 'Bo',
      passwordHash: 'x',
    });
    const mine = [generateSessionToken(), generateSessionToken()];
    for (const t of mine) await createSession(store, t, user.id);
    const theirs = generateSessionToken();
    await createSession(store, theirs, 'user-2');
    await invalidateUserSessions(store, user.id);
    for (const t of mine) expect(await validateSessionToken(store, t)).toBeNull();
    expect(await validateSessionToken(store, theirs)).not.toBeNull();
  });
});

describe('sessionCookieOptions', () => {
  it('is httpOnly and SameSite=Lax, Secure only on https', () => {
    const expires = new Date();
    expect(sessionCookieOptions(expires, true)).toEqual({
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      expires,
    });
    expect(sessionCookieOptions(expires, false).secure).toBe(false);
  });
});
