import { redirect } from '@sveltejs/kit';
import { LOCALE_COOKIE, isLocale } from '$lib/i18n';
import { readFields, safeNext } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Remember a language choice for a year and go back to the page it was made on. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
  const fields = await readFields(request, ['locale', 'back']);
  if (fields && isLocale(fields.locale)) {
    cookies.set(LOCALE_COOKIE, fields.locale, {
      path: '/',
      httpOnly: false,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: 365 * 24 * 60 * 60,
    });
  }
  redirect(303, safeNext(fields?.back ?? null));
};
