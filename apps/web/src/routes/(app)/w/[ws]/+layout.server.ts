import { requireMember } from '$lib/server/access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, params }) => {
  const { workspace, role } = await requireMember(locals, url, params.ws);
  // Writers mirror joined accounts into the directory (see mirrorAccounts); viewers never write
  // it, so they are not sent the account list (emails) at all.
  const accounts =
    role === 'viewer'
      ? []
      : (await locals.app.store.members(workspace.id)).map((m) => ({
          id: m.userId,
          name: m.name,
          email: m.email,
          role: m.role,
        }));
  return {
    workspace: {
      id: workspace.id,
      name: workspace.name,
      timeZone: workspace.timeZone,
      createdAt: workspace.createdAt.toISOString(),
    },
    role,
    accounts,
  };
};
