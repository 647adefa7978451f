import { isTimeZone } from '@muster/core';
import type { Store, Workspace } from '../db/store';
import { WORKSPACE_NAME_MAX, WorkspaceProblem, type WorkspaceResult } from './workspaces';

/**
 * Rename a workspace and/or change its time zone. Only owners may: the time zone decides which
 * day a daily form's answers count for, so it is not an editor's change to make. The caller
 * mirrors the new facts into the index room (see `mirrorWorkspaceMeta`).
 */
export async function updateWorkspaceSettings(
  store: Store,
  workspaceId: string,
  actorId: string,
  input: { name: string; timeZone: string },
): Promise<WorkspaceResult<{ workspace: Workspace }, 'form' | 'name' | 'timeZone'>> {
  if ((await store.roleOf(workspaceId, actorId)) !== 'owner') {
    return { ok: false, errors: { form: WorkspaceProblem.notOwner } };
  }
  const name = input.name.trim();
  const errors: Partial<Record<'name' | 'timeZone', WorkspaceProblem>> = {};
  if (name.length === 0) errors.name = WorkspaceProblem.nameRequired;
  else if (name.length > WORKSPACE_NAME_MAX) errors.name = WorkspaceProblem.nameTooLong;
  if (!isTimeZone(input.timeZone)) errors.timeZone = WorkspaceProblem.timeZoneInvalid;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const current = await store.workspace(workspaceId);
  if (!current) return { ok: false, errors: { form: WorkspaceProblem.notMember } };
  await store.updateWorkspace(workspaceId, { name, timeZone: input.timeZone });
  return { ok: true, workspace: { ...current, name, timeZone: input.timeZone } };
}
