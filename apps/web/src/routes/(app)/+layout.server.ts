import { requireUser } from '$lib/server/access';
import type { LayoutServerLoad } from './$types';

// Every page in (app) needs a session; each page still checks its own workspace role.
export const load: LayoutServerLoad = ({ locals, url }) => {
  requireUser(locals, url);
};
