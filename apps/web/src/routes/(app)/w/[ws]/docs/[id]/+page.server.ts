import { error } from '@sveltejs/kit';
import { isId } from '@muster/core';
import { requireMember } from '$lib/server/access';
import type { PageServerLoad } from './$types';

// The editor page needs who is reading (for presence) and the people who can be mentioned: the
// workspace's members, read from SQL at page load (the page then keeps them for offline use).
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, workspace } = await requireMember(locals, url, params.ws);
  if (!isId(params.id)) error(404, 'Not found');
  const members = await locals.app.store.members(workspace.id);
  return {
    docId: params.id,
    me: { id: user.id, name: user.name },
    members: members.map((m) => ({ id: m.userId, name: m.name })),
  };
};
