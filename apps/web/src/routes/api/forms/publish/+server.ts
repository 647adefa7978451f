import { error, json } from '@sveltejs/kit';
import { isId } from '@muster/core';
import { publicationsIn } from '$lib/forms/publications.server';
import type { RequestHandler } from './$types';

/**
 * `POST /api/forms/publish` with `{ ws, form, title, anyone }`: publish a form (or update its
 * title and link access after an edit). Owners and editors only.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > 4096) error(413, 'Body too large.');
  let body: unknown;
  try {
    body = JSON.parse((await request.text()).slice(0, 4097));
  } catch {
    error(400, 'Send JSON: { "ws", "form", "title", "anyone" }.');
  }
  const { ws, form, title, anyone } = (body ?? {}) as Record<string, unknown>;
  if (!isId(ws) || !isId(form)) error(400, 'ws and form must be ids.');
  if (typeof title !== 'string' || title.trim() === '' || title.length > 200) {
    error(400, 'title must be 1–200 characters.');
  }
  if (typeof anyone !== 'boolean') error(400, 'anyone must be true or false.');
  const role = await locals.app.store.roleOf(ws, locals.user.id);
  if (!role) error(404, 'Not found');
  if (role === 'viewer') error(403, 'Only owners and editors publish forms.');
  const publication = publicationsIn(locals.app.config.dataDir).publish({
    ws,
    form,
    title: title.trim(),
    anyone,
  });
  return json(publication, { headers: { 'cache-control': 'no-store' } });
};
