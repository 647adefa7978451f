import { error, redirect } from '@sveltejs/kit';
import { isId } from '@muster/core';
import type { MemberRole, User, Workspace } from './db/store';

/** The signed-in person, or a redirect to sign-in that comes back to `url` afterwards. */
export function requireUser(locals: App.Locals, url: URL): User {
  if (locals.user) return locals.user;
  redirect(303, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The workspace and the signed-in person's role in it. Non-members get the same 404 as a
 * workspace that does not exist, so ids cannot be probed.
 */
export async function requireMember(
  locals: App.Locals,
  url: URL,
  workspaceId: string,
): Promise<{ user: User; workspace: Workspace; role: MemberRole }> {
  const user = requireUser(locals, url);
  if (!isId(workspaceId)) error(404, 'Not found');
  const { store } = locals.app;
  const role = await store.roleOf(workspaceId, user.id);
  const workspace = role ? await store.workspace(workspaceId) : null;
  if (!role || !workspace) error(404, 'Not found');
  return { user, workspace, role };
}
