import { fail, redirect } from '@sveltejs/kit';
import { AccountProblem, signIn } from '$lib/server/auth/accounts';
import { readFields, safeNext, startSession } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
  return { signedOut: url.searchParams.has('signedOut') };
};

export const actions = {
  default: async (event) => {
    const fields = await readFields(event.request, ['email', 'password']);
    if (!fields) return fail(400, { email: '', errors: { form: 'error.badRequest' }, minutes: 0 });
    const { app } = event.locals;
    const result = await signIn(app.store, app.signInLimits, {
      email: fields.email,
      password: fields.password,
      ip: event.getClientAddress(),
    });
    if (!result.ok) {
      const limited = result.errors.form !== AccountProblem.wrongCredentials;
      return fail(limited ? 429 : 400, {
        email: fields.email.slice(0, 254),
        errors: result.errors,
        minutes: Math.max(1, Math.ceil((result.retryAfterMs ?? 0) / 60_000)),
      });
    }
    await startSession(event, result.user.id);
    redirect(303, safeNext(event.url.searchParams.get('next')));
  },
} satisfies Actions;
