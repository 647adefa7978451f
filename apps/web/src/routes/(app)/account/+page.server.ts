import { fail } from '@sveltejs/kit';
import { changePassword } from '$lib/server/auth/accounts';
import { invalidateUserSessions } from '$lib/server/auth/session';
import { requireUser } from '$lib/server/access';
import { readFields, startSession } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  requireUser(locals, url);
};

export const actions = {
  password: async (event) => {
    const user = requireUser(event.locals, event.url);
    const fields = await readFields(event.request, ['current', 'next']);
    if (!fields)
      return fail(400, { errors: { form: 'error.badRequest' } as const, changed: false });
    const { store } = event.locals.app;
    const result = await changePassword(store, user.id, fields);
    if (!result.ok) return fail(400, { errors: result.errors, changed: false });
    // Every session ends, this one included; this browser gets a fresh one.
    await invalidateUserSessions(store, user.id);
    await startSession(event, user.id);
    return { changed: true, errors: {} };
  },
} satisfies Actions;
