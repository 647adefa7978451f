import { fail } from '@sveltejs/kit';
import { isMemberRole } from '$lib/server/db/store';
import { requireMember } from '$lib/server/access';
import { readFields } from '$lib/server/http';
import { closeRelayConnections } from '$lib/server/relay-admin';
import { createInvite, isInviteDays } from '$lib/server/workspaces/invites';
import { changeRole, removeMember } from '$lib/server/workspaces/workspaces';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { workspace, role, user } = await requireMember(locals, url, params.ws);
  const { store } = locals.app;
  const members = await store.members(workspace.id);
  const invites = role === 'owner' ? await store.openInvites(workspace.id, new Date()) : [];
  return {
    me: user.id,
    members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })),
    invites: invites.map((i) => ({
      id: i.id,
      role: i.role,
      expiresAt: i.expiresAt.toISOString(),
    })),
  };
};

const badRequest = () => fail(400, { errors: { form: 'error.badRequest' } as const });
const notOwner = () => fail(403, { errors: { form: 'error.notOwner' } as const });

export const actions = {
  role: async ({ locals, url, params, request }) => {
    const { user, workspace } = await requireMember(locals, url, params.ws);
    const fields = await readFields(request, ['userId', 'role']);
    if (!fields || !isMemberRole(fields.role)) return badRequest();
    const result = await changeRole(
      locals.app.store,
      workspace.id,
      user.id,
      fields.userId,
      fields.role,
    );
    if (!result.ok) return fail(400, { errors: result.errors });
    // Their open rooms reconnect with a token carrying the new role (a viewer stops writing now).
    const { secret, config } = locals.app;
    const relay = await closeRelayConnections(secret, config.syncAdminUrl, {
      ws: workspace.id,
      sub: fields.userId,
      reason: 'roleChanged',
    });
    if (!relay.ok) {
      console.warn(
        `Role changed; open connections keep the old role until expiry: ${relay.reason}`,
      );
      return { done: 'members.roleChangedRelayLater' as const };
    }
    return { done: 'members.roleChanged' as const };
  },
  remove: async ({ locals, url, params, request }) => {
    const { user, workspace } = await requireMember(locals, url, params.ws);
    const fields = await readFields(request, ['userId']);
    if (!fields) return badRequest();
    const result = await removeMember(locals.app.store, workspace.id, user.id, fields.userId);
    if (!result.ok) return fail(400, { errors: result.errors });
    // Close the rooms they have open now; new tokens are already refused by the membership check.
    const { secret, config } = locals.app;
    const relay = await closeRelayConnections(secret, config.syncAdminUrl, {
      ws: workspace.id,
      sub: fields.userId,
      reason: 'removed',
    });
    if (!relay.ok) {
      console.warn(`Member removed, but their open connections stay until expiry: ${relay.reason}`);
      return { done: 'members.removedRelayLater' as const };
    }
    return { done: 'members.removed' as const };
  },
  invite: async ({ locals, url, params, request }) => {
    const { user, workspace, role } = await requireMember(locals, url, params.ws);
    if (role !== 'owner') return notOwner();
    const fields = await readFields(request, ['role', 'days']);
    const days = Number(fields?.days);
    if (!fields || !isMemberRole(fields.role) || !isInviteDays(days)) return badRequest();
    const { token } = await createInvite(locals.app.store, {
      workspaceId: workspace.id,
      role: fields.role,
      days,
      createdBy: user.id,
    });
    return { link: `${url.origin}/invite/${token}` };
  },
  revoke: async ({ locals, url, params, request }) => {
    const { workspace, role } = await requireMember(locals, url, params.ws);
    if (role !== 'owner') return notOwner();
    const fields = await readFields(request, ['id']);
    if (!fields || !/^[0-9a-f]{64}$/.test(fields.id)) return badRequest();
    await locals.app.store.deleteInvite(workspace.id, fields.id);
    return { done: 'invites.revoked' as const };
  },
} satisfies Actions;
