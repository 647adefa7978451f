import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { isId } from '@muster/core';
import { publicationsIn } from '$lib/forms/publications.server';
import type { RequestHandler } from './$types';

const MAX_BODY = 1024 * 1024;
const Options = v.pipe(
  v.array(
    v.strictObject({
      id: v.pipe(
        v.string(),
        v.check((s) => isId(s), 'must be an id'),
      ),
      label: v.pipe(v.string(), v.maxLength(300)),
    }),
  ),
  v.maxLength(20_000),
);
const Body = v.strictObject({
  ws: v.pipe(
    v.string(),
    v.check((s) => isId(s), 'must be an id'),
  ),
  form: v.pipe(
    v.string(),
    v.check((s) => isId(s), 'must be an id'),
  ),
  title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  anyone: v.boolean(),
  options: v.optional(v.strictObject({ departments: Options, people: Options })),
});

/**
 * `POST /api/forms/publish` with `{ ws, form, title, anyone, options? }`: publish a form (or
 * update its title, link access and the names its department/person questions offer after an
 * edit). Owners and editors only.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_BODY) error(413, 'Body too large (at most 1 MiB).');
  let body: unknown;
  try {
    body = JSON.parse((await request.text()).slice(0, MAX_BODY + 1));
  } catch {
    error(400, 'Send JSON: { "ws", "form", "title", "anyone", "options"? }.');
  }
  const parsed = v.safeParse(Body, body);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    error(400, `${v.getDotPath(issue) ?? 'body'}: ${issue.message}`.slice(0, 200));
  }
  const { ws, form, title, anyone, options } = parsed.output;
  const role = await locals.app.store.roleOf(ws, locals.user.id);
  if (!role) error(404, 'Not found');
  if (role === 'viewer') error(403, 'Only owners and editors publish forms.');
  const publication = publicationsIn(locals.app.config.dataDir).publish({
    ws,
    form,
    title,
    anyone,
    ...(options ? { options } : {}),
  });
  return json(publication, { headers: { 'cache-control': 'no-store' } });
};
