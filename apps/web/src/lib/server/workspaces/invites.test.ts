import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../db/test-store';
import type { Store } from '../db/store';
import { InviteProblem, acceptInvite, createInvite, findInvite, inviteIdOf } from './invites';
import { createWorkspace, removeMember } from './workspaces';

let store: Store;
let wsId: string;
const now = new Date('2026-03-01T08:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

beforeEach(async (context) => {
  store = await openTestStore(context);
  for (const [id, email] of [
    ['owner', 'o@example.org'],
    ['guest', 'g@example.org'],
  ] as const) {
    await store.createUser({ id, email, name: id, passwordHash: 'x' });
  }
  const created = await createWorkspace(
    store,
    'owner',
    { name: 'Ward 3', timeZone: 'Asia/Shanghai' },
    now,
  );
  if (!created.ok) throw new Error('workspace not created');
  wsId = created.workspace.id;
});
afterEach(() => store.close());

describe('invites', () => {
  it('store only the hash of the link token', async () => {
    const { token, invite } = await createInvite(
      store,
      { workspaceId: wsId, role: 'editor', days: 7, createdBy: 'owner' },
      now,
    );
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(invite.id).toBe(inviteIdOf(token));
    expect(await store.invite(token)).toBeNull();
    expect(invite.expiresAt.getTime()).toBe(now.getTime() + 7 * DAY);
  });

  it('join the workspace with the invite role', async () => {
    const { token } = await createInvite(
      store,
      { workspaceId: wsId, role: 'viewer', days: 1, createdBy: 'owner' },
      now,
    );
    const found = await findInvite(store, token, now);
    expect(found.ok && found.workspace.name).toBe('Ward 3');
    expect(await acceptInvite(store, token, 'guest', now)).toEqual({
      ok: true,
      workspaceId: wsId,
      role: 'viewer',
    });
    expect(await store.roleOf(wsId, 'guest')).toBe('viewer');
  });

  it('never change the role of someone already in the workspace', async () => {
    const { token } = await createInvite(
      store,
      { workspaceId: wsId, role: 'viewer', days: 1, createdBy: 'owner' },
      now,
    );
    const result = await acceptInvite(store, token, 'owner', now);
    expect(result).toEqual({ ok: true, workspaceId: wsId, role: 'owner' });
  });

  it('do not let a removed member back in; a link made after the removal does', async () => {
    const { token } = await createInvite(
      store,
      { workspaceId: wsId, role: 'editor', days: 30, createdBy: 'owner' },
      now,
    );
    expect((await acceptInvite(store, token, 'guest', now)).ok).toBe(true);
    const removal = new Date(now.getTime() + DAY);
    expect(await removeMember(store, wsId, 'owner', 'guest', removal)).toEqual({ ok: true });
    const later = new Date(now.getTime() + 2 * DAY);
    expect(await acceptInvite(store, token, 'guest', later)).toEqual({
      ok: false,
      problem: InviteProblem.removed,
    });
    expect(await store.roleOf(wsId, 'guest')).toBeNull();

    const fresh = await createInvite(
      store,
      { workspaceId: wsId, role: 'viewer', days: 7, createdBy: 'owner' },
      later,
    );
    expect(await acceptInvite(store, fresh.token, 'guest', later)).toEqual({
      ok: true,
      workspaceId: wsId,
      role: 'viewer',
    });
  });

  it('stop working when they expire', async () => {
    const { token } = await createInvite(
      store,
      { workspaceId: wsId, role: 'editor', days: 1, createdBy: 'owner' },
      now,
    );
    const later = new Date(now.getTime() + DAY);
    expect(await acceptInvite(store, token, 'guest', later)).toEqual({
      ok: false,
      problem: InviteProblem.expired,
    });
    expect(await store.roleOf(wsId, 'guest')).toBeNull();
    expect(await store.openInvites(wsId, later)).toEqual([]);
  });

  it('stop working when revoked, and reject made-up tokens', async () => {
    const { token, invite } = await createInvite(
      store,
      { workspaceId: wsId, role: 'editor', days: 30, createdBy: 'owner' },
      now,
    );
    expect((await store.openInvites(wsId, now)).map((i) => i.id)).toEqual([invite.id]);
    await store.deleteInvite(wsId, invite.id);
    expect(await findInvite(store, token, now)).toEqual({
      ok: false,
      problem: InviteProblem.unknown,
    });
    expect(await findInvite(store, 'x'.repeat(32), now)).toEqual({
      ok: false,
      problem: InviteProblem.unknown,
    });
    expect(await findInvite(store, '../../etc', now)).toEqual({
      ok: false,
      problem: InviteProblem.unknown,
    });
  });
});
