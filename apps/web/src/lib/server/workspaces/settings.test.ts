import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore } from '../db/test-store';
import type { Store } from '../db/store';
import { updateWorkspaceSettings } from './settings';
import { WorkspaceProblem, createWorkspace } from './workspaces';

let store: Store;
let ws: string;

beforeEach(async (context) => {
  store = await openTestStore(context);
  for (const id of ['olga', 'ed']) {
    await store.createUser({ id, email: `${id}@example.org`, name: id, passwordHash: 'x' });
  }
  const created = await createWorkspace(store, 'olga', { name: 'Street office', timeZone: 'UTC' });
  if (!created.ok) throw new Error('workspace not created');
  ws = created.workspace.id;
  await store.addMember(ws, 'ed', 'editor', new Date());
});
afterEach(() => store.close());

describe('updateWorkspaceSettings', () => {
  it('lets an owner rename the workspace and change its time zone', async () => {
    const result = await updateWorkspaceSettings(store, ws, 'olga', {
      name: '  Street office north ',
      timeZone: 'Asia/Shanghai',
    });
    expect(result).toMatchObject({ ok: true, workspace: { name: 'Street office north' } });
    expect(await store.workspace(ws)).toMatchObject({
      name: 'Street office north',
      timeZone: 'Asia/Shanghai',
    });
  });

  it('refuses editors and changes nothing', async () => {
    expect(
      await updateWorkspaceSettings(store, ws, 'ed', { name: 'Mine now', timeZone: 'UTC' }),
    ).toEqual({ ok: false, errors: { form: WorkspaceProblem.notOwner } });
    expect((await store.workspace(ws))?.name).toBe('Street office');
  });

  it('refuses an empty or long name and an unknown time zone, field by field', async () => {
    expect(
      await updateWorkspaceSettings(store, ws, 'olga', { name: ' ', timeZone: 'Moon/Base' }),
    ).toEqual({
      ok: false,
      errors: { name: WorkspaceProblem.nameRequired, timeZone: WorkspaceProblem.timeZoneInvalid },
    });
    expect(
      await updateWorkspaceSettings(store, ws, 'olga', { name: 'x'.repeat(101), timeZone: 'UTC' }),
    ).toEqual({ ok: false, errors: { name: WorkspaceProblem.nameTooLong } });
    expect(await store.workspace(ws)).toMatchObject({ name: 'Street office', timeZone: 'UTC' });
  });
});
