import { catalogue } from '$lib/i18n';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  locale: locals.locale,
  // The page's language only, as data: cheaper than both dictionaries in every page's JavaScript.
  messages: catalogue(locals.locale),
  user: locals.user,
});
