import { redirect } from '@sveltejs/kit';
import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Sign out: the session is deleted on the server, not only forgotten by the browser. */
export const POST: RequestHandler = async (event) => {
  const { locals } = event;
  if (locals.session) await invalidateSession(locals.app.store, locals.session.id);
  clearSessionCookie(event);
  redirect(303, '/signin?signedOut=1');
};
