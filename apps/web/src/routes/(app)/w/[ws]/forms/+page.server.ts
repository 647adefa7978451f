import { publicationsIn } from '$lib/forms/publications.server';
import { requireMember } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { workspace } = await requireMember(locals, url, params.ws);
  return {
    published: publicationsIn(locals.app.config.dataDir)
      .list(workspace.id)
      .map((p) => ({ form: p.form, anyone: p.anyone })),
  };
};
