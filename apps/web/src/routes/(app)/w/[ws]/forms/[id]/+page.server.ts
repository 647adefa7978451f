import { error } from '@sveltejs/kit';
import { isId } from '@muster/core';
import { publicationsIn } from '$lib/forms/publications.server';
import { requireMember } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { workspace } = await requireMember(locals, url, params.ws);
  if (!isId(params.id)) error(404, 'Not found');
  const members = await locals.app.store.members(workspace.id);
  return {
    formId: params.id,
    // People the audience can name: the workspace's members (their ids are their relay subjects).
    members: members.map((m) => ({ id: m.userId, name: m.name })),
    publication: publicationsIn(locals.app.config.dataDir).get(workspace.id, params.id),
    origin: url.origin,
  };
};
