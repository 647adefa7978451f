import { error, redirect } from '@sveltejs/kit';
import { isId } from '@muster/core';
import { publicationsIn } from '$lib/forms/publications.server';
import type { PageServerLoad } from './$types';

/**
 * The fill page: members fill their own submission room after signing in; anyone else only when
 * the form is published for "anyone with the link" (then with an anonymous device identity).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
  const { ws, form } = params;
  if (!isId(ws) || !isId(form)) error(404, 'Not found');
  const publication = publicationsIn(locals.app.config.dataDir).get(ws, form);
  const user = locals.user;
  const role = user ? await locals.app.store.roleOf(ws, user.id) : null;
  if (user && role) {
    return {
      ws,
      form,
      mode: 'member' as const,
      respondent: user.id,
      title: publication?.title ?? '',
      options: publication?.options ?? { departments: [], people: [] },
    };
  }
  if (publication?.anyone) {
    return {
      ws,
      form,
      mode: 'public' as const,
      respondent: null,
      title: publication.title,
      options: publication.options,
    };
  }
  if (!user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
  error(404, 'Not found');
};
