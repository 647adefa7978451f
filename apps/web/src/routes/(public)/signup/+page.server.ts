import { fail, redirect } from '@sveltejs/kit';
import { signUp } from '$lib/server/auth/accounts';
import { readFields, safeNext, startSession } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
};

export const actions = {
  default: async (event) => {
    const fields = await readFields(event.request, ['email', 'name', 'password']);
    if (!fields) {
      return fail(400, { email: '', name: '', errors: { form: 'error.badRequest' } as const });
    }
    const result = await signUp(event.locals.app.store, fields);
    if (!result.ok) {
      return fail(400, {
        email: fields.email.slice(0, 254),
        name: fields.name.slice(0, 100),
        errors: result.errors,
      });
    }
    await startSession(event, result.user.id);
    redirect(303, safeNext(event.url.searchParams.get('next')));
  },
} satisfies Actions;
