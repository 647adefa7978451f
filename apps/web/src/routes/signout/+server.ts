import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Sign out: the session is deleted on the server, not only forgotten by the browser. */
export const POST: RequestHandler = async (event) => {
  const { locals } = event;
  if (locals.session) await invalidateSession(locals.app.store, locals.session.id);
  clearSessionCookie(event);
  return new Response(null, {
    status: 303,
    headers: {
      location: '/signin?signedOut=1',
      // Pages cached for offline use and local copies of rooms belong to this person: drop them.
      'clear-site-data': '"cache", "storage"',
    },
  });
};
