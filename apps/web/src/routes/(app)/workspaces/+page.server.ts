import { fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/access';
import { readFields } from '$lib/server/http';
import { createWorkspace } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireUser(locals, url);
  const list = await locals.app.store.workspacesOf(user.id);
  return {
    workspaces: list.map(({ workspace, role }) => ({
      id: workspace.id,
      name: workspace.name,
      timeZone: workspace.timeZone,
      role,
    })),
  };
};

export const actions = {
  create: async ({ locals, request, url }) => {
    const user = requireUser(locals, url);
    const fields = await readFields(request, ['name', 'timeZone']);
    if (!fields) {
      return fail(400, { name: '', timeZone: '', errors: { form: 'error.badRequest' } as const });
    }
    const result = await createWorkspace(locals.app.store, user.id, fields);
    if (!result.ok) {
      return fail(400, {
        name: fields.name.slice(0, 100),
        timeZone: fields.timeZone.slice(0, 64),
        errors: result.errors,
      });
    }
    redirect(303, `/w/${result.workspace.id}`);
  },
} satisfies Actions;
