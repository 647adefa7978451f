import { error, json } from '@sveltejs/kit';
import { isId } from '@muster/core';
import { mintSyncToken, syncUrlFor } from '$lib/server/sync-token';
import type { RequestHandler } from './$types';

/**
 * `POST /api/sync-token` with JSON `{ "ws": "<workspace id>" }` → `{ token, exp, role, url }`:
 * a short-lived relay token for a member, with the role the membership holds right now.
 */
export const POST: RequestHandler = async ({ locals, request, url }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > 1024) error(413, 'Body too large: send only { "ws": "<id>" }.');
  let body: unknown;
  try {
    body = JSON.parse((await request.text()).slice(0, 1025));
  } catch {
    error(400, 'Send JSON: { "ws": "<workspace id>" }.');
  }
  const ws = (body as { ws?: unknown } | null)?.ws;
  if (!isId(ws)) error(400, 'ws must be a workspace id.');
  const role = await locals.app.store.roleOf(ws, locals.user.id);
  // Not a member (or removed since): no token. 404 like the pages, so ids cannot be probed.
  if (!role) error(404, 'Not found');
  const { config, secret } = locals.app;
  const { token, exp } = await mintSyncToken(secret, { sub: locals.user.id, ws, role });
  return json(
    { token, exp, role, url: syncUrlFor(config.syncUrl, config.syncPort, url) },
    { headers: { 'cache-control': 'no-store' } },
  );
};
