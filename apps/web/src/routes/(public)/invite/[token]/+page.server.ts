import { fail, redirect } from '@sveltejs/kit';
import { acceptInvite, findInvite } from '$lib/server/workspaces/invites';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const found = await findInvite(locals.app.store, params.token);
  if (!found.ok) return { invite: null, problem: found.problem };
  const member = locals.user
    ? await locals.app.store.roleOf(found.workspace.id, locals.user.id)
    : null;
  if (member) redirect(303, `/w/${found.workspace.id}`);
  return {
    invite: { workspace: found.workspace.name, role: found.invite.role },
    problem: null,
  };
};

export const actions = {
  default: async ({ locals, params, url }) => {
    if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
    const result = await acceptInvite(locals.app.store, params.token, locals.user.id);
    if (!result.ok) return fail(400, { problem: result.problem });
    redirect(303, `/w/${result.workspaceId}`);
  },
} satisfies Actions;
