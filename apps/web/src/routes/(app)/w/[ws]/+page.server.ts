import { requireMember } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { workspace } = await requireMember(locals, url, params.ws);
  const members = await locals.app.store.members(workspace.id);
  return { memberCount: members.length };
};
