import { fail } from '@sveltejs/kit';
import { requireMember } from '$lib/server/access';
import { readFields } from '$lib/server/http';
import { updateWorkspaceSettings } from '$lib/server/workspaces/settings';
import type { Actions } from './$types';

export const actions = {
  save: async ({ locals, url, params, request }) => {
    const { user, workspace } = await requireMember(locals, url, params.ws);
    const fields = await readFields(request, ['name', 'timeZone']);
    if (!fields) return fail(400, { errors: { form: 'error.badRequest' } as const });
    const result = await updateWorkspaceSettings(locals.app.store, workspace.id, user.id, fields);
    if (!result.ok) {
      return fail(result.errors.form === 'error.notOwner' ? 403 : 400, {
        name: fields.name.slice(0, 100),
        timeZone: fields.timeZone.slice(0, 64),
        errors: result.errors,
      });
    }
    return { saved: true };
  },
} satisfies Actions;
