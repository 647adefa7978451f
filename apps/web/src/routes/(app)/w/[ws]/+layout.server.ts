import { requireMember } from '$lib/server/access';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url, params }) => {
  const { workspace, role } = await requireMember(locals, url, params.ws);
  return {
    workspace: {
      id: workspace.id,
      name: workspace.name,
      timeZone: workspace.timeZone,
      createdAt: workspace.createdAt.toISOString(),
    },
    role,
  };
};
