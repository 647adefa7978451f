import { newId } from '@muster/core';
import { publicationsIn } from '$lib/forms/publications.server';
import { requireMember } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { workspace } = await requireMember(locals, url, params.ws);
  return {
    // The id a "Create form" sent before the page has hydrated opens (a plain GET to the
    // builder); once hydrated, the page makes a fresh one per click.
    newFormId: newId(),
    published: publicationsIn(locals.app.config.dataDir)
      .list(workspace.id)
      .map((p) => ({ form: p.form, anyone: p.anyone })),
  };
};
