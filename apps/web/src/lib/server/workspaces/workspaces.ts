import { isTimeZone, newId } from '@muster/core';
import type { MemberRole, Store, Workspace } from '../db/store';

/** Longest workspace name accepted. */
export const WORKSPACE_NAME_MAX = 100;

/** Every reason a workspace change is refused; each is an i18n key. */
export const WorkspaceProblem = {
  nameRequired: 'error.nameRequired',
  nameTooLong: 'error.nameTooLong',
  timeZoneInvalid: 'error.timeZoneInvalid',
  notOwner: 'error.notOwner',
  notMember: 'error.notMember',
  lastOwner: 'error.lastOwner',
} as const;
export type WorkspaceProblem = (typeof WorkspaceProblem)[keyof typeof WorkspaceProblem];

export type WorkspaceResult<T, F extends string = 'form'> =
  ({ ok: true } & T) | { ok: false; errors: Partial<Record<F, WorkspaceProblem>> };

/** Create a workspace; its creator becomes its first owner. */
export async function createWorkspace(
  store: Store,
  ownerId: string,
  input: { name: string; timeZone: string },
  now = new Date(),
): Promise<WorkspaceResult<{ workspace: Workspace }, 'name' | 'timeZone'>> {
  const name = input.name.trim();
  const errors: Partial<Record<'name' | 'timeZone', WorkspaceProblem>> = {};
  if (name.length === 0) errors.name = WorkspaceProblem.nameRequired;
  else if (name.length > WORKSPACE_NAME_MAX) errors.name = WorkspaceProblem.nameTooLong;
  if (!isTimeZone(input.timeZone)) errors.timeZone = WorkspaceProblem.timeZoneInvalid;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const workspace: Workspace = { id: newId(), name, timeZone: input.timeZone, createdAt: now };
  await store.createWorkspace(workspace, ownerId);
  return { ok: true, workspace };
}

async function ownerCheck(
  store: Store,
  workspaceId: string,
  actorId: string,
  targetId: string,
): Promise<{ problem: WorkspaceProblem } | { role: MemberRole }> {
  if ((await store.roleOf(workspaceId, actorId)) !== 'owner') {
    return { problem: WorkspaceProblem.notOwner };
  }
  const role = await store.roleOf(workspaceId, targetId);
  return role ? { role } : { problem: WorkspaceProblem.notMember };
}

/**
 * Give a member another role. Only owners may; the last owner cannot step down, so a workspace
 * always has someone who can manage it.
 */
export async function changeRole(
  store: Store,
  workspaceId: string,
  actorId: string,
  targetId: string,
  role: MemberRole,
): Promise<WorkspaceResult<object>> {
  const checked = await ownerCheck(store, workspaceId, actorId, targetId);
  if ('problem' in checked) return { ok: false, errors: { form: checked.problem } };
  const current = checked.role;
  if (current === 'owner' && role !== 'owner' && (await store.countOwners(workspaceId)) <= 1) {
    return { ok: false, errors: { form: WorkspaceProblem.lastOwner } };
  }
  await store.setRole(workspaceId, targetId, role);
  return { ok: true };
}

/**
 * Remove a member. Only owners may; the last owner cannot be removed. The person's relay tokens
 * stop being renewed at once, because `/api/sync-token` checks the membership on every request.
 */
export async function removeMember(
  store: Store,
  workspaceId: string,
  actorId: string,
  targetId: string,
  now = new Date(),
): Promise<WorkspaceResult<object>> {
  const checked = await ownerCheck(store, workspaceId, actorId, targetId);
  if ('problem' in checked) return { ok: false, errors: { form: checked.problem } };
  const current = checked.role;
  if (current === 'owner' && (await store.countOwners(workspaceId)) <= 1) {
    return { ok: false, errors: { form: WorkspaceProblem.lastOwner } };
  }
  await store.removeMember(workspaceId, targetId, now);
  return { ok: true };
}
