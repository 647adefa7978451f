import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { LOCALE_COOKIE, negotiateLocale } from '$lib/i18n';
import {
  SESSION_COOKIE,
  sessionCookieOptions,
  validateSessionToken,
} from '$lib/server/auth/session';
import { readWebConfig } from '$lib/server/config';
import { createAppContext, type AppContext } from '$lib/server/context';

// The composition root: configuration is read once here and the context handed to every request.
let app: AppContext | undefined;

export const init: ServerInit = async () => {
  app = await createAppContext(readWebConfig(process.env));
};

export const handle: Handle = async ({ event, resolve }) => {
  if (!app) throw new Error('Server not initialised');
  event.locals.app = app;
  event.locals.locale = negotiateLocale(
    event.cookies.get(LOCALE_COOKIE),
    event.request.headers.get('accept-language'),
  );
  event.locals.user = null;
  event.locals.session = null;

  const token = event.cookies.get(SESSION_COOKIE);
  if (token) {
    const secure = event.url.protocol === 'https:';
    const valid = await validateSessionToken(app.store, token);
    if (valid) {
      event.locals.user = valid.user;
      event.locals.session = valid.session;
      if (valid.renewed) {
        event.cookies.set(
          SESSION_COOKIE,
          token,
          sessionCookieOptions(valid.session.expiresAt, secure),
        );
      }
    } else {
      event.cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    }
  }

  const response = await resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%muster.lang%', event.locals.locale),
  });
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'same-origin');
  response.headers.set('x-frame-options', 'DENY');
  return response;
};

// Internals never reach the browser: log the error with an id, show the id.
export const handleError: HandleServerError = ({ error, status, message }) => {
  if (status === 404) return { message };
  const id = crypto.randomUUID().slice(0, 8);
  console.error(`[muster web] error ${id}:`, error);
  return { message: `Internal error (${id})` };
};
