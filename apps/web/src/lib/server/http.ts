import type { Cookies, RequestEvent } from '@sveltejs/kit';
import {
  SESSION_COOKIE,
  createSession,
  generateSessionToken,
  sessionCookieOptions,
} from './auth/session';

/** No text field of any form is longer than this; longer input is refused as a bad request. */
export const MAX_FIELD_LENGTH = 2000;

/**
 * Read a form's text fields. Returns null when the body is not a form or any field is a file or
 * longer than {@link MAX_FIELD_LENGTH}; missing fields read as ''.
 */
export async function readFields<F extends string>(
  request: Request,
  names: readonly F[],
): Promise<Record<F, string> | null> {
  let data: FormData;
  try {
    data = await request.formData();
  } catch {
    return null;
  }
  const out = {} as Record<F, string>;
  for (const name of names) {
    const value = data.get(name) ?? '';
    if (typeof value !== 'string' || value.length > MAX_FIELD_LENGTH) return null;
    out[name] = value;
  }
  return out;
}

/** Where to go after signing in: a local path from `?next=`, else the workspace list. */
export function safeNext(value: string | null): string {
  if (!value || value.length > 500) return '/workspaces';
  // Browsers drop tabs and newlines and read "\" as "/", so "/\tevil.example" would leave the
  // site: refuse those outright, then keep only what still resolves to this origin.
  const unsafe = [...value].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c === '\x7f');
  if (!value.startsWith('/') || unsafe) return '/workspaces';
  const base = 'http://muster.invalid';
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return '/workspaces';
  }
  const path = resolved.pathname + resolved.search + resolved.hash;
  // "/.//evil.example" resolves to the path "//evil.example", another host once redirected to.
  if (resolved.origin !== base || path.startsWith('//')) return '/workspaces';
  return path;
}

/** Start a session for `userId` in this browser: store its hash, set the cookie. */
export async function startSession(
  event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>,
  userId: string,
): Promise<void> {
  const token = generateSessionToken();
  const session = await createSession(event.locals.app.store, token, userId);
  setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
}

function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, sessionCookieOptions(expiresAt, secure));
}

/** Forget the session cookie in this browser. */
export function clearSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>): void {
  event.cookies.delete(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: event.url.protocol === 'https:',
  });
}
